"""Back office of the working-day calendar (/staff/workdays/), for the district office only."""

from __future__ import annotations

import datetime
import hashlib
from importlib.metadata import PackageNotFoundError, version

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.access import is_district_office

from . import alarms, calendar, grids, services
from .forms import NoticeImportForm
from .models import Arrangement
from .notice import NoticeError, parse_notice


def _require_district_office(request) -> None:
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以管理工作日历。")


def get_arrangement_for_staff(request, year: int) -> Arrangement:
    """The stored arrangement of `year` for the district office; 403 for others, 404 if none."""
    _require_district_office(request)
    return get_object_or_404(Arrangement.objects.select_related("loaded_by"), year=year)


def _package_label() -> str:
    try:
        return f"chinese_calendar {version('chinesecalendar')} 软件包"
    except PackageNotFoundError:  # pragma: no cover - installed as a dependency
        return "chinese_calendar 软件包"


def _year_counts(status, year: int) -> dict[str, int]:
    counts = dict.fromkeys((grids.HOLIDAY, grids.MAKEUP, grids.WEEKEND, grids.WORKDAY), 0)
    day = datetime.date(year, 1, 1)
    while day.year == year:
        counts[status(day)[0]] += 1
        day += datetime.timedelta(days=1)
    counts["working"] = counts[grids.WORKDAY] + counts[grids.MAKEUP]
    return counts


@login_required
def year_list(request):
    _require_district_office(request)
    cal = calendar.current()
    first, last = calendar.package_years()
    stored = {a.year: a for a in Arrangement.objects.select_related("loaded_by")}
    today = timezone.localdate()
    years = sorted(set(cal.years) | {today.year, today.year + 1}, reverse=True)
    status = grids.status_from_calendar(cal)
    rows = []
    for year in years:
        known = year in cal.years
        rows.append(
            {
                "year": year,
                "known": known,
                "arrangement": stored.get(year),
                "in_package": first <= year <= last,
                "counts": _year_counts(status, year) if known else None,
            }
        )
    return render(
        request,
        "workdays/year_list.html",
        {
            "rows": rows,
            "package_label": _package_label(),
            "missing": alarms.missing_years(today),
            "open_alarms": alarms.open_alarms(),
        },
    )


@login_required
def year_detail(request, year: int):
    _require_district_office(request)
    cal = calendar.current()
    arrangement = Arrangement.objects.select_related("loaded_by").filter(year=year).first()
    known = year in cal.years
    first, last = calendar.package_years()
    return render(
        request,
        "workdays/year_detail.html",
        {
            "year": year,
            "known": known,
            "arrangement": arrangement,
            "in_package": first <= year <= last,
            "package_label": _package_label(),
            "months": grids.year_grid(year, grids.status_from_calendar(cal)) if known else [],
            "counts": _year_counts(grids.status_from_calendar(cal), year) if known else None,
        },
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


@login_required
def import_notice(request):
    """Paste → preview (calendar grids and checks) → confirm. Nothing is saved before confirm."""
    _require_district_office(request)
    form = NoticeImportForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = parse_notice(data["text"])
        except NoticeError as exc:
            lines = data["text"].splitlines()
            context["errors"] = [
                {
                    "line": line,
                    "message": message,
                    "text": lines[line - 1].strip() if line and line <= len(lines) else "",
                }
                for line, message in exc.errors
            ]
            return render(request, "workdays/import.html", context)
        action = request.POST.get("action")
        confirmed = action == "confirm" and request.POST.get("previewed") == _digest(data["text"])
        if action == "confirm" and not confirmed:
            messages.warning(request, "通知内容在预览后被修改，请核对下面的新预览后再确认。")
        if confirmed:
            try:
                arrangement = services.save_parsed_notice(
                    notice,
                    actor=request.user,
                    text=data["text"],
                    notice_url=data["notice_url"],
                    notice_number=data["notice_number"],
                    notice_date=data["notice_date"],
                )
            except services.ArrangementError as exc:
                context["save_error"] = str(exc)
            else:
                messages.success(
                    request,
                    f"已保存{arrangement.year}年节假日安排（{len(notice.holidays)}个放假日、"
                    f"{len(notice.workdays)}个调休上班日），并已重新计算受影响的期限。",
                )
                return redirect("staff_workdays:year", year=arrangement.year)
        context.update(_preview(notice, data["text"]))
    return render(request, "workdays/import.html", context)


def _preview(notice, text: str) -> dict:
    new = grids.status_from_days(dict(notice.holidays), dict(notice.workdays))
    cal = calendar.current()
    first, last = calendar.package_years()
    existing = Arrangement.objects.filter(year=notice.year).first()
    diffs = None
    if notice.year in cal.years:
        diffs = grids.differences(notice.year, grids.status_from_calendar(cal), new)
    return {
        "notice": notice,
        "previewed": _digest(text),
        "months": grids.year_grid(notice.year, new),
        "counts": _year_counts(new, notice.year),
        "existing": existing,
        "in_package": first <= notice.year <= last,
        "known": notice.year in cal.years,
        "diffs": diffs,
        "package_label": _package_label(),
        "outside_year": [
            (d, n) for d, n in notice.holidays + notice.workdays if d.year != notice.year
        ],
    }


@login_required
def delete_arrangement(request, year: int):
    arrangement = get_arrangement_for_staff(request, year)
    first, last = calendar.package_years()
    if request.method == "POST":
        services.delete_arrangement(arrangement, actor=request.user)
        messages.success(request, f"已删除{year}年已载入的节假日安排。")
        return redirect(reverse("staff_workdays:list"))
    return render(
        request,
        "workdays/delete.html",
        {"arrangement": arrangement, "in_package": first <= year <= last},
    )
