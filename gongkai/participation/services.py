"""Writes of the participation slice. Each runs in one transaction and leaves one audit event.

Staff writes take `actor=` and check the actor's role in the object's agency. Publishing a
decision's consultation, its feedback or its result is a two-person step: a staff member submits
it (`submit_step`), and a 审核人 or 机构负责人 other than the submitter approves it
(`approve_step`), or returns it with a note (`return_step`).

Public writes (a comment, a question, an open-day registration or its cancellation) are audited
with the actor "公众" and never carry personal data into the audit log.
"""

from __future__ import annotations

import datetime
import hmac
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.orgs.access import can_see_agency, require_role
from gongkai.orgs.models import Role

from . import rules
from .models import (
    COUNTED,
    STEP_STAGES,
    Channel,
    Comment,
    Consultation,
    Decision,
    Disposition,
    FeedbackTheme,
    Interview,
    InterviewGuest,
    InterviewQuestion,
    InterviewStatus,
    Moderation,
    OpenDay,
    OpenDayStatus,
    ProgressUpdate,
    Registration,
    RegistrationStatus,
    Stage,
    Step,
    TranscriptItem,
)
from .rules import Refused

STAFF = (Role.CLERK, Role.REVIEWER, Role.HEAD)
APPROVERS = (Role.REVIEWER, Role.HEAD)
PUBLIC_ACTOR = "公众"

DECISION_FIELDS = ["title", "summary", "decision_body"]
CONSULTATION_FIELDS = [
    "draft_text",
    "explanation",
    "opens_on",
    "closes_on",
    "shortened_reason",
    "other_channels",
]
OUTCOME_FIELDS = ["decided_on", "decision_meeting", "decision_text", "decision_record"]
AUDIT_DECISION = [*DECISION_FIELDS, "stage", "pending_step", *OUTCOME_FIELDS]


def _strip(data: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _lock_decision(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("agency", "consultation")
        .get(pk=decision.pk)
    )


def _require_stage(decision: Decision, *stages: str, doing: str) -> None:
    if decision.stage not in stages:
        labels = "、".join(Stage(s).label for s in stages)
        raise Refused(
            f"该决策当前处于“{decision.get_stage_display()}”阶段，只有“{labels}”阶段才能{doing}。"
        )


def _require_not_pending(decision: Decision) -> None:
    if decision.pending_step:
        raise Refused(
            f"“{decision.get_pending_step_display()}”已提交审核，审核通过或退回前不能修改。"
        )


# -- decisions: drafting --------------------------------------------------------------------------


def _check_required(values: dict, labels: dict[str, str]) -> None:
    errors = {name: f"请填写{label}。" for name, label in labels.items() if not values.get(name)}
    if errors:
        raise Refused(errors)


def _validate_draft(decision: Decision, consultation: Consultation) -> None:
    values = {**snapshot(decision, DECISION_FIELDS), **snapshot(consultation, ["draft_text"])}
    _check_required(
        values,
        {
            "title": "决策事项名称",
            "decision_body": "决策机关",
            "summary": "决策事项简介",
            "draft_text": "征求意见稿",
        },
    )
    if consultation.opens_on or consultation.closes_on:
        rules.check_period(
            consultation.opens_on, consultation.closes_on, consultation.shortened_reason
        )


@transaction.atomic
def create_decision(*, agency, actor, data: dict) -> Decision:
    """Register a decision draft with its consultation text and (planned) period."""
    require_role(actor, agency, *STAFF)
    data = _strip(data)
    decision = Decision(agency=agency, created_by=actor, stage=Stage.DRAFT)
    for name in DECISION_FIELDS:
        setattr(decision, name, data.get(name, ""))
    consultation = Consultation()
    for name in CONSULTATION_FIELDS:
        setattr(consultation, name, data.get(name) or (None if name.endswith("_on") else ""))
    _validate_draft(decision, consultation)
    decision.save()
    consultation.decision = decision
    consultation.save()
    record_event(
        actor=actor,
        action="participation.decision.create",
        target=decision,
        after={
            **snapshot(decision, AUDIT_DECISION),
            **snapshot(consultation, CONSULTATION_FIELDS),
        },
    )
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, actor, data: dict) -> Decision:
    """Edit the draft and its consultation text while the decision is not yet public."""
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.DRAFT, doing="修改征求意见稿")
    _require_not_pending(decision)
    consultation = decision.consultation
    data = _strip(data)
    before = {**snapshot(decision, DECISION_FIELDS), **snapshot(consultation, CONSULTATION_FIELDS)}
    for name in DECISION_FIELDS:
        if name in data:
            setattr(decision, name, data[name])
    for name in CONSULTATION_FIELDS:
        if name in data:
            setattr(consultation, name, data[name] or (None if name.endswith("_on") else ""))
    _validate_draft(decision, consultation)
    decision.return_note = ""
    decision.save()
    consultation.save()
    after = {**snapshot(decision, DECISION_FIELDS), **snapshot(consultation, CONSULTATION_FIELDS)}
    old, new = diff(before, after)
    record_event(
        actor=actor, action="participation.decision.update", target=decision, before=old, after=new
    )
    return decision


