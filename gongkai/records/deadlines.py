"""The 20-working-day publication limit (《条例》第二十六条).

A proactive record must be published within 20 working days after the day it was formed or
changed (`Record.formed_on`); the formation day itself is not counted. The due date is stored
on the record (`due_on`) so that lists can filter on it, and recomputed whenever the working-day
calendar changes (registered with `workdays.calendar.register_recompute`). When the calendar
does not know the year yet, `due_on` stays empty and the record shows up in the "期限无法计算"
alarm instead of getting a guessed date.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from gongkai.workdays import calendar

#: Default period; `GONGKAI_RECORDS_PUBLISH_WORKDAYS` overrides it for the whole site.
DEFAULT_WORKDAYS = 20


def due_workdays_for(record) -> int:
    """Working days allowed between formation/change and publication for `record`.

    A catalogue item may set another limit (a 法律、法规 that prescribes a longer or shorter
    period prevails): the shortest working-day limit among the record's catalogue items
    applies; otherwise the site-wide default. Unsaved records have no items yet.
    """
    default = getattr(settings, "GONGKAI_RECORDS_PUBLISH_WORKDAYS", DEFAULT_WORKDAYS)
    if record.pk is None:
        return default
    limits = [item.workday_limit for item in record.catalog_items.all()]
    limits = [limit for limit in limits if limit]
    return min(limits) if limits else default


def compute_due_on(record) -> datetime.date | None:
    """The due date of `record`, or None when the calendar does not cover it yet."""
    if record.formed_on is None:
        return None
    try:
        return calendar.add_workdays(record.formed_on, due_workdays_for(record))
    except calendar.UnknownYearError:
        return None


def recompute(*, years=None) -> int:
    """Recompute stored due dates touching `years` (None: all). Returns how many changed."""
    from .models import Record

    rows = Record.objects.all()
    if years is not None:
        years = set(years)
        # A period starting late in year Y - 1 can end in year Y.
        span = years | {y - 1 for y in years}
        rows = rows.filter(formed_on__year__in=span) | Record.objects.filter(due_on__isnull=True)
    changed = []
    rows = rows.only("id", "formed_on", "due_on").prefetch_related("catalog_items")
    for record in rows.iterator(chunk_size=2000):
        due = compute_due_on(record)
        if due != record.due_on:
            record.due_on = due
            changed.append(record)
    Record.objects.bulk_update(changed, ["due_on"], batch_size=1000)
    return len(changed)
