"""办事指南, 便民服务点 and 重大行政决策 through the site search, on both backends.

Objects are made with their apps' own services (the writes staff make); the index follows the
saves after commit. Only what the public page shows is indexed: drafts and withdrawn guides are
not found, and nothing a commenter typed (name, phone, text) ever reaches the index.
"""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.participation import services as participation
from gongkai.participation.models import Consultation, Disposition, Moderation, Step
from gongkai.participation.tests import factories as decisions
from gongkai.search import indexing
from gongkai.search import sources as registry
from gongkai.search.api import search
from gongkai.services import services as guides
from gongkai.services.models import Guide
from gongkai.services.tests import factories as service_factories
from gongkai.services.tests.factories import COMPLETE, MATERIALS

from .test_more_sources import backend  # noqa: F401  (the two-backend fixture)

pytestmark = pytest.mark.django_db

COMMENTER_NAME = "欧阳明轩"
COMMENTER_PHONE = "13912345678"


def keys(query: str, **filters) -> set[str]:
    return {h.key for h in search(query, filters=filters, per_page=100).hits}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block and then its after-commit callbacks (the index update)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- 办事指南 ---------------------------------------------------------------------------------


def _guide(agency, clerk, **overrides):
    data = {**COMPLETE, "conditions": "户籍在本区，家庭人均收入低于本区最低生活保障标准。"}
    data.update(overrides)
    return guides.create_guide(actor=clerk, agency=agency, data=data, materials=MATERIALS)


def test_published_guide_is_found_by_its_conditions_a_withdrawn_one_is_not(
    backend,  # noqa: F811
    agency,
    clerk,
    reviewer,
    client,
    committed,
):
    with committed():
        guide = _guide(agency, clerk, code="310120-MZ-001")
    assert keys("家庭人均收入") == set()  # a draft is not public
    with committed():
        guides.publish_guide(guide, actor=reviewer)
    key = f"guide:{guide.pk}"
    assert keys("家庭人均收入") == {key}
    assert keys("家庭成员收入证明") == {key}  # a row of 办理材料
    hit = search("家庭人均收入").hits[0]
    assert (hit.kind, hit.title, hit.url) == ("guide", "最低生活保障申请", guide.get_absolute_url())
    assert hit.index_no == "310120-MZ-001" and hit.agency == agency.name
    assert client.get(hit.url).status_code == 200
    html = client.get("/search/", {"q": "家庭人均收入"}).content.decode()
    assert "<span>办事指南</span>" in html and "事项编码：310120-MZ-001" in html
    assert keys("家庭人均收入", kind="guide") and not keys("家庭人均收入", kind="decision")

    # an edit of the published guide is indexed once approved, the old wording disappears
    with committed():
        guides.update_guide(
            guide, actor=clerk, data={"conditions": "持有本区居住证满一年的困难家庭。"}
        )
    assert keys("居住证满一年") == set()  # pending review: the public version is unchanged
    with committed():
        guides.approve_guide_revision(guide, actor=reviewer)
    assert keys("家庭人均收入") == set()
    assert keys("居住证满一年") == {key}

    with committed():
        guides.withdraw_guide(guide, actor=reviewer, reason="事项已调整。")
    assert keys("居住证满一年") == set()
    assert keys("最低生活保障申请") == set()


def test_service_point_is_found_until_it_is_switched_off(
    backend,  # noqa: F811
    district,
    agency,
    clerk,
    client,
    committed,
):
    sub = service_factories.subdistrict(district)
    data = {
        "name": "朝阳街道综合为老服务中心",
        "kind": "elderly",
        "subdistrict": sub,
        "address": "示范区朝阳路 188 号",
        "opening_hours": "每天 8:00—20:00",
        "phone": "021-57880120",
        "services": "长者助餐、日间照料、助浴",
        "lon": "121.470000",
        "lat": "30.925000",
    }
    with committed():
        point = guides.create_point(actor=clerk, agency=agency, data=data)
    key = f"service_point:{point.pk}"
    assert keys("日间照料") == {key}
    assert keys("朝阳路 188 号") == {key}
    hit = search("日间照料").hits[0]
    assert hit.kind == "service_point" and hit.url == point.get_absolute_url()
    assert client.get(hit.url).status_code == 200
    assert keys("021-57880120") == set()  # the office phone is on the page, not in the index
    with committed():
        guides.update_point(point, actor=clerk, data={"is_active": False})
    assert keys("日间照料") == set()