def may_link_record(actor, record) -> bool:
    """A decision may name a public record, or one of an agency where `actor` works."""
    from gongkai.records.models import Record

    return can_see_agency(actor, record.agency) or (
        Record.objects.public().filter(pk=record.pk).exists()
    )


def _assign(obj, data: dict, fields) -> None:
    """Copy the given fields present in `data` onto `obj`, text stripped."""
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _save_with_event(obj, *, actor, kind: str, is_new: bool, before: dict, fields) -> None:
    """Save a created or edited object and record its one audit event with the changed fields."""
    obj.save()
    old, new = diff(before, snapshot(obj, fields))
    record_event(
        actor=actor,
        action=f"participation.{kind}.{'create' if is_new else 'update'}",
        target=obj,
        before=old or None,
        after=new,
    )


@transaction.atomic
def update_outcome(decision: Decision, *, actor, data: dict) -> Decision:
    """Record the decision itself (date, meeting, content, the record that publishes it)."""
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.FEEDBACK, doing="登记决策结果")
    _require_not_pending(decision)
    record = data.get("decision_record")
    if record is not None and record.pk != decision.decision_record_id:
        if not may_link_record(actor, record):
            raise Refused({"decision_record": f"未找到索引号为“{record.index_no}”的政府信息。"})
    before = snapshot(decision, OUTCOME_FIELDS)
    _assign(decision, data, OUTCOME_FIELDS)
    _validate_outcome(decision, complete=False)
    decision.return_note = ""
    decision.save()
    old, new = diff(before, snapshot(decision, OUTCOME_FIELDS))
    record_event(
        actor=actor, action="participation.decision.outcome", target=decision, before=old, after=new
    )
    return decision


def _validate_outcome(decision: Decision, *, complete: bool) -> None:
    closes_on = decision.consultation.closes_on
    if decision.decided_on and closes_on and decision.decided_on <= closes_on:
        raise Refused(
            {"decided_on": f"决策日期应晚于征求意见截止日期（{closes_on:%Y年%m月%d日}）。"}
        )
    if decision.decided_on and decision.decided_on > timezone.localdate():
        raise Refused({"decided_on": "决策日期不能晚于今天。"})
    if complete:
        _check_required(
            snapshot(decision, ["decided_on", "decision_text"]),
            {"decided_on": "决策日期", "decision_text": "决策内容"},
        )


# -- decisions: the two-person publication steps --------------------------------------------------


def _check_step(decision: Decision, step: str, today: datetime.date) -> None:
    """Raise unless `step` could be carried out now (checked on submission and on approval)."""
    from_stage, _ = STEP_STAGES[Step(step)]
    _require_stage(decision, from_stage, doing=Step(step).label)
    consultation = decision.consultation
    if step == Step.OPEN_CONSULTATION:
        _validate_draft(decision, consultation)
        rules.check_period(
            consultation.opens_on, consultation.closes_on, consultation.shortened_reason
        )
        if consultation.opens_on < today:
            raise Refused(
                {
                    "opens_on": (
                        f"征求意见开始日期（{consultation.opens_on:%Y年%m月%d日}）已过，"
                        "请修改为今天或以后的日期，以保证完整的征求意见期限。"
                    )
                }
            )
    elif step == Step.PUBLISH_FEEDBACK:
        _check_feedback(consultation)
    elif step == Step.PUBLISH_DECISION:
        _validate_outcome(decision, complete=True)


def _check_feedback(consultation: Consultation) -> None:
    comments = consultation.comments.all()
    pending = comments.filter(status=Moderation.PENDING).count()
    if pending:
        raise Refused(f"还有 {pending} 条意见未审核，请先审核全部意见。")
    unsorted = comments.filter(status__in=COUNTED).filter(theme__isnull=True).count()
    unsorted += comments.filter(status__in=COUNTED, disposition="").count()
    if unsorted:
        raise Refused("每条计入的意见都须归入意见类别并登记采纳情况，请先完成意见归类。")
    for theme in consultation.themes.all():
        tally = theme.comments.tally()
        if (tally["partly"] or tally["not_adopted"]) and not theme.response.strip():
            raise Refused(
                {"response": f"意见类别“{theme.title}”有未采纳或部分采纳的意见，须说明理由。"}
            )
    if not consultation.feedback_summary.strip():
        raise Refused({"feedback_summary": "请填写意见采纳情况总体说明。"})


@transaction.atomic
def submit_step(decision: Decision, *, actor, step: str) -> Decision:
    """Ask for approval of the next publication of this decision."""
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    if step not in Step.values:
        raise Refused("未知的审核事项。")
    _require_not_pending(decision)
    _check_step(decision, step, timezone.localdate())
    decision.pending_step = step
    decision.submitted_by = actor
    decision.submitted_at = timezone.now()
    decision.return_note = ""
    decision.save()
    record_event(
        actor=actor,
        action="participation.decision.submit",
        target=decision,
        after={"pending_step": step},
    )
    return decision


