"""The API serves an interview's published questions on their own paginated endpoint; the
interview detail carries only their count and address, so its size does not grow with them."""

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
    """An announced interview with 25 published questions, one withheld, one rejected, one
    pending."""
    start = at(today()) + 3 * DAY
    interview = services.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "养老服务政策在线访谈",
            "summary": "解读居家养老服务补贴政策。",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "host": "林晓",
        },
    )
    services.add_guest(interview, actor=clerk, name="周海燕", position="区民政局副局长")
    services.announce_interview(interview, actor=reviewer)
    for i in range(25):
        q = services.submit_question(
            interview,
            name="慕容秋水",
            phone="13912345678",
            text=f"第{i:02d}个问题，电话13912345678",
        )
        services.moderate_question(q, actor=clerk, status=Moderation.PUBLISHED)
    for status in (Moderation.WITHHELD, Moderation.REJECTED):
        q = services.submit_question(
            interview, name="", phone="13912345678", text=f"{status}的问题"
        )
        services.moderate_question(q, actor=clerk, status=status)
    services.submit_question(interview, name="", phone="13912345678", text="尚未审核的问题")
    return interview


def test_detail_has_the_count_and_the_address_of_the_questions_not_the_questions(
    client, interview, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        detail = client.get(f"/api/v1/interviews/{interview.pk}").json()
    assert "questions" not in detail
    assert detail["published_questions"] == 25
    assert detail["questions_url"] == f"/api/v1/interviews/{interview.pk}/questions"
    assert client.get(detail["questions_url"]).json()["count"] == 25


def test_published_questions_are_paginated_masked_and_in_order(client, interview):
    url = f"/api/v1/interviews/{interview.pk}/questions"
    first = client.get(url, {"limit": 10}).json()
    assert first["count"] == 25 and len(first["items"]) == 10
    last = client.get(url, {"limit": 10, "offset": 20}).json()
    assert [q["text"][:4] for q in last["items"]] == [f"第{i:02d}个" for i in range(20, 25)]
    everything = client.get(url, {"limit": 100}).json()["items"]
    assert [q["text"][:4] for q in everything] == [f"第{i:02d}个" for i in range(25)]
    # Masked name and text; no contact field; withheld, rejected and pending ones never shown.
    assert {q["name"] for q in everything} == {"慕**水"}
    assert set(everything[0]) == {"name", "received_on", "text"}
    body = client.get(url, {"limit": 100}).content.decode()
    hidden = [f"{Moderation.WITHHELD}的问题", f"{Moderation.REJECTED}的问题", "尚未审核的问题"]
    for secret in ("13912345678", "慕容秋水", *hidden):
        assert secret not in body


def test_questions_of_an_interview_that_is_not_public_are_404(client, agency, clerk):
    start = at(today()) + 3 * DAY
    unannounced = services.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "未发布的访谈",
            "summary": "草稿。",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "host": "林晓",
        },
    )
    assert client.get(f"/api/v1/interviews/{unannounced.pk}").status_code == 404
    assert client.get(f"/api/v1/interviews/{unannounced.pk}/questions").status_code == 404
    assert client.get("/api/v1/interviews/999999/questions").status_code == 404
