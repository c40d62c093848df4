"""The monitoring report: column freshness, blank columns, publication-time anomalies, catalogue
items, stored link/wording/probe results, the per-agency score and the site's 单项否决 verdict.

Everything about content is computed from the rows the public pages show
(`Record.objects.public()`, the catalogue, 双公示), in a fixed number of grouped queries, each
time a page asks. Columns are the sub-columns of every agency's 政府信息公开 channel
(`records.COLUMNS`, the same list /open/<agency>/ renders) plus the portal's own columns
(`rules.SITE_COLUMNS`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.core.legal import DisclosureAttribute
from gongkai.orgs.models import Agency, AgencyLevel
from gongkai.records.models import COLUMNS, POLICY_TYPES, Record, Status

from . import rules
from .models import (
    ColumnSetting,
    Deduction,
    FreshnessRule,
    HitStatus,
    LinkCheck,
    MonitoringSettings,
    Probe,
    ProbeTarget,
    WordHit,
)

LEVEL_ORDER = {AgencyLevel.DISTRICT: 0, AgencyLevel.DEPARTMENT: 1, AgencyLevel.SUBDISTRICT: 2}

# Veto states.
VETO, PENDING, CLEAR, NOT_EVALUATED = "veto", "pending", "clear", "not_evaluated"
STATE_LABELS = {
    VETO: "触发否决",
    PENDING: "待核实",
    CLEAR: "未触发",
    NOT_EVALUATED: "未评估",
}

ANOMALY_LABELS = {
    "no_time": "已发布但没有发布日期（页面不显示，视为未更新）",
    "future": "发布日期晚于检查时间",
    "before_written": "发布日期早于成文日期",
}


# --- configuration ---------------------------------------------------------------------------


def load_rules() -> dict[str, FreshnessRule]:
    """Freshness classes from the database, falling back to the defaults for missing rows."""
    found = {r.code: r for r in FreshnessRule.objects.all()}
    for d in rules.RULE_DEFAULTS:
        if d.code not in found:
            found[d.code] = FreshnessRule(
                code=d.code,
                label=d.label,
                scope=d.scope,
                period=d.period,
                unit=d.unit,
                basis=d.basis,
                order=d.order,
            )
    return found


def column_rules(freshness: dict[str, FreshnessRule]) -> dict[str, FreshnessRule]:
    """Column key → freshness class: the defaults, overridden by the office's choices."""
    chosen = dict(rules.COLUMN_DEFAULTS)
    for key, code in ColumnSetting.objects.values_list("key", "rule__code"):
        chosen[key] = code
    return {key: freshness[code] for key, code in chosen.items() if code in freshness}


def load_deductions() -> list[Deduction]:
    found = {d.code: d for d in Deduction.objects.all()}
    for d in rules.DEDUCTION_DEFAULTS:
        if d.code not in found:
            found[d.code] = Deduction(
                code=d.code, label=d.label, points=d.points, cap=d.cap, order=d.order
            )
    return sorted(found.values(), key=lambda d: (d.order, d.code))


# --- result shapes ---------------------------------------------------------------------------


@dataclass
class ColumnStatus:
    key: str
    label: str
    url: str
    rule: FreshnessRule
    latest: datetime.datetime | None
    count: int
    stale: bool = False  # not updated within the configured period
    a_stale: bool = False  # not updated within the statutory window of rule (a)
    agency: Agency | None = None

    @property
    def state(self) -> str:
        if self.count == 0:
            return "blank"
        return "stale" if self.stale else "ok"

    @property
    def state_label(self) -> str:
        return {"blank": "空白栏目", "stale": "未按期更新", "ok": "正常"}[self.state]


@dataclass
class ItemStatus:
    item_id: int
    code: str
    name: str
    rule: FreshnessRule
    latest: datetime.datetime | None
    count: int
    agency_id: int | None

    @property
    def problem(self) -> str:
        if self.count == 0:
            return "从未关联已公开信息"
        return f"最新信息已超过{self.rule.period_label}"


