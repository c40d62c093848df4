"""Back office: the queue, the case page, actions, letters, templates."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from gongkai.applications.models import Application, LetterTemplate
from gongkai.core.models import AuditEvent

from .factories import PLANTED_ID, PLANTED_NAME, PLANTED_PHONE, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(agency, clerk):
    return register(agency, clerk, timezone.localdate())


def test_queue_masks_personal_data(login, clerk, application):
    html = login(clerk).get("/staff/applications/").content.decode()
    assert application.tracking_number in html
    assert "欧**岚" in html and "139****5678" in html
    for planted in (PLANTED_NAME, PLANTED_ID, PLANTED_PHONE):
        assert planted not in html


def test_queue_buckets_and_district_office_sees_all(
    login, district_office, other_clerk, application
):
    html = login(other_clerk).get("/staff/applications/").content.decode()
    assert application.tracking_number not in html
    html = login(district_office).get("/staff/applications/?bucket=new").content.decode()
    assert application.tracking_number in html
    for label in ("新收待办", "待确认接收", "3个工作日内到期", "已超期", "暂停计时", "待缴费"):
        assert label in html


def test_case_page_shows_full_data_and_audits_viewing(login, clerk, application):
    html = login(clerk).get(f"/staff/applications/{application.pk}/").content.decode()
    assert PLANTED_NAME in html and PLANTED_ID in html and PLANTED_PHONE in html
    assert AuditEvent.objects.filter(
        action="application.view_personal_data", actor=clerk, target_id=str(application.pk)
    ).exists()


def test_other_agency_gets_404(login, other_clerk, application):
    assert login(other_clerk).get(f"/staff/applications/{application.pk}/").status_code == 404
    response = login(other_clerk).post(
        f"/staff/applications/{application.pk}/act/withdraw/", {"on": timezone.localdate()}
    )
    assert response.status_code == 404


def test_clerk_extension_is_refused_head_allowed(login, clerk, head, application):
    today = timezone.localdate().isoformat()
    data = {"on": today, "days": 10, "reason": "需要调取档案"}
    response = login(clerk).post(
        f"/staff/applications/{application.pk}/act/extend/", data, follow=True
    )
    assert "负责人" in response.content.decode()
    application.refresh_from_db()
    assert not application.extended
    login(head).post(f"/staff/applications/{application.pk}/act/extend/", data)
    application.refresh_from_db()
    assert application.extended


def test_unknown_action_is_404(login, clerk, application):
    response = login(clerk).post(f"/staff/applications/{application.pk}/act/delete/", {})
    assert response.status_code == 404


def test_register_by_staff(login, clerk, agency):
    today = timezone.localdate().isoformat()
    response = login(clerk).post(
        "/staff/applications/new/",
        {
            "agency": agency.pk,
            "channel": "signed_post",
            "submitted_on": today,
            "applicant_type": "business",
            "applicant_name": "示范区某某科技有限公司",
            "contact_person": "王五",
            "id_type": "uscc",
            "id_number": "91310120MA1ABCDE1X",
            "phone": "021-66001234",
            "address": "示范区科技路1号",
            "info_title": "某项目环评批复",
            "info_form": "paper",
            "delivery": "post",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.received_on == timezone.localdate()
    assert application.letters.filter(kind="receipt").exists()


def test_letter_html_and_docx(login, clerk, application):
    from docx import Document

    letter = application.letters.get()
    client = login(clerk)
    html = client.get(f"/staff/applications/{application.pk}/letters/{letter.pk}/").content.decode()
    assert "政府信息公开申请登记回执" in html and letter.document_number in html
    response = client.get(f"/staff/applications/{application.pk}/letters/{letter.pk}/docx/")
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert letter.document_number in texts and "政府信息公开申请登记回执" in texts
    body_run = document.paragraphs[4].runs[0]
    assert (
        body_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋_GB2312"
    )


def test_district_office_edits_templates_and_remedy(login, district_office, clerk, application):
    client = login(district_office)
    response = client.post(
        "/staff/applications/templates/remedy/",
        {
            "title": "救济途径",
            "body": "如不服，可于六十日内申请行政复议，或六个月内提起行政诉讼（本区修订）。",
        },
    )
    assert response.status_code == 302
    assert LetterTemplate.objects.filter(key="remedy").exists()
    bad = client.post("/staff/applications/templates/reply/", {"title": "x", "body": "{% if %}"})
    assert "模板语法错误" in bad.content.decode()
    assert login(clerk).get("/staff/applications/templates/").status_code == 403
    login(clerk).post(
        f"/staff/applications/{application.pk}/act/reply/",
        {"on": timezone.localdate().isoformat(), "reply_type": "granted"},
    )
    assert "本区修订" in application.letters.get(kind="reply").body


def test_queue_query_count_is_bounded(login, clerk, agency, django_assert_max_num_queries):
    for i in range(15):
        register(agency, clerk, timezone.localdate() - datetime.timedelta(days=i % 3))
    client = login(clerk)
    with django_assert_max_num_queries(25):
        client.get("/staff/applications/")


def test_unknown_year_alarm_shows_on_pages_without_crashing(login, clerk, agency):
    from .test_deadlines import D, at

    with at(D(2026, 12, 10)):
        application = register(agency, clerk, D(2026, 12, 10))
        client = login(clerk)
        case = client.get(f"/staff/applications/{application.pk}/").content.decode()
        queue = client.get("/staff/applications/?bucket=alarm").content.decode()
    assert "2027年" in case and "节假日安排尚未载入" in case
    assert application.tracking_number in queue and "期限告警" in queue
