"""The inspection rules monitoring applies, and the defaults of what is configurable.

Numbers of the 单项否决 (veto) indicators of 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号,
unchanged from the 2015 普查; legal-rules §6.2) are confirmed [C] and live here as constants: they
are not settings. What the sources leave uncertain [U] — the period of 人事/规划 columns, the
periods of catalogue items, the 扣分 lines of the score — is stored in the database with the
defaults below and can be changed by the district office (docs/monitoring.md).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

#: 首页不更新: no new item on the homepage for 2 weeks.
HOMEPAGE_DAYS = 14
#: 栏目不更新 (a): 动态/要闻 columns not updated in the 2 weeks before the check plus
#: 通知公告/政策文件 columns not updated in the 6 months before; veto when the total is ≥ 5.
VETO_A_COUNT = 5
#: The statutory windows of rule (a), by freshness class: (period, unit).
VETO_A_WINDOWS: dict[str, tuple[int, str]] = {"news": (14, "day"), "notice_policy": (6, "month")}
#: 栏目不更新 (b): columns that should be updated but have long not been: veto at ≥ 10.
VETO_B_COUNT = 10
#: 栏目不更新 (c): blank columns (no content at all): veto at ≥ 5.
VETO_C_COUNT = 5
#: 站点无法访问: watched for 1 week, ≥ 20 visits a day, a visit fails when the site is still not
#: open after 15 seconds; veto when failures reach 5% of visits.
UPTIME_DAYS = 7
UPTIME_MIN_DAILY = 20
UPTIME_TIMEOUT_SECONDS = 15
UPTIME_FAIL_RATIO = Fraction(5, 100)
#: 互动回应差: a valid 政务咨询 message unanswered for more than 3 months within the last year.
INTERACTION_MONTHS = 3
#: Longest probe interval the settings accept. 24 h / 20 visits would allow 72 minutes, but
#: visits happen on `gongkai tick` runs (every 15 minutes): a 72-minute interval becomes one visit
#: every 75 minutes, 19 a day. 60 minutes keeps at least 20 visits a day with a tick every 5, 10,
#: 15 or 20 minutes.
MAX_PROBE_INTERVAL_MINUTES = 60

DAY, MONTH = "day", "month"
UNITS = [(DAY, "天"), (MONTH, "个月")]


@dataclass(frozen=True)
class RuleDefault:
    code: str
    label: str
    scope: str  # "column" or "item"
    period: int | None  # None: no update period (only blank columns are counted)
    unit: str
    basis: str
    order: int


#: Freshness classes with their default periods. The 动态/要闻 and 通知公告/政策文件 periods are
#: those of rule (a) [C]; the others are local defaults [U].
RULE_DEFAULTS = [
    RuleDefault(
        "news", "动态、要闻类", "column", 14, DAY, "国办秘函〔2019〕19号：2周内应有更新", 1
    ),
    RuleDefault(
        "notice_policy",
        "通知公告、政策文件类",
        "column",
        6,
        MONTH,
        "国办秘函〔2019〕19号：6个月内应有更新",
        2,
    ),
    RuleDefault(
        "long",
        "人事、规划计划等应定期更新类",
        "column",
        12,
        MONTH,
        "2015年普查问答将人事、规划计划类栏目列为“应更新但长期不更新”；期限1年为通行做法，未见原文 [U]",
        3,
    ),
    RuleDefault(
        "irregular",
        "不定期更新类（只检查是否空白）",
        "column",
        None,
        DAY,
        "按需发布的栏目没有固定更新周期，只检查是否为空白栏目",
        4,
    ),
    RuleDefault(
        "item_monthly",
        "按月公开的目录事项",
        "item",
        2,
        MONTH,
        "本区默认：上月信息在次月内公开，因此最新信息不得早于2个月前 [U]",
        5,
    ),
    RuleDefault(
        "item_quarterly",
        "按季度公开的目录事项",
        "item",
        4,
        MONTH,
        "本区默认：季度信息在下一季度第一个月内公开 [U]",
        6,
    ),
    RuleDefault(
        "item_yearly",
        "按年度公开的目录事项",
        "item",
        13,
        MONTH,
        "本区默认：年度信息每年公开一次，留1个月余量 [U]",
        7,
    ),
    RuleDefault(
        "item_event",
        "按事件公开的目录事项（实时、及时、工作日时限、法定期限）",
        "item",
        None,
        DAY,
        "信息何时形成无法从数据判断，只检查事项是否从未关联任何已公开信息",
        8,
    ),
]
RULE_DEFAULTS_BY_CODE = {r.code: r for r in RULE_DEFAULTS}

#: Catalogue time-limit kinds (catalog.TimeLimitKind values) → item freshness class.
ITEM_KIND_RULES = {
    "monthly": "item_monthly",
    "quarterly": "item_quarterly",
    "yearly": "item_yearly",
    "workdays": "item_event",
    "realtime": "item_event",
    "prompt": "item_event",
    "statutory": "item_event",
}


@dataclass(frozen=True)
class SiteColumn:
    """A column of the district portal itself (not of one agency's channel)."""

    key: str
    label: str
    url_name: str


#: The portal's own columns; the agencies' channel columns are records.COLUMNS.
SITE_COLUMNS = [
    SiteColumn("site_records", "政府信息（门户）", "records:list"),
    SiteColumn("site_policies", "政策文件（门户）", "records:policies"),
    SiteColumn("site_licences", "行政许可公示", "publicity:licences"),
    SiteColumn("site_penalties", "行政处罚公示", "publicity:penalties"),
]

#: Default freshness class of every column key (records.COLUMNS slugs and SITE_COLUMNS keys).
COLUMN_DEFAULTS = {
    "function": "irregular",
    "policies": "notice_policy",
    "interpretations": "irregular",
    "notices": "notice_policy",
    "news": "news",
    "plans": "long",
    "budget": "long",
    "personnel": "long",
    "statistics": "long",
    "emergency": "irregular",
    "site_records": "news",
    "site_policies": "notice_policy",
    "site_licences": "notice_policy",
    "site_penalties": "notice_policy",
}


@dataclass(frozen=True)
class DeductionDefault:
    code: str
    label: str
    points: Decimal
    cap: Decimal
    order: int


#: The local 扣分 lines [U]: the detailed lines of the national 扣分指标 were not retrieved
#: (legal-rules §6.3), so these are the district's own defaults, changeable by the office.
DEDUCTION_DEFAULTS = [
    DeductionDefault("channel_home_stale", "栏目首页两周未更新", Decimal(20), Decimal(20), 1),
    DeductionDefault("stale_column", "栏目未按期更新（每个）", Decimal(3), Decimal(30), 2),
    DeductionDefault("blank_column", "空白栏目（每个）", Decimal(3), Decimal(30), 3),
    DeductionDefault("time_anomaly", "发布时间缺失或异常（每条）", Decimal(1), Decimal(10), 4),
    DeductionDefault("stale_item", "目录事项未按期更新（每项）", Decimal(1), Decimal(20), 5),
    DeductionDefault("broken_link", "错链断链（每处）", Decimal(1), Decimal(10), 6),
    DeductionDefault("minor_wording", "错别字（经核实，每处）", Decimal(1), Decimal(10), 7),
    DeductionDefault("application_late", "依申请公开逾期答复（每件）", Decimal(2), Decimal(10), 8),
]
FULL_SCORE = Decimal(100)
#: 扣分指标 total 100, < 60 不合格 [P, S32].
DEFAULT_PASS_MARK = 60


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same local wall-clock time `months` calendar months earlier (day clamped to month end)."""
    local = timezone.localtime(moment)
    index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def cutoff(now: datetime.datetime, period: int, unit: str) -> datetime.datetime:
    """The earliest publication time that still counts as updated within the period."""
    if unit == MONTH:
        return months_before(now, period)
    return now - datetime.timedelta(days=period)


def period_label(period: int | None, unit: str) -> str:
    if period is None:
        return "不定期"
    if unit == DAY and period % 7 == 0:
        return f"{period // 7}周"
    if unit == MONTH and period % 12 == 0:
        return f"{period // 12}年"
    return f"{period}{dict(UNITS)[unit]}"
