"""JSON Lines import and export of applications with their whole history (schema in
docs/applications.md). Import is all-or-nothing: any bad line aborts it with the line number and
field named, and nothing is written."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gongkai.core.audit import record_event
from gongkai.core.legal import RESULT_ROW_KEYS, ApplicantType, ReviewOutcome
from gongkai.orgs.models import Agency

from . import services
from .models import (
    Application,
    ApplicationEvent,
    Channel,
    Delivery,
    EventKind,
    FeeNotice,
    FeeSchedule,
    IdType,
    InfoForm,
    ReviewCase,
    ReviewKind,
)


class ImportError_(ValueError):
    """Raised with every problem found, one per line, in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _date(value) -> str | None:
    return value.isoformat() if value else None


def export_application(application: Application) -> dict:
    return {
        "tracking_number": application.tracking_number,
        "agency": application.agency.code,
        "channel": application.channel,
        "submitted_at": application.submitted_at.isoformat(),
        "parent": application.parent.tracking_number if application.parent_id else None,
        "applicant": {
            "type": application.applicant_type,
            "name": application.applicant_name,
            "contact_person": application.contact_person,
            "id_type": application.id_type,
            "id_number": application.id_number,
            "phone": application.phone,
            "email": application.email,
            "address": application.address,
            "postcode": application.postcode,
        },
        "request": {
            "title": application.info_title,
            "document_number": application.info_document_number,
            "description": application.info_description,
            "form": application.info_form,
            "delivery": application.delivery,
        },
        "events": [
            {
                "ref": e.pk,
                "kind": e.kind,
                "on": e.on.isoformat(),
                "data": e.data,
                "note": e.note,
                "actor": e.actor_name,
            }
            for e in application.events.all()
        ],
        "fees": [
            {
                "schedule": f.schedule,
                "item_number": f.item_number,
                "pages": f.pages,
                "amount": str(f.amount),
                "issued_on": _date(f.issued_on),
                "notice_received_on": _date(f.notice_received_on),
                "pay_by": _date(f.pay_by),
                "paid_on": _date(f.paid_on),
            }
            for f in application.fees.all()
        ],
        "review_cases": [
            {
                "kind": c.kind,
                "case_number": c.case_number,
                "body": c.body,
                "filed_on": _date(c.filed_on),
                "outcome": c.outcome,
                "concluded_on": _date(c.concluded_on),
            }
            for c in application.review_cases.all()
        ],
        "docket": {
            "published": application.docket_published,
            "title": application.docket_title,
            "summary": application.docket_summary,
        },
        "proactive": {
            "suggested": application.proactive_suggested,
            "index_no": application.proactive_record_index_no,
            "url": application.proactive_record_url,
        },
    }


def export_lines(queryset) -> Iterable[str]:
    qs = queryset.select_related("agency", "parent").prefetch_related(
        "events", "fees", "review_cases"
    )
    for application in qs.order_by("submitted_at", "id").iterator(chunk_size=200):
        yield json.dumps(export_application(application), ensure_ascii=False)


# --- import ------------------------------------------------------------------------------------------


def _parse_date(value, where, problems):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}：日期格式应为 YYYY-MM-DD（收到 {value!r}）")
        return None


def _choice(value, choices, where, problems, label):
    if value not in choices:
        problems.append(f"{where}：{label}取值无效（收到 {value!r}）")
    return value


