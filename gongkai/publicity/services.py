"""Staff writes of the 双公示 slice. Each runs in one transaction and leaves one audit event.

Also `decision_counts(agency, year)`, the interface the reports slice uses for table 二.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.orgs.access import is_district_office, require_role

from . import masking, rules, signals, standard
from .importing import ImportRejected, ParseResult, RowParser, parse_file
from .models import Coercion, ImportBatch, Licence, Penalty, Policy, State

STAFF_ROLES = ("clerk", "reviewer", "head")
AUDIT_FIELDS = {
    "licence": ["document_number", "licence_number", "subject_name", "decided_on", "state"],
    "penalty": ["decision_number", "subject_name", "decided_on", "publicity_end", "state"],
}


def decision_counts(agency, year: int) -> dict[str, int]:
    """Decisions dated in `year` by `agency`, for annual-report table 二 (第二十条第（五）（六）项).

    Every decision counts, whether or not it is (still) on public view.
    """
    return {
        "licence": Licence.objects.filter(agency=agency).decided_in(year).count(),
        "penalty": Penalty.objects.filter(agency=agency).decided_in(year).count(),
        "coercion": Coercion.objects.filter(agency=agency, decided_on__year=year).count(),
    }


def _changed(record) -> None:
    signals.send_after_commit(type(record), [record.pk])


# -- entry ----------------------------------------------------------------------------------------


@transaction.atomic
def create_record(kind: str, *, actor, data: dict) -> Licence | Penalty:
    """Publish one licence or penalty entered in the staff form (column field → value)."""
    obj, problems = RowParser(kind, actor=actor).parse(data)
    if problems:
        raise ValidationError(_grouped(problems))
    model = type(obj)
    number_field = "document_number" if kind == "licence" else "decision_number"
    clash = model.objects.filter(agency=obj.agency, **{number_field: obj.number})
    if kind == "licence":
        clash = clash.filter(licence_number=obj.licence_number)
    if clash.exists():
        raise ValidationError({number_field: "该机构已公示过此文号"})
    masking.set_public_text(obj)
    obj.save()
    record_event(
        actor=actor,
        action=f"publicity.{kind}.create",
        target=obj,
        after=snapshot(obj, AUDIT_FIELDS[kind]),
    )
    _changed(obj)
    return obj


@transaction.atomic
def stage_import(*, actor, kind: str, filename: str, data: bytes) -> ImportBatch:
    """Keep an uploaded file for preview; nothing is published until `apply_import`."""
    batch = ImportBatch.objects.create(
        kind=kind, filename=filename[:200], content=data, created_by=actor
    )
    record_event(
        actor=actor,
        action="publicity.import.upload",
        target=batch,
        target_repr=batch.filename,
        after={"kind": kind, "bytes": len(data)},
    )
    return batch


def preview_import(batch: ImportBatch, *, actor) -> ParseResult:
    return parse_file(batch.kind, bytes(batch.content), batch.filename, actor=actor)


@transaction.atomic
def apply_import(batch: ImportBatch, *, actor, progress=None) -> ParseResult:
    """Validate the whole file again and publish every row, or nothing (ImportRejected)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.created_by_id != getattr(actor, "pk", None) and not is_district_office(actor):
        raise PermissionDenied("只能确认自己上传的文件。")
    if batch.status != ImportBatch.Status.PENDING:
        raise ValidationError("该文件已处理，不能重复导入。")
    result = parse_file(
        batch.kind, bytes(batch.content), batch.filename, actor=actor, progress=progress
    )
    if result.errors:
        raise ImportRejected(result.errors)
    _bulk_publish(result, batch=batch)
    batch.status = ImportBatch.Status.APPLIED
    batch.row_count = len(result.objects)
    batch.applied_at = timezone.now()
    batch.content = b""  # the rows now live in the tables; do not keep a second copy of PII
    batch.save(update_fields=["status", "row_count", "applied_at", "content"])
    _audit_import(actor, batch, result)
    return result