@transaction.atomic
def approve_step(decision: Decision, *, actor, now: datetime.datetime | None = None) -> Decision:
    """Approve and carry out the submitted publication (审核人 or 机构负责人, not the submitter)."""
    now = now or timezone.now()
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *APPROVERS)
    if not decision.pending_step:
        raise Refused("该决策没有待审核的事项。")
    if actor.pk == decision.submitted_by_id:
        raise PermissionDenied("不能审核自己提交的事项，请由其他审核人或机构负责人审核。")
    step = decision.pending_step
    _check_step(decision, step, timezone.localdate(now))
    before = snapshot(decision, ["stage", "pending_step"])
    _, decision.stage = STEP_STAGES[Step(step)]
    consultation = decision.consultation
    after_extra: dict = {}
    if step == Step.OPEN_CONSULTATION:
        consultation.published_at = now
        consultation.save(update_fields=["published_at"])
    elif step == Step.PUBLISH_FEEDBACK:
        consultation.feedback_published_at = now
        consultation.save(update_fields=["feedback_published_at"])
        after_extra["tally"] = consultation.comments.tally()
    elif step == Step.PUBLISH_DECISION:
        decision.decision_published_at = now
    decision.pending_step = ""
    decision.save()
    old, new = diff(before, snapshot(decision, ["stage", "pending_step"]))
    record_event(
        actor=actor,
        action=f"participation.decision.{step}",
        target=decision,
        before=old,
        after={**new, "submitted_by": decision.submitted_by_id, **after_extra},
    )
    return decision


@transaction.atomic
def return_step(decision: Decision, *, actor, note: str) -> Decision:
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *APPROVERS)
    if not decision.pending_step:
        raise Refused("该决策没有待审核的事项。")
    note = (note or "").strip()
    if not note:
        raise Refused({"note": "请填写退回意见。"})
    step = decision.pending_step
    decision.pending_step = ""
    decision.return_note = note
    decision.save()
    record_event(
        actor=actor,
        action="participation.decision.return",
        target=decision,
        before={"pending_step": step},
        after={"pending_step": "", "return_note": note},
    )
    return decision


@transaction.atomic
def close_due_consultations(*, today: datetime.date, actor="系统") -> int:
    """Close every consultation whose close date has passed (idempotent; run by `gongkai tick`)."""
    due = list(
        Decision.objects.due_to_close(today)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    if not due:
        return 0
    now = timezone.now()
    Decision.objects.filter(pk__in=due).update(stage=Stage.REVIEWING, updated_at=now)
    Consultation.objects.filter(decision__in=due).update(closed_at=now)
    record_event(
        actor=actor,
        action="participation.consultation.close",
        target_repr=f"{len(due)} 项重大行政决策征求意见期满",
        after={"ids": due, "on": today},
    )
    return len(due)


@transaction.atomic
def add_progress(
    decision: Decision,
    *,
    actor,
    reported_on: datetime.date,
    text: str,
    percent: int | None = None,
    completes: bool = False,
) -> ProgressUpdate:
    """Publish a report on the implementation of a decision (results tracking)."""
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.DECIDED, doing="发布实施进展")
    text = (text or "").strip()
    if not text:
        raise Refused({"text": "请填写实施情况。"})
    if reported_on > timezone.localdate():
        raise Refused({"reported_on": "报告日期不能晚于今天。"})
    if decision.decided_on and reported_on < decision.decided_on:
        raise Refused({"reported_on": "报告日期不能早于决策日期。"})
    if percent is not None and not 0 <= percent <= 100:
        raise Refused({"percent": "完成进度应在 0 到 100 之间。"})
    if completes:
        percent = 100
    update = ProgressUpdate.objects.create(
        decision=decision,
        reported_on=reported_on,
        text=text,
        percent=percent,
        completes=completes,
        created_by=actor,
    )
    after = snapshot(update, ["reported_on", "percent", "completes"])
    if completes:
        decision.stage = Stage.COMPLETED
        decision.save(update_fields=["stage", "updated_at"])
        after["stage"] = decision.stage
    record_event(
        actor=actor,
        action="participation.decision.progress",
        target=decision,
        after=after,
    )
    return update


# -- comments -------------------------------------------------------------------------------------


def _consultation_for_comments(decision: Decision) -> Consultation:
    return (
        Consultation.objects.select_for_update().select_related("decision").get(decision=decision)
    )


