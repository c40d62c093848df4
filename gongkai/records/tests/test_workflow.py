"""Registration, review and publication of records, and the audit trail of each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.legal import DisclosureAttribute, WithholdingGround
from gongkai.core.models import AuditEvent
from gongkai.records import services
from gongkai.records.models import Record, RecordType, Status, Validity

from .helpers import draft, published, reviewed

pytestmark = pytest.mark.django_db


def _events(record):
    return list(
        AuditEvent.objects.filter(target_type="records.record", target_id=str(record.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_author_cannot_approve_own_record(agency, reviewer, clerk):
    # The reviewer drafted it: holding the reviewer role does not let them approve it.
    record = draft(agency, reviewer)
    services.submit_record(record, actor=reviewer)
    with pytest.raises(PermissionDenied):
        services.review_record(record, actor=reviewer, secrecy_checked=True)
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED
    assert record.reviewed_by is None


def test_clerk_cannot_review(agency, clerk, head):
    record = draft(agency, head)
    services.submit_record(record, actor=head)
    with pytest.raises(PermissionDenied):
        services.review_record(record, actor=clerk, secrecy_checked=True)


def test_review_requires_secrecy_confirmation(agency, clerk, reviewer):
    record = draft(agency, clerk)
    services.submit_record(record, actor=clerk)
    with pytest.raises(ValidationError):
        services.review_record(record, actor=reviewer, secrecy_checked=False)


def test_other_agency_cannot_touch_record(agency, clerk, other_clerk):
    record = draft(agency, clerk)
    with pytest.raises(PermissionDenied):
        services.submit_record(record, actor=other_clerk)


def test_withheld_record_needs_ground_and_reason(agency, clerk):
    with pytest.raises(ValidationError) as exc:
        draft(agency, clerk, attribute=DisclosureAttribute.WITHHELD)
    assert "withholding_ground" in exc.value.message_dict
    record = draft(
        agency,
        clerk,
        attribute=DisclosureAttribute.WITHHELD,
        withholding_ground=WithholdingGround.PROCESS_INFO,
        attribute_basis="内部请示报告，属于过程性信息。",
    )
    assert record.attribute == DisclosureAttribute.WITHHELD


def test_withheld_record_is_never_published(agency, clerk, reviewer):
    record = reviewed(
        agency,
        clerk,
        reviewer,
        attribute=DisclosureAttribute.ON_REQUEST,
        withholding_ground=WithholdingGround.THIRD_PARTY,
        attribute_basis="涉及第三方商业秘密。",
    )
    with pytest.raises(ValidationError):
        services.publish_record(record, actor=clerk)


def test_document_number_shape(agency, clerk):
    with pytest.raises(ValidationError) as exc:
        draft(agency, clerk, document_number="示民发2026第3号")
    assert "文号" in str(exc.value)
    record = draft(agency, clerk, document_number="示民规[2026]3号")
    assert record.document_number == "示民规〔2026〕3号"


def test_body_is_sanitised(agency, clerk):
    record = draft(
        agency,
        clerk,
        body='<p onclick="x()">好</p><script>alert(1)</script><img src="http://evil/x.png">',
    )
    assert "script" not in record.body
    assert "onclick" not in record.body
    assert "img" not in record.body
    assert "<p>好</p>" in record.body


def test_normative_without_interpretation_cannot_be_published(agency, clerk, reviewer):
    policy = reviewed(
        agency,
        clerk,
        reviewer,
        record_type=RecordType.NORMATIVE,
        document_number="示民规〔2026〕1号",
        title="示范区最低生活保障实施办法",
    )
    with pytest.raises(ValidationError) as exc:
        services.publish_record(policy, actor=clerk)
    assert "政策解读" in exc.value.messages[0]
    policy.refresh_from_db()
    assert policy.status == Status.REVIEWED
    assert policy.index_no is None
    assert Record.objects.normative_without_interpretation().filter(pk=policy.pk).exists()


def test_policy_and_interpretation_go_public_together(agency, clerk, reviewer):
    policy = draft(
        agency,
        clerk,
        record_type=RecordType.NORMATIVE,
        document_number="示民规〔2026〕2号",
        title="示范区临时救助办法",
    )
    interpretation = draft(
        agency,
        clerk,
        record_type=RecordType.INTERPRETATION,
        title="《示范区临时救助办法》政策解读",
        interprets=policy,
    )
    for r in (policy, interpretation):
        services.submit_record(r, actor=clerk)
        services.review_record(r, actor=reviewer, secrecy_checked=True)
    # The interpretation cannot go first.
    with pytest.raises(ValidationError):
        services.publish_record(interpretation, actor=clerk)
    services.publish_record(policy, actor=clerk)
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == Status.PUBLISHED
    assert policy.published_at == interpretation.published_at
    assert (
        policy.index_no and interpretation.index_no and policy.index_no != interpretation.index_no
    )
    assert not Record.objects.normative_without_interpretation().filter(pk=policy.pk).exists()
    # One action, one audit event, and the interpretation's history shows it too.
    from gongkai.core.models import AuditEvent
    from gongkai.records.staff_views import _events

    publish = AuditEvent.objects.get(action="record.publish")
    assert publish.after["interpretations"] == [
        {"id": interpretation.pk, "index_no": interpretation.index_no}
    ]
    assert publish in _events(interpretation)
    # Withdrawing the policy takes its interpretation off the site too, with a notice.
    services.withdraw_record(policy, actor=reviewer, notice="已被新办法替代")
    interpretation.refresh_from_db()
    assert interpretation.status == Status.WITHDRAWN
    assert "已被新办法替代" in interpretation.notices.get().text


def test_reviewer_may_waive_interpretation(agency, clerk, reviewer):
    policy = draft(agency, clerk, record_type=RecordType.NORMATIVE, title="修订部分条款的决定")
    services.submit_record(policy, actor=clerk)
    services.review_record(
        policy, actor=reviewer, secrecy_checked=True, interpretation_waiver="仅作文字性修改。"
    )
    services.publish_record(policy, actor=clerk)
    policy.refresh_from_db()
    assert policy.status == Status.PUBLISHED


def test_return_for_changes(agency, clerk, reviewer):
    record = draft(agency, clerk)
    services.submit_record(record, actor=clerk)
    with pytest.raises(ValidationError):
        services.return_record(record, actor=reviewer, note=" ")
    services.return_record(record, actor=reviewer, note="请补充主题词。")
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    assert record.return_note == "请补充主题词。"


def test_withdrawal_leaves_public_notice(agency, clerk, reviewer, client):
    record = published(agency, clerk, reviewer, title="关于某活动的通知")
    url = record.get_absolute_url()
    with pytest.raises(ValidationError):
        services.withdraw_record(record, actor=reviewer, notice="")
    services.withdraw_record(record, actor=reviewer, notice="活动取消，原通知撤回。")
    record.refresh_from_db()
    assert record.status == Status.WITHDRAWN
    assert not Record.objects.public().filter(pk=record.pk).exists()
    response = client.get(url)
    assert response.status_code == 410
    text = response.content.decode()
    assert "撤回公告" in text and "活动取消，原通知撤回。" in text and record.index_no in text


def test_correction_keeps_public_change_note(agency, clerk, reviewer, client):
    record = published(agency, clerk, reviewer, title="关于开展救助的通知")
    services.correct_record(
        record, actor=reviewer, data={"title": "关于开展临时救助的通知"}, note="标题有误，已更正。"
    )
    page = client.get(record.get_absolute_url()).content.decode()
    assert "关于开展临时救助的通知" in page
    assert "标题有误，已更正。" in page


def test_repeal_links_repealing_record(agency, clerk, reviewer, client):
    old = published(agency, clerk, reviewer, title="旧办法", record_type=RecordType.OTHER_DOC)
    new = published(agency, clerk, reviewer, title="新办法", record_type=RecordType.OTHER_DOC)
    services.repeal_record(
        old, actor=reviewer, repealed_on=datetime.date(2026, 6, 1), repealed_by=new
    )
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.repealed_by == new
    page = client.get(old.get_absolute_url()).content.decode()
    assert "已废止" in page and new.get_absolute_url() in page


def test_every_transition_writes_one_audit_event(agency, clerk, reviewer, head):
    record = draft(agency, clerk)
    services.update_record(record, actor=clerk, data={"keywords": "救助"})
    services.submit_record(record, actor=clerk)
    services.return_record(record, actor=reviewer, note="补充")
    services.submit_record(record, actor=clerk)
    services.review_record(record, actor=reviewer, secrecy_checked=True)
    services.publish_record(record, actor=clerk)
    services.correct_record(record, actor=head, data={"keywords": "临时救助"}, note="更正主题词")
    services.repeal_record(record, actor=head, repealed_on=datetime.date(2026, 7, 1))
    services.withdraw_record(record, actor=head, notice="撤回")
    assert _events(record) == [
        "record.create",
        "record.update",
        "record.submit",
        "record.return",
        "record.submit",
        "record.review",
        "record.publish",
        "record.correct",
        "record.repeal",
        "record.withdraw",
    ]
    publish = AuditEvent.objects.get(action="record.publish", target_id=str(record.pk))
    record.refresh_from_db()
    assert publish.actor == clerk and publish.agency == agency
    assert publish.after["index_no"] == record.index_no


def test_failed_transition_changes_nothing(agency, clerk, reviewer):
    record = draft(agency, clerk, record_type=RecordType.NORMATIVE)
    services.submit_record(record, actor=clerk)
    services.review_record(record, actor=reviewer, secrecy_checked=True)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.publish_record(record, actor=clerk)
    assert AuditEvent.objects.count() == before
    assert not Record.objects.get(pk=record.pk).index_no
