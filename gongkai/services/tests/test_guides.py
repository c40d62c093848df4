"""Guides in the back office (create, edit, publish, withdraw; isolation; audit) and on the portal
(legal and plain versions side by side, the working-day deadline, linked licence results)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from gongkai.core.models import AuditEvent
from gongkai.services import services
from gongkai.services.models import Guide, GuideState
from gongkai.workdays.calendar import add_workdays

from .factories import COMPLETE, guide

pytestmark = pytest.mark.django_db


def _post_data(agency, **overrides):
    data = {
        "agency": agency.pk,
        **COMPLETE,
        "m-TOTAL_FORMS": "3",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "60",
        "m-0-name": "申请人居民身份证",
        "m-0-form": "original",
        "m-0-copies": "1",
        "m-0-required": "on",
        "m-1-name": "户口簿",
        "m-1-form": "both",
        "m-1-copies": "2",
        "m-1-note": "查验后退回",
    }
    data.update(overrides)
    return {k: "" if v is None else v for k, v in data.items()}


def test_clerk_creates_a_draft_with_material_rows_and_one_audit_event(login, clerk, agency):
    client = login(clerk)
    before = AuditEvent.objects.count()
    response = client.post("/staff/services/guides/new/", _post_data(agency))
    assert response.status_code == 302
    g = Guide.objects.get(name=COMPLETE["name"])
    assert g.state == GuideState.DRAFT and g.agency == agency
    rows = [(m.name, m.form, m.copies, m.required, m.note) for m in g.materials.all()]
    assert rows == [
        ("申请人居民身份证", "original", 1, True, ""),
        ("户口簿", "both", 2, False, "查验后退回"),
    ]
    events = AuditEvent.objects.order_by("id")[before:]
    assert [e.action for e in events] == ["services.guide.create"]
    assert events[0].agency == agency and events[0].after["materials"][1]["name"] == "户口簿"


def test_bad_material_row_is_named_and_nothing_is_saved(login, clerk, agency):
    client = login(clerk)
    response = client.post(
        "/staff/services/guides/new/",
        _post_data(agency, **{"m-2-name": "", "m-2-form": "copy", "m-2-note": "x"}),
    )
    assert response.status_code == 200
    assert "办理材料第3行：请填写材料名称。" in response.content.decode()
    assert not Guide.objects.exists()


def test_promised_longer_than_statutory_is_refused(login, clerk, agency):
    response = login(clerk).post(
        "/staff/services/guides/new/", _post_data(agency, statutory_days="10", promised_days="15")
    )
    assert "承诺时限（15个工作日）不能长于法定时限（10个工作日）" in response.content.decode()
    assert not Guide.objects.exists()


def test_publish_needs_reviewer_and_is_audited(login, clerk, reviewer, agency):
    g = guide(agency, state=GuideState.DRAFT)
    with pytest.raises(PermissionDenied):
        services.publish_guide(g, actor=clerk)
    response = login(reviewer).post(f"/staff/services/guides/{g.pk}/publish/")
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.state == GuideState.PUBLISHED and g.published_at
    assert list(
        AuditEvent.objects.filter(target_id=str(g.pk)).values_list("action", flat=True)
    ) == ["services.guide.publish"]
    services.withdraw_guide(g, actor=reviewer, reason="事项已取消")
    event = AuditEvent.objects.get(action="services.guide.withdraw")
    assert event.after == {"state": "withdrawn", "reason": "事项已取消"}


def test_edit_records_only_changed_fields(agency, clerk):
    g = guide(agency, state=GuideState.DRAFT)
    services.update_guide(
        g,
        actor=clerk,
        data={"fee": "工本费 10 元"},
        materials=[{"name": "身份证", "form": "original", "copies": 1, "required": True}],
    )
    event = AuditEvent.objects.get(action="services.guide.update")
    assert event.before["fee"] == "不收费" and event.after["fee"] == "工本费 10 元"
    assert set(event.after) == {"fee", "materials"}
    assert [m.name for m in Guide.objects.get(pk=g.pk).materials.all()] == ["身份证"]


def test_other_agency_guides_are_404_for_staff(login, other_clerk, agency, other_agency, clerk):
    g = guide(agency)
    client = login(other_clerk)
    for url in [
        f"/staff/services/guides/{g.pk}/",
        f"/staff/services/guides/{g.pk}/edit/",
    ]:
        assert client.get(url).status_code == 404
    assert client.post(f"/staff/services/guides/{g.pk}/publish/").status_code == 404
    assert g.name not in client.get("/staff/services/").content.decode()
    # Nor can they create a guide for 区民政局 by posting its id.
    response = client.post("/staff/services/guides/new/", _post_data(agency, name="冒名事项"))
    assert response.status_code == 200 and not Guide.objects.filter(name="冒名事项").exists()
    with pytest.raises(PermissionDenied):
        services.create_guide(actor=other_clerk, agency=agency, data={**COMPLETE, "name": "x"})
    assert g.name in login(clerk).get("/staff/services/").content.decode()


def test_staff_detail_lists_missing_elements(login, clerk, agency):
    g = guide(agency, state=GuideState.DRAFT, consultation="", process="")
    html = login(clerk).get(f"/staff/services/guides/{g.pk}/").content.decode()
    assert "缺少 2 项必备要素" in html and "办理流程、咨询方式" in html


@pytest.mark.parametrize(
    "today, days",
    [
        (
            datetime.date(2026, 9, 28),
            5,
        ),  # across National Day 2026 (10-01..10-07, 调休 on 09-20 and 10-10)
        (datetime.date(2026, 2, 12), 5),  # across Spring Festival 2026
    ],
)
def test_public_guide_shows_deadline_from_the_workday_calendar(client, agency, today, days):
    g = guide(agency, promised_days=days)
    with time_machine.travel(
        datetime.datetime(today.year, today.month, today.day, 10, tzinfo=datetime.UTC), tick=False
    ):
        html = client.get(g.get_absolute_url()).content.decode()
    due = add_workdays(today, days)
    assert due > today + datetime.timedelta(days=days + 2)  # the holiday really lies in between
    assert f"今天提交，最迟 {due:%Y-%m-%d} 办结" in html


def test_public_guide_shows_legal_and_plain_versions(client, agency):
    g = guide(agency, promised_days=0)
    html = client.get(g.get_absolute_url()).content.decode()
    assert "即办件" in html
    legal = html.index('id="legal-title"')
    plain = html.index('id="plain-title"')
    assert legal < plain
    for label in [
        "设定依据",
        "申请条件",
        "办理材料",
        "办理流程",
        "法定时限",
        "承诺时限",
        "收费标准",
        "办理地点",
        "咨询方式",
        "监督投诉方式",
    ]:
        assert label in html
    assert "收入太低可以申请低保。" in html and "<li>带身份证去街镇申请</li>" in html
    assert "家庭成员收入证明" in html and "原件和复印件" in html


def test_drafts_and_withdrawn_guides_are_not_public(client, agency):
    draft = guide(agency, state=GuideState.DRAFT)
    gone = guide(agency, name="已撤下事项", state=GuideState.WITHDRAWN)
    for g in (draft, gone):
        assert client.get(g.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/guides/{g.pk}").status_code == 404
    assert client.get("/api/v1/guides").json()["count"] == 0


def test_guide_lists_recent_public_licences_of_the_same_item(client, agency, clerk):
    from gongkai.publicity import services as publicity
    from gongkai.publicity.tests.factories import csv_bytes, licence_row

    rows = [licence_row(agency, n) for n in (1, 2)]
    rows.append(licence_row(agency, 3, **{"许可证书名称": "其他证书"}))
    publicity.import_file(
        actor=clerk, kind="licence", filename="l.csv", data=csv_bytes("licence", rows)
    )
    g = guide(agency, name="养老机构备案", licence_certificate="养老机构备案回执")
    html = client.get(g.get_absolute_url()).content.decode()
    assert "本事项近期许可结果" in html
    assert "示民许〔2026〕1号" in html and "示民许〔2026〕2号" in html
    assert "示民许〔2026〕3号" not in html
    plain = guide(agency, name="无许可事项")
    assert "本事项近期许可结果" not in client.get(plain.get_absolute_url()).content.decode()


def test_api_guide_detail(client, agency):
    g = guide(agency)
    data = client.get(f"/api/v1/guides/{g.pk}").json()
    assert data["name"] == g.name and data["agency"] == agency.code
    assert [m["name"] for m in data["materials"]] == ["申请人居民身份证", "家庭成员收入证明"]
    assert data["materials"][1]["form_label"] == "原件和复印件"
    assert data["process"] == ["申请", "受理", "审核确认", "发放"]
    assert data["missing_elements"] == []
    listing = client.get("/api/v1/guides?agency=mzj").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == g.pk


def test_public_list_queries_are_bounded(client, agency, django_assert_max_num_queries):
    for i in range(15):
        guide(agency, name=f"事项{i}")
    with django_assert_max_num_queries(8):
        assert client.get("/services/guides/").status_code == 200


def test_staff_list_queries_are_bounded(login, clerk, agency, django_assert_max_num_queries):
    for i in range(15):
        guide(agency, name=f"事项{i}", state="draft" if i % 2 else "published", fee="")
    client = login(clerk)
    with django_assert_max_num_queries(12):
        html = client.get("/staff/services/").content.decode()
    assert html.count("缺 1 项") == 15


def test_edit_page_prefills_rows_and_saves_a_published_guide(login, clerk, reviewer, agency):
    g = guide(agency)
    client = login(clerk)
    html = client.get(f"/staff/services/guides/{g.pk}/edit/").content.decode()
    assert 'value="申请人居民身份证"' in html and 'value="家庭成员收入证明"' in html
    data = _post_data(agency, fee="工本费 5 元", **{"m-INITIAL_FORMS": "2", "m-TOTAL_FORMS": "5"})
    data["m-1-name"], data["m-1-form"] = "家庭成员收入证明", "both"
    # Emptying a required element of a published guide is refused with the element named.
    response = client.post(f"/staff/services/guides/{g.pk}/edit/", {**data, "complaint": ""})
    assert response.status_code == 200 and "监督投诉方式" in response.content.decode()
    response = client.post(f"/staff/services/guides/{g.pk}/edit/", data)
    assert response.status_code == 302
    services.approve_guide_revision(g, actor=reviewer)  # see test_revisions.py
    g.refresh_from_db()
    assert g.fee == "工本费 5 元" and g.state == GuideState.PUBLISHED
    assert g.complaint == COMPLETE["complaint"]
    assert [m.name for m in g.materials.all()] == ["申请人居民身份证", "家庭成员收入证明"]
