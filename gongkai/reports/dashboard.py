"""Staff dashboard: reminders to publish last year's annual report before the statutory deadline
(1月31日 for departments and 街镇, 3月31日 for the district government; 条例 Art. 49)."""

from __future__ import annotations

from django.utils import timezone

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import is_district_office
from gongkai.orgs.models import Agency, AgencyLevel, Membership

from . import rollup


def widgets(request) -> list[Widget]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    year = today.year - 1
    agencies = Agency.objects.filter(
        pk__in=Membership.objects.filter(user=user).values("agency_id")
    ).exclude(level=AgencyLevel.COMMUNITY)
    items = []
    for status in rollup.agency_statuses(year, agencies, today=today):
        if status.status == "published":
            continue
        items.append(
            {
                "agency": status.agency,
                "report": status.report,
                "deadline": status.deadline,
                "late": status.late,
                "days_left": (status.deadline - today).days,
                "label": status.label,
            }
        )
    summary = None
    if is_district_office(user):
        statuses = rollup.agency_statuses(year, today=today)
        summary = {
            "total": len(statuses),
            "published": sum(1 for s in statuses if s.status == "published"),
            "late": sum(1 for s in statuses if s.late),
        }
    if not items and summary is None:
        return []
    return [
        Widget(
            title=f"{year}年度政府信息公开工作年度报告",
            template="reports/widget.html",
            context={"items": items, "year": year, "rollup": summary},
            alarm=any(i["late"] for i in items),
        )
    ]
