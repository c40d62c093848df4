"""Properties of the working-day arithmetic, checked against `chinese_calendar` itself.

Convention: `add_workdays(d, n)` is the n-th working day after d (d not counted). The package's
`find_workday(k, d)` counts the first working day on or after d as step 0, so
`add_workdays(d, n) == find_workday(n, d)` when d is a working day and
`find_workday(n - 1, d)` when it is not.
"""

import datetime

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.calendar import UnknownYearError, WorkdayCalendar

D = datetime.date
ONE = datetime.timedelta(days=1)
CAL = WorkdayCalendar.build()
# Keep results inside the package's years (2004–2026) so the package can answer too.
dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))
counts = st.integers(min_value=1, max_value=30)


@given(dates, counts)
def test_result_is_a_working_day_after_the_start(day, n):
    result = CAL.add_workdays(day, n)
    assert result > day
    assert CAL.is_workday(result)
    assert chinese_calendar.is_workday(result)


@given(dates, counts)
def test_between_inverts_add(day, n):
    assert CAL.workdays_between(day, CAL.add_workdays(day, n)) == n


@given(dates, counts, counts)
def test_monotonic_in_n(day, n, m):
    lo, hi = sorted((n, m))
    assert CAL.add_workdays(day, lo) <= CAL.add_workdays(day, hi)
    if lo < hi:
        assert CAL.add_workdays(day, lo) < CAL.add_workdays(day, hi)


@given(dates, counts)
def test_equals_find_workday(day, n):
    if chinese_calendar.is_workday(day):
        expected = chinese_calendar.find_workday(n, day)
    else:
        expected = chinese_calendar.find_workday(n - 1, day)
    assert CAL.add_workdays(day, n) == expected


@given(dates)
def test_is_workday_equals_package(day):
    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)


@given(dates.filter(lambda d: d >= D(2004, 3, 1)), st.integers(min_value=-30, max_value=-1))
def test_negative_n_counts_backwards(day, n):
    result = CAL.add_workdays(day, n)
    assert result < day and CAL.is_workday(result)
    # `result` is the |n|-th working day strictly before `day`.
    assert sum(CAL.is_workday(result + ONE * i) for i in range((day - result).days)) == -n


def _brute_deadline(start, n, pause):
    """Walk day by day: count working days after `start` that are outside the pause."""
    day, left = start, n
    while left:
        day += ONE
        if CAL.is_workday(day) and not (pause[0] <= day <= pause[1]):
            left -= 1
    return day


@settings(max_examples=200)
@given(
    dates.filter(lambda d: d <= D(2026, 6, 30)),
    counts,
    st.integers(min_value=-10, max_value=40),
    st.integers(min_value=0, max_value=30),
)
def test_pauses_shift_by_the_working_days_they_cover(start, n, offset, length):
    first = start + datetime.timedelta(days=offset)
    pause = (first, first + datetime.timedelta(days=length))
    result = CAL.deadline(start, n, [pause])
    assert result == _brute_deadline(start, n, pause)
    # Equivalently: the plain deadline moved by the paused working days up to the result.
    lo = max(pause[0], start + ONE)
    hi = min(pause[1], result)
    covered = CAL.workdays_between(lo - ONE, hi) if hi >= lo else 0
    assert result == CAL.add_workdays(start, n + covered)


@given(dates.filter(lambda d: d <= D(2026, 6, 30)), counts)
def test_pause_inside_the_period_adds_exactly_its_working_days(start, n):
    plain = CAL.add_workdays(start, n)
    pause = (start + ONE, plain)  # the whole period stands still once
    covered = CAL.workdays_between(start, plain)
    assert CAL.deadline(start, n, [pause]) == CAL.add_workdays(start, n + covered)


def test_overlapping_pauses_count_once():
    start = D(2026, 3, 2)  # Monday
    a = (D(2026, 3, 3), D(2026, 3, 6))
    b = (D(2026, 3, 5), D(2026, 3, 10))
    assert CAL.deadline(start, 5, [a, b]) == CAL.deadline(start, 5, [(a[0], b[1])])
    assert CAL.deadline(start, 5, [a, b]) == CAL.add_workdays(start, 5 + 6)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 21), 20, D(2026, 10, 26)),  # the example: across National Day
        (D(2026, 10, 1), 1, D(2026, 10, 8)),  # a holiday start: first working day after
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Saturday 14 Feb is a makeup working day
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # Spring Festival 15–23 Feb
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Sat 10 Oct works
    ],
)
def test_worked_examples(start, n, expected):
    assert CAL.add_workdays(start, n) == expected


def test_unknown_year_is_named():
    with pytest.raises(UnknownYearError) as exc:
        CAL.add_workdays(D(2026, 12, 20), 20)
    assert exc.value.year == 2027
    assert "2027" in str(exc.value)
    with pytest.raises(UnknownYearError) as exc:
        CAL.is_workday(D(2027, 1, 4))
    assert exc.value.year == 2027
    with pytest.raises(UnknownYearError) as exc:
        CAL.workdays_between(D(2026, 12, 1), D(2027, 1, 10))
    assert exc.value.year == 2027
    with pytest.raises(UnknownYearError) as exc:
        CAL.add_workdays(D(2004, 1, 5), -5)
    assert exc.value.year == 2003


def test_a_gap_year_is_not_jumped_over():
    # A stored 2028 with 2027 missing: counting from December 2026 must stop at 2027.
    cal = WorkdayCalendar.build({}, extra_years=[2028])
    assert cal.add_workdays(D(2028, 1, 3), 1) == D(2028, 1, 4)
    with pytest.raises(UnknownYearError) as exc:
        cal.add_workdays(D(2026, 12, 30), 5)
    assert exc.value.year == 2027
    with pytest.raises(UnknownYearError) as exc:
        cal.workdays_between(D(2026, 12, 30), D(2028, 1, 5))
    assert exc.value.year == 2027


GAP = WorkdayCalendar.build({D(2028, 1, 3): ("holiday", "元旦")}, extra_years=[2028])


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)), st.integers(-20, 20))
def test_fast_path_agrees_with_checked_path(day, n):
    cal = GAP
    try:
        fast = cal.add_workdays(day, n)
    except UnknownYearError as exc:
        fast = ("unknown", exc.year)
    try:
        slow = cal._add_workdays_checked(day, n)
    except UnknownYearError as exc:
        slow = ("unknown", exc.year)
    assert fast == slow


def test_equals_find_workday_on_every_covered_date():
    # Every date for n = 1 (the package's find_workday is slow; larger n are sampled above).
    n = 1
    day, last = D(2004, 1, 1), D(2026, 12, 30)
    while day <= last:
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        k = n if chinese_calendar.is_workday(day) else n - 1
        assert CAL.add_workdays(day, n) == chinese_calendar.find_workday(k, day), day
        day += ONE
