"""Staff dashboard widgets: the applications and the correction requests that need attention."""

from __future__ import annotations

from django.utils import timezone

from gongkai.backoffice.widgets import Widget

from .corrections import staff_views as correction_views
from .corrections.models import CorrectionRequest
from .models import Application
from .staff_views import bucket_queryset


def widgets(request) -> list[Widget]:
    if not request.user.is_authenticated:
        return []
    today = timezone.localdate()
    result = []
    qs = Application.objects.visible_to(request.user)
    counts = {
        key: bucket_queryset(qs, key, today).count()
        for key in ("unconfirmed", "due_soon", "overdue", "fee", "alarm")
    }
    if any(counts.values()) or qs.open().exists():
        result.append(
            Widget(
                title="依申请公开",
                template="applications/widget.html",
                context=counts,
                alarm=bool(counts["overdue"] or counts["alarm"]),
            )
        )
    corrections = CorrectionRequest.objects.visible_to(request.user)
    counts = {
        key: correction_views.bucket_queryset(corrections, key, today).count()
        for key in ("unconfirmed", "open", "due_soon", "overdue", "alarm")
    }
    if counts["open"]:
        result.append(
            Widget(
                title="政府信息更正申请",
                template="applications/corrections/widget.html",
                context=counts,
                alarm=bool(counts["overdue"] or counts["alarm"]),
            )
        )
    return result
