"""Writes of the on-request procedure. Each is one transaction with exactly one audit event.

Every step appends an `ApplicationEvent` and recomputes the derived fields through
`procedure.derive`; a step the Regulations do not allow raises `ProcedureError` (a Chinese
message naming the problem) and changes nothing.
"""

from __future__ import annotations

import datetime
import hmac
import os
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.core import masking
from gongkai.core.audit import diff, record_event, snapshot
from gongkai.core.legal import ResultRow, WithholdingGround
from gongkai.orgs.access import has_role
from gongkai.orgs.models import Role
from gongkai.workdays import calendar

from . import fees, procedure
from .models import (
    CONFIRMED_CHANNELS,
    Application,
    ApplicationEvent,
    Channel,
    EventKind,
    FeeNotice,
    FeeSchedule,
    ReplyType,
    ReviewCase,
    ReviewKind,
    Status,
)

DERIVED_FIELDS = [
    "status",
    "received_on",
    "clock_start",
    "due_on",
    "party_due_on",
    "paused",
    "extended",
    "deadline_alarm",
    "closed_on",
    "result_row",
    "reply_type",
]

APPLICANT_FIELDS = [
    "applicant_type",
    "applicant_name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
]
#: The applicant fields Art. 29(一) requires, with the labels named when one is missing.
APPLICANT_REQUIRED = [
    ("applicant_type", "申请人类型"),
    ("applicant_name", "申请人姓名或名称"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("phone", "联系电话"),
]
REQUEST_FIELDS = ["info_title", "info_document_number", "info_description", "info_form", "delivery"]


class ProcedureError(ValidationError):
    """A step the Regulations do not allow at this point (message in Chinese)."""


# --- configuration ---------------------------------------------------------------------------------


def fee_notice_pauses_clock() -> bool:
    """[U] Whether waiting for payment pauses the reply period (default on; legal-rules §2).

    Set ``GONGKAI_FEE_NOTICE_PAUSES_CLOCK`` (Django setting or environment: true/false). The
    value in force is stored on each fee notice event, so a later change alters no past case.
    """
    value = getattr(settings, "GONGKAI_FEE_NOTICE_PAUSES_CLOCK", None)
    if value is None:
        raw = os.environ.get("GONGKAI_FEE_NOTICE_PAUSES_CLOCK", "").strip().lower()
        value = raw not in ("false", "0", "off", "no")
    return bool(value)


# --- helpers ---------------------------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


def applicant_key(id_type: str, id_number: str, name: str = "", phone: str = "") -> str:
    """A keyed digest identifying the applicant (same person → same key), never reversible."""
    ident = unicodedata.normalize("NFKC", id_number or "").strip().upper().replace(" ", "")
    basis = f"{id_type}:{ident}" if ident else f"name:{name.strip()}:{phone.strip()}"
    return salted_hmac("gongkai.applications.applicant", basis).hexdigest()[:64]


def query_code_digest(tracking_number: str, code: str) -> str:
    return salted_hmac(
        "gongkai.applications.query", f"{tracking_number}:{code.strip()}"
    ).hexdigest()


def check_query_code(application: Application, code: str) -> bool:
    if not application.query_code_hash or not code:
        return False
    return hmac.compare_digest(
        application.query_code_hash, query_code_digest(application.tracking_number, code)
    )


_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_tracking_number(on: datetime.date) -> str:
    while True:
        tail = "".join(secrets.choice("0123456789") for _ in range(6))
        number = f"YSQ{on:%Y%m%d}{tail}"
        if not Application.objects.filter(tracking_number=number).exists():
            return number


def _new_query_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


def _check_date(on: datetime.date, label: str, *, not_before: datetime.date | None = None) -> None:
    if on > today():
        raise ProcedureError(f"{label}不能晚于今天。")
    if not_before is not None and on < not_before:
        raise ProcedureError(f"{label}不能早于{not_before:%Y年%m月%d日}。")


def _append(application, kind, on, *, actor, data=None, note="") -> ApplicationEvent:
    return ApplicationEvent.append(application, kind, on, actor=actor, data=data, note=note)


def _lock(application: Application) -> Application:
    """Lock the row for this transaction and reload the caller's instance in place, so the
    caller's object reflects the result of the step."""
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk"))
    application.refresh_from_db()
    return application


def state_of(application: Application) -> procedure.State:
    return procedure.derive(application.events.all())


def refresh(application: Application, *, save: bool = True) -> procedure.State:
    """Recompute the derived fields from the events; returns the state."""
    state = state_of(application)
    application.status = state.status
    application.received_on = state.received_on
    application.clock_start = state.clock_start
    application.due_on = state.due_on
    application.party_due_on = state.party_due_on
    application.paused = state.paused
    application.extended = state.extended
    application.deadline_alarm = state.alarm
    application.closed_on = state.closed_on
    application.result_row = state.result_row
    application.reply_type = state.reply_type
    if save:
        application.save(update_fields=[*DERIVED_FIELDS, "updated_at"])
    return state


def _require_open(application: Application, state: procedure.State) -> None:
    if not state.is_open:
        raise ProcedureError(f"申请已{application.get_status_display()}，不能再办理此事项。")


def _require_received(application: Application, state: procedure.State) -> None:
    _require_open(application, state)
    if state.received_on is None:
        raise ProcedureError("申请尚未确认接收。请先确认收到申请（第三十一条）。")


def _audit(application, action, actor, before, after_state=None, extra=None):
    after = snapshot(application, DERIVED_FIELDS)
    if extra:
        after = {**after, **extra}
    record_event(actor=actor, action=action, target=application, before=before, after=after)


def _issue(application, kind, *, actor, event, context=None):
    from . import letters

    return letters.issue_letter(
        application, kind=kind, actor=actor, event=event, context=context or {}, audit=False
    )


# --- intake ----------------------------------------------------------------------------------------


def _clean_person(applicant: dict, request_info: dict) -> dict:
    values = {name: (applicant.get(name) or "") for name in APPLICANT_FIELDS}
    values.update({name: (request_info.get(name) or "") for name in REQUEST_FIELDS})
    missing = [
        label
        for name, label in [
            *APPLICANT_REQUIRED,
            ("info_title", "所需信息名称"),
            ("info_form", "信息的指定提供载体形式"),
            ("delivery", "获取信息的方式"),
        ]
        if not str(values[name]).strip()
    ]
    if missing:
        raise ProcedureError("请填写：" + "、".join(missing) + "。")
    return values


def _create(
    *, agency, channel, values, submitted_at, parent=None, code=None
) -> tuple[Application, str]:
    code = code or _new_query_code()
    for _attempt in range(5):
        number = _new_tracking_number(timezone.localtime(submitted_at).date())
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    agency=agency,
                    channel=channel,
                    tracking_number=number,
                    query_code_hash=query_code_digest(number, code),
                    submitted_at=submitted_at,
                    parent=parent,
                    applicant_key=applicant_key(
                        values["id_type"],
                        values["id_number"],
                        values["applicant_name"],
                        values["phone"],
                    ),
                    **values,
                )
            return application, code
        except IntegrityError:
            continue
    raise ProcedureError("生成申请编号失败，请重试。")


