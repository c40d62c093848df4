"""Public URLs: 政府信息公开年报 on the portal (the shell links /open/reports/)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("open/reports/", views.public_index, name="index"),
    path("open/reports/<slug:code>/", views.public_agency, name="agency"),
    path("open/reports/<slug:code>/<int:year>/", views.public_report, name="report"),
    path(
        "open/reports/<slug:code>/<int:year>/report.<str:fmt>",
        views.public_export,
        name="export",
    ),
]
