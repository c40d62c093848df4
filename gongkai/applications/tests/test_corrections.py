"""政府信息更正申请, staff side: decisions, transfer between agencies, letters, deadlines,
agency isolation, audit, dashboard and demo data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.applications.corrections import demo, services
from gongkai.applications.corrections.models import CorrectionRequest
from gongkai.applications.services import ProcedureError
from gongkai.core.models import AuditEvent
from gongkai.workdays import calendar

from . import correction_factories as cf
from .factories import PLANTED_ID, PLANTED_NAME, PLANTED_PHONE
from .factories import register as register_application
from .test_deadlines import at

D = datetime.date
pytestmark = pytest.mark.django_db

REMEDY = (
    "如对本答复不服，可以在收到本答复之日起六十日内向示范区人民政府申请行政复议，"
    "或者在六个月内向人民法院提起行政诉讼。"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


@pytest.fixture
def correction(agency, clerk):
    with at(D(2026, 9, 21)):
        return cf.register(agency, clerk, D(2026, 9, 21), files=[cf.pdf_upload()])


def _audits(action_prefix="correction."):
    return AuditEvent.objects.filter(action__startswith=action_prefix).exclude(
        action__in=["correction.view_personal_data", "correction.view_evidence"]
    )


# --- refusal -----------------------------------------------------------------------------------


def test_refusal_without_reason_is_rejected_and_changes_nothing(correction, clerk, login):
    audits, events = _audits().count(), correction.events.count()
    with at(D(2026, 9, 25)):
        with pytest.raises(ProcedureError, match="不予更正必须说明理由"):
            services.refuse_correction(correction, on=D(2026, 9, 25), reason="", actor=clerk)
        with pytest.raises(ProcedureError, match="其他理由"):
            services.refuse_correction(
                correction, on=D(2026, 9, 25), reason="other", text="  ", actor=clerk
            )
        response = login(clerk).post(
            f"/staff/corrections/{correction.pk}/act/refuse/",
            {"on": "2026-09-25", "reason": "", "text": ""},
            follow=True,
        )
    assert "不予更正的理由：请选择“不予更正的理由”。" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == "processing" and correction.closed_on is None
    assert correction.refusal_reason == "" and not correction.letters.exists()
    assert correction.events.count() == events and _audits().count() == audits


def test_refusal_with_reason_closes_and_writes_letter(correction, clerk):
    with at(D(2026, 9, 25)):
        services.refuse_correction(
            correction,
            on=D(2026, 9, 25),
            reason="not_ours",
            competent_agency="区公安分局",
            actor=clerk,
        )
    correction.refresh_from_db()
    assert correction.status == "refused" and correction.closed_on == D(2026, 9, 25)
    body = correction.letters.get().body
    assert "不予更正" in body and "请您（单位）向有权更正的行政机关提出：区公安分局" in body
    assert REMEDY in body


# --- transfer ----------------------------------------------------------------------------------


def test_transfer_to_another_gongkai_agency(
    correction, clerk, other_clerk, other_agency, login, client
):
    mine = login(clerk).get("/staff/corrections/").content.decode()
    assert correction.tracking_number in mine
    with at(D(2026, 9, 24)):
        services.transfer_correction(
            correction, on=D(2026, 9, 24), to_agency=other_agency, actor=clerk
        )
    correction.refresh_from_db()
    new = correction.transferred_to
    assert correction.status == "transferred"
    assert correction.competent_agency_name == other_agency.name
    assert new.agency == other_agency and new.status == "submitted"
    assert new.evidence.get().file.name == correction.evidence.get().file.name
    # Gone from the first agency's open list, still in its closed list.
    mine = login(clerk).get("/staff/corrections/").content.decode()
    assert correction.tracking_number not in mine and new.tracking_number not in mine
    closed = login(clerk).get("/staff/corrections/?bucket=closed").content.decode()
    assert correction.tracking_number in closed
    # In the receiving agency's list, waiting for confirmation; the original stays hidden.
    theirs = login(other_clerk).get("/staff/corrections/?bucket=unconfirmed").content.decode()
    assert new.tracking_number in theirs
    page = login(other_clerk).get(f"/staff/corrections/{new.pk}/").content.decode()
    assert PLANTED_NAME in page and "转送自" in page and "区民政局" in page
    evidence = new.evidence.get()
    assert (
        login(other_clerk).get(f"/staff/corrections/{new.pk}/evidence/{evidence.pk}/").status_code
        == 200
    )
    assert login(other_clerk).get(f"/staff/corrections/{correction.pk}/").status_code == 404
    with at(D(2026, 9, 28)):
        login(other_clerk).post(
            f"/staff/corrections/{new.pk}/act/confirm/", {"received_on": "2026-09-28"}
        )
    new.refresh_from_db()
    assert new.status == "processing"
    assert new.due_on == calendar.add_workdays(D(2026, 9, 28), 20)
    theirs = login(other_clerk).get("/staff/corrections/").content.decode()
    assert new.tracking_number in theirs


def test_transfer_outside_gongkai_and_refusals_of_bad_targets(correction, clerk, agency):
    with at(D(2026, 9, 24)):
        with pytest.raises(ProcedureError, match="请选择或填写有权更正的行政机关"):
            services.transfer_correction(correction, on=D(2026, 9, 24), actor=clerk)
        with pytest.raises(ProcedureError, match="不能转送给本机关"):
            services.transfer_correction(
                correction, on=D(2026, 9, 24), to_agency=agency, actor=clerk
            )
        services.transfer_correction(
            correction,
            on=D(2026, 9, 24),
            agency_name="上海市公积金管理中心示范分中心",
            contact="021-12329",
            actor=clerk,
        )
    correction.refresh_from_db()
    assert correction.status == "transferred"
    assert not CorrectionRequest.objects.filter(transferred_from=correction).exists()
    body = correction.letters.get().body
    assert "转送上海市公积金管理中心示范分中心处理（联系方式：021-12329）" in body
    assert REMEDY in body


# --- letters -----------------------------------------------------------------------------------


def test_correction_letter_states_decision_and_the_same_remedy_as_replies(
    correction, agency, clerk, reviewer, login
):
    from gongkai.records.tests.helpers import published

    with at(D(2026, 9, 21)):
        record = published(agency, clerk, reviewer)
        application = register_application(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 9, 25)):
        services.grant_correction(
            correction,
            on=D(2026, 9, 25),
            corrected_content="已将核对结果中3月工资收入更正为2800元。",
            record_index_no=record.index_no,
            actor=clerk,
        )
        from gongkai.applications import services as app_services

        app_services.reply_to_application(
            application, on=D(2026, 9, 25), reply_type="granted", actor=clerk
        )
    correction.refresh_from_db()
    record.refresh_from_db()
    assert correction.corrected_record == record
    letter = correction.letters.get()
    assert letter.title == "政府信息更正申请告知书"
    assert letter.document_number == "区民政局信更〔2026〕1号"
    assert (
        f"本机关已于2026年9月25日予以更正（涉及已公开的政府信息，索引号：{record.index_no}）。"
        "更正情况：已将核对结果中3月工资收入更正为2800元。"
    ) in letter.body
    assert "《中华人民共和国政府信息公开条例》第四十一条" in letter.body
    # The remedy sentence is the one the disclosure replies use, word for word.
    reply = application.letters.get(kind="reply")
    assert REMEDY in reply.body and REMEDY in letter.body
    client = login(clerk)
    html = client.get(f"/staff/corrections/{correction.pk}/letters/{letter.pk}/").content.decode()
    assert REMEDY in html and "予以更正" in html
    docx = client.get(f"/staff/corrections/{correction.pk}/letters/{letter.pk}/docx/")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert REMEDY in text and letter.document_number in text
    # The published record itself is not edited here.
    assert record.title == "关于做好2026年社会救助工作的通知"
    page = client.get(f"/staff/corrections/{correction.pk}/").content.decode()
    assert f"/staff/records/{record.pk}/correct/" in page


def test_edited_remedy_template_applies_to_correction_letters(correction, clerk):
    from gongkai.applications.models import LetterTemplate

    LetterTemplate.objects.create(
        key="remedy", title="救济途径", body="如不服，可向{{ review_body }}申请行政复议。"
    )
    with at(D(2026, 9, 25)):
        services.refuse_correction(
            correction, on=D(2026, 9, 25), reason="evidence_insufficient", actor=clerk
        )
    body = correction.letters.get().body
    assert "如不服，可向示范区人民政府申请行政复议。" in body
    assert "证据不足以证明" in body


def test_grant_refuses_an_unpublished_index_number(correction, clerk):
    with at(D(2026, 9, 25)), pytest.raises(ProcedureError, match="不存在或尚未主动公开"):
        services.grant_correction(
            correction,
            on=D(2026, 9, 25),
            corrected_content="已更正。",
            record_index_no="NOPE-2026-1",
            actor=clerk,
        )
    correction.refresh_from_db()
    assert correction.status == "processing" and not correction.letters.exists()


# --- deadlines ---------------------------------------------------------------------------------


def test_deadline_across_national_day_equals_add_workdays(agency, clerk, settings):
    with at(D(2026, 9, 21)):
        correction = cf.register(agency, clerk, D(2026, 9, 21))
    # 中秋 25 Sep and 国庆 1–7 Oct are off, Saturday 10 Oct is worked.
    assert correction.due_on == calendar.add_workdays(D(2026, 9, 21), 20) == D(2026, 10, 26)
    assert correction.reply_period == 20
    settings.GONGKAI_CORRECTION_REPLY_WORKDAYS = 10
    with at(D(2026, 9, 21)):
        shorter = cf.register(agency, clerk, D(2026, 9, 21))
    assert shorter.due_on == calendar.add_workdays(D(2026, 9, 21), 10) == D(2026, 10, 12)
    services.recompute()
    correction.refresh_from_db()
    assert correction.due_on == D(2026, 10, 26)  # the period in force at receipt stays


def test_overdue_and_due_soon_show_in_the_list(agency, clerk, login):
    with at(D(2026, 9, 21)):
        correction = cf.register(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 10, 22)):
        html = login(clerk).get("/staff/corrections/?bucket=due_soon").content.decode()
        assert correction.tracking_number in html
    with at(D(2026, 10, 27)):
        html = login(clerk).get("/staff/corrections/?bucket=overdue").content.decode()
        assert correction.tracking_number in html and "超期" in html
        page = login(clerk).get(f"/staff/corrections/{correction.pk}/").content.decode()
        assert "办理期限已于 2026年10月26日 届满" in page


def test_deadline_in_an_unknown_year_is_an_alarm_then_recomputed(agency, clerk, login):
    from gongkai.workdays.models import Arrangement

    with at(D(2026, 12, 10)):
        correction = cf.register(agency, clerk, D(2026, 12, 10))
        assert correction.due_on is None and correction.deadline_unknown_year == 2027
        assert "2027年节假日安排尚未载入" in correction.deadline_alarm
        html = login(clerk).get("/staff/corrections/?bucket=alarm").content.decode()
        assert correction.tracking_number in html
    Arrangement.objects.create(year=2027)  # loaded without holidays: weekdays only
    result = calendar.recompute_open_deadlines({2027})
    assert result["corrections"] == 1
    correction.refresh_from_db()
    assert correction.deadline_unknown_year is None and correction.due_on == D(2027, 1, 7)


# --- isolation, audit, registration ------------------------------------------------------------


def test_other_agency_gets_404_everywhere(correction, other_clerk, district_office, login):
    client = login(other_clerk)
    base = f"/staff/corrections/{correction.pk}"
    evidence = correction.evidence.get()
    with at(D(2026, 9, 25)):
        services.refuse_correction(
            correction, on=D(2026, 9, 25), reason="evidence_insufficient", actor=district_office
        )
    letter = correction.letters.get()
    for url in (
        f"{base}/",
        f"{base}/evidence/{evidence.pk}/",
        f"{base}/letters/{letter.pk}/",
        f"{base}/letters/{letter.pk}/docx/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/act/note/", {"on": "2026-09-25", "note": "x"}).status_code == 404
    assert (
        correction.tracking_number
        not in client.get("/staff/corrections/?bucket=closed").content.decode()
    )
    with pytest.raises(ProcedureError, match="没有办理更正申请的岗位"):
        services.add_correction_note(correction, on=D(2026, 9, 25), note="x", actor=other_clerk)
    office = login(district_office).get("/staff/corrections/?bucket=closed").content.decode()
    assert correction.tracking_number in office


def test_list_masks_case_page_shows_and_audits(correction, clerk, login):
    client = login(clerk)
    html = client.get("/staff/corrections/").content.decode()
    assert "欧**岚" in html and "139****5678" in html
    for planted in (PLANTED_NAME, PLANTED_ID, PLANTED_PHONE):
        assert planted not in html
    page = client.get(f"/staff/corrections/{correction.pk}/").content.decode()
    assert PLANTED_NAME in page and PLANTED_ID in page and "4800元" in page
    evidence = correction.evidence.get()
    response = client.get(f"/staff/corrections/{correction.pk}/evidence/{evidence.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert {
        "correction.view_personal_data",
        "correction.view_evidence",
    } <= set(AuditEvent.objects.filter(actor=clerk).values_list("action", flat=True))


def test_each_staff_write_is_one_audit_event(agency, clerk, other_agency):
    steps = []
    with at(D(2026, 9, 21)):
        before = _audits().count()
        first = cf.register(agency, clerk, D(2026, 9, 21))
        steps.append(("correction.register", _audits().count() - before))
        before = _audits().count()
        services.add_evidence(first, files=[cf.pdf_upload()], actor=clerk)
        steps.append(("correction.add_evidence", _audits().count() - before))
        before = _audits().count()
        services.add_correction_note(first, on=D(2026, 9, 21), note="电话联系申请人", actor=clerk)
        steps.append(("correction.note", _audits().count() - before))
        before = _audits().count()
        services.transfer_correction(first, on=D(2026, 9, 21), to_agency=other_agency, actor=clerk)
        steps.append(("correction.transfer", _audits().count() - before))
        second = cf.register(agency, clerk, D(2026, 9, 21))
        before = _audits().count()
        services.withdraw_correction(second, on=D(2026, 9, 21), actor=clerk)
        steps.append(("correction.withdraw", _audits().count() - before))
    assert all(count == 1 for _action, count in steps), steps
    actions = set(_audits().values_list("action", flat=True))
    assert {a for a, _ in steps} <= actions
    for event in _audits():
        for value in (PLANTED_NAME, PLANTED_ID, PLANTED_PHONE):
            assert value not in str(event.before) + str(event.after) + event.target_repr


def test_register_paper_request_with_evidence(agency, clerk, login):
    client = login(clerk)
    data = {
        "agency": agency.pk,
        "channel": "post",
        "submitted_on": "2026-09-18",
        "received_on": "2026-09-21",
        **cf.applicant(),
        **cf.info(info_title="", info_index_no="", info_description=""),
        "evidence": cf.pdf_upload(),
    }
    with at(D(2026, 9, 22)):
        response = client.post("/staff/corrections/new/", data)
        assert "请至少填写所涉政府信息" in response.content.decode()
        data["info_description"] = "2025年3月办理低保时出具的家庭收入核对结果"
        data["evidence"] = cf.pdf_upload()
        response = client.post("/staff/corrections/new/", data)
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.channel == "post" and correction.received_on == D(2026, 9, 21)
    assert correction.due_on == calendar.add_workdays(D(2026, 9, 21), 20)
    assert correction.evidence.count() == 1


def test_only_the_listed_actions_exist(correction, clerk, login):
    response = login(clerk).post(f"/staff/corrections/{correction.pk}/act/delete/", {})
    assert response.status_code == 404


def test_dashboard_widget_counts(agency, clerk, login):
    today = timezone.localdate()
    cf.register(agency, clerk, today)
    services.submit_correction(agency=agency, applicant=cf.applicant(), info=cf.info())
    html = login(clerk).get("/staff/").content.decode()
    assert "政府信息更正申请" in html
    assert "待确认接收</a>：1" in html and "全部在办</a>：2" in html


def test_demo_is_idempotent_and_covers_every_state(settings):
    from gongkai.orgs import demo as orgs_demo

    orgs_demo.load(stdout=io.StringIO(), options={})
    demo.load(stdout=io.StringIO(), options={})
    count = CorrectionRequest.objects.count()
    assert set(CorrectionRequest.objects.values_list("status", flat=True)) == {
        "submitted",
        "processing",
        "corrected",
        "transferred",
        "refused",
        "withdrawn",
    }
    transferred_in = CorrectionRequest.objects.filter(transferred_from__isnull=False).get()
    assert transferred_in.agency.code == "rsj" and transferred_in.status == "processing"
    root = transferred_in.transferred_from
    assert services.check_query_code(transferred_in, demo.DEMO_CODE)
    assert services.check_query_code(root, demo.DEMO_CODE)
    demo.load(stdout=io.StringIO(), options={})
    assert CorrectionRequest.objects.count() == count