@transaction.atomic
def submit_comment(
    decision: Decision,
    *,
    name: str,
    phone: str,
    email: str = "",
    text: str,
    now: datetime.datetime | None = None,
) -> Comment:
    """A member of the public comments on a draft during its consultation period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    consultation = _consultation_for_comments(decision)
    if not consultation.is_open(today):
        if consultation.opens_on and consultation.closes_on:
            period = f"{consultation.opens_on:%Y年%m月%d日}至{consultation.closes_on:%Y年%m月%d日}"
            raise Refused(f"该草案的征求意见期为{period}，现在不在征求意见期内，不能提交意见。")
        raise Refused("该草案现在不在征求意见期内，不能提交意见。")
    comment = _new_comment(
        consultation, name=name, phone=phone, email=email, text=text, channel=Channel.ONLINE
    )
    comment.received_on = today
    comment.save()
    record_event(
        actor=PUBLIC_ACTOR,
        action="participation.comment.submit",
        target=comment,
        agency=consultation.decision.agency,
        after={"decision": consultation.decision_id, "personal_data": comment.personal_data},
    )
    return comment


def _new_comment(
    consultation, *, name, phone, email, text, channel, phone_required=True
) -> Comment:
    name, phone, email, text = (
        (name or "").strip(),
        rules.ascii_forms(phone).strip(),
        rules.ascii_forms(email).strip(),
        (text or "").strip(),
    )
    if not text:
        raise Refused({"text": "请填写意见内容。"})
    if len(text) > 5000:
        raise Refused({"text": "意见内容不能超过 5000 字。"})
    if (phone or phone_required) and not rules.PHONE_NUMBER_RE.match(phone.replace(" ", "")):
        raise Refused({"phone": "联系电话格式不正确：请填写11位手机号码或带区号的固定电话。"})
    public_text, found = rules.mask_personal_data(text, names=(name,))
    return Comment(
        consultation=consultation,
        name=name,
        phone=phone.replace(" ", ""),
        email=email,
        text=text,
        public_text=public_text,
        personal_data=found,
        channel=channel,
    )


@transaction.atomic
def record_offline_comment(
    decision: Decision,
    *,
    actor,
    channel: str,
    received_on: datetime.date,
    text: str,
    name: str = "",
    phone: str = "",
    email: str = "",
) -> Comment:
    """Staff enter an opinion received by letter, e-mail or at a meeting (dated by postmark or
    receipt); it is moderated like an online comment."""
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.CONSULTATION, Stage.REVIEWING, doing="登记意见")
    _require_not_pending(decision)
    consultation = decision.consultation
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise Refused({"channel": "请选择信函、电子邮件或座谈会等渠道。"})
    if not consultation.opens_on <= received_on <= consultation.closes_on:
        raise Refused(
            {
                "received_on": (
                    f"收到日期（信函以邮戳日期为准）须在征求意见期内："
                    f"{consultation.opens_on:%Y年%m月%d日}至{consultation.closes_on:%Y年%m月%d日}。"
                )
            }
        )
    comment = _new_comment(
        consultation,
        name=name,
        phone=phone,
        email=email,
        text=text,
        channel=channel,
        phone_required=False,
    )
    comment.received_on = received_on
    comment.save()
    record_event(
        actor=actor,
        action="participation.comment.record",
        target=comment,
        after={"channel": channel, "received_on": received_on, "decision": decision.pk},
    )
    return comment


#: What a moderation audit event records as before/after.
MODERATION_STATE = ["status", "moderation_note"]


def _moderate(obj, *, actor, status: str, public_text: str | None, note: str):
    if status not in (Moderation.PUBLISHED, Moderation.WITHHELD, Moderation.REJECTED):
        raise Refused({"status": "请选择审核结果。"})
    if public_text is not None:
        public_text = public_text.strip()
        if not public_text:
            raise Refused({"public_text": "公开显示的内容不能为空。"})
        found = rules.personal_data_in(public_text)
        if found:
            labels = "、".join(rules.PII_LABELS[k] for k in found)
            raise Refused(
                {"public_text": f"公开显示的内容仍含有个人信息（{labels}），请遮蔽后再公开。"}
            )
        obj.public_text = public_text
    if status == Moderation.PUBLISHED:
        names = (obj.name,)
        if rules.mask_personal_data(obj.public_text, names=names)[1]:
            raise Refused({"public_text": "公开显示的内容仍含有个人信息，请遮蔽后再公开。"})
    obj.status = status
    obj.moderation_note = (note or "").strip()[:200]
    obj.moderated_by = actor
    obj.moderated_at = timezone.now()


def _moderate_and_record(
    obj, *, actor, action: str, status: str, public_text: str | None, note: str, flag_edit: bool
):
    """Apply a moderation decision to a locked `Moderated` row, save it and record one audit
    event (`flag_edit`: say in the event when the moderator edited the public text)."""
    before = snapshot(obj, MODERATION_STATE)
    text_changed = public_text is not None and public_text.strip() != obj.public_text
    _moderate(obj, actor=actor, status=status, public_text=public_text, note=note)
    obj.after_moderation()
    obj.save()
    old, new = diff(before, snapshot(obj, MODERATION_STATE))
    if flag_edit and text_changed:
        new["public_text_edited"] = True
    record_event(actor=actor, action=action, target=obj, before=old, after=new)


@transaction.atomic
def moderate_comment(
    comment: Comment, *, actor, status: str, public_text: str | None = None, note: str = ""
) -> Comment:
    """Publish, withhold (counted, not shown) or reject (not counted) a comment. The public text
    is the masked one; a moderator may mask more, never less."""
    comment = (
        Comment.objects.select_for_update()
        .select_related("consultation__decision")
        .get(pk=comment.pk)
    )
    decision = comment.consultation.decision
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.CONSULTATION, Stage.REVIEWING, doing="审核意见")
    _require_not_pending(decision)
    _moderate_and_record(
        comment,
        actor=actor,
        action="participation.comment.moderate",
        status=status,
        public_text=public_text,
        note=note,
        flag_edit=True,
    )
    return comment


@transaction.atomic
def classify_comment(
    comment: Comment, *, actor, theme: FeedbackTheme | None, disposition: str
) -> Comment:
    """File a counted comment under a theme with how it was handled (采纳情况)."""
    comment = (
        Comment.objects.select_for_update()
        .select_related("consultation__decision")
        .get(pk=comment.pk)
    )
    decision = comment.consultation.decision
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.CONSULTATION, Stage.REVIEWING, doing="意见归类")
    _require_not_pending(decision)
    if comment.status not in COUNTED:
        raise Refused("只有审核后计入的意见才能归类。")
    if theme is not None and theme.consultation_id != comment.consultation_id:
        raise Refused({"theme": "意见类别不属于该征求意见。"})
    if disposition and disposition not in Disposition.values:
        raise Refused({"disposition": "请选择采纳情况。"})
    before = snapshot(comment, ["theme", "disposition"])
    comment.theme, comment.disposition = theme, disposition or ""
    comment.save(update_fields=["theme", "disposition"])
    old, new = diff(before, snapshot(comment, ["theme", "disposition"]))
    record_event(
        actor=actor, action="participation.comment.classify", target=comment, before=old, after=new
    )
    return comment


@transaction.atomic
def save_theme(
    decision: Decision,
    *,
    actor,
    title: str,
    response: str = "",
    order: int = 0,
    theme: FeedbackTheme | None = None,
) -> FeedbackTheme:
    """Add or edit a theme (意见类别) with the agency's answer and reasons."""
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.CONSULTATION, Stage.REVIEWING, doing="编辑意见类别")
    _require_not_pending(decision)
    title = (title or "").strip()
    if not title:
        raise Refused({"title": "请填写意见类别名称。"})
    consultation = decision.consultation
    clash = consultation.themes.filter(title=title)
    if theme is not None:
        if theme.consultation_id != consultation.pk:
            raise Refused("意见类别不属于该征求意见。")
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise Refused({"title": f"已有名为“{title}”的意见类别。"})
    is_new = theme is None
    theme = theme or FeedbackTheme(consultation=consultation)
    before = {} if is_new else snapshot(theme, ["title", "response", "order"])
    theme.title, theme.response, theme.order = title, (response or "").strip(), order
    theme.save()
    old, new = diff(before, snapshot(theme, ["title", "response", "order"]))
    record_event(
        actor=actor,
        action=f"participation.theme.{'create' if is_new else 'update'}",
        target=theme,
        before=old or None,
        after=new,
    )
    return theme


