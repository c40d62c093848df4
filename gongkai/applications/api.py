"""Open API of on-request disclosure: the anonymised public docket only (no personal data)."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from .models import Application, EventKind

router = Router(tags=["依申请公开"])


class DocketEntryOut(Schema):
    tracking_number: str
    agency: str
    agency_name: str
    applicant_type: str
    title: str
    received_on: datetime.date | None
    replied_on: datetime.date | None
    reply_type: str
    reply_type_label: str
    result_row: str
    summary: str
    public_url: str


def _out(application: Application, reply=None) -> dict:
    data = (reply.data if reply is not None else {}) or {}
    return {
        "tracking_number": application.tracking_number,
        "agency": application.agency.code,
        "agency_name": application.agency.name,
        "applicant_type": application.applicant_type,
        "title": application.docket_title,
        "received_on": application.received_on,
        "replied_on": application.closed_on,
        "reply_type": application.reply_type,
        "reply_type_label": application.get_reply_type_display(),
        "result_row": application.result_row,
        "summary": application.docket_summary,
        "public_url": data.get("public_url", ""),
    }


@router.get(
    "/applications/docket", response=list[DocketEntryOut], summary="依申请公开答复选登（已匿名）"
)
def docket(
    request,
    agency: str | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    qs = Application.objects.docket().select_related("agency").order_by("-closed_on", "-id")
    if agency:
        qs = qs.filter(agency__code=agency)
    return [_out(a) for a in qs[offset : offset + limit]]


@router.get(
    "/applications/docket/{number}", response=DocketEntryOut, summary="答复选登详情（已匿名）"
)
def docket_entry(request, number: str):
    application = get_object_or_404(
        Application.objects.docket().select_related("agency"), tracking_number=number
    )
    return _out(application, application.events.filter(kind=EventKind.REPLIED).last())
