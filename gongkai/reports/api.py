"""Open API: published annual reports (mounted under /api/v1/). Public data only."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.urls import reverse
from ninja import Router, Schema

from gongkai.orgs.models import Agency

from .drafting import fees_sentence
from .models import AnnualReport
from .tables import SECTION_HEADINGS

router = Router(tags=["政府信息公开年报"])


class AnnualReportSummary(Schema):
    agency: str
    year: int
    version: int
    format: str
    title: str
    published_at: datetime.datetime
    url: str


class AnnualReportOut(AnnualReportSummary):
    correction_note: str
    fees_collected: str | None
    sections: dict[str, str]
    tables: dict[str, dict[str, dict[str, float]]]


def _summary(report: AnnualReport) -> dict:
    return {
        "agency": report.agency.code,
        "year": report.year,
        "version": report.version,
        "format": report.format,
        "title": report.title,
        "published_at": report.published_at,
        # Both endpoints return the latest published version, whose page has no ?v=.
        "url": reverse("reports:report", args=[report.agency.code, report.year]),
    }


@router.get("/annual-reports", response=list[AnnualReportSummary], summary="已发布的年度报告列表")
def list_reports(request, agency: str | None = None, year: int | None = None):
    reports = AnnualReport.objects.latest_published().select_related("agency")
    if agency:
        reports = reports.filter(agency__code=agency)
    if year:
        reports = reports.filter(year=year)
    return [_summary(r) for r in reports.order_by("-year", "agency__order", "agency_id")]


@router.get(
    "/annual-reports/{agency}/{year}", response=AnnualReportOut, summary="一份年度报告（含统计表）"
)
def get_report(request, agency: str, year: int):
    if not Agency.objects.disclosing().filter(code=agency).exists():
        raise Http404("未找到该机构。")
    report = (
        AnnualReport.objects.latest_published()
        .filter(agency__code=agency, year=year)
        .select_related("agency")
        .first()
    )
    if report is None:
        raise Http404("未找到该年度报告。")
    return {
        **_summary(report),
        "correction_note": report.correction_note,
        "fees_collected": str(report.fees_collected) if report.fees_collected is not None else None,
        "sections": {
            SECTION_HEADINGS[0]: report.overview,
            SECTION_HEADINGS[4]: report.problems,
            SECTION_HEADINGS[5]: "\n".join(
                filter(None, [fees_sentence(report), report.other_matters])
            ),
        },
        "tables": report.export_dict(),
    }