@transaction.atomic
def submit_application(
    *, agency, applicant: dict, request_info: dict, extra_titles=()
) -> tuple[Application, str]:
    """An online application from the public form. Not received until staff confirm it
    (Art. 31(四)): the clock does not start here. Returns the application and its query code.

    `extra_titles` are further items of the same request: under 一事一申请 each becomes its own
    application (child of the first, same query code)."""
    values = _clean_person(applicant, request_info)
    if agency is None or not agency.is_active:
        raise ProcedureError("请选择受理机关。")
    now = timezone.now()
    application, code = _create(
        agency=agency, channel=Channel.ONLINE, values=values, submitted_at=now
    )
    parts = [application]
    for title in list(extra_titles)[:20]:
        part, _ = _create(
            agency=agency,
            channel=Channel.ONLINE,
            values={**values, "info_title": title[:300], "info_document_number": ""},
            submitted_at=now,
            parent=application,
            code=code,
        )
        parts.append(part)
    for part in parts:
        _append(part, EventKind.SUBMITTED, timezone.localtime(now).date(), actor="申请人")
        refresh(part)
    _audit(
        application,
        "application.submit",
        "公众（在线申请）",
        None,
        extra={"parts": [p.tracking_number for p in parts]},
    )
    return application, code


@transaction.atomic
def register_application(
    *,
    agency,
    channel: str,
    submitted_on: datetime.date,
    applicant: dict,
    request_info: dict,
    actor,
    received_on: datetime.date | None = None,
) -> tuple[Application, str]:
    """Staff register an application received by another channel.

    In person, oral and signed post are received on `submitted_on` (submitted / signed for);
    ordinary post and fax are received only when confirmed with the applicant: pass
    `received_on` when that is already done, else confirm later.
    """
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ProcedureError("申请渠道无效：在线申请由申请人在网站提交。")
    if not has_role(actor, agency, Role.CLERK, Role.REVIEWER, Role.HEAD):
        raise ProcedureError(f"您在“{agency.name}”没有登记申请的岗位。")
    _check_date(submitted_on, "提交日期")
    values = _clean_person(applicant, request_info)
    submitted_at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9, 0)))
    application, code = _create(
        agency=agency, channel=channel, values=values, submitted_at=submitted_at
    )
    _append(application, EventKind.SUBMITTED, submitted_on, actor=actor)
    if channel not in CONFIRMED_CHANNELS:
        received_on = submitted_on
    if received_on is not None:
        _check_date(received_on, "收到申请日期", not_before=submitted_on)
        event = _append(
            application,
            EventKind.RECEIVED,
            received_on,
            actor=actor,
            data={"rule": channel},
        )
        refresh(application)
        _issue(application, "receipt", actor=actor, event=event)
    refresh(application)
    _audit(application, "application.register", actor, None, extra={"channel": channel})
    return application, code


