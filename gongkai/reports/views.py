"""Back-office and portal views of annual reports and statistics. Thin: they call services,
`rollup` and `stats`; protected reports are loaded through `get_report_for_staff`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.orgs.access import (
    can_see_agency,
    get_agency_for_staff,
    has_role,
    is_district_office,
    visible_agencies,
)
from gongkai.orgs.models import Agency, AgencyLevel, Role

from . import drafting, exports, layout, rollup, services, sources, stats, tables
from .forms import CorrectionForm, CreateReportForm, HistoricalReportForm, SectionsForm
from .models import AnnualReport, ReportStatus

EXPORTS = {
    "json": ("application/json; charset=utf-8", lambda r: exports.to_json(r).encode()),
    "xlsx": (exports.XLSX_CONTENT_TYPE, exports.to_xlsx),
    "docx": (exports.DOCX_CONTENT_TYPE, exports.to_docx),
}


def get_report_for_staff(request, pk: int) -> AnnualReport:
    """The report if the user may see its agency's work; 404 otherwise (no existence leak)."""
    try:
        report = AnnualReport.objects.select_related("agency", "previous").get(pk=pk)
    except AnnualReport.DoesNotExist:
        raise Http404("未找到该报告。") from None
    if not can_see_agency(request.user, report.agency):
        raise Http404("未找到该报告。")
    return report


def _staff_agencies(user):
    agencies = visible_agencies(user).exclude(level=AgencyLevel.COMMUNITY)
    if is_district_office(user):
        return agencies
    return agencies.filter(
        memberships__user=user, memberships__role__in=services.STAFF_ROLES
    ).distinct()


def _download(report: AnnualReport, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("不支持的导出格式。")
    content_type, render_export = EXPORTS[fmt]
    response = HttpResponse(render_export(report), content_type=content_type)
    disposition = "inline" if fmt == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{exports.filename(report, fmt)}"'
    return response


def _error_messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]


# --- Back office -------------------------------------------------------------------------------


@login_required
def report_list(request):
    agencies = visible_agencies(request.user).exclude(level=AgencyLevel.COMMUNITY)
    reports = AnnualReport.objects.for_agencies(agencies).current().select_related("agency")
    year = request.GET.get("year")
    if year and year.isdigit():
        reports = reports.filter(year=int(year))
    creatable = _staff_agencies(request.user)
    return render(
        request,
        "reports/staff/list.html",
        {
            "reports": reports,
            "year": year,
            "create_form": CreateReportForm(agencies=creatable),
            "historical_form": HistoricalReportForm(agencies=creatable, prefix="h"),
            "is_district_office": is_district_office(request.user),
        },
    )


@login_required
@require_POST
def report_create(request):
    historical = "h-format" in request.POST
    form_class = HistoricalReportForm if historical else CreateReportForm
    form = form_class(
        request.POST, agencies=_staff_agencies(request.user), prefix="h" if historical else None
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect("staff_reports:list")
    data = form.cleaned_data
    try:
        if historical:
            report = services.create_historical_report(
                agency=data["agency"], year=data["year"], fmt=data["format"], actor=request.user
            )
        else:
            report = services.create_report(
                agency=data["agency"], year=data["year"], actor=request.user
            )
    except (ValidationError, PermissionDenied) as exc:
        for message in _error_messages(exc):
            messages.error(request, message)
        return redirect("staff_reports:list")
    messages.success(request, f"已创建{report}。")
    return redirect("staff_reports:detail", report.pk)


@login_required
def report_detail(request, pk: int):
    report = get_report_for_staff(request, pk)
    checks = report.checks()
    failed = [c for c in checks if not c.passed]
    versions = AnnualReport.objects.filter(agency=report.agency, year=report.year).order_by(
        "version"
    )
    return render(
        request,
        "reports/staff/detail.html",
        {
            "report": report,
            "grids": layout.grids(report),
            "checks": checks,
            "failed": failed,
            "passed_count": len(checks) - len(failed),
            "versions": versions,
            "fees_sentence": drafting.fees_sentence(report),
            "can_edit": report.is_editable
            and has_role(request.user, report.agency, *services.STAFF_ROLES),
            "can_approve": report.status == ReportStatus.DRAFT
            and has_role(request.user, report.agency, Role.HEAD),
            "can_return": report.status == ReportStatus.APPROVED
            and has_role(request.user, report.agency, Role.HEAD),
            "can_publish": report.status == ReportStatus.APPROVED
            and has_role(request.user, report.agency, *services.STAFF_ROLES),
            "can_correct": report.status == ReportStatus.PUBLISHED
            and report.pk == versions.last().pk
            and has_role(request.user, report.agency, *services.STAFF_ROLES),
            "correction_form": CorrectionForm(),
            "entered_parts": _entered_parts(report),
            "headings": tables.SECTION_HEADINGS,
        },
    )


def _entered_parts(report: AnnualReport) -> list[str]:
    origin = report.origin or {}
    parts = [path for path, how in origin.get("二", {}).items() if how == services.ENTERED]
    for key, label in (("三", "表三"), ("四", "表四")):
        if origin.get(key) == services.ENTERED:
            parts.append(label)
    if origin.get("fees") == services.ENTERED:
        parts.append("信息处理费")
    return parts


@login_required
def report_edit(request, pk: int):
    report = get_report_for_staff(request, pk)
    if not report.is_editable:
        messages.error(request, "只有草稿可以修改。")
        return redirect("staff_reports:detail", report.pk)
    form = SectionsForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_sections(
                report,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.fields},
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in _error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, "已保存。")
            return redirect("staff_reports:detail", report.pk)
    return render(request, "reports/staff/edit.html", {"report": report, "form": form})


