"""Staff dashboard widget: the applications that need attention."""

from __future__ import annotations

from django.utils import timezone

from gongkai.backoffice.widgets import Widget

from .models import Application
from .staff_views import bucket_queryset


def widgets(request) -> list[Widget]:
    qs = Application.objects.visible_to(request.user)
    if not request.user.is_authenticated:
        return []
    today = timezone.localdate()
    counts = {
        key: bucket_queryset(qs, key, today).count()
        for key in ("unconfirmed", "due_soon", "overdue", "fee", "alarm")
    }
    if not any(counts.values()) and not qs.open().exists():
        return []
    return [
        Widget(
            title="依申请公开",
            template="applications/widget.html",
            context=counts,
            alarm=bool(counts["overdue"] or counts["alarm"]),
        )
    ]