def _validate(number: int, row: dict, agencies: dict, seen: set, problems: list[str]):
    where = f"第{number}行"
    if not isinstance(row, dict):
        problems.append(f"{where}：应为一个 JSON 对象")
        return None
    tracking = str(row.get("tracking_number") or "").strip()
    if not tracking:
        problems.append(f"{where}：缺少 tracking_number（申请编号）")
    elif tracking in seen:
        problems.append(f"{where}：申请编号 {tracking} 在文件中重复")
    seen.add(tracking)
    agency = agencies.get(row.get("agency"))
    if agency is None:
        problems.append(f"{where}：agency（受理机关代码）{row.get('agency')!r} 不存在")
    _choice(row.get("channel"), Channel.values, where, problems, "channel（申请渠道）")
    submitted_at = parse_datetime(str(row.get("submitted_at") or ""))
    if submitted_at is None:
        problems.append(f"{where}：submitted_at（提交时间）应为 ISO 8601 日期时间")
    elif timezone.is_naive(submitted_at):
        submitted_at = timezone.make_aware(submitted_at)
    person = row.get("applicant") or {}
    req = row.get("request") or {}
    _choice(
        person.get("type"), ApplicantType.values, where, problems, "applicant.type（申请人类型）"
    )
    _choice(person.get("id_type"), IdType.values, where, problems, "applicant.id_type（证件类型）")
    for key, label in [("name", "姓名或名称"), ("id_number", "证件号码"), ("phone", "联系电话")]:
        if not str(person.get(key) or "").strip():
            problems.append(f"{where}：缺少 applicant.{key}（{label}）")
    if not str(req.get("title") or "").strip():
        problems.append(f"{where}：缺少 request.title（所需信息名称）")
    _choice(req.get("form"), InfoForm.values, where, problems, "request.form（载体形式）")
    _choice(req.get("delivery"), Delivery.values, where, problems, "request.delivery（获取方式）")
    events = []
    for i, ev in enumerate(row.get("events") or [], start=1):
        ew = f"{where} events[{i}]"
        kind = ev.get("kind")
        _choice(kind, EventKind.values, ew, problems, "kind")
        on = _parse_date(ev.get("on"), ew, problems)
        data = ev.get("data") or {}
        if kind == EventKind.REPLIED and data.get("result_row") not in RESULT_ROW_KEYS:
            problems.append(f"{ew}：答复须有 data.result_row（年报表三的行）")
        events.append((ev.get("ref"), kind, on, data, ev.get("note") or "", ev.get("actor") or ""))
    if not events:
        problems.append(f"{where}：events 不能为空（至少应有 submitted）")
    fees = []
    for i, fee in enumerate(row.get("fees") or [], start=1):
        fw = f"{where} fees[{i}]"
        _choice(fee.get("schedule"), FeeSchedule.values, fw, problems, "schedule（计收方式）")
        if fee.get("schedule") == "per_item" and fee.get("pages"):
            problems.append(f"{fw}：按件计收和按量计收不能同时适用")
        try:
            amount = Decimal(str(fee.get("amount")))
        except (InvalidOperation, ValueError):
            problems.append(f"{fw}：amount（金额）无效")
            amount = Decimal(0)
        fees.append(
            {
                "schedule": fee.get("schedule"),
                "item_number": fee.get("item_number")
                if fee.get("schedule") == "per_item"
                else None,
                "pages": fee.get("pages") if fee.get("schedule") == "per_page" else None,
                "amount": amount,
                "issued_on": _parse_date(fee.get("issued_on"), fw, problems),
                "notice_received_on": _parse_date(fee.get("notice_received_on"), fw, problems),
                "pay_by": _parse_date(fee.get("pay_by"), fw, problems),
                "paid_on": _parse_date(fee.get("paid_on"), fw, problems),
            }
        )
    cases = []
    for i, case in enumerate(row.get("review_cases") or [], start=1):
        cw = f"{where} review_cases[{i}]"
        _choice(case.get("kind"), ReviewKind.values, cw, problems, "kind（复议诉讼类型）")
        _choice(
            case.get("outcome", "pending"), ReviewOutcome.values, cw, problems, "outcome（结果）"
        )
        filed = _parse_date(case.get("filed_on"), cw, problems)
        if filed is None:
            problems.append(f"{cw}：缺少 filed_on")
        cases.append(
            {
                "kind": case.get("kind"),
                "case_number": case.get("case_number") or "",
                "body": case.get("body") or "",
                "filed_on": filed,
                "outcome": case.get("outcome", "pending"),
                "concluded_on": _parse_date(case.get("concluded_on"), cw, problems),
            }
        )
    return {
        "tracking": tracking,
        "agency": agency,
        "row": row,
        "submitted_at": submitted_at,
        "person": person,
        "req": req,
        "events": events,
        "fees": fees,
        "cases": cases,
    }