@transaction.atomic
def import_file(*, actor, kind: str, filename: str, data: bytes, progress=None) -> ParseResult:
    """One-step import for the command line: validate everything, then publish all or nothing."""
    result = parse_file(kind, data, filename, actor=actor, progress=progress)
    if result.errors:
        raise ImportRejected(result.errors)
    batch = ImportBatch.objects.create(
        kind=kind,
        filename=filename[-200:],
        content=b"",
        created_by=actor,
        status=ImportBatch.Status.APPLIED,
        row_count=len(result.objects),
        applied_at=timezone.now(),
    )
    _bulk_publish(result, batch=batch)
    _audit_import(actor, batch, result)
    return result


def _bulk_publish(result: ParseResult, *, batch) -> None:
    for obj in result.objects:
        obj.import_batch = batch
        masking.set_public_text(obj)
    model = Licence if result.kind == "licence" else Penalty
    created = model.objects.bulk_create(result.objects, batch_size=500)
    ids = [o.pk for o in created if o.pk is not None]
    if ids:
        signals.send_after_commit(model, ids)


def _audit_import(actor, batch, result: ParseResult) -> None:
    agencies = {o.agency_id for o in result.objects}
    record_event(
        actor=actor,
        action=f"publicity.{result.kind}.import",
        target=batch,
        agency=result.objects[0].agency if len(agencies) == 1 else None,
        target_repr=batch.filename,
        after={
            "rows": len(result.objects),
            "late": result.late_count,
            "withheld": result.withheld_count,
            "agencies": sorted(agencies),
        },
    )


# -- correction -----------------------------------------------------------------------------------

#: States in which a record may be corrected: on public view, or never published (不予公示).
CORRECTABLE_STATES = (State.PUBLISHED, State.WITHHELD)
#: Fields derived from the columns on entry that a correction recomputes.
DERIVED_FIELDS = {
    "licence": ["publish_due", "is_minor"],
    "penalty": ["publish_due", "is_minor", "publicity_min_end"],
}
LIFE_CYCLE_FIELDS = ["state", "withheld_reason", "published_on", "ended_on", "corrected_on"]


def _grouped(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, message in problems:
        grouped.setdefault(name, []).append(message)
    return grouped


def _audit_value(record, field: str):
    """A value as the audit log keeps it: identity numbers, phones, e-mail, accounts and
    addresses masked as on the public page, names as entered (the log is not a second copy of
    the personal data that "查看完整个人信息" guards)."""
    if field in masking.IDENTITY_FIELDS | masking.FREE_TEXT_FIELDS:
        return masking.public_value(record, field, Policy(mask_person_name=False))
    return getattr(record, field)


@transaction.atomic
def correct_record(
    record: Licence | Penalty,
    *,
    actor,
    data: dict,
    reason: str,
    today: datetime.date | None = None,
) -> Licence | Penalty:
    """更正: replace the columns of a decision on public view (or withheld, never published).

    `data` holds every column (field → value), validated exactly as an import row
    (`importing.RowParser`), and the fields derived from them are recomputed: the 7-day due
    date, the minimum publicity period, the minor check. A record that turns out to concern a
    minor (or a warning that is not published) leaves public view; a withheld record that may
    now be published is published today. The deciding agency cannot change. The reason goes into
    the audit event only; the public page shows the fixed note "已更正（date）".
    """
    require_role(actor, record.agency, *STAFF_ROLES)
    today = today or timezone.localdate()
    record = type(record).objects.select_for_update().get(pk=record.pk)
    kind = record.kind
    if record.state not in CORRECTABLE_STATES:
        raise ValidationError(f"该信息当前为“{record.get_state_display()}”，不能更正。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正原因。"})
    parsed, problems = RowParser(kind, actor=actor, today=today).parse(data)
    if problems:
        raise ValidationError(_grouped(problems))
    if parsed.agency_id != record.agency_id:
        raise ValidationError(
            {"agency_name": "更正不能改变决定机关；决定机关有误的，请撤回后重新录入"}
        )
    number_field = "document_number" if kind == "licence" else "decision_number"
    clash = type(record).objects.filter(agency=record.agency, **{number_field: parsed.number})
    if kind == "licence":
        clash = clash.filter(licence_number=parsed.licence_number)
    if clash.exclude(pk=record.pk).exists():
        raise ValidationError({number_field: "该机构已公示过此文号"})

    columns = [name for name, _ in standard.COLUMNS[kind]]
    # The source agency follows its columns (数据来源单位 and its USCC).
    changed = [f for f in columns if getattr(parsed, f) != getattr(record, f)]
    if not changed:
        raise ValidationError("没有修改任何字段。")
    fields = [*columns, "source_agency_id", *DERIVED_FIELDS[kind]]
    before_state = snapshot(record, LIFE_CYCLE_FIELDS + DERIVED_FIELDS[kind])
    before_values = {f: _audit_value(record, f) for f in changed}
    was_public = record.state == State.PUBLISHED
    for name in fields:
        setattr(record, name, getattr(parsed, name))
    if parsed.state == State.WITHHELD:
        record.state, record.withheld_reason = State.WITHHELD, parsed.withheld_reason
        if was_public:
            record.ended_on = today
    elif parsed.state == State.EXPIRED:  # a corrected 公示截止期 already past
        record.state, record.ended_on, record.withheld_reason = State.EXPIRED, parsed.ended_on, ""
    elif not was_public:  # withheld until now: published with this correction
        record.state, record.withheld_reason = State.PUBLISHED, ""
        record.published_on, record.ended_on = today, None
    if was_public:
        record.corrected_on = today
    masking.set_public_text(record)
    record.save()

    old, new = diff(before_state, snapshot(record, list(before_state)))
    old.update(before_values)
    new.update({f: _audit_value(record, f) for f in changed})
    new["fields"] = [standard.label_of(kind, f) for f in changed]
    new["reason"] = reason
    record_event(
        actor=actor, action=f"publicity.{kind}.correct", target=record, before=old, after=new
    )
    _changed(record)
    return record


