"""Back-office URLs of this app (mounted under /staff/)."""

from django.urls import path

from . import staff_views as views

app_name = "staff_applications"

urlpatterns = [
    path("applications/", views.queue, name="queue"),
    path("applications/new/", views.register, name="register"),
    path("applications/templates/", views.templates_list, name="templates"),
    path("applications/templates/<slug:key>/", views.template_edit, name="template_edit"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("applications/<int:pk>/letters/<int:letter_pk>/", views.letter_html, name="letter"),
    path(
        "applications/<int:pk>/letters/<int:letter_pk>/docx/",
        views.letter_docx,
        name="letter_docx",
    ),
]
