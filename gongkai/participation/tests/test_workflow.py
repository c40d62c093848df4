"""The decision chain with two-person approval, and exactly one audit event per staff write."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.models import AuditEvent
from gongkai.participation import services
from gongkai.participation.models import (
    Channel,
    Consultation,
    Disposition,
    InterviewStatus,
    Moderation,
    OpenDayStatus,
    Stage,
    Step,
)
from gongkai.records.models import RecordType

from .factories import at, comment, draft, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_submitter_cannot_approve_their_own_step(agency, reviewer, head):
    decision = draft(agency, reviewer)
    services.submit_step(decision, actor=reviewer, step=Step.OPEN_CONSULTATION)
    with pytest.raises(PermissionDenied, match="不能审核自己提交的事项"):
        services.approve_step(decision, actor=reviewer)
    services.approve_step(decision, actor=head)
    decision.refresh_from_db()
    assert decision.stage == Stage.CONSULTATION and decision.pending_step == ""


def test_clerk_cannot_approve(agency, clerk):
    decision = draft(agency, clerk)
    services.submit_step(decision, actor=clerk, step=Step.OPEN_CONSULTATION)
    with pytest.raises(PermissionDenied):
        services.approve_step(decision, actor=clerk)


def test_return_needs_a_note_and_reopens_editing(agency, clerk, reviewer):
    decision = draft(agency, clerk)
    services.submit_step(decision, actor=clerk, step=Step.OPEN_CONSULTATION)
    with pytest.raises(services.Refused, match="已提交审核"):
        services.update_decision(decision, actor=clerk, data={"title": "改名"})
    with pytest.raises(services.Refused):
        services.return_step(decision, actor=reviewer, note=" ")
    services.return_step(decision, actor=reviewer, note="请补充起草说明。")
    services.update_decision(decision, actor=clerk, data={"explanation": "补充后的起草说明。"})
    decision.refresh_from_db()
    assert decision.stage == Stage.DRAFT and decision.return_note == ""


def test_draft_is_not_public(agency, clerk, client):
    decision = draft(agency, clerk)
    assert client.get(decision.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/decisions/{decision.pk}").status_code == 404
    assert decision.title not in client.get("/interact/").content.decode()


def _policy_with_interpretation(agency, clerk, reviewer):
    from gongkai.records import services as records
    from gongkai.records.tests.helpers import draft as record_draft

    policy = record_draft(
        agency,
        clerk,
        title="示范区困难群众救助标准调整办法",
        record_type=RecordType.NORMATIVE,
        document_number="示民规〔2026〕2号",
    )
    reading = record_draft(
        agency,
        clerk,
        title="《示范区困难群众救助标准调整办法》政策解读",
        record_type=RecordType.INTERPRETATION,
        interprets=policy,
    )
    for record in (policy, reading):
        records.submit_record(record, actor=clerk)
        records.review_record(record, actor=reviewer, secrecy_checked=True)
    records.publish_record(policy, actor=clerk)
    policy.refresh_from_db()
    return policy


def test_full_chain_to_implementation(agency, clerk, reviewer, client):
    start = today() - 40 * DAY
    decision = draft(agency, clerk, opens_on=today(), closes_on=today() + 30 * DAY)
    services.submit_step(decision, actor=clerk, step=Step.OPEN_CONSULTATION)
    services.approve_step(decision, actor=reviewer)
    # Move the period into the past to let the consultation close and a decision follow.
    Consultation.objects.filter(decision=decision).update(
        opens_on=start, closes_on=start + 30 * DAY
    )
    c = comment(decision, now=at(start + DAY))
    services.close_due_consultations(today=today())
    decision.refresh_from_db()
    assert decision.stage == Stage.REVIEWING
    services.moderate_comment(c, actor=clerk, status=Moderation.PUBLISHED)
    theme = services.save_theme(decision, actor=clerk, title="助餐服务", response="已采纳。")
    services.classify_comment(c, actor=clerk, theme=theme, disposition=Disposition.ADOPTED)
    services.save_feedback_summary(decision, actor=clerk, summary="共收到意见1条，已采纳。")
    services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)
    services.approve_step(decision, actor=reviewer)
    policy = _policy_with_interpretation(agency, clerk, reviewer)
    with pytest.raises(services.Refused, match="决策日期"):
        services.submit_step(decision, actor=clerk, step=Step.PUBLISH_DECISION)
    services.update_outcome(
        decision,
        actor=clerk,
        data={
            "decided_on": today(),
            "decision_meeting": "区政府第8次常务会议",
            "decision_text": "会议审议通过。",
            "decision_record": policy,
        },
    )
    services.submit_step(decision, actor=clerk, step=Step.PUBLISH_DECISION)
    services.approve_step(decision, actor=reviewer)
    services.add_progress(
        decision, actor=clerk, reported_on=today(), text="已启动实施。", percent=20
    )
    decision.refresh_from_db()
    assert decision.stage == Stage.DECIDED
    page = client.get(decision.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in page
    reading = policy.interpretations.get()
    assert reading.get_absolute_url() in page and "已启动实施。" in page
    api = client.get(f"/api/v1/decisions/{decision.pk}").json()
    assert api["decision_record"]["index_no"] == policy.index_no
    assert api["interpretations"][0]["index_no"] == reading.index_no
    services.add_progress(
        decision, actor=clerk, reported_on=today(), text="已完成。", completes=True
    )
    decision.refresh_from_db()
    assert decision.stage == Stage.COMPLETED


def _one_event(action, fn, *, actor):
    before = AuditEvent.objects.count()
    result = fn()
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == [action], [e.action for e in events]
    if actor is not None:
        assert events[0].actor_id == actor.pk
    return result


def test_every_staff_write_leaves_exactly_one_audit_event(agency, clerk, reviewer, head):
    s = services
    d = _one_event(
        "participation.decision.create",
        lambda: draft(agency, clerk, opens_on=today(), closes_on=today() + 30 * DAY),
        actor=clerk,
    )
    _one_event(
        "participation.decision.update",
        lambda: s.update_decision(d, actor=clerk, data={"summary": "修改后的简介。"}),
        actor=clerk,
    )
    _one_event(
        "participation.decision.submit",
        lambda: s.submit_step(d, actor=clerk, step=Step.OPEN_CONSULTATION),
        actor=clerk,
    )
    _one_event(
        "participation.decision.return",
        lambda: s.return_step(d, actor=reviewer, note="请修改。"),
        actor=reviewer,
    )
    s.submit_step(d, actor=clerk, step=Step.OPEN_CONSULTATION)
    _one_event(
        "participation.decision.open_consultation",
        lambda: s.approve_step(d, actor=reviewer),
        actor=reviewer,
    )
    c = comment(d)
    letter = _one_event(
        "participation.comment.record",
        lambda: s.record_offline_comment(
            d, actor=clerk, channel=Channel.LETTER, received_on=today(), text="来信意见。"
        ),
        actor=clerk,
    )
    _one_event(
        "participation.comment.moderate",
        lambda: s.moderate_comment(c, actor=clerk, status=Moderation.PUBLISHED),
        actor=clerk,
    )
    s.moderate_comment(letter, actor=clerk, status=Moderation.WITHHELD)
    theme = _one_event(
        "participation.theme.create",
        lambda: s.save_theme(d, actor=clerk, title="总体意见"),
        actor=clerk,
    )
    _one_event(
        "participation.theme.update",
        lambda: s.save_theme(d, actor=clerk, title="总体意见", response="理由。", theme=theme),
        actor=clerk,
    )
    for x in (c, letter):
        _one_event(
            "participation.comment.classify",
            lambda x=x: s.classify_comment(x, actor=clerk, theme=theme, disposition="adopted"),
            actor=clerk,
        )
    _one_event(
        "participation.comment.view_personal_data",
        lambda: s.reveal_comment_contacts(d, actor=clerk),
        actor=clerk,
    )
    _one_event(
        "participation.feedback.update",
        lambda: s.save_feedback_summary(d, actor=clerk, summary="说明。"),
        actor=clerk,
    )
    Consultation.objects.filter(decision=d).update(
        opens_on=today() - 31 * DAY, closes_on=today() - DAY
    )
    _one_event(
        "participation.consultation.close",
        lambda: s.close_due_consultations(today=today()),
        actor=None,
    )
    s.submit_step(d, actor=clerk, step=Step.PUBLISH_FEEDBACK)
    _one_event(
        "participation.decision.publish_feedback",
        lambda: s.approve_step(d, actor=head),
        actor=head,
    )
    _one_event(
        "participation.decision.outcome",
        lambda: s.update_outcome(
            d, actor=clerk, data={"decided_on": today(), "decision_text": "通过。"}
        ),
        actor=clerk,
    )
    s.submit_step(d, actor=clerk, step=Step.PUBLISH_DECISION)
    _one_event(
        "participation.decision.publish_decision",
        lambda: s.approve_step(d, actor=reviewer),
        actor=reviewer,
    )
    _one_event(
        "participation.decision.progress",
        lambda: s.add_progress(d, actor=clerk, reported_on=today(), text="实施中。"),
        actor=clerk,
    )

    now = at(today())
    iv = _one_event(
        "participation.interview.create",
        lambda: s.save_interview(
            actor=clerk,
            agency=agency,
            data={
                "title": "养老服务访谈",
                "summary": "简介",
                "starts_at": now + 3 * DAY,
                "ends_at": now + 3 * DAY + datetime.timedelta(hours=1),
                "host": "主持人",
            },
        ),
        actor=clerk,
    )
    _one_event(
        "participation.interview.update",
        lambda: s.save_interview(actor=clerk, interview=iv, data={"host": "林晓"}),
        actor=clerk,
    )
    guest = _one_event(
        "participation.interview.guest",
        lambda: s.add_guest(iv, actor=clerk, name="王建华", position="区民政局局长"),
        actor=clerk,
    )
    _one_event(
        "participation.interview.announce",
        lambda: s.announce_interview(iv, actor=reviewer),
        actor=reviewer,
    )
    q = s.submit_question(iv, name="", phone="13912345678", text="补贴怎么申请？")
    _one_event(
        "participation.question.moderate",
        lambda: s.moderate_question(q, actor=clerk, status=Moderation.PUBLISHED),
        actor=clerk,
    )
    _one_event(
        "participation.interview.transcript_item",
        lambda: s.add_transcript_item(
            iv,
            actor=clerk,
            question="",
            answer="到街镇受理中心申请。",
            guest=guest,
            source_question=q,
        ),
        actor=clerk,
    )
    _one_event(
        "participation.interview.transcript",
        lambda: s.publish_transcript(iv, actor=reviewer, now=now + 4 * DAY),
        actor=reviewer,
    )
    iv.refresh_from_db()
    assert iv.status == InterviewStatus.TRANSCRIBED
    other = s.save_interview(
        actor=clerk,
        agency=agency,
        data={
            "title": "另一次",
            "summary": "简介",
            "starts_at": now + DAY,
            "ends_at": now + 2 * DAY,
        },
    )
    _one_event(
        "participation.interview.cancel",
        lambda: s.cancel_interview(other, actor=head, reason="嘉宾临时有公务。"),
        actor=head,
    )

    day = _one_event(
        "participation.open_day.create",
        lambda: s.save_open_day(
            actor=clerk,
            agency=agency,
            data={
                "title": "开放日",
                "description": "参观",
                "starts_at": now + 10 * DAY,
                "ends_at": now + 10 * DAY + datetime.timedelta(hours=2),
                "place": "区社会福利院",
                "capacity": 5,
                "registration_closes_at": now + 8 * DAY,
                "report": "",
            },
        ),
        actor=clerk,
    )
    _one_event(
        "participation.open_day.update",
        lambda: s.save_open_day(actor=clerk, open_day=day, data={"capacity": 6}),
        actor=clerk,
    )
    _one_event(
        "participation.open_day.publish", lambda: s.publish_open_day(day, actor=head), actor=head
    )
    registration, _code = s.register(day, name="张三", mobile="13912345678")
    _one_event(
        "participation.open_day.view_personal_data",
        lambda: s.reveal_registrations(day, actor=clerk),
        actor=clerk,
    )
    _one_event(
        "participation.registration.cancel",
        lambda: s.cancel_registration(registration, actor=clerk),
        actor=clerk,
    )
    _one_event(
        "participation.open_day.cancel",
        lambda: s.cancel_open_day(day, actor=reviewer, reason="天气原因。"),
        actor=reviewer,
    )
    day.refresh_from_db()
    assert day.status == OpenDayStatus.CANCELLED


def test_a_refused_write_changes_nothing_and_leaves_no_event(agency, clerk):
    d = draft(agency, clerk)
    before = AuditEvent.objects.count()
    with pytest.raises(services.Refused):
        services.update_decision(
            d, actor=clerk, data={"title": "新标题", "closes_on": d.consultation.opens_on + DAY}
        )
    d.refresh_from_db()
    assert d.title != "新标题" and AuditEvent.objects.count() == before


def test_audit_events_carry_no_contact_data(agency, clerk, reviewer):
    d = opened(agency, clerk, reviewer)
    comment(d, name="慕容秋水", phone="13687654321", text="意见")
    dumped = " ".join(f"{e.target_repr} {e.before} {e.after}" for e in AuditEvent.objects.all())
    assert "13687654321" not in dumped and "慕容秋水" not in dumped
