"""Staff dashboard widget: the site's 单项否决 verdict for the office, the own agency's
monitoring figures for everyone else. Both read the summary stored by the last `gongkai tick`
or 立即检查 (`summary.latest()`), never a live evaluation: the dashboard must stay cheap."""

from __future__ import annotations

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import is_district_office, visible_agencies

from . import summary as summaries


def widgets(request) -> list[Widget]:
    user = request.user
    if not user.is_authenticated:
        return []
    summary = summaries.latest()
    context = {
        "summary": summary,
        "stale": summary is not None and summaries.is_stale(summary),
    }
    if is_district_office(user):
        data = summary.data if summary else {}
        context.update(
            site=True,
            vetoed=data.get("vetoed", []),
            failing=data.get("failing", 0),
            hits_open=data.get("hits_open", 0),
        )
        alarm = bool(context["vetoed"])
    else:
        agencies = list(visible_agencies(user).disclosing())
        if not agencies:
            return []
        stored = summary.data.get("agencies", {}) if summary else {}
        rows = [(a, stored.get(str(a.pk))) for a in agencies]
        context.update(site=False, rows=rows)
        alarm = any(row is not None and not row["passed"] for _a, row in rows)
    return [
        Widget(
            title="网站监测",
            template="monitoring/staff/widget.html",
            context=context,
            alarm=alarm,
        )
    ]
