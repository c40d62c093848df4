"""Writes of 政府信息更正申请 (Art. 41). Each is one transaction with exactly one audit event.

Art. 41: a citizen, legal person or other organisation with evidence that government information
about themselves provided by an agency is inaccurate may ask for its correction. The competent
agency corrects it if the claim proves true and informs the applicant; information outside the
agency's functions is transferred to the competent agency (informing the applicant), or the
applicant is told to apply there. Here that is three decisions: `grant_correction`,
`transfer_correction`, `refuse_correction` (which includes "apply to the competent agency").

A step that is not allowed raises `ProcedureError` (Chinese message naming the field or the
problem) and changes nothing.
"""

from __future__ import annotations

import datetime
import hmac
import os
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import record_event, snapshot
from gongkai.core.legal import ApplicantType
from gongkai.orgs.access import has_role
from gongkai.orgs.models import Agency, Role
from gongkai.workdays.alarms import deadline_or_alarm

from ..models import IdType
from ..services import APPLICANT_FIELDS, APPLICANT_REQUIRED, ProcedureError, query_code_digest
from . import evidence as evidence_checks
from .models import (
    LETTER_DELIVERY,
    PAPER_CHANNELS,
    CorrectionChannel,
    CorrectionEvent,
    CorrectionEventKind,
    CorrectionEvidence,
    CorrectionRequest,
    CorrectionStatus,
    RefusalReason,
)

#: Local practice [U]: the Regulations set no period for Art. 41. Default: 20 working days from
#: receipt, as for a disclosure application (Art. 33). Setting GONGKAI_CORRECTION_REPLY_WORKDAYS.
DEFAULT_REPLY_PERIOD = 20
MAX_REPLY_PERIOD = 60

INFO_FIELDS = [
    "info_index_no",
    "info_document_number",
    "info_title",
    "info_description",
    "inaccurate_content",
    "correct_content",
    "delivery",
]
#: The state written to the audit log (no personal data, no free text of the applicant).
STATE_FIELDS = [
    "status",
    "received_on",
    "reply_period",
    "due_on",
    "deadline_unknown_year",
    "closed_on",
    "refusal_reason",
    "competent_agency_name",
    "transfer_agency",
    "corrected_record",
]
WORK_ROLES = (Role.CLERK, Role.REVIEWER, Role.HEAD)


# --- configuration ---------------------------------------------------------------------------------


def reply_period() -> int:
    """Working days allowed for the reply [U, local practice], from the Django setting or the
    environment variable ``GONGKAI_CORRECTION_REPLY_WORKDAYS`` (default 20, at most 60). The value
    in force is stored on each request when it is received, so a change affects later requests."""
    value = getattr(settings, "GONGKAI_CORRECTION_REPLY_WORKDAYS", None)
    if value is None:
        value = os.environ.get("GONGKAI_CORRECTION_REPLY_WORKDAYS", "").strip() or (
            DEFAULT_REPLY_PERIOD
        )
    try:
        days = int(value)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"GONGKAI_CORRECTION_REPLY_WORKDAYS 应为1至{MAX_REPLY_PERIOD}的整数（收到 {value!r}）。"
        ) from exc
    if not 1 <= days <= MAX_REPLY_PERIOD:
        raise ImproperlyConfigured(
            f"GONGKAI_CORRECTION_REPLY_WORKDAYS 应为1至{MAX_REPLY_PERIOD}的整数（收到 {value!r}）。"
        )
    return days


# --- helpers ---------------------------------------------------------------------------------------

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def today() -> datetime.date:
    return timezone.localdate()


def _new_tracking_number(on: datetime.date) -> str:
    while True:
        number = f"GZ{on:%Y%m%d}" + "".join(secrets.choice("0123456789") for _ in range(6))
        if not CorrectionRequest.objects.filter(tracking_number=number).exists():
            return number


def check_query_code(request: CorrectionRequest, code: str) -> bool:
    """The applicant holds the query code of the first request of a transfer chain."""
    root = request.root()
    if not root.query_code_hash or not code:
        return False
    return hmac.compare_digest(
        root.query_code_hash, query_code_digest(root.tracking_number, code.strip().upper())
    )


