"""Staff dashboard widgets: records to review, late publications, policies lacking an
interpretation."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import visible_agencies

from .models import Record

TEMPLATE = "records/staff/widget_list.html"


def _widget(title, rows, url, *, alarm=False) -> Widget:
    rows = rows.select_related("agency")
    count = rows.count()
    return Widget(
        title=title,
        template=TEMPLATE,
        context={"count": count, "rows": list(rows[:5]), "url": url},
        alarm=alarm and count > 0,
    )


def widgets(request) -> list[Widget]:
    user = request.user
    if not visible_agencies(user).exists():
        return []
    mine = Record.objects.visible_to(user)
    today = timezone.localdate()
    return [
        _widget(
            "待审核的政府信息",
            mine.awaiting_review().order_by("updated_at"),
            reverse("staff_records:review_queue"),
        ),
        _widget(
            "逾期未公开的政府信息",
            mine.overdue(today=today).order_by("due_on"),
            reverse("staff_records:late"),
            alarm=True,
        ),
        _widget(
            "缺少政策解读的行政规范性文件",
            mine.normative_without_interpretation().order_by("-id"),
            reverse("staff_records:uninterpreted"),
            alarm=True,
        ),
    ]
