"""Staff dashboard widget: consultations closing soon, feedback overdue, items waiting for
moderation or for approval."""

from __future__ import annotations

from django.utils import timezone

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import visible_agencies

from . import rules
from .models import Comment, Decision, InterviewQuestion


def widgets(request) -> list[Widget]:
    agencies = visible_agencies(request.user)
    today = timezone.localdate()
    decisions = Decision.objects.for_agencies(agencies).select_related("consultation")
    closing = [
        (d, d.consultation.days_left(today))
        for d in decisions.closing_soon(today).order_by("consultation__closes_on")[:10]
    ]
    overdue = [
        (d, d.consultation.feedback_due)
        for d in decisions.feedback_overdue(today).order_by("consultation__closes_on")[:10]
    ]
    pending = (
        Comment.objects.pending().filter(consultation__decision__agency__in=agencies).count()
        + InterviewQuestion.objects.pending().filter(interview__agency__in=agencies).count()
    )
    awaiting = decisions.awaiting_review().count()
    if not (closing or overdue or pending or awaiting):
        return []
    return [
        Widget(
            title="互动交流",
            template="participation/staff/widget.html",
            context={
                "closing": closing,
                "overdue": overdue,
                "pending": pending,
                "awaiting": awaiting,
                "closing_days": rules.CLOSING_SOON_DAYS,
                "feedback_days": rules.feedback_days(),
            },
            alarm=bool(overdue),
        )
    ]
