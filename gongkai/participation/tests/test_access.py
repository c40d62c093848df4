"""Agency isolation: another agency's decisions, comments, interviews, questions, open days and
registrations are a 404 in the back office, and the services refuse its staff."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.participation import services
from gongkai.participation.models import Moderation, Step

from .factories import at, comment, draft, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(agency, clerk, reviewer, head):
    decision = opened(agency, clerk, reviewer)
    c = comment(decision)
    now = at(today())
    interview = services.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "民政局养老服务专题访谈",
            "summary": "简介",
            "starts_at": now + 3 * DAY,
            "ends_at": now + 3 * DAY + datetime.timedelta(hours=1),
        },
    )
    services.add_guest(interview, actor=clerk, name="王建华", position="局长")
    services.announce_interview(interview, actor=reviewer)
    question = services.submit_question(interview, name="", phone="13912345678", text="问题")
    day = services.save_open_day(
        actor=clerk,
        agency=agency,
        data={
            "title": "民政局福利院开放体验",
            "description": "参观",
            "starts_at": now + 9 * DAY,
            "ends_at": now + 9 * DAY + datetime.timedelta(hours=1),
            "place": "福利院",
            "capacity": 5,
            "registration_closes_at": now + 8 * DAY,
        },
    )
    services.publish_open_day(day, actor=head)
    registration, _ = services.register(day, name="张三", mobile="13912345678")
    return decision, c, interview, question, day, registration


def test_other_agency_staff_get_404_everywhere(world, login, other_clerk):
    decision, c, interview, question, day, registration = world
    client = login(other_clerk)
    gets = [
        f"/staff/participation/decisions/{decision.pk}/",
        f"/staff/participation/decisions/{decision.pk}/edit/",
        f"/staff/participation/decisions/{decision.pk}/comments/",
        f"/staff/participation/interviews/{interview.pk}/",
        f"/staff/participation/interviews/{interview.pk}/edit/",
        f"/staff/participation/open-days/{day.pk}/",
        f"/staff/participation/open-days/{day.pk}/edit/",
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        f"/staff/participation/decisions/{decision.pk}/approve/",
        f"/staff/participation/comments/{c.pk}/moderate/",
        f"/staff/participation/comments/{c.pk}/classify/",
        f"/staff/participation/interviews/{interview.pk}/cancel/",
        f"/staff/participation/questions/{question.pk}/moderate/",
        f"/staff/participation/open-days/{day.pk}/cancel/",
        f"/staff/participation/open-days/{day.pk}/",
        f"/staff/participation/registrations/{registration.pk}/cancel/",
    ]
    for url in posts:
        assert client.post(url, {"action": "reveal", "reason": "x"}).status_code == 404, url
    # Lists show only their own agency's work.
    for url in (
        "/staff/participation/",
        "/staff/participation/interviews/",
        "/staff/participation/open-days/",
        "/staff/participation/moderation/",
    ):
        page = client.get(url).content.decode()
        assert decision.title not in page and interview.title not in page and day.title not in page
    assert "互动交流" not in client.get("/staff/").content.decode().split("待办事项")[1]


def test_services_refuse_other_agency_staff(world, other_clerk):
    decision, c, interview, question, day, registration = world
    calls = [
        lambda: services.update_decision(decision, actor=other_clerk, data={"title": "x"}),
        lambda: services.moderate_comment(c, actor=other_clerk, status=Moderation.PUBLISHED),
        lambda: services.save_theme(decision, actor=other_clerk, title="x"),
        lambda: services.moderate_question(question, actor=other_clerk, status="published"),
        lambda: services.cancel_registration(registration, actor=other_clerk),
        lambda: services.reveal_registrations(day, actor=other_clerk),
        lambda: services.create_decision(agency=decision.agency, actor=other_clerk, data={}),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def test_district_office_supervises_every_agency(world, login, district_office):
    decision = world[0]
    assert (
        login(district_office).get(f"/staff/participation/decisions/{decision.pk}/").status_code
        == 200
    )


def test_staff_form_offers_only_own_agencies(login, clerk, agency, other_agency):
    page = login(clerk).get("/staff/participation/decisions/new/").content.decode()
    assert agency.name in page and other_agency.name not in page


def test_step_approval_through_the_view(agency, clerk, reviewer, login):
    decision = draft(agency, clerk)
    client = login(clerk)
    client.post(
        f"/staff/participation/decisions/{decision.pk}/submit/",
        {"step": Step.OPEN_CONSULTATION},
    )
    page = client.get(f"/staff/participation/decisions/{decision.pk}/").content.decode()
    assert "不能审核自己提交的事项" in page
    client.post(f"/staff/participation/decisions/{decision.pk}/approve/")
    decision.refresh_from_db()
    assert decision.pending_step == Step.OPEN_CONSULTATION  # refused, unchanged
    login(reviewer).post(f"/staff/participation/decisions/{decision.pk}/approve/")
    decision.refresh_from_db()
    assert decision.stage == "consultation"
