"""`gongkai tick`: closes lapsed corrections and fees, sends each reminder once."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.applications import services, tick
from gongkai.applications.models import Notification, Status
from gongkai.core.legal import ResultRow

from .factories import register
from .test_deadlines import at

D = datetime.date
pytestmark = pytest.mark.django_db


def _now(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))


def test_tick_closes_lapsed_correction_and_fee_and_is_idempotent(agency, clerk):
    with at(D(2026, 9, 21)):
        corr = register(agency, clerk, D(2026, 9, 21))
        services.request_correction(
            corr, on=D(2026, 9, 21), reply_by=D(2026, 9, 30), items="写明年份", actor=clerk
        )
        fee_app = register(agency, clerk, D(2026, 9, 21))
        services.issue_fee_notice(
            fee_app,
            schedule="per_page",
            pages=500,
            on=D(2026, 9, 21),
            notice_received_on=D(2026, 9, 21),
            actor=clerk,
        )
    fee_app.refresh_from_db()
    assert fee_app.party_due_on == D(2026, 10, 26)
    with at(D(2026, 10, 8)):
        result = tick.run(now=_now(D(2026, 10, 8)), stdout=io.StringIO())
    assert result["closed_correction"] == 1 and result["closed_fee"] == 0
    corr.refresh_from_db()
    assert corr.result_row == ResultRow.OTHER_NO_CORRECTION and corr.closed_on == D(2026, 10, 8)
    with at(D(2026, 10, 27)):
        result = tick.run(now=_now(D(2026, 10, 27)), stdout=io.StringIO())
        again = tick.run(now=_now(D(2026, 10, 27)), stdout=io.StringIO())
    assert result["closed_fee"] == 1 and again["closed_fee"] == 0
    fee_app.refresh_from_db()
    assert fee_app.status == Status.CLOSED and fee_app.result_row == ResultRow.OTHER_FEE_UNPAID


def test_reminders_are_sent_once(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    assert application.due_on == D(2026, 10, 26)
    with at(D(2026, 10, 21)):
        first = tick.run(now=_now(D(2026, 10, 21)), stdout=io.StringIO())
        second = tick.run(now=_now(D(2026, 10, 21)), stdout=io.StringIO())
    assert first["sent"] == 1 and second["sent"] == 0
    with at(D(2026, 10, 27)):
        out = io.StringIO()
        call_command("tick", stdout=out)
    assert Notification.objects.filter(application=application).count() == 2
    assert set(Notification.objects.values_list("key", flat=True)) == {
        "due_soon:2026-10-26",
        "overdue:2026-10-26",
    }


def test_correction_requests_get_due_soon_overdue_and_alarm_reminders_once(agency, clerk, caplog):
    from gongkai.applications.corrections.models import CorrectionNotification
    from gongkai.applications.corrections.services import withdraw_correction

    from . import correction_factories as cf

    caplog.set_level(logging.INFO, logger="gongkai.applications.notifications")
    with at(D(2026, 9, 21)):
        request = cf.register(agency, clerk, D(2026, 9, 21))
        closed = cf.register(agency, clerk, D(2026, 9, 21))
        withdraw_correction(closed, on=D(2026, 9, 21), actor=clerk)
    assert request.due_on == D(2026, 10, 26)
    with at(D(2026, 10, 21)):
        first = tick.run(now=_now(D(2026, 10, 21)), stdout=io.StringIO())
        second = tick.run(now=_now(D(2026, 10, 21)), stdout=io.StringIO())
    assert first["sent"] == 1 and second["sent"] == 0
    with at(D(2026, 10, 27)):
        tick.run(now=_now(D(2026, 10, 27)), stdout=io.StringIO())
    assert set(
        CorrectionNotification.objects.filter(request=request).values_list("key", flat=True)
    ) == {"due_soon:2026-10-26", "overdue:2026-10-26"}
    assert not CorrectionNotification.objects.filter(request=closed).exists()
    assert f"for correction {request.tracking_number}" in caplog.text
    assert cf.PLANTED_NAME not in caplog.text and cf.PLANTED_PHONE not in caplog.text
    # A deadline the calendar cannot compute is an alarm, sent once too.
    type(request).objects.filter(pk=request.pk).update(due_on=None, deadline_unknown_year=2099)
    with at(D(2026, 10, 28)):
        alarm = tick.run(now=_now(D(2026, 10, 28)), stdout=io.StringIO())
        again = tick.run(now=_now(D(2026, 10, 28)), stdout=io.StringIO())
    assert alarm["sent"] == 1 and again["sent"] == 0
    assert CorrectionNotification.objects.filter(request=request, key__startswith="alarm:").exists()