@dataclass
class TargetStatus:
    target: ProbeTarget
    total: int
    failed: int
    short_days: int  # days of the window with fewer than the statutory 20 visits
    last: Probe | None = None

    @property
    def ratio(self) -> float | None:
        return self.failed / self.total if self.total else None

    @property
    def vetoed(self) -> bool:
        # failed / total >= 5 %, in integers
        return bool(self.total) and (
            self.failed * rules.UPTIME_FAIL_RATIO.denominator
            >= self.total * rules.UPTIME_FAIL_RATIO.numerator
        )

    @property
    def percent(self) -> str:
        return "—" if self.ratio is None else f"{self.ratio * 100:.1f}%"


@dataclass
class Veto:
    number: int
    label: str
    state: str
    detail: str
    notes: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class DeductionLine:
    deduction: Deduction
    count: int
    points: Decimal


@dataclass
class AgencyReport:
    agency: Agency
    columns: list[ColumnStatus]
    channel_latest: datetime.datetime | None
    channel_home_stale: bool
    anomalies: dict[str, int]
    items: list[ItemStatus]
    item_total: int
    broken_links: int
    unchecked_links: int
    hits_open: int
    hits_severe: int
    hits_minor: int
    applications_overdue: int
    applications_late: int
    targets: list[TargetStatus]
    deductions: list[DeductionLine] = field(default_factory=list)
    score: Decimal = rules.FULL_SCORE
    vetoes: list[str] = field(default_factory=list)
    passed: bool = True

    @property
    def stale_columns(self) -> list[ColumnStatus]:
        return [c for c in self.columns if c.state == "stale"]

    @property
    def blank_columns(self) -> list[ColumnStatus]:
        return [c for c in self.columns if c.state == "blank"]

    @property
    def anomaly_total(self) -> int:
        return sum(self.anomalies.values())

    @property
    def verdict(self) -> str:
        return "合格" if self.passed else "不合格"

    @property
    def issue_count(self) -> int:
        return (
            len(self.stale_columns)
            + len(self.blank_columns)
            + self.anomaly_total
            + len(self.items)
            + self.broken_links
            + self.hits_open
            + self.hits_severe
            + self.hits_minor
            + self.applications_overdue
            + self.applications_late
            + int(self.channel_home_stale)
            + sum(1 for t in self.targets if t.vetoed)
        )


@dataclass
class SiteReport:
    now: datetime.datetime
    agencies: list[AgencyReport]
    site_columns: list[ColumnStatus]
    homepage_latest: datetime.datetime | None
    portal_targets: list[TargetStatus]
    unassigned_items: list[ItemStatus]
    vetoes: list[Veto]
    a_count: int
    b_count: int
    c_count: int
    pass_mark: int

    @property
    def vetoed(self) -> list[Veto]:
        return [v for v in self.vetoes if v.state == VETO]

    @property
    def verdict(self) -> str:
        if self.vetoed:
            return "不合格（触发单项否决）"
        if any(v.state == PENDING for v in self.vetoes):
            return "待核实"
        return "未触发单项否决"

    @property
    def failing_agencies(self) -> list[AgencyReport]:
        return [a for a in self.agencies if not a.passed]

    def all_columns(self) -> list[ColumnStatus]:
        columns = list(self.site_columns)
        for report in self.agencies:
            columns.extend(report.columns)
        return columns


# --- computation -----------------------------------------------------------------------------


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _is_stale(latest, rule: FreshnessRule, now) -> bool:
    if rule.period is None:
        return False
    return latest is None or latest < rules.cutoff(now, rule.period, rule.unit)


def _is_a_stale(latest, rule: FreshnessRule, now) -> bool:
    window = rules.VETO_A_WINDOWS.get(rule.code)
    if window is None:
        return False
    return latest is None or latest < rules.cutoff(now, *window)


def _column(key, label, url, rule, latest, count, now, agency=None) -> ColumnStatus:
    status = ColumnStatus(key, label, url, rule, latest, count, agency=agency)
    if count:
        status.stale = _is_stale(latest, rule, now)
        status.a_stale = _is_a_stale(latest, rule, now)
    return status


def _end_of_day(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time.max, timezone.get_current_timezone())


