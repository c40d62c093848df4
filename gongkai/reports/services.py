"""Writes on annual reports: create, refresh figures, edit, approve, publish, correct.

Each function is one transaction and writes exactly one audit event. Published reports are never
changed: a correction is a new version (`correct_report`) with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.orgs.access import can_see_agency, require_role
from gongkai.orgs.models import Role

from . import drafting, sources, tables
from .models import AnnualReport, ReportFormat, ReportStatus

COMPUTED, ENTERED = "computed", "entered"

STAFF_ROLES = (Role.CLERK, Role.REVIEWER, Role.HEAD)


# --- Computing the figures -------------------------------------------------------------------


@dataclass
class Figures:
    """The tables of one agency and year with the origin of every part."""

    table2: tables.Table2
    table3: tables.Table3
    table4: tables.Table4
    origin: dict = field(default_factory=dict)
    unclassified: int = 0
    fees_collected: Decimal | None = None

    def as_tables(self) -> dict:
        return {
            "二": tables.table2_to_dict(self.table2),
            "三": tables.table3_to_dict(self.table3),
            "四": tables.table4_to_dict(self.table4),
        }


def compute_figures(agency, year: int, *, entered: dict | None = None) -> Figures:
    """The 2021-format tables from live data, with staff-entered figures where no source exists.

    Table 二: 规章/行政规范性文件 from records, 行政许可/处罚/强制 from publicity, 行政事业性收费 always
    entered. Tables 三 and 四 from applications and review cases. A part whose source app is not
    installed is taken from `entered` (printed-label shape) and marked "entered".
    """
    entered = entered or {}
    entered_t2 = tables.table2_from_dict(entered.get("二", {}), tables.FORMAT_2021)
    values = {row.key: dict(entered_t2.values[row.key]) for row in tables.T2_ROWS_2021}
    t2_origin = {row.path: ENTERED for row in tables.T2_ROWS_2021}
    for live in (
        sources.records_table2_rows(agency, year),
        sources.publicity_table2_rows(agency, year),
    ):
        for key, row_values in (live or {}).items():
            values[key] = row_values
            t2_origin[next(r.path for r in tables.T2_ROWS_2021 if r.key == key)] = COMPUTED
    table2 = tables.Table2(
        fmt=tables.FORMAT_2021,
        values=values,
        entered={r.key for r in tables.T2_ROWS_2021 if t2_origin[r.path] == ENTERED},
    )

    unclassified = 0
    live3 = sources.application_table3(agency, year)
    if live3 is not None:
        table3, missing = live3
        unclassified = sum(missing.values())
        t3_origin = COMPUTED
    else:
        data = dict(entered.get("三", {}))
        if tables.ROW_CARRIED_IN[1] not in data:
            # 二 is last year's 四: start from the previous published report when there is one.
            previous = _previous_published(agency, year)
            if previous is not None:
                data[tables.ROW_CARRIED_IN[1]] = previous.tables.get("三", {}).get(
                    tables.ROW_CARRIED_OUT[1], {}
                )
        table3 = _entered_table3(data)
        t3_origin = ENTERED

    table4 = sources.review_table4(agency, year)
    t4_origin = COMPUTED
    if table4 is None:
        given = tables.table4_from_dict(entered.get("四", {}))
        counts = {
            (g, o): given.get(g, o) for g, _ in tables.T4_GROUPS for o in tables.T4_OUTCOME_KEYS
        }
        table4, t4_origin = tables.build_table4(counts), ENTERED

    return Figures(
        table2=table2,
        table3=table3,
        table4=table4,
        origin={"二": t2_origin, "三": t3_origin, "四": t4_origin},
        unclassified=unclassified,
        fees_collected=sources.collected_fees(agency, year),
    )


def _previous_published(agency, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.published()
        .filter(agency=agency, year=year - 1)
        .order_by("-version")
        .first()
    )


def _entered_table3(data: dict) -> tables.Table3:
    """Table 三 typed in by staff: leaves and 一/二/四 per column; the totals are computed."""
    given = tables.table3_from_dict(data, tables.FORMAT_2021)
    keys = tables.T3_APPLICANT_KEYS
    return tables.build_table3(
        new={c: given.get("new", c) for c in keys},
        carried_in={c: given.get("carried_in", c) for c in keys},
        results={
            (c, row): given.get(row, c) for row, _ in tables.t3_result_rows(given.fmt) for c in keys
        },
        carried_out={c: given.get("carried_out", c) for c in keys},
    )


DRAFTERS = {"overview": drafting.overview, "problems": drafting.problems}


def _apply_figures(report: AnnualReport, figures: Figures) -> None:
    """Store new figures; a narrative section still equal to its generated draft is redrafted
    with the new figures (edited text is never touched)."""
    untouched = [
        name
        for name, draft in DRAFTERS.items()
        if report.tables and getattr(report, name) == draft(report)
    ]
    report.tables = figures.as_tables()
    report.origin = figures.origin
    report.unclassified = figures.unclassified
    if figures.fees_collected is not None:
        report.fees_collected = figures.fees_collected
        report.origin["fees"] = COMPUTED
    else:
        report.origin["fees"] = ENTERED  # FeeNotice not installed: staff enter the amount
    report.computed_at = timezone.now()
    for name in untouched:
        setattr(report, name, DRAFTERS[name](report))


# --- Permissions -------------------------------------------------------------------------------


def _require_staff(actor, agency) -> None:
    if not can_see_agency(actor, agency):
        raise PermissionDenied("您没有该机构的岗位，不能编辑其年度报告。")
    require_role(actor, agency, *STAFF_ROLES)


def _require_draft(report: AnnualReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            f"{report}当前状态为“{report.get_status_display()}”，只有草稿可以修改；"
            "已发布的报告如需更正，请新建更正版本。"
        )


# --- Writes ------------------------------------------------------------------------------------


@transaction.atomic
def create_report(*, agency, year: int, actor) -> AnnualReport:
    """A new 2021-format draft with computed tables and generated drafts of sections 一 and 五."""
    _require_staff(actor, agency)
    if year < 2021:
        raise ValidationError(
            "2021年格式自2021年度报告起适用；2019–2020年度报告请按历史报告手工录入。"
        )
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(f"{agency.name}{year}年度报告已存在，请在原报告上编辑或更正。")
    report = AnnualReport(agency=agency, year=year, format=ReportFormat.F2021, created_by=actor)
    _apply_figures(report, compute_figures(agency, year))
    report.overview = drafting.overview(report)
    report.problems = drafting.problems(report)
    report.other_matters = drafting.other_matters(report)
    report.save()
    record_event(
        actor=actor,
        action="annual_report.create",
        target=report,
        after={"year": year, "version": 1, "format": report.format},
    )
    return report


@transaction.atomic
def refresh_figures(report: AnnualReport, *, actor) -> AnnualReport:
    """Recompute a draft's tables from live data (and its entered figures)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_staff(actor, report.agency)
    _require_draft(report)
    if report.is_manual:
        raise ValidationError("手工录入的历史报告没有可重新计算的数据来源。")
    before = {"tables": report.tables, "unclassified": report.unclassified}
    _apply_figures(report, compute_figures(report.agency, report.year, entered=report.entered))
    report.save()
    old, new = diff(before, {"tables": report.tables, "unclassified": report.unclassified})
    record_event(actor=actor, action="annual_report.refresh", target=report, before=old, after=new)
    return report


