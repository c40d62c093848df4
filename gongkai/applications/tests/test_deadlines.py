"""Scenario tests of the statutory clock with real 2026 dates (Spring Festival, National Day)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.applications.services import ProcedureError
from gongkai.core.legal import ResultRow

from .factories import applicant, register, request_info

D = datetime.date
pytestmark = pytest.mark.django_db


def at(day: D):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))), tick=False
    )


def test_online_application_confirmed_next_day_across_spring_festival(agency, clerk):
    with at(D(2026, 2, 12)):
        application, code = services.submit_application(
            agency=agency, applicant=applicant(), request_info=request_info()
        )
    assert application.status == Status.SUBMITTED
    assert application.received_on is None and application.due_on is None
    assert services.check_query_code(application, code)
    with at(D(2026, 2, 13)):
        services.confirm_receipt(application, received_on=D(2026, 2, 13), actor=clerk)
    application.refresh_from_db()
    # The clock runs from the confirmation, not the submission: 20 working days after 13 Feb,
    # skipping 15–23 Feb (春节) and counting the adjusted working Saturdays 14 and 28 Feb.
    assert application.received_on == D(2026, 2, 13)
    assert application.due_on == D(2026, 3, 19)
    assert application.status == Status.PROCESSING
    with at(D(2026, 2, 14)), pytest.raises(ProcedureError, match="已确认接收"):
        services.confirm_receipt(application, received_on=D(2026, 2, 14), actor=clerk)


def test_signed_post_is_received_on_the_day_signed_for(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21), channel="signed_post")
    assert application.received_on == D(2026, 9, 21)
    # 20 working days, skipping 25 Sep (中秋) and 1–7 Oct (国庆), counting Saturday 10 Oct.
    assert application.due_on == D(2026, 10, 26)
    assert application.letters.get().kind == "receipt"


def test_ordinary_post_waits_for_confirmation_with_the_applicant(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21), channel="ordinary_post")
    assert application.status == Status.SUBMITTED and application.due_on is None
    with at(D(2026, 9, 22)):
        services.confirm_receipt(application, received_on=D(2026, 9, 22), actor=clerk)
    application.refresh_from_db()
    assert application.due_on == D(2026, 10, 27)


def test_correction_restarts_the_clock_and_only_once(agency, clerk):
    with at(D(2026, 2, 10)):
        application = register(agency, clerk, D(2026, 2, 10))
    assert application.due_on == D(2026, 3, 16)
    # The notice is due within 7 working days of receipt: by 26 Feb (春节 skipped).
    with at(D(2026, 2, 27)), pytest.raises(ProcedureError, match="7个工作日"):
        services.request_correction(
            application, on=D(2026, 2, 27), reply_by=D(2026, 3, 9), items="请写明年份", actor=clerk
        )
    with at(D(2026, 2, 24)):
        services.request_correction(
            application, on=D(2026, 2, 24), reply_by=D(2026, 3, 6), items="请写明年份", actor=clerk
        )
    application.refresh_from_db()
    assert application.status == Status.CORRECTION
    assert application.party_due_on == D(2026, 3, 6)
    assert application.due_on is None
    with at(D(2026, 3, 3)):
        services.receive_correction(application, on=D(2026, 3, 3), actor=clerk)
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    assert application.clock_start == D(2026, 3, 3)
    assert application.due_on == D(2026, 3, 31)
    with at(D(2026, 3, 4)), pytest.raises(ProcedureError, match="一次性告知"):
        services.request_correction(
            application, on=D(2026, 3, 4), reply_by=D(2026, 3, 12), items="再补", actor=clerk
        )


def test_no_correction_in_time_closes_as_six_one(agency, clerk):
    with at(D(2026, 2, 10)):
        application = register(agency, clerk, D(2026, 2, 10))
    with at(D(2026, 2, 11)):
        services.request_correction(
            application, on=D(2026, 2, 11), reply_by=D(2026, 2, 27), items="写明年份", actor=clerk
        )
    with at(D(2026, 2, 27)), pytest.raises(ProcedureError, match="尚未届满"):
        services.lapse_correction(application, on=D(2026, 2, 27))
    with at(D(2026, 2, 28)):
        services.lapse_correction(application, on=D(2026, 2, 28))
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.result_row == ResultRow.OTHER_NO_CORRECTION
    assert application.closed_on == D(2026, 2, 28)


def test_third_party_consultation_pauses_across_national_day(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    assert application.due_on == D(2026, 10, 26)
    with at(D(2026, 9, 24)):
        event = services.start_consultation(
            application,
            party="third_party",
            party_name="示范区某某物业公司",
            on=D(2026, 9, 24),
            actor=clerk,
        )
    application.refresh_from_db()
    assert application.status == Status.CONSULTING and application.paused
    # The third party has 15 working days: to 22 Oct (国庆 skipped).
    assert application.party_due_on == D(2026, 10, 22)
    assert application.letters.filter(kind="consultation").exists()
    with at(D(2026, 10, 9)):
        with pytest.raises(ProcedureError, match="征求意见尚未结束"):
            services.reply_to_application(
                application, on=D(2026, 10, 9), reply_type="granted", actor=clerk
            )
        services.record_consultation_answer(
            application,
            consultation_id=event.pk,
            on=D(2026, 10, 9),
            outcome="objects",
            actor=clerk,
        )
    application.refresh_from_db()
    # Paused 25 Sep – 9 Oct: 5 working days (28, 29, 30 Sep, 8, 9 Oct) are not counted.
    assert not application.paused
    assert application.due_on == D(2026, 11, 2)


def test_other_agency_silence_ends_the_pause_at_its_limit(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
        event = services.start_consultation(
            application,
            party="other_agency",
            party_name="区财政局",
            on=D(2026, 9, 21),
            actor=clerk,
        )
    with at(D(2026, 11, 5)):
        services.record_consultation_answer(
            application,
            consultation_id=event.pk,
            on=D(2026, 11, 5),
            outcome="no_answer",
            actor=clerk,
        )
    application.refresh_from_db()
    # Silence = consent after 15 WD (12 Oct): the pause covers 22 Sep – 12 Oct only.
    assert application.due_on == D(2026, 11, 16)


def test_extension_needs_the_head_and_at_most_twenty_days(agency, clerk, head):
    with at(D(2026, 2, 13)):
        application = register(agency, clerk, D(2026, 2, 13))
    assert application.due_on == D(2026, 3, 19)
    with at(D(2026, 3, 10)):
        with pytest.raises(ProcedureError, match="负责人"):
            services.extend_deadline(
                application, on=D(2026, 3, 10), days=20, reason="需调取档案", actor=clerk
            )
        with pytest.raises(ProcedureError, match="20个工作日"):
            services.extend_deadline(
                application, on=D(2026, 3, 10), days=21, reason="需调取档案", actor=head
            )
        services.extend_deadline(
            application, on=D(2026, 3, 10), days=20, reason="需调取档案", actor=head
        )
    application.refresh_from_db()
    assert application.extended
    # 20 more working days after 19 Mar, skipping 4–6 Apr (清明).
    assert application.due_on == D(2026, 4, 17)
    assert application.letters.filter(kind="extension").exists()
    with at(D(2026, 3, 11)), pytest.raises(ProcedureError, match="还可延长0"):
        services.extend_deadline(application, on=D(2026, 3, 11), days=1, reason="再延", actor=head)


def test_fee_notice_pauses_and_non_payment_closes_as_six_two(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 9, 28)):
        with pytest.raises(ProcedureError, match="只能选择一种"):
            services.issue_fee_notice(
                application,
                schedule="per_item",
                pages=2219,
                on=D(2026, 9, 28),
                notice_received_on=D(2026, 9, 29),
                actor=clerk,
            )
        fee = services.issue_fee_notice(
            application,
            schedule="per_page",
            pages=2219,
            on=D(2026, 9, 28),
            notice_received_on=D(2026, 9, 29),
            actor=clerk,
        )
    assert fee.amount == 83460
    # 20 WD counted from the day after receipt of the notice: 2 Nov (国庆 skipped).
    assert fee.pay_by == D(2026, 11, 2)
    application.refresh_from_db()
    assert application.status == Status.FEE and application.paused
    assert application.party_due_on == D(2026, 11, 2)
    with at(D(2026, 11, 2)), pytest.raises(ProcedureError, match="尚未届满"):
        services.lapse_fee(application, on=D(2026, 11, 2))
    with at(D(2026, 11, 3)):
        services.lapse_fee(application, on=D(2026, 11, 3))
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.result_row == ResultRow.OTHER_FEE_UNPAID
    assert application.closed_on == D(2026, 11, 3)


def test_fee_paid_resumes_the_clock(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 9, 28)):
        services.issue_fee_notice(
            application,
            schedule="per_page",
            pages=120,
            on=D(2026, 9, 28),
            notice_received_on=D(2026, 9, 29),
            actor=clerk,
        )
    with at(D(2026, 10, 12)):
        services.record_fee_payment(application, on=D(2026, 10, 12), actor=clerk)
    application.refresh_from_db()
    # Paused 29 Sep – 12 Oct: 6 working days (29, 30 Sep, 8, 9, 10, 12 Oct).
    assert application.status == Status.PROCESSING
    assert application.due_on == D(2026, 11, 3)
    assert application.fees.get().paid_on == D(2026, 10, 12)


def test_fee_pause_can_be_switched_off(agency, clerk, settings):
    settings.GONGKAI_FEE_NOTICE_PAUSES_CLOCK = False
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 9, 28)):
        services.issue_fee_notice(
            application,
            schedule="per_page",
            pages=120,
            on=D(2026, 9, 28),
            notice_received_on=D(2026, 9, 29),
            actor=clerk,
        )
    application.refresh_from_db()
    assert not application.paused
    assert application.due_on == D(2026, 10, 26)


def test_deadline_in_an_unknown_year_is_an_alarm_then_recomputed(agency, clerk):
    from gongkai.workdays import calendar
    from gongkai.workdays.models import Arrangement

    with at(D(2026, 12, 10)):
        application = register(agency, clerk, D(2026, 12, 10))
    assert application.due_on is None
    assert "2027年" in application.deadline_alarm
    Arrangement.objects.create(year=2027)  # loaded without holidays: weekdays only
    result = calendar.recompute_open_deadlines({2027})
    assert result["applications"] >= 1
    application.refresh_from_db()
    assert application.deadline_alarm == ""
    assert application.due_on == D(2027, 1, 7)


def test_events_are_append_only(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    event = application.events.first()
    event.note = "改写"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert Application.objects.get().events.count() == 2