@transaction.atomic
def save_feedback_summary(decision: Decision, *, actor, summary: str) -> Consultation:
    decision = _lock_decision(decision)
    require_role(actor, decision.agency, *STAFF)
    _require_stage(decision, Stage.CONSULTATION, Stage.REVIEWING, doing="填写意见采纳情况说明")
    _require_not_pending(decision)
    consultation = decision.consultation
    before = consultation.feedback_summary
    consultation.feedback_summary = (summary or "").strip()
    consultation.save(update_fields=["feedback_summary"])
    record_event(
        actor=actor,
        action="participation.feedback.update",
        target=decision,
        before={"feedback_summary": before},
        after={"feedback_summary": consultation.feedback_summary},
    )
    return consultation


def feedback_table(consultation: Consultation) -> tuple[list[tuple[FeedbackTheme, dict]], dict]:
    """Per theme and in total: received, adopted, partly adopted, not adopted (computed)."""
    rows = [(theme, theme.comments.tally()) for theme in consultation.themes.all()]
    return rows, consultation.comments.tally()


# -- interviews -----------------------------------------------------------------------------------

INTERVIEW_FIELDS = ["title", "summary", "starts_at", "ends_at", "host"]


def _validate_interview(interview: Interview) -> None:
    _check_required(
        snapshot(interview, INTERVIEW_FIELDS),
        {
            "title": "访谈主题",
            "summary": "访谈简介",
            "starts_at": "访谈开始时间",
            "ends_at": "访谈结束时间",
        },
    )
    if interview.ends_at <= interview.starts_at:
        raise Refused({"ends_at": "访谈结束时间必须晚于开始时间。"})


@transaction.atomic
def save_interview(
    *, actor, agency=None, interview: Interview | None = None, data: dict
) -> Interview:
    is_new = interview is None
    if is_new:
        require_role(actor, agency, *STAFF)
        interview = Interview(agency=agency, created_by=actor)
        before = {}
    else:
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        require_role(actor, interview.agency, *STAFF)
        if interview.status in (InterviewStatus.TRANSCRIBED, InterviewStatus.CANCELLED):
            raise Refused(f"该访谈{interview.get_status_display()}，不能修改。")
        before = snapshot(interview, INTERVIEW_FIELDS)
    _assign(interview, data, INTERVIEW_FIELDS)
    _validate_interview(interview)
    _save_with_event(
        interview,
        actor=actor,
        kind="interview",
        is_new=is_new,
        before=before,
        fields=INTERVIEW_FIELDS,
    )
    return interview


