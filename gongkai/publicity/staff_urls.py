"""Back-office URLs of 双公示 (mounted under /staff/)."""

from django.urls import path

from . import staff_views as views

app_name = "staff_publicity"

urlpatterns = [
    path("publicity/", views.home, name="home"),
    path("publicity/import/", views.import_upload, name="import"),
    path("publicity/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("publicity/policy/", views.policy, name="policy"),
    path("publicity/coercions/", views.coercions, name="coercions"),
    path("publicity/export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("publicity/penalty/<int:pk>/repair/", views.record_repair, name="repair"),
    path("publicity/<str:kind>/new/", views.record_new, name="new"),
    path("publicity/<str:kind>/<int:pk>/", views.record_detail, name="record"),
    path("publicity/<str:kind>/<int:pk>/withdraw/", views.record_withdraw, name="withdraw"),
    path("publicity/<str:kind>/<int:pk>/correct/", views.record_correct, name="correct"),
]