def _site_columns(now, by_key) -> tuple[list[ColumnStatus], datetime.datetime | None]:
    public = Record.objects.public()
    overall = public.aggregate(
        n=Count("id"), latest=Max("published_at", filter=Q(published_at__lte=now))
    )
    policies = public.filter(record_type__in=POLICY_TYPES).aggregate(
        n=Count("id"), latest=Max("published_at", filter=Q(published_at__lte=now))
    )
    values = {
        "site_records": (overall["latest"], overall["n"]),
        "site_policies": (policies["latest"], policies["n"]),
    }
    if apps.is_installed("gongkai.publicity"):
        from gongkai.publicity.models import Licence, Penalty

        today = timezone.localtime(now).date()
        for key, model in (("site_licences", Licence), ("site_penalties", Penalty)):
            agg = model.objects.public().aggregate(
                n=Count("id"), latest=Max("published_on", filter=Q(published_on__lte=today))
            )
            values[key] = (_end_of_day(agg["latest"]), agg["n"])
    columns = []
    for column in rules.SITE_COLUMNS:
        if column.key not in values or column.key not in by_key:
            continue
        latest, count = values[column.key]
        columns.append(
            _column(
                column.key,
                column.label,
                _url(column.url_name),
                by_key[column.key],
                latest,
                count,
                now,
            )
        )
    return columns, overall["latest"]


def _grouped_counts(qs, key="agency_id") -> dict[int, int]:
    return dict(qs.values_list(key).annotate(n=Count("id")).values_list(key, "n"))


