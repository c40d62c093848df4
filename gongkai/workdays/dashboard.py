"""Dashboard widget of the working-day calendar.

The district office always sees where the calendar stands, as an alarm from 1 November when
next year is not loaded (or when this year is not). Every staff member sees an alarm when
deadline computations have reached a year that is not loaded.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import is_district_office

from . import alarms, calendar


def widgets(request) -> list[Widget]:
    today = timezone.localdate()
    manage = is_district_office(request.user)
    missing = alarms.missing_years(today) if manage else []
    hits = alarms.open_alarms()
    if not manage and not hits:
        return []
    return [
        Widget(
            title="工作日历",
            template="workdays/widgets/calendar.html",
            context={
                "missing": missing,
                "next_year": today.year + 1,
                "alarms": hits,
                "can_manage": manage,
                "last_year": max(calendar.known_years()),
            },
            alarm=bool(missing or hits),
        )
    ]
