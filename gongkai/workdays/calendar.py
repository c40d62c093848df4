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
import functools
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


@functools.cache
def _package_years() -> tuple[int, int]:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return min(years), max(years)


# Names as the State Council notices print them; the package abbreviates some.
NOTICE_NAMES = {
    "元旦": "元旦",
    "春节": "春节",
    "清明": "清明节",
    "劳动节": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆节": "国庆节",
}


def package_holiday_name(value: str) -> str:
    """The Chinese name of a `chinese_calendar` holiday value ("Spring Festival" -> "春节")."""
    for holiday in chinese_calendar.Holiday:
        if holiday.value == value:
            return NOTICE_NAMES.get(holiday.chinese, holiday.chinese)
    return value


@dataclass(frozen=True)
class _Compiled:
    years: frozenset[int]
    ordinals: list[int]  # sorted ordinals of every working day in the known years
    holidays: dict[int, str]  # ordinal -> holiday name (statutory holidays, not plain weekends)
    version: object


class WorkdayCalendar:
    """The compiled calendar. Use the module-level functions rather than this class.

    Besides the sorted working-day ordinals it keeps, for every day from 1 January of the first
    known year to 31 December of the last, two small tables indexed by day offset:

    * ``_after[off]``: how many working days fall on or before that day (a precomputed bisect);
    * ``_limit[off]``: the index of the last working day of the run of consecutive known years
      containing that day, or -1 when the day's own year is unknown.

    ``add_workdays`` is then two list lookups and a comparison; anything unusual (an unknown
    year, n <= 0, a result beyond the known run) takes the checked slow path.
    """

    def __init__(self, compiled: _Compiled):
        self._c = compiled
        years = compiled.years
        ords = compiled.ordinals
        if years:
            first, last = min(years), max(years)
            self._base = Date(first, 1, 1).toordinal()
            span = Date(last, 12, 31).toordinal() - self._base + 1
        else:
            self._base, span = 0, 0
        self._span = span
        after = [0] * span
        limit = [-1] * span
        working = bytearray(span)
        for ordinal in ords:
            working[ordinal - self._base] = 1
        count = 0
        for off in range(span):
            count += working[off]
            after[off] = count
        # The index of the last working day of each run of consecutive known years.
        if years:
            year = first
            while year <= last:
                if year not in years:
                    year += 1
                    continue
                run_end = year
                while run_end + 1 in years:
                    run_end += 1
                lo = Date(year, 1, 1).toordinal() - self._base
                hi = Date(run_end, 12, 31).toordinal() - self._base
                last_index = after[hi] - 1
                limit[lo : hi + 1] = [last_index] * (hi - lo + 1)
                year = run_end + 1
        self._after = after
        self._limit = limit
        self._working = bytes(working)

    # -- building -------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        overrides: dict[Date, tuple[str, str]] | None = None,
        extra_years: Iterable[int] = (),
        version=None,
    ):
        """Compile from the package plus `overrides` {date: (kind, name)} for `extra_years`.

        Overrides apply on any date of a known year; a year is known when the package covers it
        or it is in `extra_years` (a stored arrangement). Days of an arrangement year that no
        override names are working days from Monday to Friday.
        """
        overrides = overrides or {}
        first, last = _package_years()
        years = set(range(first, last + 1)) | set(extra_years)
        ordinals: list[int] = []
        holidays: dict[int, str] = {}
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
                    off, name = chinese_calendar.get_holiday_detail(day)
                    working = not off
                    if off and name:
                        holidays[day.toordinal()] = package_holiday_name(name)
                else:
                    working = day.weekday() < 5
                if working:
                    ordinals.append(day.toordinal())
                day += datetime.timedelta(days=1)
        return cls(_Compiled(frozenset(years), ordinals, holidays, version))

    def with_version(self, version) -> WorkdayCalendar:
        """The same calendar stamped with another database version (no recompilation)."""
        clone = object.__new__(WorkdayCalendar)
        clone.__dict__.update(self.__dict__)
        clone._c = _Compiled(self._c.years, self._c.ordinals, self._c.holidays, version)
        return clone

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
        off = day.toordinal() - self._base
        if 0 <= off < self._span and self._limit[off] >= 0:
            return bool(self._working[off])
        raise UnknownYearError(day.year)

    def holiday_name(self, day: Date) -> str | None:
        """The statutory holiday's name (e.g. "国庆节"), or None on other days."""
        self._check(day.year)
        return self._c.holidays.get(day.toordinal())

    def add_workdays(self, day: Date, n: int) -> Date:
        """The n-th working day after `day` (n > 0), before it (n < 0), or `day` itself (n == 0).

        `day` itself is never counted: for a working day this is
        ``chinese_calendar.find_workday(n, day)``; for a day off it is
        ``find_workday(n - 1, day)`` (the package counts the next working day as step 0).
        """
        off = day.toordinal() - self._base
        if n > 0 and 0 <= off < self._span:
            index = self._after[off] + n - 1
            if index <= self._limit[off]:
                return Date.fromordinal(self._c.ordinals[index])
        return self._add_workdays_checked(day, n)

    def _add_workdays_checked(self, day: Date, n: int) -> Date:
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
            raise UnknownYearError(self._first_unknown_before(day.year))
        if index >= len(ords):
            raise UnknownYearError(self._first_unknown_after(day.year))
        result = Date.fromordinal(ords[index])
        lo, hi = (result, day) if result < day else (day, result)
        for year in range(lo.year, hi.year + 1):
            if year not in self._c.years:
                # Name the year the count actually stepped into.
                raise UnknownYearError(
                    self._first_unknown_after(day.year)
                    if n > 0
                    else self._first_unknown_before(day.year)
                )
        return result

    def _first_unknown_after(self, year: int) -> int:
        while year in self._c.years:
            year += 1
        return year

    def _first_unknown_before(self, year: int) -> int:
        while year in self._c.years:
            year -= 1
        return year

    def workdays_between(self, a: Date, b: Date) -> int:
        """Working days after `a` up to and including `b` (negative when b < a)."""
        off_a = a.toordinal() - self._base
        off_b = b.toordinal() - self._base
        span = self._span
        if 0 <= off_a < span and 0 <= off_b < span:
            limit = self._limit[off_a]
            if limit >= 0 and limit == self._limit[off_b]:
                return self._after[off_b] - self._after[off_a]
        self._check_span(a, b)
        ords = self._c.ordinals
        return bisect.bisect_right(ords, b.toordinal()) - bisect.bisect_right(ords, a.toordinal())

    def deadline(self, start: Date, n: int, pauses: Iterable[tuple[Date, Date]] = ()) -> Date:
        """The n-th working day after `start`, not counting working days inside `pauses`.

        Each pause is an inclusive (first, last) date span during which the clock stands still
        (third-party consultation, awaiting a fee, ...). Working days inside a pause are skipped,
        so the deadline moves by exactly the number of working days the pauses cover (those
        after `start` and on or before the resulting deadline; overlapping pauses count once).
        """
        spans = _merge(sorted((a, b) for a, b in pauses if b >= a))
        result = self.add_workdays(start, n)
        one = datetime.timedelta(days=1)
        while True:
            paused = 0
            for first, last in spans:
                lo = max(first, start + one)
                hi = min(last, result)
                if hi >= lo:
                    paused += self.workdays_between(lo - one, hi)
            candidate = self.add_workdays(start, n + paused)
            if candidate == result:
                return result
            result = candidate