def _check_date(on, label: str, *, not_before: datetime.date | None = None) -> None:
    if on is None:
        raise ProcedureError(f"请填写{label}。")
    if on > today():
        raise ProcedureError(f"{label}不能晚于今天。")
    if not_before is not None and on < not_before:
        raise ProcedureError(f"{label}不能早于{not_before:%Y年%m月%d日}。")


def _append(request, kind, on, *, actor, data=None, note="") -> CorrectionEvent:
    return CorrectionEvent.append(request, kind, on, actor=actor, data=data, note=note)


def _lock(request: CorrectionRequest) -> CorrectionRequest:
    list(CorrectionRequest.objects.select_for_update().filter(pk=request.pk).values_list("pk"))
    request.refresh_from_db()
    return request


def _audit(request, action, actor, before=None, extra=None):
    after = snapshot(request, STATE_FIELDS)
    if extra:
        after = {**after, **extra}
    record_event(actor=actor, action=action, target=request, before=before, after=after)


def _require_worker(actor, agency) -> None:
    if not has_role(actor, agency, *WORK_ROLES):
        raise ProcedureError(f"您在“{agency.name}”没有办理更正申请的岗位。")


def _require_processing(request: CorrectionRequest) -> None:
    if request.status == CorrectionStatus.SUBMITTED:
        raise ProcedureError("更正申请尚未确认接收，请先确认收到申请。")
    if request.status != CorrectionStatus.PROCESSING:
        raise ProcedureError(f"更正申请已{request.get_status_display()}，不能再办理此事项。")


def refresh_deadline(request: CorrectionRequest) -> None:
    """Recompute the reply deadline of an open request (no save). A deadline in a year the
    calendar does not know is an alarm (`deadline_unknown_year`), never a guess."""
    if not request.is_open or request.received_on is None:
        if request.received_on is None:
            request.due_on, request.deadline_unknown_year = None, None
        return
    period = request.reply_period or reply_period()
    result = deadline_or_alarm(
        request.received_on, period, context=f"政府信息更正申请 {request.tracking_number}"
    )
    request.due_on = result.date
    request.deadline_unknown_year = result.unknown_year


def _public_record(index_no: str):
    """The public record with 索引号 `index_no` (refuses one that is not public)."""
    from gongkai.records.models import Record

    record = Record.objects.public().filter(index_no=index_no.strip()).first()
    if record is None:
        raise ProcedureError(
            f"索引号“{index_no.strip()}”对应的政府信息不存在或尚未主动公开，请核对。"
        )
    return record


# --- intake ----------------------------------------------------------------------------------------


def _clean_values(applicant: dict, info: dict) -> dict:
    values = {name: str(applicant.get(name) or "").strip() for name in APPLICANT_FIELDS}
    values.update({name: str(info.get(name) or "").strip() for name in INFO_FIELDS})
    missing = [
        label
        for name, label in [
            *APPLICANT_REQUIRED,
            ("inaccurate_content", "不准确的内容"),
            ("correct_content", "要求更正为"),
            ("delivery", "告知书送达方式"),
        ]
        if not values[name]
    ]
    if missing:
        raise ProcedureError("请填写：" + "、".join(missing) + "。")
    if not any(
        values[n]
        for n in ("info_index_no", "info_document_number", "info_title", "info_description")
    ):
        raise ProcedureError("请至少填写所涉政府信息的索引号、文号、名称或特征性描述中的一项。")
    if values["applicant_type"] not in ApplicantType.values:
        raise ProcedureError("申请人类型无效。")
    if values["id_type"] not in IdType.values:
        raise ProcedureError("证件类型无效。")
    if values["delivery"] not in dict(LETTER_DELIVERY):
        raise ProcedureError("告知书送达方式无效。")
    return values


def _checked_files(files):
    try:
        return evidence_checks.check_uploads(files)
    except evidence_checks.EvidenceError as exc:
        raise ProcedureError(str(exc)) from exc


def _save_evidence(request, checked, *, from_applicant: bool) -> list[CorrectionEvidence]:
    saved = []
    for item in checked:
        row = CorrectionEvidence(
            request=request,
            name=item.name,
            kind=item.kind,
            size=item.size,
            from_applicant=from_applicant,
        )
        item.upload.seek(0)
        row.file.save(item.name, item.upload, save=False)
        row.save()
        saved.append(row)
    return saved


