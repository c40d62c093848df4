"""Back-office URLs of annual reports and statistics (mounted under /staff/)."""

from django.urls import path

from . import views

app_name = "staff_reports"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/new/", views.report_create, name="create"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="edit"),
    path("reports/<int:pk>/figures/", views.report_figures, name="figures"),
    path("reports/<int:pk>/export.<str:fmt>", views.report_export, name="export"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="action"),
    path("reports/district/", views.district_rollup, name="rollup"),
    path("reports/statistics/", views.statistics, name="statistics"),
    path("reports/statistics/<slug:chart>.csv", views.statistics_csv, name="statistics_csv"),
]
