"""Benchmark: 1,000,000 `add_workdays` calls (target: at most 2 s on the 2-core reference box).

Run: .venv/bin/python bench/workdays.py [--calls N]

Prints the time of the compiled calendar's method, of the module-level function other apps
call (which also checks that the calendar is fresh), of `workdays_between` and `deadline`, and
the one-off compilation of the calendar. Start dates cycle through 2025–2026, so the counts cross
Spring Festival, National Day and makeup weekends; n is 20 (the statutory reply period).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from gongkai.workdays import calendar  # noqa: E402


def timed(label: str, func, calls: int) -> float:
    started = time.perf_counter()
    func()
    elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed:7.3f} s  ({elapsed / calls * 1e9:6.0f} ns/call)")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    calls = parser.parse_args().calls
    call_command("migrate", verbosity=0)

    starts = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(700)]
    inputs = [starts[i % len(starts)] for i in range(calls)]

    started = time.perf_counter()
    calendar.invalidate()
    compiled = calendar.current()
    print(
        f"{'compile the calendar (package + stored years)':<48} {time.perf_counter() - started:7.3f} s"
    )

    add = compiled.add_workdays

    def method():
        for day in inputs:
            add(day, 20)

    module_add = calendar.add_workdays

    def module_level():
        for day in inputs:
            module_add(day, 20)

    between = calendar.workdays_between
    ends = [compiled.add_workdays(day, 20) for day in starts]
    pairs = [(starts[i % len(starts)], ends[i % len(starts)]) for i in range(calls)]

    def module_between():
        for a, b in pairs:
            between(a, b)

    deadline_calls = calls // 10
    pause = [(datetime.date(2026, 1, 10), datetime.date(2026, 1, 25))]
    deadline = calendar.deadline

    def module_deadline():
        for day in inputs[:deadline_calls]:
            deadline(day, 20, pause)

    print(f"{calls:,} calls, n = 20, start dates 2025-01-01 .. 2026-12-01")
    timed("WorkdayCalendar.add_workdays (compiled method)", method, calls)
    total = timed("calendar.add_workdays (module-level function)", module_level, calls)
    timed("calendar.workdays_between (module-level)", module_between, calls)
    timed(
        f"calendar.deadline with one pause ({deadline_calls:,} calls)",
        module_deadline,
        deadline_calls,
    )
    target = 2.0 * calls / 1_000_000
    verdict = "OK" if total <= target else "OVER TARGET"
    print(f"target: {calls:,} module-level add_workdays calls <= {target:.1f} s: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
