"""Back-office URLs of records, under /staff/records/."""

from django.urls import path

from . import staff_views as views

app_name = "staff_records"

urlpatterns = [
    path("records/", views.record_list, name="list"),
    path("records/new/", views.record_create, name="create"),
    path("records/review/", views.review_queue, name="review_queue"),
    path("records/uninterpreted/", views.uninterpreted, name="uninterpreted"),
    path("records/rate/", views.rate, name="rate"),
    path("records/late/", views.late, name="late"),
    path("records/<int:pk>/", views.record_detail, name="detail"),
    path("records/<int:pk>/edit/", views.record_edit, name="edit"),
    path("records/<int:pk>/correct/", views.record_correct, name="correct"),
    path(
        "records/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("records/<int:pk>/<slug:action>/", views.record_action, name="action"),
]
