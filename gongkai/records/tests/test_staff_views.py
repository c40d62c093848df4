"""The back office under /staff/records/: register, submit, review, publish through the forms."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.records.models import Record, RecordType, Status, Topic

from .helpers import draft, published

pytestmark = pytest.mark.django_db


def test_full_flow_through_the_forms(agency, clerk, reviewer, login):
    c = login(clerk)
    response = c.post(
        "/staff/records/new/",
        {
            "agency": agency.pk,
            "title": "关于开展敬老月活动的通知",
            "record_type": RecordType.NOTICE,
            "attribute": "proactive",
            "written_on": "2026-10-09",
            "topic": Topic.objects.get(code="1703").pk,
            "validity": "valid",
            "body": "<p>通知正文</p><script>x</script>",
        },
    )
    record = Record.objects.get(title="关于开展敬老月活动的通知")
    assert response.status_code == 302
    assert record.formed_on.isoformat() == "2026-10-09"
    assert "<script>" not in record.body
    c.post(f"/staff/records/{record.pk}/submit/")
    # The author's own review attempt is refused through the view as well.
    c.post(f"/staff/records/{record.pk}/review/", {"secrecy_checked": "on"})
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED

    r = login(reviewer)
    r.post(f"/staff/records/{record.pk}/review/", {"secrecy_checked": "on"})
    record.refresh_from_db()
    assert record.status == Status.REVIEWED and record.reviewed_by == reviewer
    r.post(f"/staff/records/{record.pk}/publish/")
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED and record.index_no
    assert AuditEvent.objects.filter(target_id=str(record.pk)).count() == 4


def test_form_errors_are_in_chinese_and_name_the_field(agency, clerk, login):
    response = login(clerk).post(
        "/staff/records/new/",
        {
            "agency": agency.pk,
            "title": "不公开件",
            "record_type": RecordType.OTHER_DOC,
            "attribute": "withheld",
            "written_on": "2026-10-09",
            "validity": "valid",
        },
    )
    assert response.status_code == 200
    assert "必须选择法定理由" in response.content.decode()
    assert not Record.objects.exists()


def test_other_agency_record_is_404(agency, clerk, other_clerk, login):
    record = draft(agency, clerk)
    c = login(other_clerk)
    assert c.get(f"/staff/records/{record.pk}/").status_code == 404
    assert c.post(f"/staff/records/{record.pk}/submit/").status_code == 404
    assert "关于做好" not in c.get("/staff/records/").content.decode()


def test_unknown_action_is_404(agency, clerk, login):
    record = draft(agency, clerk)
    assert login(clerk).post(f"/staff/records/{record.pk}/delete/").status_code == 404


def test_withdraw_through_view_requires_notice(agency, clerk, reviewer, login):
    record = published(agency, clerk, reviewer)
    c = login(reviewer)
    c.post(f"/staff/records/{record.pk}/withdraw/", {"note": ""})
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    c.post(f"/staff/records/{record.pk}/withdraw/", {"note": "内容已过时"})
    record.refresh_from_db()
    assert record.status == Status.WITHDRAWN


def test_lists_and_dashboard_widgets(agency, clerk, reviewer, district_office, login):
    submitted = draft(agency, clerk, title="待审件")
    from gongkai.records import services

    services.submit_record(submitted, actor=clerk)
    draft(agency, clerk, title="缺解读政策", record_type=RecordType.NORMATIVE)
    for user in (reviewer, district_office):
        c = login(user)
        assert "待审件" in c.get("/staff/records/review/").content.decode()
        assert "缺解读政策" in c.get("/staff/records/uninterpreted/").content.decode()
        dashboard = c.get("/staff/").content.decode()
        assert "待审核的政府信息" in dashboard and "待审件" in dashboard
        assert "缺少政策解读的行政规范性文件" in dashboard
        assert c.get("/staff/records/rate/").status_code == 200
        assert c.get("/staff/records/late/").status_code == 200


def test_register_interpretation_from_policy_page(agency, clerk, login):
    policy = draft(agency, clerk, record_type=RecordType.NORMATIVE, title="救助办法")
    c = login(clerk)
    assert f"?interprets={policy.pk}" in c.get(f"/staff/records/{policy.pk}/").content.decode()
    form = c.get(f"/staff/records/new/?interprets={policy.pk}").context["form"]
    assert form.initial["interprets"] == policy.pk
    assert form.initial["record_type"] == RecordType.INTERPRETATION
