"""The annual report as a document: one row per agency, year and version.

The tables are stored as a snapshot in the printed-label shape (the same shape as the JSON export),
so an approved or published report never changes when live data does. A correction of a published
report is a new version with a note; the published version stays as it was.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.models import AgencyLevel

from . import tables


class ReportFormat(models.TextChoices):
    F2021 = tables.FORMAT_2021, "2021年格式（国办公开办函〔2021〕30号）"
    TRIAL2019 = tables.FORMAT_2019, "2019年试行格式（国办公开办函〔2019〕60号）"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审定"
    PUBLISHED = "published", "已发布"


def deadline_for(agency, year: int) -> datetime.date:
    """The publication deadline of `agency`'s report for `year` (条例 Art. 49).

    Departments by 1月31日; the district government (本级政府) by 3月31日. 街镇 have no statutory
    deadline; they follow the departments' date unless configured otherwise [U] via
    ``GONGKAI_REPORTS_DEADLINES = {"subdistrict": (1, 20), ...}`` (month, day) per agency level.
    """
    defaults = {AgencyLevel.DISTRICT: (3, 31)}
    configured = getattr(settings, "GONGKAI_REPORTS_DEADLINES", {})
    month, day = configured.get(agency.level) or defaults.get(agency.level) or (1, 31)
    return datetime.date(year + 1, month, day)


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def current(self):
        """The latest version of each (agency, year)."""
        latest = (
            AnnualReport.objects.filter(
                agency=models.OuterRef("agency"), year=models.OuterRef("year")
            )
            .order_by("-version")
            .values("version")[:1]
        )
        return self.filter(version=models.Subquery(latest))

    def latest_published(self):
        """The latest published version of each (agency, year): what the portal shows."""
        latest = (
            AnnualReport.objects.published()
            .filter(agency=models.OuterRef("agency"), year=models.OuterRef("year"))
            .order_by("-version")
            .values("version")[:1]
        )
        return self.published().filter(version=models.Subquery(latest))

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 of one agency for one year (one version of it)."""

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="公开主体",
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("报告年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    format = models.CharField(
        "报告格式", max_length=8, choices=ReportFormat.choices, default=ReportFormat.F2021
    )
    status = models.CharField(
        "状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    fees_collected = models.DecimalField(
        "本年收取信息处理费（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    #: Figures typed in by staff where no live source exists, in the printed-label shape.
    entered = models.JSONField("人工填报数据", default=dict, blank=True)
    #: The tables as they stand in this version, printed-label shape: {"二": ..., "三": ..., "四": ...}.
    tables = models.JSONField("统计表", default=dict, blank=True)
    #: Where each part came from: {"二": {row path: "computed"|"entered"}, "三": ..., "四": ...}.
    origin = models.JSONField("数据来源", default=dict, blank=True)
    #: Closed applications without a result row at computation time (data to fix before approval).
    unclassified = models.PositiveIntegerField("未标注办理结果的已办结申请", default=0)
    computed_at = models.DateTimeField("数据计算时间", null=True, blank=True)
    is_manual = models.BooleanField(
        "手工录入的历史报告", default=False, help_text="2019–2020年度等历史报告按原文手工录入。"
    )
    correction_note = models.TextField("更正说明", blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="更正的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency__order", "agency_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "version"], name="annualreport_version_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=~Q(status="published"),
                name="annualreport_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告{suffix}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.agency.code, self.year]) + (
            f"?v={self.version}" if self.version != self.latest_published_version() else ""
        )

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def audit_agency(self):
        return self.agency

    @property
    def is_editable(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def deadline(self) -> datetime.date:
        return deadline_for(self.agency, self.year)

    @property
    def is_late(self) -> bool:
        if self.published_at is None:
            return timezone.localdate() > self.deadline
        return timezone.localdate(self.published_at) > self.deadline

    def latest_published_version(self) -> int | None:
        return (
            AnnualReport.objects.published()
            .filter(agency_id=self.agency_id, year=self.year)
            .aggregate(v=Max("version"))["v"]
        )

    # --- tables as objects -----------------------------------------------------------------

    def table2(self) -> tables.Table2:
        return tables.table2_from_dict(self.tables.get("二", {}), self.format)

    def table3(self) -> tables.Table3:
        return tables.table3_from_dict(self.tables.get("三", {}), self.format)

    def table4(self) -> tables.Table4:
        return tables.table4_from_dict(self.tables.get("四", {}))

    def previous_year_report(self) -> AnnualReport | None:
        return (
            AnnualReport.objects.published()
            .filter(agency_id=self.agency_id, year=self.year - 1)
            .order_by("-version")
            .first()
        )

    def checks(self) -> list[tables.Check]:
        """Every 勾稽 rule applied to this version's tables."""
        previous = self.previous_year_report()
        return [
            *tables.validate_table2(self.table2()),
            *tables.validate_table3(
                self.table3(), previous_carried_out=previous.table3() if previous else None
            ),
            *tables.validate_table4(self.table4()),
        ]

    def failed_checks(self) -> list[tables.Check]:
        return [c for c in self.checks() if not c.passed]

    def export_dict(self) -> dict:
        """The JSON shape of the CLI and the API (documented in docs/annual-report.md)."""
        return {
            "二": self.tables.get("二", {}),
            "三": self.tables.get("三", {}),
            "四": self.tables.get("四", {}),
        }
