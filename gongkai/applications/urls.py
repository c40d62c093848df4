"""Public URLs of this app (mounted at the site root). `/apply/` replaces the shell placeholder."""

from django.urls import path

from . import views
from .corrections import views as correction_views

app_name = "applications"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.done, name="done"),
    path("apply/track/", views.track, name="track"),
    path("apply/docket/", views.docket, name="docket"),
    path("apply/docket/<str:number>/", views.docket_entry, name="docket_entry"),
    # 政府信息更正申请 (Art. 41)
    path("apply/correction/", correction_views.apply, name="correction_apply"),
    path("apply/correction/done/", correction_views.done, name="correction_done"),
    path("apply/correction/track/", correction_views.track, name="correction_track"),
]
