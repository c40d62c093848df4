"""Public URLs of the 双公示 pages (/publicity/...)."""

from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("publicity/", views.index, name="index"),
    path("publicity/licences/", views.record_list, {"kind": "licence"}, name="licences"),
    path("publicity/licences/<int:pk>/", views.licence_detail, name="licence"),
    path("publicity/penalties/", views.record_list, {"kind": "penalty"}, name="penalties"),
    path("publicity/penalties/<int:pk>/", views.penalty_detail, name="penalty"),
    path("publicity/withdrawals/", views.withdrawals, name="withdrawals"),
    path("publicity/agencies/<slug:code>/", views.agency_records, name="agency"),
    path("publicity/export/<str:kind>.xlsx", views.export_xlsx, name="export"),
]