@transaction.atomic
def confirm_receipt(application: Application, *, received_on: datetime.date, actor) -> Application:
    """Art. 31: the day both sides confirmed (online, fax) or the day confirmed with the
    applicant (ordinary post). The reply period starts from this date, never from submission."""
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    if state.received_on is not None:
        raise ProcedureError("该申请已确认接收，不能重复确认。")
    submitted_on = timezone.localtime(application.submitted_at).date()
    _check_date(received_on, "确认接收日期", not_before=submitted_on)
    before = snapshot(application, DERIVED_FIELDS)
    event = _append(
        application,
        EventKind.RECEIVED,
        received_on,
        actor=actor,
        data={"rule": application.channel},
    )
    refresh(application)
    _issue(application, "receipt", actor=actor, event=event)
    _audit(application, "application.confirm_receipt", actor, before)
    return application


# --- correction (Art. 30) --------------------------------------------------------------------------


@transaction.atomic
def request_correction(
    application: Application,
    *,
    on: datetime.date,
    reply_by: datetime.date,
    items: str,
    actor,
) -> Application:
    application = _lock(application)
    state = state_of(application)
    _require_received(application, state)
    if state.correction_used:
        raise ProcedureError(
            "补正只能一次性告知（第三十条），本申请已告知过补正，不能再次要求补正。"
        )
    if state.status != Status.PROCESSING:
        raise ProcedureError(f"申请当前为“{application.get_status_display()}”，不能告知补正。")
    _check_date(on, "补正告知日期", not_before=state.received_on)
    limit = procedure.correction_notice_deadline(state.received_on)
    if on > limit:
        raise ProcedureError(
            f"补正告知应在收到申请之日起7个工作日内（即{limit:%Y年%m月%d日}前）发出，已超过期限。"
        )
    if reply_by <= on:
        raise ProcedureError("补正期限应晚于告知日期。")
    if not (items or "").strip():
        raise ProcedureError("请写明需要补正的事项。")
    before = snapshot(application, DERIVED_FIELDS)
    event = _append(
        application,
        EventKind.CORRECTION_REQUESTED,
        on,
        actor=actor,
        data={"reply_by": reply_by.isoformat(), "items": items.strip()},
    )
    refresh(application)
    _issue(application, "correction", actor=actor, event=event)
    _audit(application, "application.request_correction", actor, before)
    return application


@transaction.atomic
def receive_correction(application: Application, *, on: datetime.date, actor) -> Application:
    """The corrected application arrived: the 20-working-day period restarts from `on`."""
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    if state.status != Status.CORRECTION:
        raise ProcedureError("申请不在待补正状态。")
    requested = [e for e in application.events.all() if e.kind == EventKind.CORRECTION_REQUESTED]
    _check_date(on, "收到补正日期", not_before=requested[-1].on)
    before = snapshot(application, DERIVED_FIELDS)
    _append(application, EventKind.CORRECTION_RECEIVED, on, actor=actor)
    refresh(application)
    _audit(application, "application.receive_correction", actor, before)
    return application


@transaction.atomic
def lapse_correction(application: Application, *, on: datetime.date, actor=None) -> Application:
    """No correction in time: the application is treated as abandoned (三(六)1)."""
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    if state.status != Status.CORRECTION or state.party_due_on is None:
        raise ProcedureError("申请不在待补正状态。")
    if on <= state.party_due_on:
        raise ProcedureError(f"补正期限（{state.party_due_on:%Y年%m月%d日}）尚未届满。")
    before = snapshot(application, DERIVED_FIELDS)
    _append(application, EventKind.CORRECTION_LAPSED, on, actor=actor or "系统")
    refresh(application)
    _audit(application, "application.lapse_correction", actor or "系统", before)
    return application


# --- consultation (Art. 32, 34) --------------------------------------------------------------------

CONSULTATION_PARTIES = {"third_party": "第三方", "other_agency": "其他行政机关"}
CONSULTATION_OUTCOMES = {
    "consents": "同意公开",
    "objects": "不同意公开",
    "no_answer": "逾期未答复",
}


