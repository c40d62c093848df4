"""Alarms for years the calendar does not know, so a missing notice never fails silently.

* From 1 November the district office is warned when next year's arrangement is not loaded
  (`missing_years`), on the dashboard and by `gongkai tick`.
* A computation that reaches an unknown year is an alarm on the item itself (use
  `deadline_or_alarm` or the `workdays/deadline.html` include) and is recorded
  (`report_unknown_year`) so the dashboard lists it until the year is loaded.

Other apps that store derived deadlines keep the unknown year next to the (empty) deadline and
render it with ``{% include "workdays/unknown_year.html" with year=obj.deadline_unknown_year %}``
or `unknown_year_message(year)`.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from . import calendar
from .models import UnknownYearAlarm

Date = datetime.date

# The State Council publishes next year's notice in October–December; from this day on a
# missing next year is an alarm.
ALARM_FROM = (11, 1)


def unknown_year_message(year: int) -> str:
    """The alarm text shown where a deadline cannot be computed."""
    return f"期限无法计算：{year}年节假日安排尚未载入（请区政务公开办在“工作日历”中导入国务院办公厅通知）"


def missing_years(today: Date | None = None) -> list[int]:
    """Years that should be loaded by `today` and are not: this year, and from 1 November
    the next one."""
    today = today or timezone.localdate()
    known = calendar.known_years()
    wanted = [today.year]
    if (today.month, today.day) >= ALARM_FROM:
        wanted.append(today.year + 1)
    return [year for year in wanted if year not in known]


@dataclass(frozen=True)
class DeadlineResult:
    """A deadline, or the year that keeps it from being computed."""

    date: Date | None
    unknown_year: int | None = None

    @property
    def message(self) -> str:
        return unknown_year_message(self.unknown_year) if self.unknown_year else ""

    def __bool__(self) -> bool:
        return self.date is not None


def deadline_or_alarm(
    start: Date, n: int, pauses: Iterable[tuple[Date, Date]] = (), *, context: str = ""
) -> DeadlineResult:
    """`calendar.deadline`, turning `UnknownYearError` into a recorded, displayable alarm."""
    try:
        return DeadlineResult(calendar.deadline(start, n, pauses))
    except calendar.UnknownYearError as exc:
        report_unknown_year(exc.year, context=context)
        return DeadlineResult(None, exc.year)


_reported: dict[int, float] = {}
_reported_lock = threading.Lock()
REPORT_EVERY_SECONDS = 60.0


def report_unknown_year(year: int, *, context: str = "") -> None:
    """Record that a computation needed `year` (at most once a minute per year and process)."""
    now = time.monotonic()
    with _reported_lock:
        last = _reported.get(year)
        if last is not None and now - last < REPORT_EVERY_SECONDS:
            return
        _reported[year] = now
    updated = UnknownYearAlarm.objects.filter(year=year).update(
        hits=F("hits") + 1, last_seen_at=timezone.now(), last_context=context[:200]
    )
    if not updated:
        UnknownYearAlarm.objects.get_or_create(
            year=year, defaults={"last_seen_at": timezone.now(), "last_context": context[:200]}
        )


def forget_reports() -> None:
    """Reset the per-process throttle (tests)."""
    with _reported_lock:
        _reported.clear()


def open_alarms() -> list[UnknownYearAlarm]:
    """Recorded unknown-year alarms for years that are still not loaded."""
    known = calendar.known_years()
    return [a for a in UnknownYearAlarm.objects.all() if a.year not in known]
