"""Back-office URLs of 互动交流 (mounted under /staff/)."""

from django.urls import path

from . import staff_views as views

app_name = "staff_participation"

urlpatterns = [
    path("participation/", views.home, name="home"),
    path("participation/moderation/", views.moderation, name="moderation"),
    path("participation/decisions/new/", views.decision_new, name="decision_new"),
    path("participation/decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("participation/decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("participation/decisions/<int:pk>/comments/", views.comments, name="comments"),
    path(
        "participation/decisions/<int:pk>/<slug:action>/",
        views.decision_action,
        name="decision_action",
    ),
    path(
        "participation/comments/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"
    ),
    path(
        "participation/comments/<int:pk>/classify/", views.comment_classify, name="comment_classify"
    ),
    path("participation/interviews/", views.interviews, name="interviews"),
    path("participation/interviews/new/", views.interview_new, name="interview_new"),
    path("participation/interviews/<int:pk>/", views.interview_detail, name="interview"),
    path("participation/interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path(
        "participation/interviews/<int:pk>/<slug:action>/",
        views.interview_action,
        name="interview_action",
    ),
    path(
        "participation/questions/<int:pk>/moderate/",
        views.question_moderate,
        name="question_moderate",
    ),
    path("participation/open-days/", views.open_days, name="open_days"),
    path("participation/open-days/new/", views.open_day_new, name="open_day_new"),
    path("participation/open-days/<int:pk>/", views.open_day_detail, name="open_day"),
    path("participation/open-days/<int:pk>/edit/", views.open_day_edit, name="open_day_edit"),
    path(
        "participation/open-days/<int:pk>/<slug:action>/",
        views.open_day_action,
        name="open_day_action",
    ),
    path(
        "participation/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
]
