"""Statistics for the dashboards: each chart is data (categories × series) plus its table.

Charts read the source models through `sources.get_model`; when a source slice is not installed
the chart says so (an empty state) instead of failing. Optional fields outside CONTRACTS.md are
used when present: ``Application.channel`` (受理渠道) and ``Application.due_on`` (答复期限).
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractMonth

from gongkai.core.legal import DisclosureAttribute
from gongkai.workdays import calendar

from . import sources
from .svg import Series, bar_chart

MONTHS = [f"{m}月" for m in range(1, 13)]

OUTCOME_GROUPS = [
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("withheld.", "不予公开"),
    ("unable.", "无法提供"),
    ("not_processed.", "不予处理"),
    ("other.", "其他处理"),
]
DAY_BUCKETS = [(0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 40), (41, None)]


@dataclass
class Chart:
    key: str
    title: str
    unit: str = "件"
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    empty: str = ""  # why there is nothing to show (source not installed, no data)
    figures: list[tuple[str, str]] = field(default_factory=list)  # headline figures
    note: str = ""

    @property
    def svg(self):
        return bar_chart(
            chart_id=f"chart-{self.key}",
            title=self.title,
            categories=self.categories,
            series=self.series,
            unit=self.unit,
        )

    @property
    def header(self) -> list[str]:
        return ["项目", *(s.name for s in self.series)]

    @property
    def rows(self) -> list[list]:
        return [[c, *(s.values[i] for s in self.series)] for i, c in enumerate(self.categories)]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        for label, value in self.figures:
            writer.writerow([label, value])
        return out.getvalue()


def _scope(queryset, agency):
    return queryset if agency is None else queryset.filter(agency=agency)


def applications_by_channel(agency, year: int) -> Chart:
    chart = Chart("applications", f"{year}年每月收到申请数（按受理渠道）", categories=MONTHS)
    Application = sources.get_model("applications", "Application")
    if Application is None:
        chart.empty = "依申请公开模块尚未安装，暂无申请数据。"
        return chart
    start, end = sources.year_bounds(year)
    has_channel = "channel" in sources.application_fields()
    group = ["month", "channel"] if has_channel else ["month"]
    rows = (
        _scope(Application.objects, agency)
        .filter(received_on__gte=start, received_on__lte=end)
        .annotate(month=ExtractMonth("received_on"))
        .order_by()
        .values(*group)
        .annotate(n=Count("pk"))
    )
    counts: dict[str, Counter] = {}
    labels = {}
    if has_channel:
        field_ = Application._meta.get_field("channel")
        labels = dict(field_.choices or [])
    for row in rows:
        name = (
            labels.get(row.get("channel"), row.get("channel") or "全部") if has_channel else "全部"
        )
        counts.setdefault(str(name), Counter())[row["month"]] += row["n"]
    chart.series = [
        Series(name, [c[m] for m in range(1, 13)]) for name, c in sorted(counts.items())
    ]
    if not chart.series:
        chart.empty = f"{year}年没有收到申请。"
    elif not has_channel:
        chart.note = "申请数据未记录受理渠道，按全部申请统计。"
    return chart


def _closed(agency, year):
    Application = sources.get_model("applications", "Application")
    if Application is None:
        return None
    start, end = sources.year_bounds(year)
    return _scope(Application.objects, agency).filter(
        closed_on__gte=start, closed_on__lte=end, received_on__isnull=False
    )


def outcomes(agency, year: int) -> Chart:
    chart = Chart(
        "outcomes", f"{year}年办理结果分布", categories=[label for _, label in OUTCOME_GROUPS]
    )
    closed = _closed(agency, year)
    if closed is None:
        chart.empty = "依申请公开模块尚未安装，暂无办理结果数据。"
        return chart
    counts = Counter()
    for row in closed.order_by().values("result_row").annotate(n=Count("pk")):
        for prefix, label in OUTCOME_GROUPS:
            if (row["result_row"] or "").startswith(prefix):
                counts[label] += row["n"]
    if not counts:
        chart.empty = f"{year}年没有办结的申请。"
        return chart
    chart.series = [Series("件数", [counts[label] for _, label in OUTCOME_GROUPS])]
    return chart


def percentile(values: list[int], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _reply_days(agency, year):
    closed = _closed(agency, year)
    if closed is None:
        return None, 0
    days, unknown = [], 0
    for received, closed_on in closed.values_list("received_on", "closed_on").iterator():
        try:
            days.append(calendar.workdays_between(received, closed_on))
        except calendar.UnknownYearError:
            unknown += 1
    return days, unknown


def reply_days(agency, year: int) -> Chart:
    chart = Chart(
        "reply-days",
        f"{year}年答复用时分布（工作日）",
        categories=[f"{a}–{b}日" if b else f"{a}日以上" for a, b in DAY_BUCKETS],
    )
    days, unknown = _reply_days(agency, year)
    if days is None:
        chart.empty = "依申请公开模块尚未安装，暂无答复用时数据。"
        return chart
    if not days:
        chart.empty = f"{year}年没有办结的申请。"
        return chart
    buckets = [sum(1 for d in days if d >= a and (b is None or d <= b)) for a, b in DAY_BUCKETS]
    chart.series = [Series("件数", buckets)]
    chart.figures = [
        ("中位数（工作日）", f"{percentile(days, 50):g}"),
        ("第90百分位（工作日）", f"{percentile(days, 90):g}"),
    ]
    if unknown:
        chart.note = f"另有{unknown}件因工作日历缺少年份无法计算。"
    return chart


def overdue(agency, year: int) -> Chart:
    """Share of applications closed after their reply deadline, per month of closing.

    Uses ``Application.due_on`` when the applications slice provides it; otherwise the statutory
    20 working days (条例 Art. 33, ``GONGKAI_REPORTS_REPLY_LIMIT``), which ignores approved
    extensions and pauses and says so.
    """
    chart = Chart("overdue", f"{year}年逾期答复率（按办结月份）", unit="%", categories=MONTHS)
    closed = _closed(agency, year)
    if closed is None:
        chart.empty = "依申请公开模块尚未安装，暂无逾期数据。"
        return chart
    has_due = "due_on" in sources.application_fields()
    limit = getattr(settings, "GONGKAI_REPORTS_REPLY_LIMIT", 20)
    total, late = Counter(), Counter()
    fields = ["received_on", "closed_on", *(["due_on"] if has_due else [])]
    for row in closed.values_list(*fields).iterator():
        received, closed_on = row[0], row[1]
        month = closed_on.month
        try:
            if has_due and row[2] is not None:
                is_late = closed_on > row[2]
            else:
                is_late = calendar.workdays_between(received, closed_on) > limit
        except calendar.UnknownYearError:
            continue
        total[month] += 1
        late[month] += is_late
    if not total:
        chart.empty = f"{year}年没有办结的申请。"
        return chart
    chart.series = [
        Series(
            "逾期率", [round(100 * late[m] / total[m], 1) if total[m] else 0 for m in range(1, 13)]
        )
    ]
    chart.figures = [
        ("全年逾期率", f"{100 * sum(late.values()) / sum(total.values()):.1f}%"),
        ("逾期件数", str(sum(late.values()))),
    ]
    if not has_due:
        chart.note = f"按{limit}个工作日计算，未计延期和中止。"
    return chart


def _records(agency):
    Record = sources.get_model("records", "Record")
    if Record is None:
        return None
    return _scope(Record.objects, agency)


def proactive_rate(agency, year: int) -> Chart:
    """Share of documents formed in the year whose disclosure attribute is 主动公开."""
    chart = Chart("proactive", f"{year}年主动公开率（按成文月份）", unit="%", categories=MONTHS)
    records = _records(agency)
    if records is None:
        chart.empty = "政府信息模块尚未安装，暂无主动公开数据。"
        return chart
    start, end = sources.year_bounds(year)
    rows = (
        records.filter(written_on__gte=start, written_on__lte=end)
        .annotate(month=ExtractMonth("written_on"))
        .order_by()
        .values("month", "attribute")
        .annotate(n=Count("pk"))
    )
    total, proactive = Counter(), Counter()
    for row in rows:
        total[row["month"]] += row["n"]
        if row["attribute"] == DisclosureAttribute.PROACTIVE:
            proactive[row["month"]] += row["n"]
    if not total:
        chart.empty = f"{year}年没有登记的政府信息。"
        return chart
    chart.series = [
        Series(
            "主动公开率",
            [round(100 * proactive[m] / total[m], 1) if total[m] else 0 for m in range(1, 13)],
        )
    ]
    chart.figures = [
        ("全年主动公开率", f"{100 * sum(proactive.values()) / sum(total.values()):.1f}%"),
        ("登记信息总数", str(sum(total.values()))),
    ]
    return chart


def records_by_type(agency, year: int) -> Chart:
    chart = Chart("records", f"{year}年每月发布政府信息数（按类别）", categories=MONTHS)
    records = _records(agency)
    if records is None:
        chart.empty = "政府信息模块尚未安装，暂无发布数据。"
        return chart
    start, end = sources.year_bounds(year)
    rows = (
        records.filter(published_at__date__gte=start, published_at__date__lte=end)
        .annotate(month=ExtractMonth("published_at"))
        .order_by()
        .values("month", "record_type")
        .annotate(n=Count("pk"))
    )
    Record = sources.get_model("records", "Record")
    labels = dict(Record._meta.get_field("record_type").choices or [])
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(str(labels.get(row["record_type"], row["record_type"])), Counter())[
            row["month"]
        ] += row["n"]
    chart.series = [
        Series(name, [c[m] for m in range(1, 13)]) for name, c in sorted(counts.items())
    ]
    if not chart.series:
        chart.empty = f"{year}年没有发布政府信息。"
    return chart


CHARTS = {
    "applications": applications_by_channel,
    "outcomes": outcomes,
    "reply-days": reply_days,
    "overdue": overdue,
    "proactive": proactive_rate,
    "records": records_by_type,
}


def all_charts(agency, year: int) -> list[Chart]:
    return [build(agency, year) for build in CHARTS.values()]
