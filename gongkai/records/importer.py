"""Bulk import of records from JSON Lines, for migrating an existing disclosure site.

All or nothing: every line is checked first and errors are reported by line number in Chinese;
only a clean file is written, in one transaction, with one audit event for the whole import.
The schema is documented in docs/records.md.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from gongkai.core.audit import record_event
from gongkai.core.legal import DisclosureAttribute, WithholdingGround
from gongkai.orgs.models import Agency

from .deadlines import compute_due_on
from .models import (
    IndexCounter,
    Record,
    RecordType,
    Status,
    Topic,
    Validity,
    normalise_document_number,
    validate_document_number,
)
from .services import format_index_no, sanitise_html

REQUIRED = ["agency", "title", "record_type", "attribute"]
KNOWN = set(REQUIRED) | {
    "summary",
    "body",
    "document_number",
    "written_on",
    "formed_on",
    "published_at",
    "index_no",
    "topic",
    "keywords",
    "validity",
    "effective_on",
    "expires_on",
    "repealed_on",
    "withholding_ground",
    "attribute_basis",
    "partial_note",
    "interprets",
    "interpretation_waiver",
    "video_url",
    "catalog_items",
    "co_issuers",
}
INDEX_TAIL = re.compile(r"/(\d{4})-?\d{0,2}-(\d{1,6})$")


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Row:
    line: int
    record: Record
    interprets: str = ""
    catalog_items: list = field(default_factory=list)
    co_issuers: list = field(default_factory=list)


def _choice(enum, value, label):
    if value in enum.values:
        return value
    for v, lab in enum.choices:
        if value == lab:
            return v
    raise ValueError(f"{label}“{value}”无效，可选：{'、'.join(lab for _, lab in enum.choices)}")


def _date(value, label):
    if value in (None, ""):
        return None
    day = parse_date(str(value)) if isinstance(value, str) else None
    if day is None:
        raise ValueError(f"{label}“{value}”不是 YYYY-MM-DD 格式的日期")
    return day


def _datetime(value, label):
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{label}应为日期或日期时间字符串")
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(f"{label}“{value}”不是有效的日期时间")
        moment = datetime.datetime.combine(day, datetime.time(9, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class _Lookups:
    def __init__(self):
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.topics = {}
        for t in Topic.objects.select_related("parent"):
            self.topics[t.code] = t
            self.topics[t.path] = t
        from gongkai.catalog.models import Item

        self.items = dict(Item.objects.values_list("code", "pk"))


def _parse(line_no: int, data: dict, lk: _Lookups) -> Row:
    errors = []
    if not isinstance(data, dict):
        raise ValueError("每行必须是一个 JSON 对象")
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        errors.append(f"未知字段 {'、'.join(unknown)}")
    for name in REQUIRED:
        if not data.get(name):
            errors.append(f"缺少必填字段 {name}")
    if errors:
        raise ValueError("；".join(errors))
    agency = lk.agencies.get(data["agency"])
    if agency is None:
        raise ValueError(f"agency：机构代码“{data['agency']}”不存在")
    r = Record(agency=agency, title=str(data["title"]).strip()[:300])
    r.record_type = _choice(RecordType, data["record_type"], "record_type：信息类别")
    r.attribute = _choice(DisclosureAttribute, data["attribute"], "attribute：公开属性")
    if data.get("withholding_ground"):
        r.withholding_ground = _choice(
            WithholdingGround, data["withholding_ground"], "withholding_ground：理由"
        )
    r.attribute_basis = data.get("attribute_basis", "")
    if data.get("partial_note"):
        r.partial, r.partial_note = True, data["partial_note"]
    r.summary = data.get("summary", "")
    r.body = sanitise_html(data.get("body", ""))
    r.document_number = normalise_document_number(data.get("document_number", ""))
    try:
        validate_document_number(r.document_number)
    except ValidationError as exc:
        raise ValueError(f"document_number：{exc.messages[0]}") from None
    r.written_on = _date(data.get("written_on"), "written_on：成文日期")
    r.formed_on = _date(data.get("formed_on"), "formed_on：形成日期") or r.written_on
    r.published_at = _datetime(data.get("published_at"), "published_at：发布日期")
    if r.formed_on is None:
        r.formed_on = timezone.localdate(r.published_at) if r.published_at else None
    if r.formed_on is None:
        raise ValueError("written_on、formed_on 和 published_at 至少要有一个")
    if data.get("topic"):
        r.topic = lk.topics.get(data["topic"])
        if r.topic is None:
            raise ValueError(f"topic：主题分类“{data['topic']}”不存在（可填代码或“一级\\二级”）")
    r.keywords = data.get("keywords", "")
    r.validity = _choice(Validity, data.get("validity") or Validity.VALID, "validity：有效性")
    r.effective_on = _date(data.get("effective_on"), "effective_on：施行日期")
    r.expires_on = _date(data.get("expires_on"), "expires_on：失效日期")
    r.repealed_on = _date(data.get("repealed_on"), "repealed_on：废止日期")
    r.interpretation_waiver = data.get("interpretation_waiver", "")
    r.video_url = data.get("video_url", "")
    r.index_no = data.get("index_no") or None
    if r.published_at and r.attribute == DisclosureAttribute.PROACTIVE:
        r.status = Status.PUBLISHED
    else:
        r.status = Status.REVIEWED
        if r.index_no:
            raise ValueError("index_no：只有已发布的主动公开信息才有索引号")
    r.secrecy_checked = True
    row = Row(line_no, r, interprets=data.get("interprets", ""))
    for code in data.get("catalog_items", []) or []:
        if code not in lk.items:
            raise ValueError(f"catalog_items：公开事项编码“{code}”不存在")
        row.catalog_items.append(lk.items[code])
    for code in data.get("co_issuers", []) or []:
        if code not in lk.agencies:
            raise ValueError(f"co_issuers：机构代码“{code}”不存在")
        row.co_issuers.append(lk.agencies[code].pk)
    try:
        r.full_clean(exclude=["interprets", "index_no", "due_on"], validate_unique=False)
    except ValidationError as exc:
        if not (set(exc.message_dict) <= {"interprets"}):
            raise ValueError(
                "；".join(
                    f"{k}：{'，'.join(v)}" for k, v in exc.message_dict.items() if k != "interprets"
                )
            ) from None
    if r.record_type == RecordType.INTERPRETATION and not row.interprets:
        raise ValueError("interprets：政策解读必须填写所解读政策的索引号")
    return row


def import_records(lines, *, actor, stdout=None, source: str = "") -> int:
    """Import JSON Lines from the iterable `lines`. Raises ImportFailed with every error found,
    writing nothing; returns the number of records imported."""
    lk = _Lookups()
    rows: list[Row] = []
    errors: list[str] = []
    seen_index: dict[str, int] = {}
    for line_no, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            row = _parse(line_no, data, lk)
        except json.JSONDecodeError as exc:
            errors.append(f"第{line_no}行：不是有效的 JSON（{exc.msg}，第{exc.colno}列）")
            continue
        except ValueError as exc:
            errors.append(f"第{line_no}行：{exc}")
            continue
        index_no = row.record.index_no
        if index_no:
            if index_no in seen_index:
                errors.append(
                    f"第{line_no}行：index_no“{index_no}”与第{seen_index[index_no]}行重复"
                )
            seen_index[index_no] = line_no
        rows.append(row)
        if stdout and line_no % 1000 == 0:
            stdout.write(f"已检查 {line_no} 行")
    if seen_index:
        existing = set(
            Record.objects.filter(index_no__in=list(seen_index)).values_list("index_no", flat=True)
        )
        for index_no in sorted(existing):
            errors.append(f"第{seen_index[index_no]}行：index_no“{index_no}”已存在")
    known_refs = set(seen_index)
    for row in rows:
        if row.interprets and row.interprets not in known_refs:
            if not Record.objects.filter(index_no=row.interprets).exists():
                errors.append(
                    f"第{row.line}行：interprets：未找到索引号为“{row.interprets}”的政策文件"
                )
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        _write(rows, stdout)
        record_event(
            actor=actor,
            action="record.import",
            target=None,
            after={"source": source, "count": len(rows)},
            target_repr=f"导入政府信息 {len(rows)} 条",
        )
    return len(rows)


def _write(rows: list[Row], stdout) -> None:
    # Keep existing 索引号; raise the counters past them; number the rest in publication order.
    counters: dict[tuple[int, int], int] = {
        (c.agency_id, c.year): c.last for c in IndexCounter.objects.select_for_update()
    }
    for row in rows:
        r = row.record
        if r.index_no:
            match = INDEX_TAIL.search(r.index_no)
            if match:
                year, serial = int(match.group(1)), int(match.group(2))
                key = (r.agency_id, year)
                r.index_year, r.index_serial = year, serial
                counters[key] = max(counters.get(key, 0), serial)
    for row in sorted(rows, key=lambda x: (x.record.published_at or timezone.now(), x.line)):
        r = row.record
        if r.status == Status.PUBLISHED and not r.index_no:
            year = timezone.localtime(r.published_at).year
            key = (r.agency_id, year)
            counters[key] = counters.get(key, 0) + 1
            r.index_year, r.index_serial = year, counters[key]
            r.index_no = format_index_no(r.agency, year, counters[key])
        r.due_on = compute_due_on(r)
    records = [row.record for row in rows]
    for start in range(0, len(records), 1000):
        Record.objects.bulk_create(records[start : start + 1000])
        if stdout:
            stdout.write(f"已写入 {min(start + 1000, len(records))} / {len(records)} 条")
    by_index = {r.index_no: r for r in records if r.index_no}
    interpreted = []
    for row in rows:
        if row.interprets:
            policy = by_index.get(row.interprets) or Record.objects.get(index_no=row.interprets)
            row.record.interprets_id = policy.pk
            interpreted.append(row.record)
    Record.objects.bulk_update(interpreted, ["interprets"], batch_size=1000)
    items = Record.catalog_items.through
    items.objects.bulk_create(
        [items(record_id=row.record.pk, item_id=i) for row in rows for i in row.catalog_items]
    )
    co = Record.co_issuers.through
    co.objects.bulk_create(
        [co(record_id=row.record.pk, agency_id=a) for row in rows for a in row.co_issuers]
    )
    for (agency_id, year), last in counters.items():
        IndexCounter.objects.update_or_create(
            agency_id=agency_id, year=year, defaults={"last": last}
        )