def _editable(report: AnnualReport, cell: layout.Cell) -> bool:
    if cell.header or cell.ref is None:
        return False
    if report.is_manual:
        return True
    table, row, column = cell.ref
    origin = report.origin or {}
    if table == "二":
        return origin.get("二", {}).get(row) == services.ENTERED
    if origin.get(table) != services.ENTERED:
        return False
    # Totals of a 2021-format report are always computed from the other cells.
    return column != "总计" and row != "三、本年度办理结果/（七）总计"


@login_required
def report_figures(request, pk: int):
    """Hand entry of figures: parts without a live source, or a whole historical report."""
    report = get_report_for_staff(request, pk)
    if not report.is_editable:
        messages.error(request, "只有草稿可以修改。")
        return redirect("staff_reports:detail", report.pk)
    grids = layout.grids(report)
    fees_editable = report.is_manual or (report.origin or {}).get("fees") == services.ENTERED
    if request.method == "POST" and report.is_manual and "workbook" in request.FILES:
        upload = request.FILES["workbook"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise tables.TableInputError("Excel文件不能超过5MB。")
            services.enter_figures(
                report,
                actor=request.user,
                data=exports.read_xlsx(upload.read(), fmt=report.format),
                fees_collected=report.fees_collected,
            )
        except (ValidationError, PermissionDenied, tables.TableInputError) as exc:
            for message in _error_messages(exc):
                messages.error(request, f"导入失败（未做任何修改）：{message}")
            return redirect("staff_reports:figures", report.pk)
        messages.success(request, "已从Excel导入，请核对校验结果。")
        return redirect("staff_reports:detail", report.pk)
    if request.method == "POST":
        data: dict = {}
        for grid in grids:
            for cell in grid.cells:
                if _editable(report, cell):
                    table, row, column = cell.ref
                    data.setdefault(table, {}).setdefault(row, {})[column] = request.POST.get(
                        cell.name, ""
                    ).strip()
        try:
            services.enter_figures(
                report,
                actor=request.user,
                data=data,
                fees_collected=request.POST.get("fees_collected", "").strip()
                if fees_editable
                else None,
            )
        except (ValidationError, PermissionDenied, tables.TableInputError) as exc:
            for message in _error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, "数据已保存并重新校验。")
            return redirect("staff_reports:detail", report.pk)
    for grid in grids:
        for cell in grid.cells:
            cell.editable = _editable(report, cell)
            if cell.editable and request.method == "POST":
                cell.value = request.POST.get(cell.name, "")
    return render(
        request,
        "reports/staff/figures.html",
        {
            "report": report,
            "grids": grids,
            "fees_editable": fees_editable,
            "fees_value": request.POST.get("fees_collected", "")
            if request.method == "POST"
            else (report.fees_collected if report.fees_collected is not None else ""),
        },
    )


def _do_refresh(report, request):
    return services.refresh_figures(report, actor=request.user), "数据已按最新记录重新计算。"


def _do_approve(report, request):
    return services.approve_report(report, actor=request.user), "报告已审定。"


def _do_return(report, request):
    return services.return_to_draft(report, actor=request.user), "报告已退回修改。"


def _do_publish(report, request):
    return services.publish_report(report, actor=request.user), "报告已在门户网站发布。"


def _do_correct(report, request):
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写更正说明。")
    correction = services.correct_report(report, actor=request.user, note=form.cleaned_data["note"])
    return correction, f"已创建第{correction.version}版（更正版本），请修改后重新审定、发布。"


#: The workflow actions a POST may ask for; anything else is a 404.
ACTIONS = {
    "refresh": _do_refresh,
    "approve": _do_approve,
    "return": _do_return,
    "publish": _do_publish,
    "correct": _do_correct,
}


