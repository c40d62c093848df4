"""Periodic work (idempotent): close the consultations whose close date has passed."""

from __future__ import annotations

from django.utils import timezone

from .services import close_due_consultations


def run(*, now, stdout) -> None:
    count = close_due_consultations(today=timezone.localdate(now))
    stdout.write(f"互动交流：{count} 项重大行政决策征求意见期满，已结束征求意见。")