@transaction.atomic
def start_consultation(
    application: Application,
    *,
    party: str,
    party_name: str,
    on: datetime.date,
    actor,
    delivered_on: datetime.date | None = None,
    matters: str = "",
) -> ApplicationEvent:
    """Send a written consultation; the clock pauses until the answer (at most 15 WD)."""
    application = _lock(application)
    state = state_of(application)
    _require_received(application, state)
    if party not in CONSULTATION_PARTIES:
        raise ProcedureError("征求意见对象类型无效。")
    if state.status not in (Status.PROCESSING, Status.CONSULTING):
        raise ProcedureError(f"申请当前为“{application.get_status_display()}”，不能征求意见。")
    if not (party_name or "").strip():
        raise ProcedureError("请填写征求意见对象名称。")
    _check_date(on, "征求意见日期", not_before=state.clock_start)
    delivered = delivered_on or on
    reply_by = procedure.consultation_reply_by(delivered)
    before = snapshot(application, DERIVED_FIELDS)
    event = _append(
        application,
        EventKind.CONSULTATION_STARTED,
        on,
        actor=actor,
        data={
            "party": party,
            "party_name": party_name.strip(),
            "delivered_on": delivered.isoformat(),
            "reply_by": reply_by.isoformat(),
            "matters": matters.strip(),
        },
    )
    refresh(application)
    if party == "third_party":
        _issue(application, "consultation", actor=actor, event=event)
    _audit(application, "application.start_consultation", actor, before, extra={"party": party})
    return event


@transaction.atomic
def record_consultation_answer(
    application: Application,
    *,
    consultation_id: int,
    on: datetime.date,
    outcome: str,
    actor,
    note: str = "",
) -> Application:
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    if consultation_id not in state.open_consultations:
        raise ProcedureError("该征求意见已记录答复或不存在。")
    if outcome not in CONSULTATION_OUTCOMES:
        raise ProcedureError("征求意见结果无效。")
    sent, _reply_by = state.open_consultations[consultation_id]
    _check_date(on, "答复日期", not_before=sent)
    before = snapshot(application, DERIVED_FIELDS)
    _append(
        application,
        EventKind.CONSULTATION_ANSWERED,
        on,
        actor=actor,
        data={"consultation": consultation_id, "outcome": outcome},
        note=note,
    )
    refresh(application)
    _audit(application, "application.consultation_answer", actor, before)
    return application


# --- extension (Art. 33), delay (Art. 35) ----------------------------------------------------------


@transaction.atomic
def extend_deadline(
    application: Application, *, on: datetime.date, days: int, reason: str, actor
) -> Application:
    """Art. 33 ¶2: at most 20 more working days, approved by the head of the disclosure office
    (a user holding the 机构负责人 role in the agency); the applicant is notified by letter."""
    application = _lock(application)
    if not has_role(actor, application.agency, Role.HEAD):
        raise ProcedureError(
            "延长答复期限须经政府信息公开工作机构负责人同意：您没有机构负责人岗位。"
        )
    state = state_of(application)
    _require_received(application, state)
    if state.status == Status.CORRECTION:
        raise ProcedureError("申请待补正期间不能延期。")
    if not 1 <= days <= procedure.MAX_EXTENSION - state.extension_days:
        raise ProcedureError(
            f"延长的期限最长不得超过20个工作日（本申请还可延长{procedure.MAX_EXTENSION - state.extension_days}个工作日）。"
        )
    if not (reason or "").strip():
        raise ProcedureError("请填写延期理由。")
    _check_date(on, "延期决定日期", not_before=state.clock_start)
    if state.due_on is not None and on > state.due_on:
        raise ProcedureError(f"答复期限已于{state.due_on:%Y年%m月%d日}届满，不能再延期。")
    before = snapshot(application, DERIVED_FIELDS)
    event = _append(
        application,
        EventKind.EXTENDED,
        on,
        actor=actor,
        data={"days": days, "reason": reason.strip(), "approved_by": actor.pk},
    )
    refresh(application)
    _issue(application, "extension", actor=actor, event=event)
    _audit(application, "application.extend", actor, before, extra={"days": days})
    return application


@transaction.atomic
def set_delayed_period(
    application: Application, *, on: datetime.date, due_on: datetime.date, reason: str, actor
) -> Application:
    """Art. 35: reasons accepted but the Art. 33 period cannot be met; a reasonable date is set."""
    application = _lock(application)
    if not has_role(actor, application.agency, Role.HEAD):
        raise ProcedureError("确定延迟答复期限须经机构负责人同意。")
    state = state_of(application)
    _require_received(application, state)
    _check_date(on, "决定日期", not_before=state.clock_start)
    if state.due_on is not None and due_on <= state.due_on:
        raise ProcedureError("延迟答复期限应晚于现行答复期限。")
    if not (reason or "").strip():
        raise ProcedureError("请填写理由。")
    before = snapshot(application, DERIVED_FIELDS)
    _append(
        application,
        EventKind.DELAY_SET,
        on,
        actor=actor,
        data={"due_on": due_on.isoformat(), "reason": reason.strip()},
    )
    refresh(application)
    _audit(application, "application.delay", actor, before)
    return application


