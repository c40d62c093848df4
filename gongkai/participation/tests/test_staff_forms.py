"""The back office's create and edit forms for decisions, interviews and open days: a valid post
saves through the service and opens the saved object's page; a refused one shows the reason on
its field and saves nothing; edit forms start from the stored values in local time."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from gongkai.participation.models import Decision, Interview, OpenDay

from .factories import draft, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _local(days: int, hour: int) -> str:
    """A datetime-local form value, `days` from today at `hour` o'clock."""
    return f"{(today() + days * DAY).isoformat()}T{hour:02d}:00"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


INTERVIEW = {
    "title": "养老服务专题访谈",
    "summary": "介绍养老服务补贴政策",
    "starts_at": _local(5, 10),
    "ends_at": _local(5, 11),
    "host": "李主持",
}
OPEN_DAY = {
    "title": "福利院开放日",
    "description": "参观福利院",
    "starts_at": _local(9, 9),
    "ends_at": _local(9, 11),
    "place": "区福利院",
    "capacity": "20",
    "registration_closes_at": _local(8, 17),
    "report": "",
}


def test_interview_created_edited_and_refused(login, agency, clerk):
    client = login(clerk)
    response = client.post(
        "/staff/participation/interviews/new/", {**INTERVIEW, "agency": agency.pk}
    )
    interview = Interview.objects.get(title="养老服务专题访谈")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/participation/interviews/{interview.pk}/"
    assert "已登记访谈，请添加嘉宾后发布预告。" in _messages(response)
    assert interview.agency == agency and interview.host == "李主持"
    assert timezone.localtime(interview.starts_at).hour == 10

    edit = f"/staff/participation/interviews/{interview.pk}/edit/"
    initial = client.get(edit).context["form"].initial
    assert initial["title"] == "养老服务专题访谈"
    assert initial["starts_at"].hour == 10  # local time, not UTC

    response = client.post(edit, {**INTERVIEW, "title": "养老服务补贴访谈"})
    assert response.status_code == 302
    assert "已保存。" in _messages(response)
    interview.refresh_from_db()
    assert interview.title == "养老服务补贴访谈"

    response = client.post(edit, {**INTERVIEW, "title": "改不了", "ends_at": _local(5, 9)})
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["访谈结束时间必须晚于开始时间。"]
    interview.refresh_from_db()
    assert interview.title == "养老服务补贴访谈"


def test_open_day_created_edited_and_refused(login, agency, clerk):
    client = login(clerk)
    refused = client.post(
        "/staff/participation/open-days/new/",
        {**OPEN_DAY, "agency": agency.pk, "registration_closes_at": _local(9, 10)},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["registration_closes_at"] == [
        "报名截止时间不能晚于活动开始时间。"
    ]
    assert not OpenDay.objects.exists()

    response = client.post("/staff/participation/open-days/new/", {**OPEN_DAY, "agency": agency.pk})
    day = OpenDay.objects.get()
    assert response["Location"] == f"/staff/participation/open-days/{day.pk}/"
    assert "已登记开放日活动。" in _messages(response)
    assert (day.capacity, day.place) == (20, "区福利院")

    edit = f"/staff/participation/open-days/{day.pk}/edit/"
    initial = client.get(edit).context["form"].initial
    assert initial["registration_closes_at"].hour == 17
    response = client.post(edit, {**OPEN_DAY, "capacity": "30"})
    assert response["Location"] == f"/staff/participation/open-days/{day.pk}/"
    day.refresh_from_db()
    assert day.capacity == 30


def test_decision_edited_and_agency_fixed(login, agency, other_agency, clerk):
    decision = draft(agency, clerk)
    c = decision.consultation
    client = login(clerk)
    edit = f"/staff/participation/decisions/{decision.pk}/edit/"
    form = client.get(edit).context["form"]
    assert "agency" not in form.fields  # the organising agency cannot change on edit
    data = {
        "decision_body": decision.decision_body,
        "title": "修改后的决策",
        "summary": decision.summary,
        "draft_text": c.draft_text,
        "opens_on": c.opens_on.isoformat(),
        "closes_on": c.closes_on.isoformat(),
        "agency": other_agency.pk,  # ignored
    }
    response = client.post(edit, data)
    assert response["Location"] == f"/staff/participation/decisions/{decision.pk}/"
    assert "已保存。" in _messages(response)
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.title, decision.agency) == ("修改后的决策", agency)