TEXT_FIELDS = ("overview", "problems", "other_matters", "correction_note")


@transaction.atomic
def update_sections(report: AnnualReport, *, actor, **texts) -> AnnualReport:
    """Edit the narrative sections (一、五、六) and, on a correction, its note."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_staff(actor, report.agency)
    _require_draft(report)
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown section fields: {sorted(unknown)}")
    before = snapshot(report, list(texts))
    for name, value in texts.items():
        setattr(report, name, value.strip())
    if report.previous_id and not report.correction_note:
        raise ValidationError({"correction_note": "更正版本必须填写更正说明。"})
    report.save(update_fields=list(texts))
    old, new = diff(before, snapshot(report, list(texts)))
    record_event(actor=actor, action="annual_report.edit", target=report, before=old, after=new)
    return report


@transaction.atomic
def enter_figures(report: AnnualReport, *, actor, data: dict, fees_collected=None) -> AnnualReport:
    """Store figures typed in by staff (printed-label shape) and recompute the tables.

    On a 2021-format report only parts without a live source are used (marked "entered"); on a
    hand-entered historical report the data is the report as published, totals included.
    All-or-nothing: a bad cell raises `tables.TableInputError` naming it and nothing is saved.
    """
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_staff(actor, report.agency)
    _require_draft(report)
    before = {"entered": report.entered, "fees_collected": report.fees_collected}
    if fees_collected is not None and fees_collected != "":
        fees_collected = tables.parse_decimal(fees_collected, "本年收取信息处理费（元）")
        if fees_collected < 0:
            raise tables.TableInputError("本年收取信息处理费（元）不能为负数。")
        fees_collected = fees_collected.quantize(Decimal("0.01"))
    else:
        fees_collected = None
    if report.is_manual:
        t2 = tables.table2_from_dict(data.get("二", {}), report.format)
        t3 = tables.table3_from_dict(data.get("三", {}), report.format)
        t4 = tables.table4_from_dict(data.get("四", {}))
        report.entered = data
        report.tables = {
            "二": tables.table2_to_dict(t2),
            "三": tables.table3_to_dict(t3),
            "四": tables.table4_to_dict(t4),
        }
        report.origin = {
            "二": {r.path: ENTERED for r in tables.t2_rows(report.format)},
            "三": ENTERED,
            "四": ENTERED,
        }
        report.fees_collected = fees_collected
        report.computed_at = timezone.now()
    else:
        # Validate the typed-in shape before anything is stored.
        tables.table2_from_dict(data.get("二", {}), tables.FORMAT_2021)
        tables.table3_from_dict(data.get("三", {}), tables.FORMAT_2021)
        tables.table4_from_dict(data.get("四", {}))
        report.entered = data
        figures = compute_figures(report.agency, report.year, entered=data)
        if figures.fees_collected is None:
            report.fees_collected = fees_collected
        _apply_figures(report, figures)
    report.save()
    old, new = diff(before, {"entered": report.entered, "fees_collected": report.fees_collected})
    record_event(actor=actor, action="annual_report.enter", target=report, before=old, after=new)
    return report


@transaction.atomic
def create_historical_report(*, agency, year: int, fmt: str, actor) -> AnnualReport:
    """An empty hand-entered report (2019–2020 in the trial format, or any year as published)."""
    _require_staff(actor, agency)
    if fmt not in ReportFormat.values:
        raise ValidationError("报告格式无效。")
    if fmt == ReportFormat.TRIAL2019 and year > 2020:
        raise ValidationError("2019年试行格式只适用于2019、2020年度报告。")
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(f"{agency.name}{year}年度报告已存在。")
    report = AnnualReport(agency=agency, year=year, format=fmt, is_manual=True, created_by=actor)
    t2 = tables.Table2(fmt=fmt, values={})
    report.tables = {
        "二": tables.table2_to_dict(t2),
        "三": tables.table3_to_dict(tables.Table3(fmt=fmt)),
        "四": tables.table4_to_dict(tables.Table4()),
    }
    report.save()
    record_event(
        actor=actor,
        action="annual_report.create_historical",
        target=report,
        after={"year": year, "format": fmt},
    )
    return report


@transaction.atomic
def approve_report(report: AnnualReport, *, actor) -> AnnualReport:
    """The agency head approves a draft; its tables are frozen from now on.

    A 2021-format report with a failed 勾稽 rule or unclassified applications cannot be approved.
    """
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    require_role(actor, report.agency, Role.HEAD)
    _require_draft(report)
    if not report.is_manual:
        # The root cause first: unclassified applications also break the balance rule.
        if report.unclassified:
            raise ValidationError(
                f"有{report.unclassified}件已办结申请未标注办理结果，请先在依申请公开中补正后刷新数据。"
            )
        failed = report.failed_checks()
        if failed:
            raise ValidationError(
                ["勾稽关系校验未通过，不能审定："] + [c.message for c in failed[:10]]
            )
    if report.previous_id and not report.correction_note.strip():
        raise ValidationError("更正版本必须填写更正说明。")
    unfinished = drafting.unfinished_sections(report)
    if unfinished:
        raise ValidationError(
            f"以下部分仍有“{drafting.PLACEHOLDER}……）”待填写的内容，不能审定："
            + "、".join(unfinished)
        )
    report.status = ReportStatus.APPROVED
    report.approved_by = actor
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "approved_by", "approved_at"])
    record_event(
        actor=actor,
        action="annual_report.approve",
        target=report,
        before={"status": ReportStatus.DRAFT},
        after={"status": ReportStatus.APPROVED},
    )
    return report


@transaction.atomic
def return_to_draft(report: AnnualReport, *, actor) -> AnnualReport:
    """Undo an approval before publication (the head sends it back for changes)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    require_role(actor, report.agency, Role.HEAD)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("只有已审定、尚未发布的报告可以退回修改。")
    report.status = ReportStatus.DRAFT
    report.approved_by = None
    report.approved_at = None
    report.save(update_fields=["status", "approved_by", "approved_at"])
    record_event(
        actor=actor,
        action="annual_report.return",
        target=report,
        before={"status": ReportStatus.APPROVED},
        after={"status": ReportStatus.DRAFT},
    )
    return report