# --- fees (国办函〔2020〕109号) ---------------------------------------------------------------------


def month_item_number(application: Application) -> int:
    """The application's place in its applicant's running count at the agency for the
    calendar month of receipt (按件计收)."""
    received = application.received_on
    if received is None:
        raise ProcedureError("申请尚未确认接收，无法按件计费。")
    same_month = Application.objects.filter(
        agency=application.agency,
        applicant_key=application.applicant_key,
        received_on__year=received.year,
        received_on__month=received.month,
    )
    earlier = same_month.filter(received_on__lt=received).count()
    same_day = same_month.filter(received_on=received, pk__lte=application.pk).count()
    return earlier + same_day


@transaction.atomic
def issue_fee_notice(
    application: Application,
    *,
    schedule: str,
    on: datetime.date,
    notice_received_on: datetime.date,
    actor,
    pages: int | None = None,
) -> FeeNotice:
    """A 收费通知: one schedule only; issued within the processing period; payable within 20 WD
    counted from the day after the applicant receives it."""
    application = _lock(application)
    state = state_of(application)
    _require_received(application, state)
    if state.status != Status.PROCESSING:
        raise ProcedureError(f"申请当前为“{application.get_status_display()}”，不能发出收费通知。")
    if application.fees.exists():
        raise ProcedureError("本申请已发出过收费通知。")
    _check_date(on, "收费通知日期", not_before=state.clock_start)
    if state.due_on is not None and on > state.due_on:
        raise ProcedureError("收费通知应在答复期限内发出。")
    if notice_received_on < on:
        raise ProcedureError("申请人收到通知日期不能早于通知日期。")
    if schedule == FeeSchedule.PER_ITEM:
        if pages is not None:
            raise ProcedureError("按件计收和按量计收只能选择一种，不能同时适用。")
        item_number = month_item_number(application)
        amount = fees.per_item_fee(item_number)
    elif schedule == FeeSchedule.PER_PAGE:
        if not pages or pages < 1:
            raise ProcedureError("按量计收请填写页数。")
        item_number = None
        amount = fees.per_page_fee(pages)
    else:
        raise ProcedureError("计收方式无效。")
    if amount <= 0:
        raise ProcedureError("未超过免费额度，不产生信息处理费，无需发出收费通知。")
    pay_by = procedure.fee_pay_by(notice_received_on)
    fee = FeeNotice.objects.create(
        application=application,
        schedule=schedule,
        item_number=item_number,
        pages=pages if schedule == FeeSchedule.PER_PAGE else None,
        amount=amount,
        issued_on=on,
        notice_received_on=notice_received_on,
        pay_by=pay_by,
    )
    before = snapshot(application, DERIVED_FIELDS)
    event = _append(
        application,
        EventKind.FEE_NOTICE,
        on,
        actor=actor,
        data={
            "fee": fee.pk,
            "schedule": schedule,
            "amount": str(amount),
            "pay_by": pay_by.isoformat(),
            "pauses_clock": fee_notice_pauses_clock(),
        },
    )
    refresh(application)
    _issue(application, "fee", actor=actor, event=event, context={"fee": fee})
    _audit(application, "application.fee_notice", actor, before, extra={"amount": amount})
    return fee


@transaction.atomic
def record_fee_payment(application: Application, *, on: datetime.date, actor) -> Application:
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    if state.fee_pending is None:
        raise ProcedureError("本申请没有待缴的信息处理费。")
    fee = application.fees.get()
    _check_date(on, "缴费日期", not_before=fee.issued_on)
    if on > fee.pay_by:
        raise ProcedureError(f"缴费期限已于{fee.pay_by:%Y年%m月%d日}届满。")
    fee.paid_on = on
    fee.save(update_fields=["paid_on"])
    before = snapshot(application, DERIVED_FIELDS)
    _append(application, EventKind.FEE_PAID, on, actor=actor, data={"fee": fee.pk})
    refresh(application)
    _audit(application, "application.fee_paid", actor, before)
    return application


@transaction.atomic
def lapse_fee(application: Application, *, on: datetime.date, actor=None) -> Application:
    """Unpaid after 20 WD: treated as abandoned (三(六)2)."""
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    fee = state.fee_pending
    if fee is None:
        raise ProcedureError("本申请没有待缴的信息处理费。")
    if on <= fee["pay_by"]:
        raise ProcedureError(f"缴费期限（{fee['pay_by']:%Y年%m月%d日}）尚未届满。")
    before = snapshot(application, DERIVED_FIELDS)
    _append(application, EventKind.FEE_LAPSED, on, actor=actor or "系统")
    refresh(application)
    _audit(application, "application.lapse_fee", actor or "系统", before)
    return application


