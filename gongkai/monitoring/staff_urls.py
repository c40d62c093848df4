"""Back-office URLs of website monitoring (mounted under /staff/)."""

from django.urls import path

from . import staff_views as views

app_name = "staff_monitoring"

urlpatterns = [
    path("monitoring/", views.scorecard, name="scorecard"),
    path("monitoring/scorecard.xlsx", views.export, name="export"),
    path("monitoring/run/", views.run, name="run"),
    path("monitoring/agencies/<slug:code>/", views.agency_report, name="agency"),
    path("monitoring/settings/", views.settings_page, name="settings"),
    path("monitoring/words/", views.word_list, name="words"),
    path("monitoring/words/<int:pk>/", views.word_edit, name="word_edit"),
    path("monitoring/hits/", views.hit_list, name="hits"),
    path("monitoring/hits/<int:pk>/decide/", views.hit_decide, name="hit_decide"),
    path("monitoring/links/", views.link_list, name="links"),
    path("monitoring/probes/", views.probe_list, name="probes"),
    path("monitoring/probes/<int:pk>/", views.probe_edit, name="probe_edit"),
]
