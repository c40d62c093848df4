"""Periodic work: take penalties past their 公示截止期 off public view (idempotent)."""

from __future__ import annotations

from django.utils import timezone

from .services import expire_penalties


def run(*, now, stdout) -> None:
    count = expire_penalties(today=timezone.localdate(now))
    stdout.write(f"双公示：{count} 条行政处罚公示期满，已撤下。")