@transaction.atomic
def publish_report(report: AnnualReport, *, actor) -> AnnualReport:
    """Publish an approved report on the portal. From now on it is immutable."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_staff(actor, report.agency)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("报告须经机构负责人审定后才能发布。")
    report.status = ReportStatus.PUBLISHED
    report.published_by = actor
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_by", "published_at"])
    record_event(
        actor=actor,
        action="annual_report.publish",
        target=report,
        before={"status": ReportStatus.APPROVED},
        after={"status": ReportStatus.PUBLISHED, "version": report.version},
    )
    return report


@transaction.atomic
def correct_report(report: AnnualReport, *, actor, note: str) -> AnnualReport:
    """A new draft version of a published report, carrying the correction note."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_staff(actor, report.agency)
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError("只有已发布的报告需要更正；草稿可直接修改。")
    if not note.strip():
        raise ValidationError({"note": "请填写更正说明。"})
    latest = AnnualReport.objects.filter(agency=report.agency, year=report.year).order_by(
        "-version"
    )[0]
    if latest.pk != report.pk:
        raise ValidationError(f"该报告已有第{latest.version}版，请在最新版本上更正。")
    fields = ["format", "overview", "problems", "other_matters", "fees_collected", "entered",
              "tables", "origin", "unclassified", "computed_at", "is_manual"]  # fmt: skip
    correction = AnnualReport(
        agency=report.agency,
        year=report.year,
        version=report.version + 1,
        previous=report,
        correction_note=note.strip(),
        created_by=actor,
        **{name: getattr(report, name) for name in fields},
    )
    correction.save()
    record_event(
        actor=actor,
        action="annual_report.correct",
        target=correction,
        after={
            "version": correction.version,
            "previous": report.pk,
            "note": correction.correction_note,
        },
    )
    return correction
