"""Builders for reports tests."""

from __future__ import annotations

import re

from gongkai.reports import drafting, services

_PLACEHOLDER_RE = re.compile(re.escape(drafting.PLACEHOLDER) + r"[^）]*）")


def complete(report, actor):
    """Write the narrative parts the generated draft leaves to staff, as staff would."""
    texts = {
        field: _PLACEHOLDER_RE.sub("本年度已按要求开展相关工作。", getattr(report, field) or "")
        for field in ("overview", "problems", "other_matters")
        if drafting.PLACEHOLDER in (getattr(report, field) or "")
    }
    return services.update_sections(report, actor=actor, **texts) if texts else report
