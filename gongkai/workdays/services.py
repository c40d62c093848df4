"""Writes on the stored holiday arrangements (节假日安排).

Each function is one transaction with one audit event, and ends by recomputing every open
deadline registered with `calendar.register_recompute` for the years whose working days may have
changed. Only the district office (区政务公开办) may call them; an operator at the command line
passes a plain string as `actor` (shell access is operator access) and is named in the audit log.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.core.audit import record_event
from gongkai.orgs.access import is_district_office

from . import calendar
from .models import Arrangement, ArrangementDay, DayKind, UnknownYearAlarm
from .notice import ParsedNotice, parse_notice

Date = datetime.date


class ArrangementError(ValueError):
    """The arrangement cannot be saved; the message is Chinese and names the date."""


def _require_district_office(actor) -> None:
    if actor is None:
        raise PermissionDenied("需要指明操作人。")
    if isinstance(actor, str):
        return  # the operator at the command line
    if not is_district_office(actor):
        raise PermissionDenied("只有区政务公开办可以管理工作日历。")


def _actor_name(actor) -> str:
    if isinstance(actor, str):
        return actor
    return (getattr(actor, "display_name", "") or actor.get_username())[:150]


def describe(arrangement: Arrangement) -> dict:
    """The audit snapshot of an arrangement: provenance plus every listed day."""
    days = list(arrangement.days.order_by("date"))
    return {
        "year": arrangement.year,
        "notice_title": arrangement.notice_title,
        "notice_number": arrangement.notice_number,
        "notice_date": arrangement.notice_date,
        "notice_url": arrangement.notice_url,
        "holidays": [f"{d.date.isoformat()} {d.name}" for d in days if d.kind == DayKind.HOLIDAY],
        "workdays": [f"{d.date.isoformat()} {d.name}" for d in days if d.kind == DayKind.WORKDAY],
    }


def _affected_years(year: int, *day_lists: Iterable[Date]) -> set[int]:
    years = {year}
    for days in day_lists:
        years.update(d.year for d in days)
    return years


def _validate_days(year, holidays, workdays, existing) -> None:
    off = [d for d, _ in holidays]
    on = [d for d, _ in workdays]
    if not off:
        raise ArrangementError(f"{year}年的安排没有任何放假日期。")
    for day in off + on:
        if day.year == year:
            continue
        if not (day.year == year - 1 and day.month == 12 and day in off):
            raise ArrangementError(f"{day.isoformat()}不属于{year}年的安排。")
    for collection, label in ((off, "放假"), (on, "上班")):
        seen = set()
        for day in collection:
            if day in seen:
                raise ArrangementError(f"{day.isoformat()}重复列为{label}日。")
            seen.add(day)
    both = set(off) & set(on)
    if both:
        day = min(both)
        raise ArrangementError(f"{day.isoformat()}不能同时是放假日和调休上班日。")
    taken = (
        ArrangementDay.objects.filter(date__in=off + on)
        .exclude(arrangement=existing)
        .select_related("arrangement")
        .first()
        if existing is not None
        else ArrangementDay.objects.filter(date__in=off + on).select_related("arrangement").first()
    )
    if taken is not None:
        raise ArrangementError(
            f"{taken.date.isoformat()}已在{taken.arrangement.year}年的安排中，不能重复载入。"
        )


def _forget_calendar_on_error(func):
    """A failed write may have compiled the calendar from its rolled-back rows: forget it."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except BaseException:
            calendar.invalidate()
            raise

    return wrapper


def _after_change(years: set[int]) -> dict[str, int]:
    # recompute_open_deadlines recompiles the calendar from this transaction's data first.
    results = calendar.recompute_open_deadlines(years)
    UnknownYearAlarm.objects.filter(year__in=calendar.known_years()).delete()
    # Other threads and processes notice the change through the database version within a few
    # seconds; this process forgets its calendar again after commit (or rollback).
    transaction.on_commit(calendar.invalidate)
    return results


@_forget_calendar_on_error
@transaction.atomic
def save_arrangement(
    *,
    actor,
    year: int,
    holidays: list[tuple[Date, str]],
    workdays: list[tuple[Date, str]],
    notice_title: str = "",
    notice_number: str = "",
    notice_date: Date | None = None,
    notice_url: str = "",
    notice_text: str = "",
) -> Arrangement:
    """Create or replace the arrangement of `year` with exactly these days."""
    _require_district_office(actor)
    existing = Arrangement.objects.filter(year=year).select_for_update().first()
    _validate_days(year, holidays, workdays, existing)
    before = describe(existing) if existing is not None else None
    old_days = list(existing.days.values_list("date", flat=True)) if existing else []
    arrangement = existing or Arrangement(year=year)
    arrangement.notice_title = notice_title or f"国务院办公厅关于{year}年部分节假日安排的通知"
    arrangement.notice_number = notice_number
    arrangement.notice_date = notice_date
    arrangement.notice_url = notice_url
    arrangement.notice_text = notice_text
    arrangement.loaded_by = None if isinstance(actor, str) else actor
    arrangement.loaded_by_name = _actor_name(actor)
    try:
        arrangement.full_clean(exclude=["loaded_by"])
    except ValidationError as exc:
        raise ArrangementError("；".join(exc.messages)) from exc
    arrangement.save()
    if existing is not None:
        existing.days.all().delete()
    ArrangementDay.objects.bulk_create(
        [
            ArrangementDay(arrangement=arrangement, date=d, kind=DayKind.HOLIDAY, name=n)
            for d, n in holidays
        ]
        + [
            ArrangementDay(arrangement=arrangement, date=d, kind=DayKind.WORKDAY, name=n)
            for d, n in workdays
        ]
    )
    after = describe(arrangement)
    record_event(
        actor=actor,
        action="workdays.arrangement.replace" if existing else "workdays.arrangement.create",
        target=arrangement,
        before=before,
        after=after,
    )
    arrangement.recomputed = _after_change(
        _affected_years(year, old_days, [d for d, _ in holidays], [d for d, _ in workdays])
    )
    return arrangement


def import_notice(
    *,
    actor,
    text: str,
    notice_url: str = "",
    notice_number: str = "",
    notice_date: Date | None = None,
    expected_year: int | None = None,
) -> Arrangement:
    """Parse the pasted notice and save its arrangement; `NoticeError` saves nothing."""
    _require_district_office(actor)
    notice = parse_notice(text, expected_year=expected_year)
    return save_parsed_notice(
        notice,
        actor=actor,
        text=text,
        notice_url=notice_url,
        notice_number=notice_number,
        notice_date=notice_date,
    )


def save_parsed_notice(
    notice: ParsedNotice,
    *,
    actor,
    text: str,
    notice_url: str = "",
    notice_number: str = "",
    notice_date: Date | None = None,
) -> Arrangement:
    return save_arrangement(
        actor=actor,
        year=notice.year,
        holidays=notice.holidays,
        workdays=notice.workdays,
        notice_title=notice.title,
        notice_number=notice_number or notice.number,
        notice_date=notice_date or notice.signed_on,
        notice_url=notice_url,
        notice_text=text.strip(),
    )


@_forget_calendar_on_error
@transaction.atomic
def delete_arrangement(arrangement: Arrangement, *, actor) -> dict[str, int]:
    """Remove a stored arrangement: the year falls back to the package, or becomes unknown."""
    _require_district_office(actor)
    before = describe(arrangement)
    days = list(arrangement.days.values_list("date", flat=True))
    record_event(
        actor=actor, action="workdays.arrangement.delete", target=arrangement, before=before
    )
    year = arrangement.year
    arrangement.delete()
    return _after_change(_affected_years(year, days))