@login_required
@require_POST
def report_action(request, pk: int, action: str):
    report = get_report_for_staff(request, pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("未知的操作。")
    try:
        result, message = handler(report, request)
    except (ValidationError, PermissionDenied) as exc:
        for text in _error_messages(exc):
            messages.error(request, text)
        return redirect("staff_reports:detail", report.pk)
    messages.success(request, message)
    return redirect("staff_reports:detail", result.pk)


@login_required
def report_export(request, pk: int, fmt: str):
    return _download(get_report_for_staff(request, pk), fmt)


def _year_param(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year - 1


@login_required
def district_rollup(request):
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以查看全区年报汇总。")
    year = _year_param(request)
    statuses = rollup.agency_statuses(year)
    combined, included = rollup.combined_tables(year)
    grids = [
        layout.table2_grid(combined["二"]),
        layout.table3_grid(combined["三"]),
        layout.table4_grid(combined["四"]),
    ]
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.grids_to_xlsx(f"{year}年度全区政府信息公开工作年度报告合计", grids),
            content_type=exports.XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="district-{year}-combined.xlsx"'
        return response
    counts = {key: sum(1 for s in statuses if s.status == key) for key in rollup.STATUS_LABELS}
    return render(
        request,
        "reports/staff/rollup.html",
        {
            "year": year,
            "statuses": statuses,
            "counts": counts,
            "late_count": sum(1 for s in statuses if s.late),
            "grids": grids,
            "included": included,
            "failed": [
                c
                for c in tables.validate_table3(combined["三"])
                + tables.validate_table4(combined["四"])
                if not c.passed
            ],
        },
    )


def _stats_scope(request):
    """(agency or None for the whole district, agencies the user may choose)."""
    choices = visible_agencies(request.user).exclude(level=AgencyLevel.COMMUNITY)
    code = request.GET.get("agency", "")
    if code:
        return get_agency_for_staff(request, code), choices
    if is_district_office(request.user):
        return None, choices
    first = choices.first()
    if first is None:
        raise PermissionDenied("您还没有任何机构的岗位。")
    return first, choices


@login_required
def statistics(request):
    agency, choices = _stats_scope(request)
    year = _year_param(request)
    return render(
        request,
        "reports/staff/statistics.html",
        {
            "agency": agency,
            "choices": choices,
            "year": year,
            "charts": stats.all_charts(agency, year),
            "sources": sources.source_status(),
            "is_district_office": is_district_office(request.user),
        },
    )


@login_required
def statistics_csv(request, chart: str):
    if chart not in stats.CHARTS:
        raise Http404("未知的统计图。")
    agency, _ = _stats_scope(request)
    year = _year_param(request)
    data = stats.CHARTS[chart](agency, year)
    response = HttpResponse("\ufeff" + data.csv(), content_type="text/csv; charset=utf-8")
    scope = agency.code if agency else "district"
    response["Content-Disposition"] = f'attachment; filename="{scope}-{year}-{chart}.csv"'
    return response


# --- Portal ----------------------------------------------------------------------------------


def public_index(request):
    """政府信息公开年报: every agency with its published reports, newest year first."""
    published = (
        AnnualReport.objects.latest_published()
        .select_related("agency")
        .order_by("agency__order", "agency_id", "-year")
    )
    by_agency: dict[int, list[AnnualReport]] = {}
    for report in published:
        by_agency.setdefault(report.agency_id, []).append(report)
    agencies = Agency.objects.disclosing().filter(
        Q(pk__in=by_agency.keys()) | Q(level__in=[AgencyLevel.DISTRICT, AgencyLevel.DEPARTMENT])
    )
    groups = [
        (label, [(a, by_agency.get(a.pk, [])) for a in agencies if a.level == level])
        for level, label in AgencyLevel.choices
        if level != AgencyLevel.COMMUNITY
    ]
    return render(request, "reports/public/index.html", {"groups": [g for g in groups if g[1]]})


def _public_agency(code: str) -> Agency:
    try:
        return Agency.objects.disclosing().get(code=code)
    except Agency.DoesNotExist:
        raise Http404("未找到该机构。") from None


def public_agency(request, code: str):
    agency = _public_agency(code)
    reports = AnnualReport.objects.filter(agency=agency).latest_published().order_by("-year")
    return render(request, "reports/public/agency.html", {"agency": agency, "reports": reports})


def _public_report(request, code: str, year: int) -> AnnualReport:
    agency = _public_agency(code)
    versions = AnnualReport.objects.published().filter(agency=agency, year=year)
    version = request.GET.get("v", "")
    if version.isdigit():
        versions = versions.filter(version=int(version))
    report = versions.select_related("agency", "previous").order_by("-version").first()
    if report is None:
        raise Http404("未找到该年度报告。")
    return report


def public_report(request, code: str, year: int):
    report = _public_report(request, code, year)
    versions = (
        AnnualReport.objects.published().filter(agency=report.agency, year=year).order_by("version")
    )
    return render(
        request,
        "reports/public/report.html",
        {
            "report": report,
            "grids": layout.grids(report),
            "headings": tables.SECTION_HEADINGS,
            "fees_sentence": drafting.fees_sentence(report),
            "versions": versions,
            "latest": versions.last(),
            "overview_lines": [line for line in report.overview.splitlines() if line.strip()],
            "problems_lines": [line for line in report.problems.splitlines() if line.strip()],
            "other_lines": [line for line in report.other_matters.splitlines() if line.strip()],
        },
    )


def public_export(request, code: str, year: int, fmt: str):
    report = _public_report(request, code, year)
    return _download(report, fmt)
