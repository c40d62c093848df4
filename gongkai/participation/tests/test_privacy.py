"""No contact data, no unmoderated or withheld text and no registrant data on any public page,
feed or API answer: a crawl of the public site and the API finds none of the planted values."""

from __future__ import annotations

import datetime
import re
from collections import deque

import pytest

from gongkai.participation import services
from gongkai.participation.models import Moderation

from .factories import at, comment, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

PLANTED = [
    "慕容秋水",  # commenter's name (shown masked)
    "13687654321",  # commenter's phone
    "qinglan@example.invalid",  # commenter's e-mail
    "310101198503154313",  # ID number typed into the comment text
    "13599998888",  # phone typed into the comment text
    "待审核的意见甲乙丙",  # a comment not yet moderated
    "不公开显示的意见丁戊",  # a withheld comment (counted, not shown)
    "广告推销己庚",  # a rejected comment
    "尚未审核的提问辛壬",  # an unmoderated interview question
    "13711112222",  # asker's phone
    "司马相如",  # open-day registrant
    "13722223333",  # registrant's mobile
]


@pytest.fixture
def planted(agency, clerk, reviewer, head):
    decision = opened(agency, clerk, reviewer)
    on = at(today())
    shown = comment(
        decision,
        name="慕容秋水",
        phone="13687654321",
        email="qinglan@example.invalid",
        text="我是慕容秋水，身份证310101198503154313，电话13599998888。建议增加长者食堂晚餐。",
        now=on,
    )
    services.moderate_comment(shown, actor=clerk, status=Moderation.PUBLISHED)
    comment(decision, text="待审核的意见甲乙丙", now=on)
    withheld = comment(decision, text="不公开显示的意见丁戊", now=on)
    services.moderate_comment(withheld, actor=clerk, status=Moderation.WITHHELD)
    rejected = comment(decision, text="广告推销己庚", now=on)
    services.moderate_comment(rejected, actor=clerk, status=Moderation.REJECTED)

    interview = services.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "养老服务在线访谈",
            "summary": "简介",
            "starts_at": on + 3 * DAY,
            "ends_at": on + 3 * DAY + datetime.timedelta(hours=1),
        },
    )
    services.add_guest(interview, actor=clerk, name="王建华", position="区民政局局长")
    services.announce_interview(interview, actor=reviewer)
    services.submit_question(
        interview, name="慕容秋水", phone="13711112222", text="尚未审核的提问辛壬"
    )
    asked = services.submit_question(
        interview, name="慕容秋水", phone="13711112222", text="补贴怎么申请？"
    )
    services.moderate_question(asked, actor=clerk, status=Moderation.PUBLISHED)

    day = services.save_open_day(
        actor=clerk,
        agency=agency,
        data={
            "title": "走进区社会福利院",
            "description": "参观",
            "starts_at": on + 9 * DAY,
            "ends_at": on + 9 * DAY + datetime.timedelta(hours=1),
            "place": "福利院",
            "capacity": 5,
            "registration_closes_at": on + 8 * DAY,
        },
    )
    services.publish_open_day(day, actor=head)
    services.register(day, name="司马相如", mobile="13722223333")
    return decision, interview, day


def _crawl(client, starts, limit=300):
    seen, queue, pages = set(), deque(starts), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(("/staff", "/django-admin", "/static", "/media")):
            continue
        seen.add(url)
        response = client.get(url)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not any(k in kind for k in ("html", "json", "xml")):
            continue
        body = response.content.decode("utf-8", errors="replace")
        pages[url] = body
        for href in re.findall(r'href="(/[^"#]*)"', body):
            queue.append(href.replace("&amp;", "&"))
    return pages


def test_crawl_of_public_site_and_api_finds_no_planted_data(client, planted):
    decision, interview, day = planted
    pages = _crawl(
        client,
        [
            "/",
            "/interact/",
            "/api/v1/decisions",
            f"/api/v1/decisions/{decision.pk}",
            f"/api/v1/decisions/{decision.pk}/comments",
            "/api/v1/interviews",
            f"/api/v1/interviews/{interview.pk}",
            f"/api/v1/interviews/{interview.pk}/questions",
            "/api/v1/open-days",
            f"/api/v1/open-days/{day.pk}",
            "/api/v1/openapi.json",
        ],
    )
    for url in (decision.get_absolute_url(), interview.get_absolute_url(), day.get_absolute_url()):
        assert url in pages, f"the crawl did not reach {url}"
    # Positive controls: the moderated items are public, masked.
    page = pages[decision.get_absolute_url()]
    assert "建议增加长者食堂晚餐" in page and "慕**水" in page
    assert "补贴怎么申请" in pages[interview.get_absolute_url()]
    assert len(pages) >= 10
    for url, body in pages.items():
        for value in PLANTED:
            assert value not in body, f"{value} leaked on {url}"


def test_public_schemas_have_no_contact_fields(client):
    schema = client.get("/api/v1/openapi.json").json()
    names = {
        name
        for key, component in schema["components"]["schemas"].items()
        if key.startswith(
            ("Decision", "Comment", "Interview", "Question", "OpenDay", "Consultation")
        )
        for name in component.get("properties", {})
    }
    assert names and not names & {"phone", "email", "mobile", "registrations"}
