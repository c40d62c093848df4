"""Statutory timing rules: the 7-working-day publication limit, Art. 48 withdrawal within 3
working days, and the publicity period of a penalty (legal-rules §7.1, §7.4).

The periods come from the configurable `Policy` (defaults: 3 months minimum, 3 years maximum, a
1-year minimum for 特种设备/安全生产/消防, warnings and 通报批评 configurable on their own).
"""

from __future__ import annotations

import calendar as _calendar
import datetime
from dataclasses import dataclass

from gongkai.workdays import calendar

from . import standard
from .models import Policy

PUBLISH_WITHIN_WORKDAYS = 7  # 自作出行政决定之日起7个工作日内上网公开
WITHDRAW_WITHIN_WORKDAYS = 3  # 行政处罚法第四十八条、第八十五条


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (2024-02-29 + 12 → 02-28)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def publish_due(decided_on: datetime.date) -> datetime.date | None:
    """The 7th working day after the decision, or None when the calendar lacks the year."""
    try:
        return calendar.add_workdays(decided_on, PUBLISH_WITHIN_WORKDAYS)
    except calendar.UnknownYearError:
        return None


def withdraw_due(changed_on: datetime.date) -> datetime.date | None:
    try:
        return calendar.add_workdays(changed_on, WITHDRAW_WITHIN_WORKDAYS)
    except calendar.UnknownYearError:
        return None


@dataclass(frozen=True)
class Period:
    min_end: datetime.date
    max_end: datetime.date
    reputational_only: bool
    special: bool


def is_reputational_only(categories: list[str]) -> bool:
    return bool(categories) and set(categories) <= standard.REPUTATIONAL_CATEGORIES


def is_special(policy: Policy, *texts: str) -> bool:
    return any(word in text for word in policy.keywords() for text in texts if text)


def penalty_period(
    *,
    decided_on: datetime.date,
    categories: list[str],
    violation_type: str = "",
    basis: str = "",
    policy: Policy | None = None,
) -> Period:
    """Minimum and maximum publicity end of a penalty, counted from the decision date.

    With several penalty kinds, the longest period applies (one period for the whole decision).
    """
    policy = policy or Policy.current()
    special = is_special(policy, violation_type, basis)
    if is_reputational_only(categories):
        end = add_months(decided_on, policy.reputational_months)
        return Period(end, end, True, special)
    min_months = max(policy.min_months, policy.special_min_months if special else 0)
    max_months = max(policy.max_months, min_months)
    return Period(
        add_months(decided_on, min_months), add_months(decided_on, max_months), False, special
    )


def recompute_deadlines(*, years=None) -> int:
    """Recompute stored 7-day and Art. 48 due dates after the calendar changed."""
    from .models import Licence, Penalty

    changed = 0
    for model in (Licence, Penalty):
        qs = model.objects.all()
        if years is not None:
            qs = qs.filter(decided_on__year__in={y - 1 for y in years} | set(years))
        for obj in qs.only("pk", "decided_on", "publish_due", "changed_on", "withdraw_due"):
            due = publish_due(obj.decided_on)
            w_due = withdraw_due(obj.changed_on) if obj.changed_on else None
            if due != obj.publish_due or w_due != obj.withdraw_due:
                model.objects.filter(pk=obj.pk).update(publish_due=due, withdraw_due=w_due)
                changed += 1
    return changed
