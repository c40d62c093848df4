"""Public URLs of this app (mounted at the site root). `/apply/` replaces the shell placeholder."""

from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.done, name="done"),
    path("apply/track/", views.track, name="track"),
    path("apply/docket/", views.docket, name="docket"),
    path("apply/docket/<str:number>/", views.docket_entry, name="docket_entry"),
]