# -- life cycle -----------------------------------------------------------------------------------


@transaction.atomic
def repair_penalty(
    penalty: Penalty, *, actor, decision: str, today: datetime.date | None = None
) -> Penalty:
    """信用修复: end the publicity early, after the minimum period, recording the decision."""
    require_role(actor, penalty.agency, *STAFF_ROLES)
    today = today or timezone.localdate()
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    if penalty.state != State.PUBLISHED:
        raise ValidationError(f"该处罚当前为“{penalty.get_state_display()}”，不能信用修复。")
    if today < penalty.publicity_min_end:
        raise ValidationError(
            f"最短公示期至 {penalty.publicity_min_end:%Y年%m月%d日} 届满，届满后方可信用修复。"
        )
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": "请填写信用修复决定（文号及内容）。"})
    before = snapshot(penalty, ["state", "ended_on", "repair_decision"])
    penalty.state, penalty.ended_on, penalty.repair_decision = State.REPAIRED, today, decision
    penalty.save(update_fields=["state", "ended_on", "repair_decision", "updated_at"])
    old, new = diff(before, snapshot(penalty, list(before)))
    record_event(
        actor=actor, action="publicity.penalty.repair", target=penalty, before=old, after=new
    )
    _changed(penalty)
    return penalty


@transaction.atomic
def withdraw_record(
    record: Licence | Penalty,
    *,
    actor,
    reason: str,
    changed_on: datetime.date,
    today: datetime.date | None = None,
) -> Licence | Penalty:
    """行政处罚法 Art. 48: take a changed, revoked, unlawful or void decision off public view
    within 3 working days of that finding, publishing the reason."""
    require_role(actor, record.agency, *STAFF_ROLES)
    today = today or timezone.localdate()
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.state != State.PUBLISHED:
        raise ValidationError(f"该信息当前为“{record.get_state_display()}”，不能撤回。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因（将向社会公开）。"})
    if changed_on > today:
        raise ValidationError({"changed_on": "变更、撤销或确认违法、无效的日期不能晚于今天。"})
    if changed_on < record.decided_on:
        raise ValidationError({"changed_on": "该日期不能早于原决定日期。"})
    before = snapshot(record, ["state", "ended_on", "withdrawal_reason", "changed_on"])
    record.state = State.WITHDRAWN
    record.ended_on = today
    record.withdrawal_reason = reason
    record.changed_on = changed_on
    record.withdraw_due = rules.withdraw_due(changed_on)
    record.save(
        update_fields=[
            "state",
            "ended_on",
            "withdrawal_reason",
            "changed_on",
            "withdraw_due",
            "updated_at",
        ]
    )
    old, new = diff(before, snapshot(record, list(before)))
    new["late"] = record.withdrawal_late
    record_event(
        actor=actor,
        action=f"publicity.{record.kind}.withdraw",
        target=record,
        before=old,
        after=new,
    )
    _changed(record)
    return record


