"""The stored summary of the latest whole-site evaluation, read by the dashboard widget.

`checks.evaluate()` over every agency takes most of a second and dozens of queries on a full
district, too much for every load of /staff/. `store()` runs it and keeps the figures the widget
shows; `gongkai tick` (every 15 minutes) and 立即检查 call it. `latest()` is one query.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import checks
from .models import EvaluationSummary

#: The widget warns when the summary is older than this (the tick should run every 15 minutes).
STALE_AFTER = datetime.timedelta(hours=2)


def store(*, now=None) -> EvaluationSummary:
    """Evaluate the whole site at `now` and keep the dashboard figures (replacing the last)."""
    report = checks.evaluate(now=now)
    data = {
        "verdict": report.verdict,
        "vetoed": [{"number": v.number, "label": v.label} for v in report.vetoed],
        "failing": len(report.failing_agencies),
        "hits_open": sum(a.hits_open for a in report.agencies),
        "agencies": {
            str(a.agency.pk): {
                "score": str(a.score),
                "verdict": a.verdict,
                "passed": a.passed,
                "stale_columns": len(a.stale_columns),
                "blank_columns": len(a.blank_columns),
                "broken_links": a.broken_links,
                "hits_open": a.hits_open,
            }
            for a in report.agencies
        },
    }
    summary, _ = EvaluationSummary.objects.update_or_create(
        pk=1, defaults={"evaluated_at": report.now, "data": data}
    )
    return summary


def latest() -> EvaluationSummary | None:
    return EvaluationSummary.objects.filter(pk=1).first()


def is_stale(summary: EvaluationSummary, now=None) -> bool:
    return (now or timezone.now()) - summary.evaluated_at > STALE_AFTER