def _count_by_agency(rows: list[tuple[int, int]]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for _record_id, agency_id in rows:
        counts[agency_id] += 1
    return counts


def anomaly_rows(now, agency_ids=None) -> dict[str, list[tuple[int, int]]]:
    """(record id, agency id) of records whose publication time is missing or implausible."""
    published = Record.objects.filter(
        status=Status.PUBLISHED, attribute=DisclosureAttribute.PROACTIVE
    )
    public = Record.objects.public()
    if agency_ids is not None:
        published = published.filter(agency_id__in=agency_ids)
        public = public.filter(agency_id__in=agency_ids)
    rows = {
        "no_time": list(published.filter(published_at__isnull=True).values_list("id", "agency_id")),
        "future": list(public.filter(published_at__gt=now).values_list("id", "agency_id")),
    }
    # Published (local date) before the 成文日期. Comparing the stored UTC time with the date in
    # SQL finds a superset cheaply (UTC is behind local time); the exact test runs on those few.
    candidates = public.filter(written_on__isnull=False, published_at__lt=F("written_on"))
    rows["before_written"] = [
        (pk, agency_id)
        for pk, agency_id, published_at, written_on in candidates.values_list(
            "id", "agency_id", "published_at", "written_on"
        )
        if timezone.localtime(published_at).date() < written_on
    ]
    return rows


@dataclass
class StoredFindings:
    """Link and wording results of public records, counted per agency."""

    broken: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    unchecked: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    hits_open: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    hits_severe: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    hits_minor: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    severe_open: int = 0
    severe_confirmed: int = 0


def stored_findings(agency_ids=None) -> StoredFindings:
    # The result tables are small; reading them and then the owners of their records is faster
    # than joining them to the records table (which SQLite would scan).
    links = list(LinkCheck.objects.values_list("record_id", "ok"))
    hits = list(WordHit.objects.values_list("record_id", "status", "word__severe"))
    owners_qs = Record.objects.public().filter(
        Q(pk__in=LinkCheck.objects.values("record_id"))
        | Q(pk__in=WordHit.objects.values("record_id"))
    )
    if agency_ids is not None:
        owners_qs = owners_qs.filter(agency_id__in=agency_ids)
    owners = dict(owners_qs.values_list("id", "agency_id"))
    found = StoredFindings()
    for record_id, ok in links:
        agency_id = owners.get(record_id)
        if agency_id is None:
            continue
        if ok is False:
            found.broken[agency_id] += 1
        elif ok is None:
            found.unchecked[agency_id] += 1
    for record_id, status, severe in hits:
        agency_id = owners.get(record_id)
        if agency_id is None:
            continue
        if status == HitStatus.OPEN:
            found.hits_open[agency_id] += 1
            found.severe_open += int(severe)
        elif status == HitStatus.CONFIRMED and severe:
            found.hits_severe[agency_id] += 1
            found.severe_confirmed += 1
        elif status == HitStatus.CONFIRMED:
            found.hits_minor[agency_id] += 1
    return found


def _item_statuses(now, freshness, agency_ids) -> list[tuple[bool, ItemStatus]]:
    """(needs attention, status) for every proactive catalogue item in force."""
    from gongkai.catalog.models import Item

    public = Q(
        records__status=Status.PUBLISHED,
        records__attribute=DisclosureAttribute.PROACTIVE,
        records__published_at__lte=now,
    )
    qs = Item.objects.active().filter(
        attribute=DisclosureAttribute.PROACTIVE, domain__not_applicable=False
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    rows = (
        qs.annotate(
            latest=Max("records__published_at", filter=public), n=Count("records", filter=public)
        )
        .values_list(
            "id", "code", "level1", "level2", "agency_id", "time_limit_kind", "latest", "n"
        )
        .order_by("domain__order", "order", "code")
    )
    statuses = []
    for pk, code, level1, level2, agency_id, kind, latest, n in rows:
        rule = freshness[rules.ITEM_KIND_RULES.get(kind, "item_event")]
        stale = n == 0 or (rule.period is not None and _is_stale(latest, rule, now))
        statuses.append(
            (
                stale,
                ItemStatus(
                    pk,
                    code,
                    f"{level1} / {level2}" if level2 else level1,
                    rule,
                    latest,
                    n,
                    agency_id,
                ),
            )
        )
    return statuses


def _target_statuses(now, targets) -> list[TargetStatus]:
    since = now - datetime.timedelta(days=rules.UPTIME_DAYS)
    ids = [t.pk for t in targets]
    window = Probe.objects.filter(target_id__in=ids, at__gt=since, at__lte=now)
    totals = {
        row["target_id"]: row
        for row in window.values("target_id").annotate(
            total=Count("id"), failed=Count("id", filter=Q(ok=False))
        )
    }
    per_day = defaultdict(dict)
    for target_id, day, n in (
        window.annotate(day=TruncDate("at"))
        .values_list("target_id", "day")
        .annotate(n=Count("id"))
        .values_list("target_id", "day", "n")
    ):
        per_day[target_id][day] = n
    today = timezone.localtime(now).date()
    # The whole days inside the window (it also holds part of today and part of a week ago).
    days = [today - datetime.timedelta(days=i) for i in range(1, rules.UPTIME_DAYS)]
    # One indexed query per target (there are a handful): the newest visit by time.
    last = {t.pk: Probe.objects.filter(target=t).order_by("-at", "-id").first() for t in targets}
    statuses = []
    for target in targets:
        row = totals.get(target.pk, {"total": 0, "failed": 0})
        counts = per_day.get(target.pk, {})
        short = sum(1 for d in days if counts.get(d, 0) < rules.UPTIME_MIN_DAILY)
        statuses.append(
            TargetStatus(target, row["total"], row["failed"], short, last.get(target.pk))
        )
    return statuses


def _score(report: AgencyReport, deductions: list[Deduction]) -> None:
    counts = {
        "channel_home_stale": int(report.channel_home_stale),
        "stale_column": len(report.stale_columns),
        "blank_column": len(report.blank_columns),
        "time_anomaly": report.anomaly_total,
        "stale_item": len(report.items),
        "broken_link": report.broken_links,
        "minor_wording": report.hits_minor,
        "application_late": report.applications_overdue + report.applications_late,
    }
    total = Decimal(0)
    lines = []
    for deduction in deductions:
        count = counts.get(deduction.code, 0)
        points = min(deduction.cap, deduction.points * count) if count else Decimal(0)
        total += points
        lines.append(DeductionLine(deduction, count, points))
    report.deductions = lines
    report.score = max(Decimal(0), rules.FULL_SCORE - total)


def evaluate(*, now=None, agencies=None) -> SiteReport:
    """The monitoring report at `now`.

    `agencies`: the agencies to report on (default: every disclosing agency). The site-level
    veto verdict is only meaningful for the whole site, so it is computed only when `agencies`
    is None; a department's own view passes its agency and gets no site verdict.
    """
    now = now or timezone.now()
    whole_site = agencies is None
    if whole_site:
        agencies = Agency.objects.disclosing()
    agencies = sorted(agencies, key=lambda a: (LEVEL_ORDER.get(a.level, 9), a.order, a.pk))
    agency_ids = [a.pk for a in agencies]

    def scoped(qs, field="agency_id"):
        # The whole site needs no filter, and SQLite plans the grouped counts better without one.
        return qs if whole_site else qs.filter(**{f"{field}__in": agency_ids})

    settings_row = MonitoringSettings.current()
    freshness = load_rules()
    by_key = column_rules(freshness)
    deductions = load_deductions()

    # Columns of every channel, from one grouped query.
    public = Record.objects.public()
    grouped = defaultdict(dict)
    for agency_id, rtype, latest, n in (
        scoped(public)
        .values("agency_id", "record_type")
        .annotate(n=Count("id"), latest=Max("published_at", filter=Q(published_at__lte=now)))
        .values_list("agency_id", "record_type", "latest", "n")
        .order_by()
    ):
        grouped[agency_id][rtype] = (latest, n)

    # Stored and derived signals, grouped by agency.
    anomalies = {
        kind: _count_by_agency(rows)
        for kind, rows in anomaly_rows(now, None if whole_site else agency_ids).items()
    }
    item_rows = _item_statuses(now, freshness, None if whole_site else agency_ids)
    items_by_agency = defaultdict(list)
    item_totals = defaultdict(int)
    unassigned = []
    for stale, status in item_rows:
        item_totals[status.agency_id] += 1
        if not stale:
            continue
        if status.agency_id is None:
            unassigned.append(status)
        else:
            items_by_agency[status.agency_id].append(status)
    stored = stored_findings(None if whole_site else agency_ids)
    overdue, late = _application_counts(now, None if whole_site else agency_ids)
    targets = list(
        ProbeTarget.objects.filter(is_active=True).filter(
            Q(agency_id__in=agency_ids) | Q(agency__isnull=True)
            if whole_site
            else Q(agency_id__in=agency_ids)
        )
    )
    target_statuses = _target_statuses(now, targets)
    targets_by_agency = defaultdict(list)
    portal_targets = []
    for status in target_statuses:
        if status.target.agency_id is None:
            portal_targets.append(status)
        else:
            targets_by_agency[status.target.agency_id].append(status)

    home_cutoff = now - datetime.timedelta(days=rules.HOMEPAGE_DAYS)
    reports = []
    for agency in agencies:
        values = grouped.get(agency.pk, {})
        columns = []
        for slug, label, types in COLUMNS:
            rule = by_key.get(slug)
            if rule is None:
                continue
            latests = [values[t][0] for t in types if t in values and values[t][0]]
            count = sum(values[t][1] for t in types if t in values)
            columns.append(
                _column(
                    slug,
                    label,
                    _url("records:column_list", agency.code, slug),
                    rule,
                    max(latests) if latests else None,
                    count,
                    now,
                    agency,
                )
            )
        all_latest = [v[0] for v in values.values() if v[0]]
        channel_latest = max(all_latest) if all_latest else None
        report = AgencyReport(
            agency=agency,
            columns=columns,
            channel_latest=channel_latest,
            channel_home_stale=channel_latest is None or channel_latest < home_cutoff,
            anomalies={kind: anomalies[kind].get(agency.pk, 0) for kind in ANOMALY_LABELS},
            items=items_by_agency.get(agency.pk, []),
            item_total=item_totals.get(agency.pk, 0),
            broken_links=stored.broken.get(agency.pk, 0),
            unchecked_links=stored.unchecked.get(agency.pk, 0),
            hits_open=stored.hits_open.get(agency.pk, 0),
            hits_severe=stored.hits_severe.get(agency.pk, 0),
            hits_minor=stored.hits_minor.get(agency.pk, 0),
            applications_overdue=overdue.get(agency.pk, 0),
            applications_late=late.get(agency.pk, 0),
            targets=targets_by_agency.get(agency.pk, []),
        )
        _score(report, deductions)
        if report.hits_severe:
            report.vetoes.append("严重表述错误")
        if any(t.vetoed for t in report.targets):
            report.vetoes.append("站点无法访问")
        report.passed = not report.vetoes and report.score >= settings_row.pass_mark
        reports.append(report)

    site_columns, homepage_latest = ([], None)
    if whole_site:
        site_columns, homepage_latest = _site_columns(now, by_key)
    result = SiteReport(
        now=now,
        agencies=reports,
        site_columns=site_columns,
        homepage_latest=homepage_latest,
        portal_targets=portal_targets,
        unassigned_items=unassigned,
        vetoes=[],
        a_count=0,
        b_count=0,
        c_count=0,
        pass_mark=settings_row.pass_mark,
    )
    columns = result.all_columns()
    result.a_count = sum(1 for c in columns if c.count and c.a_stale)
    result.b_count = sum(1 for c in columns if c.count and c.stale)
    result.c_count = sum(1 for c in columns if not c.count)
    if whole_site:
        result.vetoes = _vetoes(result, stored)
    return result


def _application_counts(now, agency_ids) -> tuple[dict[int, int], dict[int, int]]:
    """Open applications past their reply deadline, and replies given late in the last year."""
    if not apps.is_installed("gongkai.applications"):
        return {}, {}
    from gongkai.applications.models import Application

    today = timezone.localtime(now).date()
    qs = Application.objects.all()
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    overdue = _grouped_counts(qs.open().filter(due_on__lt=today))
    late = _grouped_counts(
        qs.filter(
            closed_on__isnull=False,
            due_on__isnull=False,
            closed_on__gt=F("due_on"),
            closed_on__gte=today - datetime.timedelta(days=365),
        )
    )
    return overdue, late


def _vetoes(report: SiteReport, stored: StoredFindings) -> list[Veto]:
    now = report.now
    severe_confirmed = stored.severe_confirmed
    severe_open = stored.severe_open
    manual = "泄露国家秘密、发布或链接反动暴力色情内容、安全攻击未及时处置、弄虚作假、严重负面舆情等情形需人工判定。"
    if severe_confirmed:
        security = Veto(
            1, "安全、泄密事故等严重问题", VETO, f"经核实的严重表述错误 {severe_confirmed} 处。"
        )
    elif severe_open:
        security = Veto(
            1,
            "安全、泄密事故等严重问题",
            PENDING,
            f"错敏词检查发现疑似严重表述错误 {severe_open} 处，待核实。",
        )
    else:
        security = Veto(1, "安全、泄密事故等严重问题", CLEAR, "未发现经核实的严重表述错误。")
    security.notes.append(manual)

    if not report.portal_targets:
        uptime = Veto(
            2,
            "站点无法访问",
            NOT_EVALUATED,
            "尚未配置门户网站的可用性监测地址。",
        )
    else:
        total = sum(t.total for t in report.portal_targets)
        failed = sum(t.failed for t in report.portal_targets)
        bad = [t for t in report.portal_targets if t.vetoed]
        detail = f"近{rules.UPTIME_DAYS}天访问 {total} 次，超过{rules.UPTIME_TIMEOUT_SECONDS}秒未打开或出错 {failed} 次。"
        uptime = Veto(2, "站点无法访问", VETO if bad else CLEAR, detail)
        for t in bad:
            uptime.notes.append(f"{t.target.name}：失败比例 {t.percent}，达到5%。")
        short = [t for t in report.portal_targets if t.short_days]
        for t in short:
            uptime.notes.append(
                f"{t.target.name}：有 {t.short_days} 天访问不足{rules.UPTIME_MIN_DAILY}次，监测样本不足。"
            )
        if total == 0:
            uptime.state = NOT_EVALUATED
            uptime.detail = "近7天没有探测记录，请检查定时任务（gongkai tick）是否运行。"

    home_cutoff = now - datetime.timedelta(days=rules.HOMEPAGE_DAYS)
    if report.homepage_latest is None or report.homepage_latest < home_cutoff:
        latest = (
            f"最新信息发布于 {timezone.localtime(report.homepage_latest):%Y-%m-%d}"
            if report.homepage_latest
            else "首页没有任何已公开信息"
        )
        homepage = Veto(3, "首页不更新", VETO, f"{latest}，已超过2周未更新。")
    else:
        homepage = Veto(
            3,
            "首页不更新",
            CLEAR,
            f"最新信息发布于 {timezone.localtime(report.homepage_latest):%Y-%m-%d %H:%M}。",
        )
    homepage.notes.append("没有发布日期的信息不计为更新。")

    columns_state = (
        VETO
        if report.a_count >= rules.VETO_A_COUNT
        or report.b_count >= rules.VETO_B_COUNT
        or report.c_count >= rules.VETO_C_COUNT
        else CLEAR
    )
    columns = Veto(
        4,
        "栏目不更新",
        columns_state,
        f"（一）动态要闻类2周、通知公告政策文件类6个月未更新 {report.a_count} 个（≥{rules.VETO_A_COUNT} 否决）；"
        f"（二）应更新但长期不更新 {report.b_count} 个（≥{rules.VETO_B_COUNT} 否决）；"
        f"（三）空白栏目 {report.c_count} 个（≥{rules.VETO_C_COUNT} 否决）。",
    )

    overdue = sum(a.applications_overdue for a in report.agencies)
    late = sum(a.applications_late for a in report.agencies)
    interaction = Veto(
        5,
        "互动回应差",
        NOT_EVALUATED,
        "本平台尚无政务咨询类留言栏目，无法检查有效留言是否超过3个月未答复，暂不评估。",
        [
            *_interaction_notes(timezone.localtime(now).date()),
            f"相关参考：依申请公开逾期未答复 {overdue} 件，近一年逾期答复 {late} 件（计入各单位得分）。",
        ],
    )
    services = _services_veto()
    return [security, uptime, homepage, columns, interaction, services]


def _interaction_notes(today: datetime.date) -> list[str]:
    """What 互动交流 offers, and why it does not settle 互动回应差 either way."""
    if not apps.is_installed("gongkai.participation"):
        return []
    from gongkai.participation.models import Decision

    open_now = Decision.objects.public().open_on(today).count()
    return [
        f"互动交流栏目提供重大行政决策公开征求意见（当前正在征求意见 {open_now} 项）、在线访谈和"
        "政府开放日；检查指标规定政务咨询类栏目不包括在线访谈、调查征集、网上信访、纪检举报，"
        "征求意见的办理情况不能代替政务咨询留言的答复情况。"
    ]


def guide_gaps(agencies) -> list[tuple] | None:
    """Published 办事指南 of `agencies` that lack required elements, each with its missing
    elements (None when the services app is not installed)."""
    if not apps.is_installed("gongkai.services"):
        return None
    from gongkai.services.elements import incomplete_guides

    return incomplete_guides(agencies)


#: How many guides the 服务不实用 row lists by name (the rest are counted).
SERVICE_PROBLEMS_SHOWN = 20


def _services_veto() -> Veto:
    """服务不实用: no 办事服务, or published 办事指南 lacking key elements
    (`gongkai.services.elements.service_usefulness`)."""
    if not apps.is_installed("gongkai.services"):
        return Veto(6, "服务不实用", NOT_EVALUATED, "未安装办事服务（办事指南）模块，暂不评估。")
    from gongkai.services.elements import required_elements, service_usefulness

    result = service_usefulness()
    required = "、".join(e.label for e in required_elements())
    basis = (
        "检查指标列举的办事指南要素以事项名称、设定依据、申请条件、办理材料开头；"
        f"本平台检查的要素：{required}。"
    )
    if not result.has_services:
        return Veto(6, "服务不实用", VETO, result.problems[0], [basis])
    incomplete = len(result.incomplete)
    if not incomplete:
        return Veto(
            6,
            "服务不实用",
            CLEAR,
            f"已发布办事指南 {result.published_guides} 项，均不缺少要素。",
            [basis],
        )
    notes = result.problems[:SERVICE_PROBLEMS_SHOWN]
    if incomplete > SERVICE_PROBLEMS_SHOWN:
        notes.append(
            f"另有 {incomplete - SERVICE_PROBLEMS_SHOWN} 项，见办事服务管理页面“仅看缺少要素的”。"
        )
    return Veto(
        6,
        "服务不实用",
        VETO,
        f"已发布办事指南 {result.published_guides} 项，其中 {incomplete} 项缺少要素。",
        [*notes, basis],
    )
