"""The tick job closes consultations after their close date (idempotent); the dashboard widget
lists consultations closing soon and feedback overdue, for the user's agencies only."""

from __future__ import annotations

import datetime
import io

import pytest

from gongkai.participation import rules, tick
from gongkai.participation.models import Consultation, Stage

from .factories import at, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_tick_closes_after_the_close_date_and_not_before(agency, clerk, reviewer):
    decision = opened(agency, clerk, reviewer)
    closes_on = decision.consultation.closes_on
    out = io.StringIO()
    tick.run(now=at(closes_on, 23), stdout=out)
    decision.refresh_from_db()
    assert decision.stage == Stage.CONSULTATION  # the close date is still open
    tick.run(now=at(closes_on + DAY, 0), stdout=out)
    decision.refresh_from_db()
    assert decision.stage == Stage.REVIEWING
    assert Consultation.objects.get(decision=decision).closed_at is not None
    tick.run(now=at(closes_on + DAY, 1), stdout=out)  # idempotent
    assert "1 项" in out.getvalue() and "0 项" in out.getvalue()


def _shift(decision, *, closes_on):
    Consultation.objects.filter(decision=decision).update(
        opens_on=closes_on - 30 * DAY, closes_on=closes_on
    )


def test_widget_shows_closing_soon_and_overdue(agency, clerk, reviewer, login, other_clerk):
    soon = opened(agency, clerk, reviewer, title="三天后截止的草案")
    _shift(soon, closes_on=today() + 3 * DAY)
    later = opened(agency, clerk, reviewer, title="下月截止的草案")
    _shift(later, closes_on=today() + 20 * DAY)
    late = opened(agency, clerk, reviewer, title="反馈逾期的草案")
    _shift(late, closes_on=today() - (rules.feedback_days() + 1) * DAY)
    page = login(clerk).get("/staff/").content.decode()
    assert "三天后截止的草案" in page and "剩余 3 天" in page
    assert "下月截止的草案" not in page
    assert "反馈逾期的草案" in page and "反馈逾期" in page
    other = login(other_clerk).get("/staff/").content.decode()
    assert "三天后截止的草案" not in other and "反馈逾期的草案" not in other