# --- outcome ---------------------------------------------------------------------------------------

#: Reply type → table 三 leaf row (legal-rules §3.3). Withheld rows depend on the ground.
REPLY_ROWS = {
    ReplyType.ALREADY_PUBLIC: ResultRow.GRANTED,
    ReplyType.GRANTED: ResultRow.GRANTED,
    ReplyType.PARTIAL: ResultRow.PARTIAL,
    ReplyType.NOT_FOUND: ResultRow.UNABLE_NOT_HELD,
    ReplyType.NOT_OURS: ResultRow.UNABLE_NOT_HELD,
    ReplyType.REPEATED: ResultRow.NOT_PROCESSED_REPEATED,
    ReplyType.SPECIAL_LAW: ResultRow.WITHHELD_ADMIN_QUERY,
    ReplyType.NEEDS_CREATION: ResultRow.UNABLE_NEEDS_CREATION,
    ReplyType.STILL_UNCLEAR: ResultRow.UNABLE_STILL_UNCLEAR,
    ReplyType.PETITION: ResultRow.NOT_PROCESSED_PETITION,
    ReplyType.PUBLICATION: ResultRow.NOT_PROCESSED_PUBLICATION,
    ReplyType.EXCESSIVE: ResultRow.NOT_PROCESSED_EXCESSIVE,
    ReplyType.CONFIRMATION: ResultRow.NOT_PROCESSED_CONFIRMATION,
    ReplyType.OTHER: ResultRow.OTHER_OTHER,
}


def result_row_for(reply_type: str, ground: str = "") -> str:
    """Exactly one table 三 row for a reply (refuses a withheld reply without a ground)."""
    if reply_type == ReplyType.WITHHELD:
        if ground not in WithholdingGround.values:
            raise ProcedureError("不予公开的答复必须写明法定理由（请选择不予公开的依据）。")
        return f"withheld.{ground}"
    if reply_type not in REPLY_ROWS:
        raise ProcedureError("答复类型无效。")
    return REPLY_ROWS[reply_type]


def _public_record_url(index_no: str) -> str:
    """The public address of the record with 索引号 `index_no`; refuse one that is not public."""
    from gongkai.records.models import Record

    record = Record.objects.public().filter(index_no=index_no.strip()).first()
    if record is None:
        raise ProcedureError(
            f"索引号“{index_no.strip()}”对应的政府信息不存在或尚未主动公开，请核对。"
        )
    return record.get_absolute_url()


@transaction.atomic
def reply_to_application(
    application: Application,
    *,
    on: datetime.date,
    reply_type: str,
    actor,
    ground: str = "",
    provided: str = "",
    public_index_no: str = "",
    public_url: str = "",
    competent_agency: str = "",
    reasons: str = "",
) -> Application:
    """Record the reply (Art. 36/37 and the other outcomes) and its table 三 row."""
    application = _lock(application)
    state = state_of(application)
    _require_received(application, state)
    if state.status == Status.CORRECTION:
        raise ProcedureError("申请待补正，补正期限届满前不能作出答复。")
    if state.status == Status.CONSULTING:
        raise ProcedureError("征求意见尚未结束：请先记录第三方或其他机关的答复。")
    if state.status == Status.FEE:
        raise ProcedureError("申请人尚未缴纳信息处理费。")
    row = result_row_for(reply_type, ground)
    if reply_type == ReplyType.PARTIAL and ground not in WithholdingGround.values:
        raise ProcedureError("部分公开的答复必须写明不予公开部分的法定理由。")
    if reply_type == ReplyType.ALREADY_PUBLIC and not (public_index_no or public_url):
        raise ProcedureError("已主动公开的答复须告知获取方式：请填写索引号或网址。")
    if public_index_no.strip():
        record_url = _public_record_url(public_index_no)
        public_url = public_url.strip() or settings.GONGKAI_BASE_URL + record_url
    if (
        state.third_party_objected
        and reply_type in (ReplyType.GRANTED, ReplyType.ALREADY_PUBLIC)
        and not reasons.strip()
    ):
        raise ProcedureError(
            "第三方不同意公开：决定予以公开的，须在“理由说明”中写明不公开可能对公共利益造成重大影响的理由，"
            "并书面告知第三方（第三十二条）。"
        )
    if reply_type == ReplyType.STILL_UNCLEAR and not state.correction_received:
        raise ProcedureError("只有经过补正后申请内容仍不明确的，才能作此答复。")
    _check_date(on, "答复日期", not_before=state.clock_start)
    before = snapshot(application, DERIVED_FIELDS)
    data = {
        "reply_type": reply_type,
        "result_row": row,
        "ground": ground if reply_type in (ReplyType.WITHHELD, ReplyType.PARTIAL) else "",
        "provided": provided.strip(),
        "public_index_no": public_index_no.strip(),
        "public_url": public_url.strip(),
        "competent_agency": competent_agency.strip(),
        "reasons": reasons.strip(),
        "on_time": state.due_on is None or on <= state.due_on,
    }
    event = _append(application, EventKind.REPLIED, on, actor=actor, data=data)
    refresh(application)
    _issue(application, "reply", actor=actor, event=event)
    _audit(application, "application.reply", actor, before, extra={"reply_type": reply_type})
    return application