@transaction.atomic
def add_guest(interview: Interview, *, actor, name: str, position: str) -> InterviewGuest:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    require_role(actor, interview.agency, *STAFF)
    if interview.status in (InterviewStatus.TRANSCRIBED, InterviewStatus.CANCELLED):
        raise Refused(f"该访谈{interview.get_status_display()}，不能修改嘉宾。")
    name, position = (name or "").strip(), (position or "").strip()
    if not name:
        raise Refused({"name": "请填写嘉宾姓名。"})
    if not position:
        raise Refused({"position": "请填写嘉宾职务。"})
    guest = InterviewGuest.objects.create(
        interview=interview, name=name, position=position, order=interview.guests.count()
    )
    record_event(
        actor=actor,
        action="participation.interview.guest",
        target=interview,
        after={"guest": f"{position} {name}"},
    )
    return guest


@transaction.atomic
def announce_interview(interview: Interview, *, actor, now=None) -> Interview:
    """Publish the announcement and open the question box (审核人 or 机构负责人)."""
    now = now or timezone.now()
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    require_role(actor, interview.agency, *APPROVERS)
    if interview.status != InterviewStatus.DRAFT:
        raise Refused(f"该访谈当前为“{interview.get_status_display()}”，不能发布预告。")
    _validate_interview(interview)
    if interview.starts_at <= now:
        raise Refused({"starts_at": "访谈开始时间已过，不能再发布预告。"})
    if not interview.guests.exists():
        raise Refused("请先添加访谈嘉宾。")
    interview.status = InterviewStatus.ANNOUNCED
    interview.announced_at = now
    interview.save(update_fields=["status", "announced_at", "updated_at"])
    record_event(
        actor=actor,
        action="participation.interview.announce",
        target=interview,
        before={"status": InterviewStatus.DRAFT},
        after={"status": interview.status},
    )
    return interview


@transaction.atomic
def cancel_interview(interview: Interview, *, actor, reason: str) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    require_role(actor, interview.agency, *APPROVERS)
    if interview.status not in (InterviewStatus.DRAFT, InterviewStatus.ANNOUNCED):
        raise Refused(f"该访谈当前为“{interview.get_status_display()}”，不能取消。")
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": "请填写取消原因（将向社会公开）。"})
    before = interview.status
    interview.status, interview.cancel_reason = InterviewStatus.CANCELLED, reason[:200]
    interview.save(update_fields=["status", "cancel_reason", "updated_at"])
    record_event(
        actor=actor,
        action="participation.interview.cancel",
        target=interview,
        before={"status": before},
        after={"status": interview.status, "reason": interview.cancel_reason},
    )
    return interview


@transaction.atomic
def submit_question(
    interview: Interview, *, name: str, phone: str, text: str, now=None
) -> InterviewQuestion:
    """A member of the public sends a question before the interview starts."""
    now = now or timezone.now()
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if not interview.accepts_questions(now):
        raise Refused("该访谈现在不接受提问（访谈开始后停止征集问题）。")
    name, phone, text = (
        (name or "").strip(),
        rules.ascii_forms(phone).strip().replace(" ", ""),
        (text or "").strip(),
    )
    if not text:
        raise Refused({"text": "请填写问题。"})
    if len(text) > 1000:
        raise Refused({"text": "问题不能超过 1000 字。"})
    if not rules.PHONE_NUMBER_RE.match(phone):
        raise Refused({"phone": "联系电话格式不正确：请填写11位手机号码或带区号的固定电话。"})
    public_text, found = rules.mask_personal_data(text, names=(name,))
    question = InterviewQuestion.objects.create(
        interview=interview,
        name=name,
        phone=phone,
        text=text,
        public_text=public_text,
        personal_data=found,
    )
    record_event(
        actor=PUBLIC_ACTOR,
        action="participation.question.submit",
        target=question,
        agency=interview.agency,
        after={"interview": interview.pk, "personal_data": found},
    )
    return question


@transaction.atomic
def moderate_question(
    question: InterviewQuestion,
    *,
    actor,
    status: str,
    public_text: str | None = None,
    note: str = "",
) -> InterviewQuestion:
    question = (
        InterviewQuestion.objects.select_for_update()
        .select_related("interview")
        .get(pk=question.pk)
    )
    require_role(actor, question.interview.agency, *STAFF)
    if status == Moderation.WITHHELD:
        status = Moderation.REJECTED  # a question is either shown or not
    _moderate_and_record(
        question,
        actor=actor,
        action="participation.question.moderate",
        status=status,
        public_text=public_text,
        note=note,
        flag_edit=False,
    )
    return question