def _create(*, agency, channel, values, submitted_at, transferred_from=None):
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    record = None
    if values.get("info_index_no"):
        from gongkai.records.models import Record

        record = Record.objects.public().filter(index_no=values["info_index_no"]).first()
    for _attempt in range(5):
        number = _new_tracking_number(timezone.localtime(submitted_at).date())
        try:
            with transaction.atomic():
                request = CorrectionRequest.objects.create(
                    agency=agency,
                    channel=channel,
                    tracking_number=number,
                    query_code_hash=""
                    if transferred_from is not None
                    else query_code_digest(number, code),
                    submitted_at=submitted_at,
                    transferred_from=transferred_from,
                    record=record,
                    **values,
                )
            return request, code
        except IntegrityError:
            continue
    raise ProcedureError("生成申请编号失败，请重试。")


def _receive(request, received_on, *, actor) -> None:
    request.received_on = received_on
    request.reply_period = reply_period()
    request.status = CorrectionStatus.PROCESSING
    refresh_deadline(request)
    request.save()
    _append(
        request,
        CorrectionEventKind.RECEIVED,
        received_on,
        actor=actor,
        data={"reply_period": request.reply_period},
    )


@transaction.atomic
def submit_correction(
    *, agency, applicant: dict, info: dict, files=()
) -> tuple[CorrectionRequest, str]:
    """A request from the public form. Like an online disclosure application (Art. 31(四), by
    analogy) it counts as received only when staff confirm it. Returns the request and its
    query code (shown once)."""
    if agency is None or not agency.is_active:
        raise ProcedureError("请选择受理机关。")
    values = _clean_values(applicant, info)
    checked = _checked_files(files)
    now = timezone.now()
    request, code = _create(
        agency=agency, channel=CorrectionChannel.ONLINE, values=values, submitted_at=now
    )
    _append(request, CorrectionEventKind.SUBMITTED, timezone.localtime(now).date(), actor="申请人")
    _save_evidence(request, checked, from_applicant=True)
    _audit(request, "correction.submit", "公众（在线申请）", extra={"files": len(checked)})
    return request, code


@transaction.atomic
def register_correction(
    *,
    agency,
    channel: str,
    submitted_on: datetime.date,
    received_on: datetime.date,
    applicant: dict,
    info: dict,
    actor,
    files=(),
) -> tuple[CorrectionRequest, str]:
    """Staff register a request received on paper, by fax or orally; the reply period runs
    from `received_on` (the day it was handed in, signed for or confirmed)."""
    if channel not in dict(PAPER_CHANNELS):
        raise ProcedureError("申请渠道无效：在线申请由申请人在网站提交。")
    _require_worker(actor, agency)
    _check_date(submitted_on, "提交日期")
    _check_date(received_on, "收到申请日期", not_before=submitted_on)
    values = _clean_values(applicant, info)
    checked = _checked_files(files)
    submitted_at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9, 0)))
    request, code = _create(
        agency=agency, channel=channel, values=values, submitted_at=submitted_at
    )
    _append(request, CorrectionEventKind.SUBMITTED, submitted_on, actor=actor)
    _receive(request, received_on, actor=actor)
    _save_evidence(request, checked, from_applicant=False)
    _audit(request, "correction.register", actor, extra={"channel": channel})
    return request, code


@transaction.atomic
def confirm_correction_receipt(
    request: CorrectionRequest, *, received_on: datetime.date, actor
) -> CorrectionRequest:
    """The day the agency confirmed receipt of an online or transferred request."""
    request = _lock(request)
    _require_worker(actor, request.agency)
    if request.status != CorrectionStatus.SUBMITTED:
        raise ProcedureError("该更正申请已确认接收或已办结，不能重复确认。")
    submitted_on = timezone.localtime(request.submitted_at).date()
    _check_date(received_on, "确认接收日期", not_before=submitted_on)
    before = snapshot(request, STATE_FIELDS)
    _receive(request, received_on, actor=actor)
    _audit(request, "correction.confirm_receipt", actor, before)
    return request


# --- decisions -------------------------------------------------------------------------------------


def _close(request, status, on) -> None:
    request.status = status
    request.closed_on = on


def _issue(request, *, actor, on):
    from . import letters

    return letters.issue_letter(request, actor=actor, on=on)


