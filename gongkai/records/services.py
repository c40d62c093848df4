"""Writes on records: registration, review, publication, correction, withdrawal, repeal.

Each function runs in one transaction and writes exactly one audit event. Publishing,
correcting, withdrawing and repealing send `signals.record_changed` after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.core.legal import DisclosureAttribute
from gongkai.orgs.access import require_role
from gongkai.orgs.models import Role

from . import attachments as attachment_checks
from .deadlines import compute_due_on
from .models import (
    Attachment,
    IndexCounter,
    NoticeKind,
    Record,
    RecordNotice,
    RecordType,
    Status,
    Validity,
    normalise_document_number,
)
from .signals import record_changed

#: Default 索引号 format; `GONGKAI_RECORDS_INDEX_FORMAT` overrides it. Fields: uscc (统一社会信用
#: 代码, or the agency code when an agency has none), code, year, serial.
DEFAULT_INDEX_FORMAT = "{uscc}/{year}-{serial:05d}"

#: Fields a clerk fills in when registering or editing a draft.
EDITABLE_FIELDS = [
    "title",
    "summary",
    "body",
    "record_type",
    "document_number",
    "written_on",
    "formed_on",
    "topic",
    "keywords",
    "validity",
    "effective_on",
    "expires_on",
    "attribute",
    "withholding_ground",
    "attribute_basis",
    "partial",
    "partial_note",
    "interprets",
    "video_url",
]

#: Public fields a correction may change on a published record.
CORRECTABLE_FIELDS = [
    "title",
    "summary",
    "body",
    "document_number",
    "written_on",
    "topic",
    "keywords",
    "effective_on",
    "expires_on",
    "video_url",
]

AUDIT_FIELDS = [
    *EDITABLE_FIELDS,
    "status",
    "index_no",
    "published_at",
    "scheduled_at",
    "reviewed_by",
    "secrecy_checked",
    "interpretation_waiver",
    "repealed_on",
    "repealed_by",
    "return_note",
]

_BODY_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}  # images come as checked attachments, never hotlinked


def sanitise_html(html: str) -> str:
    """Rich text with scripts, styles, event handlers and foreign images removed."""
    return nh3.clean(html or "", tags=_BODY_TAGS, url_schemes={"http", "https", "mailto"})


def _notify_after_commit(*record_ids: int) -> None:
    for record_id in record_ids:
        transaction.on_commit(
            lambda rid=record_id: record_changed.send(sender=Record, record_id=rid)
        )


def _lock(record: Record) -> Record:
    return Record.objects.select_for_update().select_related("agency").get(pk=record.pk)


def _require_status(record: Record, *allowed: str, doing: str) -> None:
    if record.status not in allowed:
        labels = "、".join(Status(s).label for s in allowed)
        raise ValidationError(
            f"“{record.title}”当前状态为“{record.get_status_display()}”，只有{labels}的信息才能{doing}。"
        )


def _apply(record: Record, data: dict, fields: list[str]) -> None:
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name == "body":
            value = sanitise_html(value)
        elif name == "document_number":
            value = normalise_document_number(value)
        elif name in ("title", "keywords", "summary") and isinstance(value, str):
            value = value.strip()
        setattr(record, name, value)


def _validate(record: Record) -> None:
    record.full_clean(exclude=["agency", "created_by", "submitted_by", "reviewed_by"])


# -- registration ---------------------------------------------------------------------------------


def _refresh_due_on(record: Record) -> None:
    """Recompute the due date once the catalogue items (which may set the limit) are linked."""
    due = compute_due_on(record)
    if due != record.due_on:
        record.due_on = due
        record.save(update_fields=["due_on"])


@transaction.atomic
def create_record(
    *,
    agency,
    actor,
    data: dict,
    catalog_items: Iterable = (),
    co_issuers: Iterable = (),
) -> Record:
    """Register a draft with its disclosure attribute (公开属性在起草时确定)."""
    require_role(actor, agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    record = Record(agency=agency, created_by=actor, status=Status.DRAFT)
    if "formed_on" not in data or data.get("formed_on") is None:
        data = {**data, "formed_on": data.get("written_on") or timezone.localdate()}
    _apply(record, data, EDITABLE_FIELDS)
    _validate(record)
    record.due_on = compute_due_on(record)
    record.save()
    record.catalog_items.set(catalog_items)
    record.co_issuers.set([a for a in co_issuers if a.pk != agency.pk])
    _refresh_due_on(record)
    record_event(
        actor=actor,
        action="record.create",
        target=record,
        after=snapshot(record, AUDIT_FIELDS),
    )
    return record


@transaction.atomic
def update_record(
    record: Record,
    *,
    actor,
    data: dict,
    catalog_items: Iterable | None = None,
    co_issuers: Iterable | None = None,
) -> Record:
    record = _lock(record)
    require_role(actor, record.agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.DRAFT, doing="修改")
    before = snapshot(record, AUDIT_FIELDS)
    _apply(record, data, EDITABLE_FIELDS)
    _validate(record)
    record.due_on = compute_due_on(record)
    record.save()
    if catalog_items is not None:
        record.catalog_items.set(catalog_items)
    if co_issuers is not None:
        record.co_issuers.set([a for a in co_issuers if a.pk != record.agency_id])
    _refresh_due_on(record)
    b, a = diff(before, snapshot(record, AUDIT_FIELDS))
    record_event(actor=actor, action="record.update", target=record, before=b, after=a)
    return record


# -- review ---------------------------------------------------------------------------------------


@transaction.atomic
def submit_record(record: Record, *, actor) -> Record:
    record = _lock(record)
    require_role(actor, record.agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.DRAFT, doing="提交审核")
    _validate(record)
    record.status = Status.SUBMITTED
    record.submitted_by = actor
    record.return_note = ""
    record.save()
    record_event(
        actor=actor,
        action="record.submit",
        target=record,
        before={"status": Status.DRAFT},
        after={"status": record.status},
    )
    return record


@transaction.atomic
def review_record(
    record: Record, *, actor, secrecy_checked: bool, interpretation_waiver: str = ""
) -> Record:
    """保密审查 and approval: the reviewer confirms the secrecy check and the attribute."""
    record = _lock(record)
    require_role(actor, record.agency, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.SUBMITTED, doing="审核")
    if actor.pk in (record.created_by_id, record.submitted_by_id):
        raise PermissionDenied("不能审核自己起草或提交的信息，请由其他审核人审核。")
    if not secrecy_checked:
        raise ValidationError("请确认已完成保密审查，并确认公开属性。")
    waiver = (interpretation_waiver or "").strip()
    if waiver and record.record_type != RecordType.NORMATIVE:
        raise ValidationError("只有行政规范性文件需要记录无需解读的理由。")
    before = snapshot(record, AUDIT_FIELDS)
    record.status = Status.REVIEWED
    record.secrecy_checked = True
    record.reviewed_by = actor
    record.reviewed_at = timezone.now()
    if waiver:
        record.interpretation_waiver = waiver
    record.save()
    b, a = diff(before, snapshot(record, AUDIT_FIELDS))
    record_event(actor=actor, action="record.review", target=record, before=b, after=a)
    return record


@transaction.atomic
def return_record(record: Record, *, actor, note: str) -> Record:
    """Return a submitted or reviewed (not yet published) record to its author for changes."""
    record = _lock(record)
    require_role(actor, record.agency, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.SUBMITTED, Status.REVIEWED, doing="退回修改")
    if not (note or "").strip():
        raise ValidationError("请填写退回意见。")
    before = {"status": record.status}
    record.status = Status.DRAFT
    record.return_note = note.strip()
    record.secrecy_checked = False
    record.reviewed_by = None
    record.reviewed_at = None
    record.scheduled_at = None
    record.save()
    record_event(
        actor=actor,
        action="record.return",
        target=record,
        before=before,
        after={"status": record.status, "return_note": record.return_note},
    )
    return record


# -- publication ----------------------------------------------------------------------------------


def format_index_no(agency, year: int, serial: int) -> str:
    fmt = getattr(settings, "GONGKAI_RECORDS_INDEX_FORMAT", DEFAULT_INDEX_FORMAT)
    return fmt.format(
        uscc=agency.uscc or agency.code.upper(), code=agency.code, year=year, serial=serial
    )


def next_index_serial(agency, year: int) -> int:
    """Take the next serial of (agency, year). Call inside the publication transaction: the
    counter row stays locked until it commits, so concurrent publishers queue."""
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _publish_one(record: Record, now: datetime.datetime) -> None:
    year = timezone.localtime(now).year
    serial = next_index_serial(record.agency, year)
    record.index_year = year
    record.index_serial = serial
    record.index_no = format_index_no(record.agency, year, serial)
    record.published_at = now
    record.status = Status.PUBLISHED
    record.scheduled_at = None
    record.save()


def _check_publishable(record: Record) -> list[Record]:
    """Raise unless `record` may go public now; return the interpretations to publish with it."""
    _require_status(record, Status.REVIEWED, doing="发布")
    if record.attribute != DisclosureAttribute.PROACTIVE:
        raise ValidationError(
            f"“{record.title}”的公开属性为“{record.get_attribute_display()}”，不在网站主动发布。"
        )
    if record.record_type == RecordType.INTERPRETATION:
        policy = record.interprets
        if policy is None or policy.status != Status.PUBLISHED:
            raise ValidationError("政策解读须与所解读的政策文件同步发布：请发布政策文件。")
        return []
    interpretations = list(
        Record.objects.select_for_update()
        .select_related("agency")
        .filter(
            interprets=record,
            record_type=RecordType.INTERPRETATION,
            status__in=[Status.REVIEWED, Status.PUBLISHED],
        )
    )
    if record.record_type == RecordType.NORMATIVE and not interpretations:
        if not record.interpretation_waiver.strip():
            raise ValidationError(
                "行政规范性文件须与经审核的政策解读同步发布；如确无需解读，请审核人记录理由。"
            )
    return [i for i in interpretations if i.status == Status.REVIEWED]


@transaction.atomic
def publish_record(record: Record, *, actor, now: datetime.datetime | None = None) -> Record:
    """Publish a reviewed record now: assign its 索引号 and 发布日期. A policy's reviewed
    interpretations go public in the same transaction."""
    now = now or timezone.now()
    record = _lock(record)
    if actor is not None:
        require_role(actor, record.agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    companions = _check_publishable(record)
    for companion in companions:
        if companion.attribute != DisclosureAttribute.PROACTIVE:
            raise ValidationError(f"政策解读“{companion.title}”不是主动公开属性，不能同步发布。")
    before = snapshot(record, AUDIT_FIELDS)
    _publish_one(record, now)
    for companion in companions:
        _publish_one(companion, now)
    b, a = diff(before, snapshot(record, AUDIT_FIELDS))
    if companions:
        a["interpretations"] = [{"id": c.pk, "index_no": c.index_no} for c in companions]
    record_event(actor=actor, action="record.publish", target=record, before=b, after=a)
    _notify_after_commit(record.pk, *[c.pk for c in companions])
    return record


@transaction.atomic
def schedule_record(record: Record, *, actor, at: datetime.datetime) -> Record:
    record = _lock(record)
    require_role(actor, record.agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    _check_publishable(record)
    if at <= timezone.now():
        raise ValidationError("定时发布时间必须晚于当前时间。")
    before = {"scheduled_at": record.scheduled_at}
    record.scheduled_at = at
    record.save(update_fields=["scheduled_at", "updated_at"])
    record_event(
        actor=actor,
        action="record.schedule",
        target=record,
        before=before,
        after={"scheduled_at": at},
    )
    return record


def publish_scheduled(*, now: datetime.datetime) -> tuple[int, list[str]]:
    """Publish every reviewed record whose scheduled time has come (run by `gongkai tick`).
    Each record is its own transaction; a record that cannot go out is reported, not retried
    silently."""
    published, problems = 0, []
    due = Record.objects.filter(status=Status.REVIEWED, scheduled_at__lte=now).order_by(
        "scheduled_at", "id"
    )
    for record in due:
        try:
            publish_record(record, actor=None, now=now)
            published += 1
        except ValidationError as exc:
            problems.append(f"{record.pk} {record.title}: {'；'.join(exc.messages)}")
    return published, problems


# -- after publication ----------------------------------------------------------------------------


@transaction.atomic
def correct_record(record: Record, *, actor, data: dict, note: str) -> Record:
    """Correct a published record; the public change note stays on the record page."""
    record = _lock(record)
    require_role(actor, record.agency, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.PUBLISHED, doing="更正")
    if not (note or "").strip():
        raise ValidationError("请填写公开的更正说明。")
    before = snapshot(record, AUDIT_FIELDS)
    _apply(record, data, CORRECTABLE_FIELDS)
    _validate(record)
    record.save()
    RecordNotice.objects.create(record=record, kind=NoticeKind.CORRECTION, text=note.strip())
    b, a = diff(before, snapshot(record, AUDIT_FIELDS))
    a["note"] = note.strip()
    record_event(actor=actor, action="record.correct", target=record, before=b, after=a)
    _notify_after_commit(record.pk)
    return record


@transaction.atomic
def withdraw_record(record: Record, *, actor, notice: str) -> Record:
    """Take a published record off the site, leaving a public withdrawal notice at its address."""
    record = _lock(record)
    require_role(actor, record.agency, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.PUBLISHED, doing="撤回")
    if not (notice or "").strip():
        raise ValidationError("撤回必须填写公开的撤回公告，不能无声撤回。")
    record.status = Status.WITHDRAWN
    record.save(update_fields=["status", "updated_at"])
    RecordNotice.objects.create(record=record, kind=NoticeKind.WITHDRAWAL, text=notice.strip())
    # An interpretation does not outlive its policy on the site: it goes with it, with a notice.
    companions = list(
        Record.objects.select_for_update().filter(interprets=record, status=Status.PUBLISHED)
    )
    for companion in companions:
        companion.status = Status.WITHDRAWN
        companion.save(update_fields=["status", "updated_at"])
        RecordNotice.objects.create(
            record=companion,
            kind=NoticeKind.WITHDRAWAL,
            text=f"随所解读的政策文件一并撤回：{notice.strip()}",
        )
    after = {"status": record.status, "notice": notice.strip()}
    if companions:
        after["interpretations"] = [c.pk for c in companions]
    record_event(
        actor=actor,
        action="record.withdraw",
        target=record,
        before={"status": Status.PUBLISHED},
        after=after,
    )
    _notify_after_commit(record.pk, *[c.pk for c in companions])
    return record


@transaction.atomic
def repeal_record(
    record: Record,
    *,
    actor,
    repealed_on: datetime.date,
    repealed_by: Record | None = None,
    note: str = "",
) -> Record:
    """Mark a published record 废止, linking the record that repeals it."""
    record = _lock(record)
    require_role(actor, record.agency, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.PUBLISHED, doing="废止")
    if record.validity == Validity.REPEALED:
        raise ValidationError("该信息已废止。")
    if repealed_by is not None:
        if repealed_by.pk == record.pk or not repealed_by.is_public:
            raise ValidationError("废止依据必须是另一条已公开的信息。")
    before = snapshot(record, AUDIT_FIELDS)
    record.validity = Validity.REPEALED
    record.repealed_on = repealed_on
    record.repealed_by = repealed_by
    record.save()
    text = (note or "").strip() or "本文件已废止。"
    RecordNotice.objects.create(record=record, kind=NoticeKind.REPEAL, text=text)
    b, a = diff(before, snapshot(record, AUDIT_FIELDS))
    record_event(actor=actor, action="record.repeal", target=record, before=b, after=a)
    _notify_after_commit(record.pk)
    return record


def expire_records(*, today: datetime.date) -> int:
    """Valid records whose 失效日期 has passed become 失效 (run by `gongkai tick`)."""
    ids = list(
        Record.objects.filter(
            validity=Validity.VALID, expires_on__lt=today, status=Status.PUBLISHED
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            record = Record.objects.select_for_update().get(pk=pk)
            if record.validity != Validity.VALID:
                continue
            record.validity = Validity.EXPIRED
            record.save(update_fields=["validity", "updated_at"])
            record_event(
                actor=None,
                action="record.expire",
                target=record,
                before={"validity": Validity.VALID},
                after={"validity": Validity.EXPIRED},
            )
            _notify_after_commit(record.pk)
    return len(ids)


# -- attachments ----------------------------------------------------------------------------------


@transaction.atomic
def add_attachment(record: Record, *, actor, upload, is_graphic: bool = False) -> Attachment:
    record = _lock(record)
    require_role(actor, record.agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.DRAFT, doing="添加附件")
    kind, name = attachment_checks.check_upload(upload)
    upload.seek(0)
    attachment = Attachment(
        record=record,
        name=name,
        kind=kind,
        size=upload.size,
        is_graphic=is_graphic,
        order=record.attachments.count(),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record_event(
        actor=actor,
        action="record.attachment_add",
        target=record,
        after={"attachment": attachment.pk, "name": name, "kind": kind, "size": upload.size},
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor) -> None:
    record = _lock(attachment.record)
    require_role(actor, record.agency, Role.CLERK, Role.REVIEWER, Role.HEAD)
    _require_status(record, Status.DRAFT, doing="删除附件")
    info = {"attachment": attachment.pk, "name": attachment.name}
    stored = attachment.file.name
    attachment.delete()
    record_event(actor=actor, action="record.attachment_remove", target=record, before=info)
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(stored))