@transaction.atomic
def add_transcript_item(
    interview: Interview,
    *,
    actor,
    question: str,
    answer: str,
    guest: InterviewGuest | None = None,
    source_question: InterviewQuestion | None = None,
    asked_by: str = "主持人",
) -> TranscriptItem:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    require_role(actor, interview.agency, *STAFF)
    if interview.status != InterviewStatus.ANNOUNCED:
        raise Refused(f"该访谈当前为“{interview.get_status_display()}”，不能编辑文字实录。")
    question, answer = (question or "").strip(), (answer or "").strip()
    if source_question is not None:
        source_question = InterviewQuestion.objects.get(pk=source_question.pk)
        if source_question.interview_id != interview.pk:
            raise Refused({"source_question": "该网友提问不属于本次访谈。"})
        if source_question.status != Moderation.PUBLISHED:
            raise Refused({"source_question": "只能引用已审核公开的网友提问。"})
        question = question or source_question.public_text
        asked_by = "网友"
    if not question:
        raise Refused({"question": "请填写问题。"})
    if not answer:
        raise Refused({"answer": "请填写回答。"})
    if guest is not None and guest.interview_id != interview.pk:
        raise Refused({"guest": "该嘉宾不属于本次访谈。"})
    found = rules.personal_data_in(question) + rules.personal_data_in(answer)
    if found:
        labels = "、".join(sorted({rules.PII_LABELS[k] for k in found}))
        raise Refused({"question": f"实录内容含有个人信息（{labels}），请遮蔽后再保存。"})
    item = TranscriptItem.objects.create(
        interview=interview,
        order=interview.transcript.count() + 1,
        asked_by=(asked_by or "主持人").strip()[:50],
        question=question,
        guest=guest,
        answer=answer,
        source_question=source_question,
    )
    record_event(
        actor=actor,
        action="participation.interview.transcript_item",
        target=interview,
        after={"item": item.pk, "order": item.order},
    )
    return item


@transaction.atomic
def publish_transcript(interview: Interview, *, actor, now=None) -> Interview:
    """Publish the Q&A transcript after the interview (审核人 or 机构负责人)."""
    now = now or timezone.now()
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    require_role(actor, interview.agency, *APPROVERS)
    if interview.status != InterviewStatus.ANNOUNCED:
        raise Refused(f"该访谈当前为“{interview.get_status_display()}”，不能发布文字实录。")
    if now < interview.starts_at:
        raise Refused("访谈尚未开始，不能发布文字实录。")
    if not interview.transcript.exists():
        raise Refused("文字实录为空，请先录入问答。")
    interview.status = InterviewStatus.TRANSCRIBED
    interview.transcript_published_at = now
    interview.save(update_fields=["status", "transcript_published_at", "updated_at"])
    record_event(
        actor=actor,
        action="participation.interview.transcript",
        target=interview,
        before={"status": InterviewStatus.ANNOUNCED},
        after={"status": interview.status, "items": interview.transcript.count()},
    )
    return interview


# -- open days ------------------------------------------------------------------------------------

OPEN_DAY_FIELDS = [
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "registration_closes_at",
    "report",
]


def _validate_open_day(day: OpenDay) -> None:
    _check_required(
        snapshot(day, OPEN_DAY_FIELDS),
        {
            "title": "活动名称",
            "description": "活动内容",
            "starts_at": "开始时间",
            "ends_at": "结束时间",
            "place": "活动地点",
            "capacity": "名额",
            "registration_closes_at": "报名截止时间",
        },
    )
    if day.ends_at <= day.starts_at:
        raise Refused({"ends_at": "结束时间必须晚于开始时间。"})
    if day.registration_closes_at > day.starts_at:
        raise Refused({"registration_closes_at": "报名截止时间不能晚于活动开始时间。"})
    if day.capacity < 1:
        raise Refused({"capacity": "名额至少为 1 人。"})
    if day.capacity < day.booked:
        raise Refused({"capacity": f"已有 {day.booked} 人报名，名额不能少于已报名人数。"})


@transaction.atomic
def save_open_day(*, actor, agency=None, open_day: OpenDay | None = None, data: dict) -> OpenDay:
    is_new = open_day is None
    if is_new:
        require_role(actor, agency, *STAFF)
        day = OpenDay(agency=agency, created_by=actor)
        before = {}
    else:
        day = OpenDay.objects.select_for_update().get(pk=open_day.pk)
        require_role(actor, day.agency, *STAFF)
        if day.status == OpenDayStatus.CANCELLED:
            raise Refused("该活动已取消，不能修改。")
        before = snapshot(day, OPEN_DAY_FIELDS)
    _assign(day, data, OPEN_DAY_FIELDS)
    _validate_open_day(day)
    _save_with_event(
        day, actor=actor, kind="open_day", is_new=is_new, before=before, fields=OPEN_DAY_FIELDS
    )
    return day


@transaction.atomic
def publish_open_day(open_day: OpenDay, *, actor, now=None) -> OpenDay:
    now = now or timezone.now()
    day = OpenDay.objects.select_for_update().get(pk=open_day.pk)
    require_role(actor, day.agency, *APPROVERS)
    if day.status != OpenDayStatus.DRAFT:
        raise Refused(f"该活动当前为“{day.get_status_display()}”，不能发布。")
    _validate_open_day(day)
    if day.registration_closes_at <= now:
        raise Refused({"registration_closes_at": "报名截止时间已过，请修改后再发布。"})
    day.status, day.published_at = OpenDayStatus.PUBLISHED, now
    day.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        actor=actor,
        action="participation.open_day.publish",
        target=day,
        before={"status": OpenDayStatus.DRAFT},
        after={"status": day.status},
    )
    return day


@transaction.atomic
def cancel_open_day(open_day: OpenDay, *, actor, reason: str) -> OpenDay:
    """Cancel the event; registrations stay on file so the organiser can inform people."""
    day = OpenDay.objects.select_for_update().get(pk=open_day.pk)
    require_role(actor, day.agency, *APPROVERS)
    if day.status == OpenDayStatus.CANCELLED:
        raise Refused("该活动已取消。")
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": "请填写取消原因（将向社会公开）。"})
    before = day.status
    day.status, day.cancel_reason = OpenDayStatus.CANCELLED, reason[:200]
    day.save(update_fields=["status", "cancel_reason", "updated_at"])
    record_event(
        actor=actor,
        action="participation.open_day.cancel",
        target=day,
        before={"status": before},
        after={"status": day.status, "reason": day.cancel_reason, "booked": day.booked},
    )
    return day