@transaction.atomic
def grant_correction(
    request: CorrectionRequest,
    *,
    on: datetime.date,
    corrected_content: str,
    actor,
    record_index_no: str = "",
) -> CorrectionRequest:
    """予以更正: the claim proved true and the information was corrected. If it is a published
    record, its 索引号 links it here; the record itself is corrected in 政府信息 (never here)."""
    request = _lock(request)
    _require_worker(actor, request.agency)
    _require_processing(request)
    _check_date(on, "更正日期", not_before=request.received_on)
    corrected_content = (corrected_content or "").strip()
    if not corrected_content:
        raise ProcedureError("请填写更正情况：写明更正了哪些内容。")
    record = _public_record(record_index_no) if (record_index_no or "").strip() else None
    before = snapshot(request, STATE_FIELDS)
    _close(request, CorrectionStatus.CORRECTED, on)
    request.corrected_content = corrected_content
    request.corrected_record = record
    request.save()
    _append(
        request,
        CorrectionEventKind.CORRECTED,
        on,
        actor=actor,
        data={
            "corrected_content": corrected_content,
            "record_index_no": record.index_no if record else "",
        },
    )
    _issue(request, actor=actor, on=on)
    _audit(request, "correction.correct", actor, before)
    return request


@transaction.atomic
def transfer_correction(
    request: CorrectionRequest,
    *,
    on: datetime.date,
    actor,
    to_agency: Agency | None = None,
    agency_name: str = "",
    contact: str = "",
    note: str = "",
) -> CorrectionRequest:
    """转送有权机关: the information is outside the agency's functions. Name the competent
    agency; if it works in Gongkai (`to_agency`), a new request appears in its list, waiting for
    it to confirm receipt, with the applicant's data and evidence."""
    request = _lock(request)
    _require_worker(actor, request.agency)
    _require_processing(request)
    _check_date(on, "转送日期", not_before=request.received_on)
    if to_agency is not None:
        if to_agency.pk == request.agency_id:
            raise ProcedureError("不能转送给本机关。")
        if not Agency.objects.disclosing().filter(pk=to_agency.pk).exists():
            raise ProcedureError(f"“{to_agency.name}”不是可以办理更正申请的机关。")
        agency_name = to_agency.name
        contact = (contact or "").strip() or to_agency.phone
    agency_name, contact = (agency_name or "").strip(), (contact or "").strip()
    if not agency_name:
        raise ProcedureError("请选择或填写有权更正的行政机关。")
    before = snapshot(request, STATE_FIELDS)
    _close(request, CorrectionStatus.TRANSFERRED, on)
    request.transfer_agency = to_agency
    request.competent_agency_name = agency_name[:100]
    request.competent_agency_contact = contact[:200]
    request.save()
    new = None
    if to_agency is not None:
        values = {n: getattr(request, n) for n in APPLICANT_FIELDS + INFO_FIELDS}
        submitted_at = (
            timezone.now()
            if on == today()
            else timezone.make_aware(datetime.datetime.combine(on, datetime.time(9, 0)))
        )
        new, _code = _create(
            agency=to_agency,
            channel=CorrectionChannel.TRANSFERRED,
            values=values,
            submitted_at=submitted_at,
            transferred_from=request,
        )
        _append(
            new,
            CorrectionEventKind.TRANSFERRED_IN,
            on,
            actor=actor,
            data={"from_agency": request.agency.name, "from_number": request.tracking_number},
        )
        CorrectionEvidence.objects.bulk_create(
            CorrectionEvidence(
                request=new,
                file=e.file.name,
                name=e.name,
                kind=e.kind,
                size=e.size,
                from_applicant=e.from_applicant,
            )
            for e in request.evidence.all()
        )
    _append(
        request,
        CorrectionEventKind.TRANSFERRED,
        on,
        actor=actor,
        data={"agency_name": agency_name, "new_number": new.tracking_number if new else ""},
        note=(note or "").strip(),
    )
    _issue(request, actor=actor, on=on)
    _audit(
        request,
        "correction.transfer",
        actor,
        before,
        extra={"new_number": new.tracking_number if new else ""},
    )
    return request


