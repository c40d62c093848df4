"""Back-office URLs of 办事服务 (mounted under /staff/)."""

from django.urls import path

from . import staff_views as views

app_name = "staff_services"

urlpatterns = [
    path("services/", views.guide_list, name="guides"),
    path("services/guides/new/", views.guide_new, name="guide_new"),
    path("services/guides/<int:pk>/", views.guide_detail, name="guide"),
    path("services/guides/<int:pk>/edit/", views.guide_edit, name="guide_edit"),
    path("services/guides/<int:pk>/publish/", views.guide_publish, name="guide_publish"),
    path("services/guides/<int:pk>/withdraw/", views.guide_withdraw, name="guide_withdraw"),
    path(
        "services/guides/<int:pk>/revision/approve/",
        views.guide_revision_approve,
        name="guide_revision_approve",
    ),
    path(
        "services/guides/<int:pk>/revision/discard/",
        views.guide_revision_discard,
        name="guide_revision_discard",
    ),
    path("services/points/", views.point_list, name="points"),
    path("services/points/new/", views.point_new, name="point_new"),
    path("services/points/<int:pk>/", views.point_edit, name="point"),
    path("services/scans/", views.scans, name="scans"),
]