@transaction.atomic
def withdraw_application(
    application: Application, *, on: datetime.date, actor, note: str = ""
) -> Application:
    application = _lock(application)
    state = state_of(application)
    _require_open(application, state)
    submitted_on = timezone.localtime(application.submitted_at).date()
    _check_date(on, "撤回日期", not_before=submitted_on)
    before = snapshot(application, DERIVED_FIELDS)
    _append(application, EventKind.WITHDRAWN, on, actor=actor, note=note)
    refresh(application)
    _audit(application, "application.withdraw", actor, before)
    return application


@transaction.atomic
def add_note(application: Application, *, on: datetime.date, note: str, actor) -> ApplicationEvent:
    if not (note or "").strip():
        raise ProcedureError("请填写办理记录。")
    event = _append(application, EventKind.NOTE, on, actor=actor, note=note.strip())
    record_event(actor=actor, action="application.note", target=application)
    return event


# --- review and litigation (table 四) --------------------------------------------------------------


@transaction.atomic
def record_review_case(
    application: Application,
    *,
    kind: str,
    filed_on: datetime.date,
    actor,
    case_number: str = "",
    body: str = "",
) -> ReviewCase:
    if kind not in ReviewKind.values:
        raise ProcedureError("复议诉讼类型无效。")
    if application.received_on is None:
        raise ProcedureError("申请尚未接收，不能登记复议或诉讼。")
    _check_date(filed_on, "申请/起诉日期", not_before=application.received_on)
    case = ReviewCase.objects.create(
        application=application,
        agency=application.agency,
        kind=kind,
        filed_on=filed_on,
        case_number=case_number.strip(),
        body=body.strip(),
    )
    record_event(actor=actor, action="application.review_case", target=case, after=snapshot(case))
    return case


@transaction.atomic
def conclude_review_case(
    case: ReviewCase, *, outcome: str, concluded_on: datetime.date | None, actor
) -> ReviewCase:
    from gongkai.core.legal import ReviewOutcome

    if outcome not in ReviewOutcome.values:
        raise ProcedureError("复议诉讼结果无效。")
    if outcome != ReviewOutcome.PENDING:
        if concluded_on is None:
            raise ProcedureError("请填写审结日期。")
        _check_date(concluded_on, "审结日期", not_before=case.filed_on)
    before = snapshot(case)
    case.outcome = outcome
    case.concluded_on = concluded_on if outcome != ReviewOutcome.PENDING else None
    case.save(update_fields=["outcome", "concluded_on"])
    record_event(
        actor=actor,
        action="application.review_case_result",
        target=case,
        before=before,
        after=snapshot(case),
    )
    return case


# --- Art. 44, docket, splitting ----------------------------------------------------------------------


def repeated_requests(application: Application):
    """Other applicants' applications to the same agency for the same information (Art. 44):
    same 文号, or the same information title."""
    from django.db.models import Q

    qs = Application.objects.filter(agency=application.agency).exclude(
        applicant_key=application.applicant_key
    )
    match = Q(info_title=application.info_title)
    if application.info_document_number.strip():
        match |= Q(info_document_number=application.info_document_number.strip())
    return qs.filter(match)