def import_lines(lines: Iterable[str], *, actor) -> int:
    """Import applications; returns how many. Raises `ImportError_` listing every problem."""
    problems: list[str] = []
    agencies = {a.code: a for a in Agency.objects.all()}
    seen: set[str] = set()
    parsed = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"第{number}行：不是有效的 JSON（{exc.msg}，第{exc.colno}列）")
            continue
        item = _validate(number, row, agencies, seen, problems)
        if item is not None:
            parsed.append((number, item))
    existing = set(
        Application.objects.filter(
            tracking_number__in=[p["tracking"] for _, p in parsed]
        ).values_list("tracking_number", flat=True)
    )
    for number, item in parsed:
        if item["tracking"] in existing:
            problems.append(f"第{number}行：申请编号 {item['tracking']} 已存在于系统中")
    if problems:
        raise ImportError_(problems)
    with transaction.atomic():
        by_number: dict[str, Application] = {}
        for _number, item in parsed:
            person, req = item["person"], item["req"]
            application = Application.objects.create(
                agency=item["agency"],
                tracking_number=item["tracking"],
                channel=item["row"]["channel"],
                submitted_at=item["submitted_at"],
                applicant_type=person["type"],
                applicant_name=person["name"],
                contact_person=person.get("contact_person") or "",
                id_type=person["id_type"],
                id_number=person["id_number"],
                phone=person["phone"],
                email=person.get("email") or "",
                address=person.get("address") or "",
                postcode=person.get("postcode") or "",
                applicant_key=services.applicant_key(
                    person["id_type"], person["id_number"], person["name"], person["phone"]
                ),
                info_title=req["title"],
                info_document_number=req.get("document_number") or "",
                info_description=req.get("description") or "",
                info_form=req["form"],
                delivery=req["delivery"],
                docket_published=bool((item["row"].get("docket") or {}).get("published")),
                docket_title=(item["row"].get("docket") or {}).get("title") or "",
                docket_summary=(item["row"].get("docket") or {}).get("summary") or "",
                proactive_suggested=bool((item["row"].get("proactive") or {}).get("suggested")),
                proactive_record_index_no=(item["row"].get("proactive") or {}).get("index_no")
                or "",
                proactive_record_url=(item["row"].get("proactive") or {}).get("url") or "",
            )
            by_number[item["tracking"]] = application
            refs: dict = {}
            for ref, kind, on, data, note, actor_name in item["events"]:
                if kind == EventKind.CONSULTATION_ANSWERED and data.get("consultation") in refs:
                    data = {**data, "consultation": refs[data["consultation"]]}
                event = ApplicationEvent.objects.create(
                    application=application,
                    kind=kind,
                    on=on,
                    data=data,
                    note=note,
                    actor_name=actor_name or "导入",
                )
                if ref is not None:
                    refs[ref] = event.pk
            for fee in item["fees"]:
                FeeNotice.objects.create(application=application, **fee)
            for case in item["cases"]:
                ReviewCase.objects.create(
                    application=application, agency=application.agency, **case
                )
            services.refresh(application)
        for number, item in parsed:
            parent = item["row"].get("parent")
            if parent:
                target = (
                    by_number.get(parent)
                    or Application.objects.filter(tracking_number=parent).first()
                )
                if target is None:
                    raise ImportError_([f"第{number}行：parent {parent} 不存在"])
                Application.objects.filter(pk=by_number[item["tracking"]].pk).update(parent=target)
        record_event(
            actor=actor,
            action="applications.import",
            after={"count": len(parsed)},
            target_repr=f"导入 {len(parsed)} 件申请",
        )
    return len(parsed)
