"""Public URLs of 互动交流 (/interact/...). /interact/ itself replaces the portal placeholder."""

from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("interact/", views.index, name="index"),
    path("interact/decisions/", views.decision_list, name="decisions"),
    path("interact/decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("interact/interviews/", views.interview_list, name="interviews"),
    path("interact/interviews/<int:pk>/", views.interview_detail, name="interview"),
    path("interact/open-days/", views.open_day_list, name="open_days"),
    path("interact/open-days/<int:pk>/", views.open_day_detail, name="open_day"),
    path("interact/open-days/registered/", views.registered, name="registered"),
    path("interact/open-days/cancel/", views.cancel_registration, name="cancel"),
]