@transaction.atomic
def suggest_proactive_disclosure(
    application: Application, *, actor, index_no: str = "", url: str = ""
) -> Application:
    """Art. 44: mark the information for proactive disclosure; link the record once published."""
    before = snapshot(
        application, ["proactive_suggested", "proactive_record_index_no", "proactive_record_url"]
    )
    if index_no.strip():
        url = url.strip() or settings.GONGKAI_BASE_URL + _public_record_url(index_no)
    application.proactive_suggested = True
    application.proactive_record_index_no = index_no.strip()
    application.proactive_record_url = url.strip()
    application.save(
        update_fields=[
            "proactive_suggested",
            "proactive_record_index_no",
            "proactive_record_url",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        action="application.suggest_proactive",
        target=application,
        before=before,
        after=snapshot(
            application,
            ["proactive_suggested", "proactive_record_index_no", "proactive_record_url"],
        ),
    )
    return application


#: Patterns of personal data that must never appear in a published docket entry.
_PII_PATTERNS = [
    (masking.ID_NUMBER_RE, "身份证号码"),
    (masking.MOBILE_RE, "手机号码"),
    (masking.LANDLINE_RE, "电话号码"),
    (masking.EMAIL_RE, "电子邮箱"),
]
_APPLICANT_LABELS = {
    "applicant_name": "申请人姓名或名称",
    "contact_person": "联系人",
    "id_number": "证件号码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通讯地址",
}


def personal_data_in(application: Application, text: str) -> list[str]:
    """What personal data of the applicant (or of anyone, by pattern) `text` contains."""
    found = [
        label
        for field, label in _APPLICANT_LABELS.items()
        if len(value := (getattr(application, field) or "").strip()) >= 2 and value in text
    ]
    # An address is quoted in parts ("梧桐路88弄"): any six consecutive characters of it count.
    address = re.sub(r"\s", "", application.address or "")
    if any(address[i : i + 6] in text for i in range(len(address) - 5)):
        found.append(_APPLICANT_LABELS["address"])
    found += [label for pattern, label in _PII_PATTERNS if pattern.search(text)]
    return list(dict.fromkeys(found))


@transaction.atomic
def set_docket(
    application: Application, *, publish: bool, title: str = "", summary: str, actor
) -> Application:
    """Publish (or withdraw) an anonymised entry of a replied application in the public docket.

    Staff write both the title and the summary: the applicant's own wording of the request may
    contain personal data, so it is never published. Both are checked against every personal
    field of the applicant and against ID-number, phone and e-mail patterns.
    """
    application = _lock(application)
    title, summary = (title or "").strip(), (summary or "").strip()
    if publish:
        if application.status != Status.REPLIED:
            raise ProcedureError("只有已答复的申请才能公布。")
        if not title:
            raise ProcedureError("请填写不含个人信息的公布标题。")
        if not summary:
            raise ProcedureError("请填写不含个人信息的公布摘要。")
        for label, text in (("公布标题", title), ("公布摘要", summary)):
            leaked = personal_data_in(application, text)
            if leaked:
                raise ProcedureError(
                    f"{label}含有个人信息（{'、'.join(leaked)}），请删除后再公布。"
                )
    fields = ["docket_published", "docket_title", "docket_summary"]
    before = snapshot(application, fields)
    application.docket_published = publish
    if publish:
        application.docket_title = title
        application.docket_summary = summary
    application.save(update_fields=[*fields, "updated_at"])
    old, new = diff(before, snapshot(application, fields))
    record_event(
        actor=actor, action="application.docket", target=application, before=old, after=new
    )
    return application


@transaction.atomic
def split_application(application: Application, *, titles: list[str], actor) -> list[Application]:
    """一事一申请: split the other items of an application into separate applications with the
    same applicant, channel and receipt; each gets its own tracking number and clock."""
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        raise ProcedureError("请填写拆分出的每一项所需信息（每行一项）。")
    state = state_of(application)
    _require_open(application, state)
    parts = []
    values = {name: getattr(application, name) for name in APPLICANT_FIELDS + REQUEST_FIELDS}
    for title in titles:
        part, _code = _create(
            agency=application.agency,
            channel=application.channel,
            values={**values, "info_title": title[:300], "info_document_number": ""},
            submitted_at=application.submitted_at,
            parent=application,
        )
        for event in application.events.filter(kind__in=[EventKind.SUBMITTED, EventKind.RECEIVED]):
            _append(part, event.kind, event.on, actor=actor, data={**event.data, "split": True})
        refresh(part)
        parts.append(part)
    record_event(
        actor=actor,
        action="application.split",
        target=application,
        after={"parts": [p.tracking_number for p in parts]},
    )
    return parts


@transaction.atomic
def record_case_view(application: Application, *, actor) -> None:
    """Viewing the full personal data on the case page is audited."""
    record_event(actor=actor, action="application.view_personal_data", target=application)


# --- recomputation after a calendar change ---------------------------------------------------------


def recompute(*, years=None) -> int:
    """Recompute derived deadlines of open applications (registered with the calendar)."""
    changed = 0
    qs = Application.objects.open().prefetch_related("events")
    for application in qs.iterator(chunk_size=500):
        before = (application.due_on, application.deadline_alarm, application.party_due_on)
        refresh(application, save=False)
        if before != (application.due_on, application.deadline_alarm, application.party_due_on):
            application.save(update_fields=DERIVED_FIELDS)
            changed += 1
    return changed


__all__ = [
    "ProcedureError",
    "calendar",
]
