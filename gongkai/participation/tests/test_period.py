"""The consultation period: the minimum (a setting, default 30 days) refused one day short and
accepted at the boundary, with the message naming the field; a shortened period needs a reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.participation import rules, services
from gongkai.participation.models import Stage, Step

from .factories import draft, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_one_day_short_of_the_minimum_is_refused_naming_the_field(agency, clerk):
    start = today()
    with pytest.raises(services.Refused) as exc:
        draft(agency, clerk, opens_on=start, closes_on=start + 29 * DAY)
    assert list(exc.value.message_dict) == ["closes_on"]
    message = exc.value.message_dict["closes_on"][0]
    assert "征求意见截止日期" in message and "不少于30日" in message
    assert f"{start + 30 * DAY:%Y年%m月%d日}" in message


def test_the_minimum_itself_is_accepted(agency, clerk, reviewer):
    start = today()
    decision = opened(agency, clerk, reviewer, opens_on=start, closes_on=start + 30 * DAY)
    assert decision.stage == Stage.CONSULTATION
    assert decision.consultation.period_days == 30


def test_minimum_is_a_setting(agency, clerk, settings):
    settings.GONGKAI_CONSULTATION_MIN_DAYS = 45
    start = today()
    with pytest.raises(services.Refused, match="不少于45日"):
        draft(agency, clerk, opens_on=start, closes_on=start + 44 * DAY)
    assert draft(agency, clerk, opens_on=start, closes_on=start + 45 * DAY).pk


def test_bad_setting_fails_loudly(settings):
    settings.GONGKAI_CONSULTATION_MIN_DAYS = "三十"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_CONSULTATION_MIN_DAYS"):
        rules.min_consultation_days()


def test_shortened_period_needs_a_reason_which_is_published(agency, clerk, reviewer, client):
    start = today()
    reason = "因汛期临近，需在6月前出台防汛物资储备办法，故缩短征求意见期限。"
    decision = opened(
        agency,
        clerk,
        reviewer,
        opens_on=start,
        closes_on=start + 10 * DAY,
        shortened_reason=reason,
    )
    assert reason in client.get(decision.get_absolute_url()).content.decode()


def test_close_before_open_is_refused(agency, clerk):
    start = today()
    with pytest.raises(services.Refused) as exc:
        draft(agency, clerk, opens_on=start, closes_on=start)
    assert "晚于开始日期" in exc.value.message_dict["closes_on"][0]


def test_editing_a_draft_checks_the_period_too(agency, clerk):
    decision = draft(agency, clerk)
    start = decision.consultation.opens_on
    with pytest.raises(services.Refused) as exc:
        services.update_decision(decision, actor=clerk, data={"closes_on": start + 20 * DAY})
    assert "closes_on" in exc.value.message_dict
    decision.consultation.refresh_from_db()
    assert decision.consultation.closes_on == start + 30 * DAY  # nothing changed


def test_opening_date_in_the_past_is_refused_at_approval(agency, clerk, reviewer):
    decision = draft(agency, clerk, opens_on=today())
    services.submit_step(decision, actor=clerk, step=Step.OPEN_CONSULTATION)
    tomorrow = datetime.datetime.combine(
        today() + DAY, datetime.time(10), tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    with pytest.raises(services.Refused) as exc:
        services.approve_step(decision, actor=reviewer, now=tomorrow)
    assert "征求意见开始日期" in exc.value.message_dict["opens_on"][0]
    decision.refresh_from_db()
    assert decision.stage == Stage.DRAFT


def test_staff_form_shows_the_refusal_on_the_field(login, agency, clerk):
    start = today()
    response = login(clerk).post(
        "/staff/participation/decisions/new/",
        {
            "agency": agency.pk,
            "decision_body": "示范区人民政府",
            "title": "测试决策",
            "summary": "简介",
            "draft_text": "第一条",
            "opens_on": start.isoformat(),
            "closes_on": (start + 29 * DAY).isoformat(),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "closes_on" in errors and "征求意见截止日期过早" in errors["closes_on"][0]
