"""Staff dashboard widget: the site's 单项否决 verdict for the office, the own agency's
monitoring figures for everyone else."""

from __future__ import annotations

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import is_district_office, visible_agencies

from . import checks


def widgets(request) -> list[Widget]:
    user = request.user
    if not user.is_authenticated:
        return []
    if is_district_office(user):
        report = checks.evaluate()
        context = {
            "site": True,
            "vetoed": report.vetoed,
            "failing": len(report.failing_agencies),
            "hits_open": sum(a.hits_open for a in report.agencies),
        }
        return [
            Widget(
                title="网站监测",
                template="monitoring/staff/widget.html",
                context=context,
                alarm=bool(report.vetoed),
            )
        ]
    agencies = list(visible_agencies(user).disclosing())
    if not agencies:
        return []
    report = checks.evaluate(agencies=agencies)
    return [
        Widget(
            title="网站监测",
            template="monitoring/staff/widget.html",
            context={"site": False, "rows": report.agencies},
            alarm=any(not a.passed for a in report.agencies),
        )
    ]