def cancel_code_digest(number: str, code: str) -> str:
    return salted_hmac(
        "gongkai.participation.cancel", f"{number}:{code.strip().upper()}"
    ).hexdigest()


_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_registration_number(on: datetime.date) -> str:
    while True:
        number = f"KFR{on:%Y%m%d}{''.join(secrets.choice('0123456789') for _ in range(5))}"
        if not Registration.objects.filter(number=number).exists():
            return number


@transaction.atomic
def register(open_day: OpenDay, *, name: str, mobile: str, now=None) -> tuple[Registration, str]:
    """Take one place at an open day; returns the registration and its cancellation code (shown
    once). The place is taken by one conditional UPDATE (booked < capacity), so concurrent
    registrations can never overbook, on SQLite as on PostgreSQL."""
    now = now or timezone.now()
    name, mobile = (name or "").strip(), rules.ascii_forms(mobile).strip().replace(" ", "")
    if not name:
        raise Refused({"name": "请填写姓名。"})
    if len(name) > 50:
        raise Refused({"name": "姓名不能超过 50 个字。"})
    if not rules.MOBILE_NUMBER_RE.match(mobile):
        raise Refused({"mobile": "手机号码格式不正确：应为以 1 开头的 11 位数字。"})
    day = OpenDay.objects.select_for_update().get(pk=open_day.pk)
    if day.status != OpenDayStatus.PUBLISHED:
        raise Refused("该活动不在报名中。")
    if now >= day.registration_closes_at:
        raise Refused("报名已截止。")
    if Registration.objects.filter(
        open_day=day, mobile=mobile, status=RegistrationStatus.CONFIRMED
    ).exists():
        raise Refused({"mobile": "该手机号码已报名本次活动。"})
    taken = OpenDay.objects.filter(pk=day.pk, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise Refused("名额已满，感谢您的关注。")
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    number = _new_registration_number(timezone.localdate(now))
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                open_day=day,
                number=number,
                name=name,
                mobile=mobile,
                code_hash=cancel_code_digest(number, code),
            )
    except IntegrityError:
        raise Refused({"mobile": "该手机号码已报名本次活动。"}) from None
    record_event(
        actor=PUBLIC_ACTOR,
        action="participation.registration.create",
        target=registration,
        agency=day.agency,
        after={"open_day": day.pk},
    )
    return registration, code


def _release(registration: Registration, *, by: str) -> None:
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancelled_by = by[:150]
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    OpenDay.objects.filter(pk=registration.open_day_id, booked__gt=0).update(booked=F("booked") - 1)


@transaction.atomic
def cancel_registration_by_code(*, number: str, code: str, now=None) -> Registration:
    """The registrant gives up the place with the number and code received on registering."""
    now = now or timezone.now()
    number = rules.ascii_forms(number).strip().upper()
    code = rules.ascii_forms(code)
    registration = (
        Registration.objects.select_for_update().select_related("open_day").filter(number=number)
    ).first()
    if registration is None or not hmac.compare_digest(
        registration.code_hash, cancel_code_digest(number, code or "")
    ):
        raise Refused("报名编号或取消码不正确。")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Refused("该报名已取消。")
    if now >= registration.open_day.starts_at:
        raise Refused("活动已开始，不能取消报名。")
    _release(registration, by="本人")
    record_event(
        actor=PUBLIC_ACTOR,
        action="participation.registration.cancel",
        target=registration,
        agency=registration.open_day.agency,
        after={"open_day": registration.open_day_id, "by": "本人"},
    )
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, actor, reason: str = "") -> Registration:
    registration = (
        Registration.objects.select_for_update().select_related("open_day").get(pk=registration.pk)
    )
    require_role(actor, registration.open_day.agency, *STAFF)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Refused("该报名已取消。")
    _release(registration, by=actor.get_username())
    record_event(
        actor=actor,
        action="participation.registration.cancel",
        target=registration,
        after={"open_day": registration.open_day_id, "reason": (reason or "").strip()[:200]},
    )
    return registration


@transaction.atomic
def reveal_registrations(open_day: OpenDay, *, actor) -> None:
    """Audit that `actor` viewed the unmasked names and mobiles of an open day's registrants."""
    require_role(actor, open_day.agency, *STAFF)
    record_event(
        actor=actor,
        action="participation.open_day.view_personal_data",
        target=open_day,
        after={"registrations": open_day.registrations.count()},
    )


@transaction.atomic
def reveal_comment_contacts(decision: Decision, *, actor) -> None:
    """Audit that `actor` viewed the unmasked contact data of a consultation's commenters."""
    require_role(actor, decision.agency, *STAFF)
    record_event(
        actor=actor,
        action="participation.comment.view_personal_data",
        target=decision,
        after={"comments": decision.consultation.comments.count()},
    )
