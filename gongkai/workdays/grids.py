"""Month grids for the back office: each day of a year marked as a holiday, a makeup working
day, a weekend or a plain working day."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from . import calendar

Date = datetime.date

HOLIDAY, MAKEUP, WEEKEND, WORKDAY = "holiday", "makeup", "weekend", "workday"
LABELS = {HOLIDAY: "放假", MAKEUP: "调休上班", WEEKEND: "周末", WORKDAY: "工作日"}


@dataclass(frozen=True)
class Cell:
    date: Date | None  # None for padding cells outside the month
    kind: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        text = LABELS.get(self.kind, "")
        return f"{text}（{self.name}）" if self.name else text


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[Cell]]


Status = Callable[[Date], tuple[str, str]]


def status_from_days(holidays: dict[Date, str], workdays: dict[Date, str]) -> Status:
    """The status of a day under a parsed notice (days it does not list are Mon–Fri working)."""

    def status(day: Date) -> tuple[str, str]:
        if day in holidays:
            return HOLIDAY, holidays[day]
        if day in workdays:
            return MAKEUP, workdays[day]
        return (WEEKEND, "") if day.weekday() >= 5 else (WORKDAY, "")

    return status


def status_from_calendar(cal: calendar.WorkdayCalendar) -> Status:
    """The status of a day in the calendar in force (the year must be known)."""

    def status(day: Date) -> tuple[str, str]:
        name = cal.holiday_name(day) or ""
        if cal.is_workday(day):
            return (MAKEUP, "") if day.weekday() >= 5 else (WORKDAY, "")
        if name or day.weekday() < 5:
            return HOLIDAY, name
        return WEEKEND, ""

    return status


def year_grid(year: int, status: Status) -> list[Month]:
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(Cell(None))
                else:
                    kind, name = status(day)
                    row.append(Cell(day, kind, name))
            weeks.append(row)
        months.append(Month(year, month, weeks))
    return months


def differences(year: int, old: Status, new: Status) -> list[tuple[Date, str, str]]:
    """Days of `year` whose working status differs: (date, old label, new label)."""
    out = []
    day = Date(year, 1, 1)
    while day.year == year:
        a, b = old(day), new(day)
        if (a[0] in (WORKDAY, MAKEUP)) != (b[0] in (WORKDAY, MAKEUP)):
            out.append((day, Cell(day, *a).label, Cell(day, *b).label))
        day += datetime.timedelta(days=1)
    return out
