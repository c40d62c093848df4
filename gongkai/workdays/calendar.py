"""Working-day arithmetic for statutory periods (工作日).

Counting convention (legal-rules §8.4): a period "自…之日起N个工作日内" starts on the next day;
the triggering day itself is not counted, and the deadline is the N-th working day after it.

Sources, in order of precedence:

1. arrangements stored in the database (`Arrangement`, `ArrangementDay`), for any year;
2. the `chinese_calendar` package, for the years it covers (2004–2026 in 1.11.0).

A date in a year that neither knows raises `UnknownYearError` naming the year: nothing guesses.

The calendar is compiled once per process into a sorted array of working-day ordinals, so
`add_workdays` is a bisect plus an index. It is rebuilt when arrangements change (`invalidate()`,
called by the workdays services, and checked against the database at most every few seconds so
other processes notice changes too).
"""

from __future__ import annotations

import bisect
import datetime
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import chinese_calendar

Date = datetime.date


class UnknownYearError(LookupError):
    """A computation needs a year whose holiday arrangement is not loaded."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未载入，无法计算工作日。请区政务公开办在“工作日历”中导入国务院办公厅"
            f"关于{year}年部分节假日安排的通知。 / No working-day data for year {year}."
        )


def _package_years() -> tuple[int, int]:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return min(years), max(years)


@dataclass(frozen=True)
class _Compiled:
    years: frozenset[int]
    ordinals: list[int]  # sorted ordinals of every working day in the known years
    holidays: dict[int, str]  # ordinal -> holiday name (statutory holidays, not plain weekends)
    version: object


class WorkdayCalendar:
    """The compiled calendar. Use the module-level functions rather than this class."""

    def __init__(self, compiled: _Compiled):
        self._c = compiled

    # -- building -------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        overrides: dict[Date, tuple[str, str]] | None = None,
        extra_years: Iterable[int] = (),
        version=None,
    ):
        """Compile from the package plus `overrides` {date: (kind, name)} for `extra_years`."""
        overrides = overrides or {}
        first, last = _package_years()
        years = set(range(first, last + 1)) | set(extra_years)
        ordinals: list[int] = []
        holidays: dict[int, str] = {}
        names = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
        for year in sorted(years):
            day = Date(year, 1, 1)
            end = Date(year, 12, 31)
            in_package = first <= year <= last
            while day <= end:
                override = overrides.get(day)
                if override is not None:
                    kind, name = override
                    working = kind == "workday"
                    if not working and name:
                        holidays[day.toordinal()] = name
                elif in_package:
                    working, name = chinese_calendar.get_holiday_detail(day)
                    working = not working
                    if not working and name:
                        holidays[day.toordinal()] = names.get(name, name)
                else:
                    working = day.weekday() < 5
                if working:
                    ordinals.append(day.toordinal())
                day += datetime.timedelta(days=1)
        return cls(_Compiled(frozenset(years), ordinals, holidays, version))

    # -- queries --------------------------------------------------------------------------
    @property
    def years(self) -> frozenset[int]:
        return self._c.years

    def _check(self, year: int) -> None:
        if year not in self._c.years:
            raise UnknownYearError(year)

    def _check_span(self, a: Date, b: Date) -> None:
        lo, hi = (a, b) if a <= b else (b, a)
        for year in range(lo.year, hi.year + 1):
            self._check(year)

    def is_workday(self, day: Date) -> bool:
        self._check(day.year)
        ordinal = day.toordinal()
        i = bisect.bisect_left(self._c.ordinals, ordinal)
        return i < len(self._c.ordinals) and self._c.ordinals[i] == ordinal

    def holiday_name(self, day: Date) -> str | None:
        self._check(day.year)
        return self._c.holidays.get(day.toordinal())

    def add_workdays(self, day: Date, n: int) -> Date:
        """The n-th working day after `day` (n > 0), before it (n < 0), or `day` itself (n == 0)."""
        self._check(day.year)
        if n == 0:
            return day
        ords = self._c.ordinals
        ordinal = day.toordinal()
        if n > 0:
            index = bisect.bisect_right(ords, ordinal) + n - 1
        else:
            index = bisect.bisect_left(ords, ordinal) + n
        if index < 0:
            raise UnknownYearError(min(self._c.years) - 1)
        if index >= len(ords):
            raise UnknownYearError(self._first_unknown_after(day.year))
        result = Date.fromordinal(ords[index])
        self._check_span(day, result)
        return result

    def _first_unknown_after(self, year: int) -> int:
        while year in self._c.years:
            year += 1
        return year

    def workdays_between(self, a: Date, b: Date) -> int:
        """Working days after `a` up to and including `b` (negative when b < a)."""
        self._check_span(a, b)
        ords = self._c.ordinals
        return bisect.bisect_right(ords, b.toordinal()) - bisect.bisect_right(ords, a.toordinal())

    def deadline(self, start: Date, n: int, pauses: Iterable[tuple[Date, Date]] = ()) -> Date:
        """The n-th working day after `start`, not counting working days inside `pauses`.

        Each pause is an inclusive (first, last) date span during which the clock stands still
        (third-party consultation, awaiting a fee, ...). Working days inside a pause are skipped,
        so the deadline moves by exactly the number of working days the pauses cover.
        """
        spans = sorted((a, b) for a, b in pauses if b >= a)
        result = self.add_workdays(start, n)
        while True:
            paused = 0
            for first, last in spans:
                lo = max(first, start + datetime.timedelta(days=1))
                hi = min(last, result)
                if hi >= lo:
                    paused += self.workdays_between(lo - datetime.timedelta(days=1), hi)
            candidate = self.add_workdays(start, n + paused)
            if candidate == result:
                return result
            result = candidate


# -- the process-wide calendar ------------------------------------------------------------------

_lock = threading.Lock()
_current: WorkdayCalendar | None = None
_checked_at = 0.0
RECHECK_SECONDS = 5.0


def _db_version():
    from django.db.models import Count, Max

    from .models import Arrangement, ArrangementDay

    agg = Arrangement.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    days = ArrangementDay.objects.count()
    return (agg["n"], agg["t"], days)


_package_only: WorkdayCalendar | None = None


def _load() -> WorkdayCalendar:
    global _package_only
    from .models import Arrangement, ArrangementDay

    version = _db_version()
    overrides = {d.date: (d.kind, d.name) for d in ArrangementDay.objects.all()}
    years = set(Arrangement.objects.values_list("year", flat=True))
    if not overrides and not years:
        # The common case (and every test without arrangements): compile the package once.
        if _package_only is None:
            _package_only = WorkdayCalendar.build()
        return WorkdayCalendar(
            _Compiled(
                _package_only.years, _package_only._c.ordinals, _package_only._c.holidays, version
            )
        )
    return WorkdayCalendar.build(overrides, years, version=version)


def current() -> WorkdayCalendar:
    """The calendar in force, rebuilt when the stored arrangements have changed."""
    global _current, _checked_at
    now = time.monotonic()
    calendar = _current
    if calendar is not None and now - _checked_at < RECHECK_SECONDS:
        return calendar
    with _lock:
        if _current is None or _db_version() != _current._c.version:
            _current = _load()
        _checked_at = now
        return _current


def invalidate() -> None:
    """Forget the compiled calendar (after arrangements change, and between tests)."""
    global _current, _checked_at
    with _lock:
        _current = None
        _checked_at = 0.0


def is_workday(day: Date) -> bool:
    return current().is_workday(day)


def holiday_name(day: Date) -> str | None:
    return current().holiday_name(day)


def add_workdays(day: Date, n: int) -> Date:
    return current().add_workdays(day, n)


def workdays_between(a: Date, b: Date) -> int:
    return current().workdays_between(a, b)


def deadline(start: Date, n: int, pauses: Iterable[tuple[Date, Date]] = ()) -> Date:
    return current().deadline(start, n, pauses)


def known_years() -> frozenset[int]:
    return current().years


# -- recomputation of open deadlines --------------------------------------------------------------

Recompute = Callable[..., int]
_recomputers: list[tuple[str, Recompute]] = []


def register_recompute(name: str, func: Recompute) -> None:
    """Register `func(*, years)` that recomputes every open deadline touching `years`
    (a set of ints, or None for all) and returns how many objects changed. Apps call this from
    their AppConfig.ready()."""
    if all(existing != name for existing, _ in _recomputers):
        _recomputers.append((name, func))


def recompute_open_deadlines(years: set[int] | None = None) -> dict[str, int]:
    """Run every registered recomputation; called after any change of the calendar."""
    invalidate()
    return {name: func(years=years) for name, func in _recomputers}