def test_guides_saved_together_are_indexed_in_one_batch(
    backend,  # noqa: F811
    agency,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    writes: list[int] = []
    upsert = type(backend).upsert

    def counting(self, docs):
        docs = list(docs)
        writes.append(len(docs))
        return upsert(self, docs)

    monkeypatch.setattr(type(backend), "upsert", counting)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for n in range(40):
            service_factories.guide(agency, name=f"批量指南{n:02d}")
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert writes == [40]  # one index write for 40 guides and their 80 material rows
    assert len(queries) <= 5
    assert len(keys("批量指南")) == 40


# --- 重大行政决策 -----------------------------------------------------------------------------


def test_a_draft_is_found_during_consultation_never_a_commenter(
    backend,  # noqa: F811
    agency,
    clerk,
    reviewer,
    client,
    committed,
):
    with committed():
        decision = decisions.draft(
            agency, clerk, draft_text="第一条 在每个街镇建设一处长者智慧食堂。"
        )
    assert keys("长者智慧食堂") == set()  # a draft decision is not public
    with committed():
        participation.submit_step(decision, actor=clerk, step=Step.OPEN_CONSULTATION)
        participation.approve_step(decision, actor=reviewer)
    key = f"decision:{decision.pk}"
    assert keys("长者智慧食堂") == {key}
    assert keys("养老服务设施布局规划") == {key}  # the title
    hit = search("长者智慧食堂").hits[0]
    assert (hit.kind, hit.url) == ("decision", decision.get_absolute_url())
    assert client.get(hit.url).status_code == 200

    text = f"我是{COMMENTER_NAME}，电话{COMMENTER_PHONE}，建议长者食堂提供送餐上门。"
    with committed():
        comment = decisions.comment(decision, name=COMMENTER_NAME, phone=COMMENTER_PHONE, text=text)
        participation.moderate_comment(comment, actor=clerk, status=Moderation.PUBLISHED)
    # the comment is on the public page (masked), but comments are not indexed at all
    assert "送餐上门" in client.get(decision.get_absolute_url()).content.decode()
    for secret in (COMMENTER_NAME, COMMENTER_PHONE, COMMENTER_PHONE[3:9], "送餐上门"):
        assert keys(secret) == set(), secret
    outputs = [
        client.get("/search/", {"q": "长者智慧食堂"}).content.decode(),
        json.dumps(client.get("/api/v1/search", {"q": "长者"}).json(), ensure_ascii=False),
    ]
    cli = io.StringIO()
    call_command("search", "长者", "--json", stdout=cli)
    outputs.append(cli.getvalue())
    for out in outputs:
        assert decision.title in out
        for secret in (COMMENTER_NAME, COMMENTER_PHONE, "欧阳"):
            assert secret not in out


def test_feedback_and_the_adopted_decision_are_found_once_published(
    backend,  # noqa: F811
    agency,
    clerk,
    reviewer,
    committed,
):
    today = decisions.today()
    start = today - datetime.timedelta(days=40)
    with committed():
        decision = decisions.opened(agency, clerk, reviewer)
        # move the period into the past so that the consultation can close and a decision follow
        Consultation.objects.filter(decision=decision).update(
            opens_on=start, closes_on=start + datetime.timedelta(days=30)
        )
        c = decisions.comment(
            decision, text="建议增加助浴服务。", now=decisions.at(start + datetime.timedelta(1))
        )
        participation.close_due_consultations(today=today)
        participation.moderate_comment(c, actor=clerk, status=Moderation.PUBLISHED)
        theme = participation.save_theme(
            decision, actor=clerk, title="助浴服务", response="已纳入流动助浴车配置。"
        )
        participation.classify_comment(c, actor=clerk, theme=theme, disposition=Disposition.ADOPTED)
        participation.save_feedback_summary(decision, actor=clerk, summary="共收到意见1条。")
    key = f"decision:{decision.pk}"
    assert keys("流动助浴车") == set()  # feedback not yet published
    with committed():
        participation.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)
        participation.approve_step(decision, actor=reviewer)
    assert keys("流动助浴车") == {key}
    with committed():
        participation.update_outcome(
            decision,
            actor=clerk,
            data={
                "decided_on": today,
                "decision_meeting": "区政府第8次常务会议",
                "decision_text": "会议审议通过布局规划，新建长者照护之家十二家。",
            },
        )
    assert keys("长者照护之家") == set()  # the decision is recorded, not yet published
    with committed():
        participation.submit_step(decision, actor=clerk, step=Step.PUBLISH_DECISION)
        participation.approve_step(decision, actor=reviewer)
    assert keys("长者照护之家") == {key}
    with committed():
        participation.add_progress(
            decision, actor=clerk, reported_on=today, text="首批照护之家已开工建设。"
        )
    assert keys("首批照护之家") == {key}


# --- labels, reindex ------------------------------------------------------------------------


def test_kinds_have_their_chinese_labels_and_are_rebuilt_by_reindex(
    backend,  # noqa: F811
    district,
    agency,
    clerk,
    reviewer,
    client,
    committed,
):
    labels = registry.kind_labels()
    assert (labels["guide"], labels["service_point"], labels["decision"]) == (
        "办事指南",
        "便民服务点",
        "重大行政决策",
    )
    html = client.get("/search/").content.decode()
    for value, label in labels.items():
        assert f'<option value="{value}">{label}</option>' in html
    with committed():
        guide = service_factories.guide(agency, conditions="居住在示范区的梧桐社区居民。")
        service_factories.guide(agency, name="草稿指南", state="draft", conditions="梧桐社区")
        point = service_factories.point(
            agency, service_factories.subdistrict(district), services="梧桐社区居民事务"
        )
        decision = decisions.opened(
            agency, clerk, reviewer, summary="梧桐社区公共空间改造方案征求意见。"
        )
    backend.clear()
    assert keys("梧桐社区") == set()
    call_command("search", "reindex", stdout=io.StringIO())
    assert keys("梧桐社区") == {
        f"guide:{guide.pk}",
        f"service_point:{point.pk}",
        f"decision:{decision.pk}",
    }
    assert Guide.objects.count() == 2
    html = client.get("/search/", {"q": "梧桐社区"}).content.decode()
    assert "找到 <strong>3</strong> 条" in html
    for label in ("办事指南", "便民服务点", "重大行政决策"):
        assert f"<span>{label}</span>" in html  # each hit's 类别
    assert "<span>征求意见稿发布日期：<time" in html
    indexing.changed("guide", [guide.pk])  # re-reading a still-public guide keeps it
    assert f"guide:{guide.pk}" in keys("梧桐社区")