def _merge(spans: list[tuple[Date, Date]]) -> list[tuple[Date, Date]]:
    """Merge overlapping or touching inclusive spans (sorted input)."""
    merged: list[tuple[Date, Date]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + datetime.timedelta(days=1):
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


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
        return _package_only.with_version(version)
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


# The module-level functions inline the freshness check of `current()`: they are called in
# tight loops (recomputing every open deadline), and an extra call per lookup is measurable.


def is_workday(day: Date) -> bool:
    """True on a working day (Monday to Friday not off, or a 调休 makeup working day)."""
    calendar = _current
    if calendar is None or time.monotonic() - _checked_at >= RECHECK_SECONDS:
        calendar = current()
    return calendar.is_workday(day)


def holiday_name(day: Date) -> str | None:
    """The statutory holiday's name on `day` ("春节"), or None."""
    return current().holiday_name(day)


def add_workdays(day: Date, n: int) -> Date:
    """The n-th working day after `day`; `day` itself is not counted.

    ``add_workdays(2026-09-21, 20) == 2026-10-26``. Raises `UnknownYearError` naming the year
    when the count reaches a year whose arrangement is not loaded.
    """
    calendar = _current
    if calendar is None or time.monotonic() - _checked_at >= RECHECK_SECONDS:
        calendar = current()
    return calendar.add_workdays(day, n)


def workdays_between(a: Date, b: Date) -> int:
    """Working days after `a` up to and including `b` (so ``workdays_between(d, d) == 0``)."""
    calendar = _current
    if calendar is None or time.monotonic() - _checked_at >= RECHECK_SECONDS:
        calendar = current()
    return calendar.workdays_between(a, b)


def deadline(start: Date, n: int, pauses: Iterable[tuple[Date, Date]] = ()) -> Date:
    """`add_workdays(start, n)`, moved later by the working days inside `pauses`."""
    return current().deadline(start, n, pauses)


def known_years() -> frozenset[int]:
    """Every year the calendar can count in (package years and stored arrangements)."""
    return current().years


def package_years() -> tuple[int, int]:
    """The first and last year the `chinese_calendar` package covers."""
    return _package_years()


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
