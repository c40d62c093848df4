"""Public pages: the landing lists open consultations first, soonest close first, with the days
left computed from the dates; lists run in a bounded number of queries."""

from __future__ import annotations

import datetime
import io

import pytest

from gongkai.orgs import demo as orgs_demo
from gongkai.participation import demo
from gongkai.participation.models import Consultation, Decision, Stage

from .factories import opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_landing_lists_open_consultations_first_with_days_left(agency, clerk, reviewer, client):
    later = opened(agency, clerk, reviewer, title="二十天后截止的草案")
    soon = opened(agency, clerk, reviewer, title="今天截止的草案")
    Consultation.objects.filter(decision=later).update(
        opens_on=today() - 10 * DAY, closes_on=today() + 20 * DAY
    )
    Consultation.objects.filter(decision=soon).update(
        opens_on=today() - 30 * DAY, closes_on=today()
    )
    page = client.get("/interact/").content.decode()
    open_section = page.split('id="open-title"')[1].split('id="later-title"')[0]
    assert open_section.index("今天截止的草案") < open_section.index("二十天后截止的草案")
    assert "今天截止" in open_section and "剩余 20 天" in open_section
    api = client.get("/api/v1/decisions", {"open": "true"}).json()["items"]
    assert [d["title"] for d in api] == ["今天截止的草案", "二十天后截止的草案"]
    assert [d["consultation"]["days_left"] for d in api] == [0, 20]


def test_interact_replaces_the_portal_placeholder(client):
    page = client.get("/interact/").content.decode()
    assert "正在征求意见" in page and "将在这里发布" not in page


@pytest.fixture
def demo_data():
    out = io.StringIO()
    orgs_demo.load(stdout=out, options={"small": True})
    demo.load(stdout=out, options={"small": True})


def test_list_pages_query_counts(client, demo_data, django_assert_max_num_queries):
    for url in (
        "/interact/",
        "/interact/decisions/",
        "/interact/interviews/",
        "/interact/open-days/",
    ):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


def test_demo_loads_every_stage_and_is_idempotent(demo_data):
    stages = set(Decision.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    count = Decision.objects.count()
    demo.load(stdout=io.StringIO(), options={"small": True})
    assert Decision.objects.count() == count
    today_ = today()
    assert Decision.objects.open_on(today_).exists()
    assert Decision.objects.feedback_overdue(today_).exists()
    for decision in Decision.objects.exclude(stage__in=[Stage.DRAFT, Stage.CONSULTATION]):
        c = decision.consultation
        assert c.period_days >= 30 and c.closes_on < today_


def test_api_list_query_count(client, demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        items = client.get("/api/v1/decisions").json()["items"]
    assert len(items) == Decision.objects.public().count()
    comments = {d["id"]: d["consultation"]["published_comments"] for d in items}
    for decision in Decision.objects.public():
        assert comments[decision.pk] == decision.consultation.comments.public().count()
