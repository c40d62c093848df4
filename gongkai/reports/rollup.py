"""District roll-up: the status of every agency's report for a year and the combined tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from gongkai.orgs.models import Agency

from . import tables
from .models import AnnualReport, ReportStatus, deadline_for

STATUS_LABELS = {
    "missing": "未编制",
    "draft": "草稿",
    "approved": "已审定",
    "published": "已发布",
}


@dataclass
class AgencyStatus:
    agency: Agency
    report: AnnualReport | None
    status: str
    deadline: object
    late: bool

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def agency_statuses(year: int, agencies=None, *, today=None) -> list[AgencyStatus]:
    """One row per disclosing agency: missing / draft / approved / published, and late or not.

    Late: not published by the deadline (today past it), or published after it.
    """
    today = today or timezone.localdate()
    agencies = list(agencies if agencies is not None else Agency.objects.disclosing())
    latest = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(year=year, agency__in=agencies)
        .current()
        .select_related("agency")
    }
    first_published = dict(
        AnnualReport.objects.published()
        .filter(year=year, agency__in=agencies)
        .order_by()
        .values("agency_id")
        .annotate(first=Min("published_at"))
        .values_list("agency_id", "first")
    )
    out = []
    for agency in agencies:
        report = latest.get(agency.pk)
        deadline = deadline_for(agency, year)
        status = "missing" if report is None else report.status
        first = first_published.get(agency.pk)
        # A published report keeps its status even while a correction is being drafted.
        if first is not None and status != ReportStatus.PUBLISHED:
            status = ReportStatus.PUBLISHED
        late = timezone.localdate(first) > deadline if first else today > deadline
        out.append(AgencyStatus(agency, report, status, deadline, late))
    return out


def combined_tables(year: int, agencies=None) -> tuple[dict, list[AnnualReport]]:
    """The sum of the latest published 2021-format reports of `agencies` for `year`."""
    reports = list(
        AnnualReport.objects.filter(year=year, format=tables.FORMAT_2021)
        .latest_published()
        .filter(**({"agency__in": agencies} if agencies is not None else {}))
        .select_related("agency")
    )
    t2 = tables.Table2(fmt=tables.FORMAT_2021, values={})
    t3 = tables.Table3(fmt=tables.FORMAT_2021, cells={})
    t4 = tables.Table4(cells={})
    for report in reports:
        for row, cols in report.table2().values.items():
            target = t2.values.setdefault(row, {})
            for col, value in cols.items():
                target[col] = (
                    target.get(col, Decimal(0) if isinstance(value, Decimal) else 0) + value
                )
        for row, cols in report.table3().cells.items():
            target = t3.cells.setdefault(row, {})
            for col, value in cols.items():
                target[col] = target.get(col, 0) + value
        for group, cols in report.table4().cells.items():
            target = t4.cells.setdefault(group, {})
            for col, value in cols.items():
                target[col] = target.get(col, 0) + value
    return {"二": t2, "三": t3, "四": t4}, reports
