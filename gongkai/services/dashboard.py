"""Staff dashboard widget: guides that lack required elements (the 服务不实用 veto), and changes
to published guides waiting for review."""

from __future__ import annotations

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import visible_agencies

from .elements import incomplete_guides
from .models import GuideRevision, GuideState


def widgets(request) -> list[Widget]:
    agencies = visible_agencies(request.user).exclude(level="community")
    rows = incomplete_guides(agencies, published_only=False)
    published = [(g, m) for g, m in rows if g.state == GuideState.PUBLISHED]
    revisions = list(
        GuideRevision.objects.filter(guide__agency__in=agencies)
        .select_related("guide")
        .order_by("submitted_at")[:6]
    )
    return [
        Widget(
            title="办事指南要素",
            template="services/staff/widget.html",
            context={
                "rows": rows[:5],
                "count": len(rows),
                "published": len(published),
                "revisions": revisions,
            },
            alarm=bool(published),
        )
    ]