@transaction.atomic
def refuse_correction(
    request: CorrectionRequest,
    *,
    on: datetime.date,
    reason: str,
    actor,
    text: str = "",
    competent_agency: str = "",
) -> CorrectionRequest:
    """不予更正, always with a reason; "other" needs the reason written out. "Not this agency's
    information" tells the applicant to apply to the competent agency (Art. 41, last clause)."""
    request = _lock(request)
    _require_worker(actor, request.agency)
    _require_processing(request)
    if not reason:
        raise ProcedureError("不予更正必须说明理由：请选择不予更正的理由。")
    if reason not in RefusalReason.values:
        raise ProcedureError("不予更正的理由无效。")
    text = (text or "").strip()
    if reason == RefusalReason.OTHER and not text:
        raise ProcedureError("选择“其他理由”时，请在“理由说明”中写明不予更正的理由。")
    _check_date(on, "决定日期", not_before=request.received_on)
    before = snapshot(request, STATE_FIELDS)
    _close(request, CorrectionStatus.REFUSED, on)
    request.refusal_reason = reason
    request.refusal_text = text
    request.competent_agency_name = (competent_agency or "").strip()[:100]
    request.save()
    _append(
        request,
        CorrectionEventKind.REFUSED,
        on,
        actor=actor,
        data={"reason": reason, "text": text, "agency_name": request.competent_agency_name},
    )
    _issue(request, actor=actor, on=on)
    _audit(request, "correction.refuse", actor, before)
    return request


@transaction.atomic
def withdraw_correction(
    request: CorrectionRequest, *, on: datetime.date, actor, note: str = ""
) -> CorrectionRequest:
    request = _lock(request)
    _require_worker(actor, request.agency)
    if not request.is_open:
        raise ProcedureError(f"更正申请已{request.get_status_display()}，不能撤回。")
    _check_date(on, "撤回日期", not_before=timezone.localtime(request.submitted_at).date())
    before = snapshot(request, STATE_FIELDS)
    _close(request, CorrectionStatus.WITHDRAWN, on)
    request.save()
    _append(request, CorrectionEventKind.WITHDRAWN, on, actor=actor, note=(note or "").strip())
    _audit(request, "correction.withdraw", actor, before)
    return request


# --- other staff writes ----------------------------------------------------------------------------


@transaction.atomic
def add_evidence(request: CorrectionRequest, *, files, actor) -> list[CorrectionEvidence]:
    """Evidence handed in later (scanned paper, a supplement sent by e-mail)."""
    request = _lock(request)
    _require_worker(actor, request.agency)
    if not request.is_open:
        raise ProcedureError("更正申请已办结，不能再补充证据材料。")
    checked = _checked_files(files)
    if not checked:
        raise ProcedureError("请选择要上传的证据材料。")
    saved = _save_evidence(request, checked, from_applicant=False)
    _append(
        request,
        CorrectionEventKind.EVIDENCE,
        today(),
        actor=actor,
        data={"files": [s.name for s in saved]},
    )
    record_event(
        actor=actor,
        action="correction.add_evidence",
        target=request,
        after={"evidence": [s.pk for s in saved]},
    )
    return saved


@transaction.atomic
def add_correction_note(
    request: CorrectionRequest, *, on: datetime.date, note: str, actor
) -> CorrectionEvent:
    _require_worker(actor, request.agency)
    if not (note or "").strip():
        raise ProcedureError("请填写办理记录。")
    _check_date(on, "日期")
    event = _append(request, CorrectionEventKind.NOTE, on, actor=actor, note=note.strip())
    record_event(actor=actor, action="correction.note", target=request)
    return event


@transaction.atomic
def record_correction_view(request: CorrectionRequest, *, actor) -> None:
    """Viewing the applicant's full data on the staff page is audited."""
    record_event(actor=actor, action="correction.view_personal_data", target=request)


@transaction.atomic
def record_evidence_view(item: CorrectionEvidence, *, actor) -> None:
    record_event(
        actor=actor,
        action="correction.view_evidence",
        target=item.request,
        after={"evidence": item.pk},
    )


# --- recomputation after a calendar change ---------------------------------------------------------


def recompute(*, years=None) -> int:
    """Recompute the deadlines of open, received requests (registered with the calendar)."""
    changed = 0
    qs = CorrectionRequest.objects.open().filter(received_on__isnull=False)
    for request in qs.iterator(chunk_size=500):
        before = (request.due_on, request.deadline_unknown_year)
        refresh_deadline(request)
        if before != (request.due_on, request.deadline_unknown_year):
            request.save(update_fields=["due_on", "deadline_unknown_year", "updated_at"])
            changed += 1
    return changed