@transaction.atomic
def expire_penalties(*, today: datetime.date, actor="系统") -> int:
    """Take penalties past their 公示截止期 off public view (idempotent; run by `gongkai tick`)."""
    due = list(
        Penalty.objects.due_to_expire(today).select_for_update().values_list("pk", flat=True)
    )
    if not due:
        return 0
    Penalty.objects.filter(pk__in=due).update(state=State.EXPIRED, ended_on=today)
    record_event(
        actor=actor,
        action="publicity.penalty.expire",
        target_repr=f"{len(due)} 条行政处罚公示期满",
        after={"ids": due, "on": today},
    )
    signals.send_after_commit(Penalty, due)
    return len(due)


@transaction.atomic
def discard_stale_imports(*, now: datetime.datetime, actor="系统") -> int:
    """Drop uploaded files never confirmed within a day: they hold personal data (idempotent)."""
    stale = list(
        ImportBatch.objects.filter(
            status=ImportBatch.Status.PENDING, created_at__lt=now - datetime.timedelta(days=1)
        ).values_list("pk", flat=True)
    )
    if not stale:
        return 0
    ImportBatch.objects.filter(pk__in=stale).update(status=ImportBatch.Status.REJECTED, content=b"")
    record_event(
        actor=actor,
        action="publicity.import.discard",
        target_repr=f"{len(stale)} 个未确认的导入文件",
        after={"ids": stale},
    )
    return len(stale)


@transaction.atomic
def reveal_personal_data(record: Model, *, actor) -> None:
    """Audit that `actor` viewed the unmasked personal data of `record` (staff view only)."""
    require_role(actor, record.agency, *STAFF_ROLES)
    record_event(actor=actor, action=f"publicity.{record.kind}.view_personal_data", target=record)


@transaction.atomic
def audit_staff_export(*, actor, kind: str, agency, count: int) -> None:
    """The unmasked export (for 信用中国) is a disclosure of personal data: audit it."""
    record_event(
        actor=actor,
        action=f"publicity.{kind}.export",
        agency=agency,
        target_repr=f"导出{count}条",
        after={"rows": count, "agency": getattr(agency, "code", None)},
    )


@transaction.atomic
def update_policy(*, actor, **changes) -> Policy:
    if not is_district_office(actor):
        raise PermissionDenied("只有区政务公开办可以修改双公示规则。")
    policy = Policy.current()
    before = snapshot(policy)
    for name, value in changes.items():
        setattr(policy, name, value)
    if policy.max_months < max(policy.min_months, policy.special_min_months):
        raise ValidationError({"max_months": "最长公示期不能短于最短公示期。"})
    policy.full_clean()
    policy.save()
    old, new = diff(before, snapshot(policy))
    old.pop("updated_at", None)
    new.pop("updated_at", None)
    record_event(
        actor=actor, action="publicity.policy.update", target=policy, before=old, after=new
    )
    return policy


@transaction.atomic
def record_coercion(*, actor, agency, **fields) -> Coercion:
    require_role(actor, agency, *STAFF_ROLES)
    coercion = Coercion(agency=agency, **fields)
    coercion.full_clean()
    coercion.save()
    record_event(
        actor=actor,
        action="publicity.coercion.create",
        target=coercion,
        after=snapshot(coercion, ["decision_number", "kind", "decided_on"]),
    )
    return coercion
