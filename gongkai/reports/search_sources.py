"""Annual reports in the site search (the `gongkai.search` plug-in contract, see docs/search.md).

Kind ``annual_report`` (政府信息公开工作年度报告): what the portal shows at
`/open/reports/<agency>/<year>/`, i.e. the latest *published* version of each agency's report
for a year, of an agency that discloses in its own name. Drafts and reports approved but not yet
published are not public and are not indexed. The body is the report's text (更正说明, 一、总体情况,
五、存在的主要问题及改进情况, 六、其他需要报告的事项), not the cells of its tables.

Publishing a report (first version or a correction) re-indexes every version of that agency's
report for the year, so a correction replaces the version it corrects in the index.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from gongkai.orgs.models import Agency
from gongkai.search.backends.base import Document
from gongkai.search.sources import Source, int_ids

from .models import AnnualReport, ReportStatus

TEXT_FIELDS = ("correction_note", "overview", "problems", "other_matters")


class AnnualReportSource(Source):
    kind = "annual_report"
    label = "政府信息公开工作年度报告"
    date_label = "发布日期"

    def queryset(self):
        return (
            AnnualReport.objects.latest_published()
            .filter(agency__in=Agency.objects.disclosing())
            .select_related("agency")
            .order_by("pk")
        )

    def count(self) -> int:
        return self.queryset().count()

    def documents(self, ids=None):
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        for report in qs.iterator(chunk_size=500):
            yield self.to_document(report)

    def to_document(self, report: AnnualReport) -> Document:
        published = report.published_at
        return Document(
            id=str(report.pk),
            kind=self.kind,
            title=report.title,
            body="\n".join(t for t in (getattr(report, f) for f in TEXT_FIELDS) if t),
            agency_code=report.agency.code,
            agency_name=report.agency.name,
            year=published.year if published else None,
            published=published,
            # the latest published version is the page without ?v=
            url=reverse("reports:report", args=[report.agency.code, report.year]),
        )

    # --- keeping the index up to date ---------------------------------------------------------
    def connect(self) -> None:
        post_save.connect(
            self.on_saved, sender=AnnualReport, weak=False, dispatch_uid="search-annual-report"
        )
        post_delete.connect(
            self.on_deleted,
            sender=AnnualReport,
            weak=False,
            dispatch_uid="search-annual-report-del",
        )

    def on_saved(self, sender, instance, **kwargs) -> None:
        # Only publication changes what is public (a published version never changes again).
        if instance.status != ReportStatus.PUBLISHED:
            return
        from gongkai.search.indexing import changed

        agency_id, year = instance.agency_id, instance.year

        def reindex_year() -> None:
            versions = AnnualReport.objects.filter(agency_id=agency_id, year=year)
            changed(self.kind, list(versions.values_list("pk", flat=True)))

        transaction.on_commit(reindex_year)

    def on_deleted(self, sender, instance, **kwargs) -> None:
        from gongkai.search.indexing import changed_on_commit

        changed_on_commit(self.kind, [instance.pk])


SOURCES = [AnnualReportSource()]
