"""Open API of records (mounted under /api/v1/): public records only, explicit schemas."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Router, Schema

from .models import Record

router = Router(tags=["政府信息"])
MAX_LIMIT = 100


class RecordOut(Schema):
    index_no: str
    title: str
    record_type: str
    record_type_label: str
    agency: str
    agency_name: str
    document_number: str
    written_on: datetime.date | None
    published_at: datetime.datetime
    topic: str | None
    keywords: str
    validity: str
    url: str


class RecordDetailOut(RecordOut):
    body: str
    effective_on: datetime.date | None
    expires_on: datetime.date | None
    repealed_on: datetime.date | None
    interpretations: list[str]
    interprets: str | None


def _out(r: Record) -> dict:
    return {
        "index_no": r.index_no,
        "title": r.title,
        "record_type": r.record_type,
        "record_type_label": r.get_record_type_display(),
        "agency": r.agency.code,
        "agency_name": r.agency.name,
        "document_number": r.document_number,
        "written_on": r.written_on,
        "published_at": r.published_at,
        "topic": r.topic.path if r.topic_id else None,
        "keywords": r.keywords,
        "validity": r.validity,
        "url": r.get_absolute_url(),
    }


@router.get("/records", response=list[RecordOut], summary="已公开的政府信息")
def list_records(
    request,
    agency: str | None = None,
    record_type: str | None = None,
    year: int | None = None,
    offset: int = 0,
    limit: int = 20,
):
    rows = Record.objects.public().for_listing()
    if agency:
        rows = rows.filter(agency__code=agency)
    if record_type:
        rows = rows.filter(record_type=record_type)
    if year:
        rows = rows.filter(published_at__year=year)
    offset = max(offset, 0)
    limit = min(max(limit, 1), MAX_LIMIT)
    return [_out(r) for r in rows[offset : offset + limit]]


@router.get("/records/{path:index_no}", response=RecordDetailOut, summary="一条政府信息")
def get_record(request, index_no: str):
    r = (
        Record.objects.public()
        .select_related("agency", "topic__parent", "interprets")
        .filter(index_no=index_no)
        .first()
    )
    if r is None:
        raise Http404("未找到该信息。")
    return {
        **_out(r),
        "body": r.body,
        "effective_on": r.effective_on,
        "expires_on": r.expires_on,
        "repealed_on": r.repealed_on,
        "interpretations": list(
            Record.objects.public().filter(interprets=r).values_list("index_no", flat=True)
        ),
        "interprets": r.interprets.index_no if r.interprets and r.interprets.is_public else None,
    }
