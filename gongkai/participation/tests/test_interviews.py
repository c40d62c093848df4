"""在线访谈: questions only before the start and shown after moderation; the transcript only
after the event, without personal data."""

from __future__ import annotations

import datetime

import pytest

from gongkai.participation import services
from gongkai.participation.models import Moderation

from .factories import at, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def interview(agency, clerk, reviewer):
    start = at(today()) + 3 * DAY
    interview = services.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "稳就业促创业在线访谈",
            "summary": "解读就业创业政策。",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "host": "林晓",
        },
    )
    with pytest.raises(services.Refused, match="嘉宾"):
        services.announce_interview(interview, actor=reviewer)
    services.add_guest(interview, actor=clerk, name="赵立新", position="区人社局副局长")
    return services.announce_interview(interview, actor=reviewer)


def test_questions_before_the_start_only(interview):
    with pytest.raises(services.Refused, match="不接受提问"):
        services.submit_question(
            interview, name="", phone="13912345678", text="问题", now=interview.starts_at
        )
    q = services.submit_question(
        interview, name="", phone="13912345678", text="问题", now=interview.starts_at - DAY
    )
    assert q.status == Moderation.PENDING


def test_questions_show_after_moderation_masked(interview, clerk, client):
    q = services.submit_question(
        interview, name="欧阳明轩", phone="13912345678", text="欧阳明轩想问：创业补贴标准是多少？"
    )
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "创业补贴标准" not in page
    services.moderate_question(q, actor=clerk, status=Moderation.PUBLISHED)
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "创业补贴标准" in page and "欧阳明轩" not in page and "欧**轩" in page


def test_transcript_only_after_the_event(interview, clerk, reviewer, client):
    guest = interview.guests.get()
    with pytest.raises(services.Refused, match="个人信息"):
        services.add_transcript_item(
            interview, actor=clerk, question="电话13912345678的网友问", answer="答", guest=guest
        )
    services.add_transcript_item(
        interview, actor=clerk, question="补贴标准？", answer="每人5000元。", guest=guest
    )
    with pytest.raises(services.Refused, match="尚未开始"):
        services.publish_transcript(interview, actor=reviewer, now=interview.starts_at - DAY)
    assert "每人5000元" not in client.get(interview.get_absolute_url()).content.decode()
    services.publish_transcript(interview, actor=reviewer, now=interview.ends_at)
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "每人5000元" in page and "区人社局副局长 赵立新" in page
    api = client.get(f"/api/v1/interviews/{interview.pk}").json()
    assert api["transcript"][0]["answer"] == "每人5000元。"
