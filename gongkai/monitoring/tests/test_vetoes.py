"""The 单项否决 rules of 国办秘函〔2019〕19号 at their exact thresholds: 首页 2 weeks; 栏目不更新
(一) ≥ 5, (二) ≥ 10, (三) ≥ 5; and the column windows (2 weeks, 6 months) at their edges."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.monitoring import checks, rules
from gongkai.monitoring.models import FreshnessRule
from gongkai.monitoring.services import set_column_rule
from gongkai.records.models import RecordType, Status
from gongkai.services.models import GuideState
from gongkai.services.tests import factories as service_factories

from .helpers import clear_column, fill_channel, public_record, set_column_time

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
FRESH = NOW - datetime.timedelta(days=1)
OVER_TWO_WEEKS = NOW - datetime.timedelta(days=15)
OVER_SIX_MONTHS = NOW - datetime.timedelta(days=200)
OVER_ONE_YEAR = NOW - datetime.timedelta(days=400)


def _veto(report, number):
    return next(v for v in report.vetoes if v.number == number)


@pytest.fixture
def channels(district, agency, other_agency):
    """Three disclosing agencies, every column of their channels fresh, and one complete
    published service guide (so that 服务不实用 does not veto)."""
    for a in (district, agency, other_agency):
        fill_channel(a, at=FRESH)
    service_factories.guide(agency)
    return district, agency, other_agency


def test_baseline_all_fresh_only_the_publicity_columns_are_blank(channels):
    report = checks.evaluate(now=NOW)
    assert report.a_count == 0
    assert report.b_count == 0
    # 行政许可公示 and 行政处罚公示 have nothing yet.
    assert {c.key for c in report.all_columns() if c.state == "blank"} == {
        "site_licences",
        "site_penalties",
    }
    assert _veto(report, 4).state == checks.CLEAR
    assert _veto(report, 3).state == checks.CLEAR
    assert report.vetoed == [] and report.verdict == "未触发单项否决"


def test_rule_a_four_stale_columns_pass_five_veto(channels):
    district, agency, other = channels
    set_column_time(district, "news", OVER_TWO_WEEKS)
    set_column_time(agency, "news", OVER_TWO_WEEKS)
    set_column_time(other, "news", OVER_TWO_WEEKS)
    set_column_time(district, "notices", OVER_SIX_MONTHS)
    report = checks.evaluate(now=NOW)
    assert report.a_count == 4
    assert _veto(report, 4).state == checks.CLEAR
    assert not report.verdict.startswith("不合格")
    set_column_time(agency, "notices", OVER_SIX_MONTHS)
    report = checks.evaluate(now=NOW)
    assert report.a_count == rules.VETO_A_COUNT == 5
    assert _veto(report, 4).state == checks.VETO
    assert report.verdict.startswith("不合格")


def test_rule_a_windows_at_their_edges(channels):
    district, agency, _other = channels
    minute = datetime.timedelta(minutes=1)
    set_column_time(district, "news", NOW - datetime.timedelta(days=14) + minute)
    set_column_time(agency, "news", NOW - datetime.timedelta(days=14) - minute)
    six_months = rules.months_before(NOW, 6)
    assert six_months.date() == datetime.date(2025, 12, 15)
    set_column_time(district, "notices", six_months + minute)
    set_column_time(agency, "notices", six_months - minute)
    report = checks.evaluate(now=NOW)
    stale = {(c.agency.code if c.agency else "", c.key) for c in report.all_columns() if c.a_stale}
    assert stale == {(agency.code, "news"), (agency.code, "notices")}


def test_rule_b_nine_long_stale_columns_pass_ten_veto(channels):
    district, agency, other = channels
    long_columns = ["plans", "budget", "personnel", "statistics"]
    targets = [(a, slug) for a in (district, agency, other) for slug in long_columns]
    for a, slug in targets[:9]:
        set_column_time(a, slug, OVER_ONE_YEAR)
    report = checks.evaluate(now=NOW)
    assert report.a_count == 0  # 人事/规划 columns are not part of rule (a)
    assert report.b_count == 9
    assert _veto(report, 4).state == checks.CLEAR
    a, slug = targets[9]
    set_column_time(a, slug, OVER_ONE_YEAR)
    report = checks.evaluate(now=NOW)
    assert report.b_count == rules.VETO_B_COUNT == 10
    assert _veto(report, 4).state == checks.VETO
    # The category is named as the 2015 普查 Q&A prints it (legal-rules §6.2).
    assert "（二）应更新但长期不更新 10 个" in _veto(report, 4).detail


def test_rule_b_uses_the_configured_period(channels):
    district, _agency, _other = channels
    set_column_time(district, "personnel", NOW - datetime.timedelta(days=300))
    assert checks.evaluate(now=NOW).b_count == 0
    long = FreshnessRule.objects.get(code="long")
    long.period, long.unit = 6, rules.MONTH
    long.save()
    report = checks.evaluate(now=NOW)
    assert report.b_count == 1
    column = next(c for c in report.agencies[0].columns if c.key == "personnel")
    assert column.state == "stale"


def test_rule_c_four_blank_columns_pass_five_veto(channels):
    district, agency, other = channels
    clear_column(district, "emergency")
    clear_column(agency, "function")
    report = checks.evaluate(now=NOW)
    assert report.c_count == 4  # two cleared + the two publicity columns
    assert _veto(report, 4).state == checks.CLEAR
    clear_column(other, "statistics")
    report = checks.evaluate(now=NOW)
    assert report.c_count == rules.VETO_C_COUNT == 5
    assert _veto(report, 4).state == checks.VETO
    blank = [c for c in report.agencies if c.agency == other][0].blank_columns
    assert [c.key for c in blank] == ["statistics"]


def test_homepage_two_weeks(district):
    public_record(district, at=NOW - datetime.timedelta(days=13))
    assert _veto(checks.evaluate(now=NOW), 3).state == checks.CLEAR
    checks_now = NOW + datetime.timedelta(days=2)  # the newest item is now 15 days old
    assert _veto(checks.evaluate(now=checks_now), 3).state == checks.VETO


def test_items_without_publication_time_or_dated_in_the_future_do_not_update(district):
    public_record(district, at=NOW - datetime.timedelta(days=20))
    public_record(district, at=None, title="没有发布日期")  # status published, no time
    public_record(district, at=NOW + datetime.timedelta(days=3), title="日期在未来")
    public_record(
        district,
        at=NOW - datetime.timedelta(days=30),
        title="先发布后成文",
        written_on=(NOW - datetime.timedelta(days=25)).date(),
    )
    report = checks.evaluate(now=NOW)
    assert _veto(report, 3).state == checks.VETO
    row = report.agencies[0]
    assert row.anomalies == {"no_time": 1, "future": 1, "before_written": 1}
    news = next(c for c in row.columns if c.key == "news")
    assert news.latest == NOW - datetime.timedelta(days=20)


def test_same_day_publication_is_not_before_its_written_date(district):
    # 07:30 in Shanghai is the previous day in UTC; it must not count as "before 成文日期".
    local = timezone.get_current_timezone()
    early = datetime.datetime(2026, 6, 1, 7, 30, tzinfo=local)
    public_record(district, at=early, written_on=datetime.date(2026, 6, 1))
    report = checks.evaluate(now=NOW)
    assert report.agencies[0].anomalies["before_written"] == 0


def test_withdrawn_and_unpublished_records_do_not_fill_a_column(district):
    public_record(district, at=FRESH, status=Status.WITHDRAWN)
    public_record(district, at=None, status=Status.REVIEWED)
    report = checks.evaluate(now=NOW)
    news = next(c for c in report.agencies[0].columns if c.key == "news")
    assert news.state == "blank"
    assert report.homepage_latest is None
    assert _veto(report, 3).state == checks.VETO


def test_office_can_move_a_column_to_another_class(district, district_office):
    public_record(district, at=NOW - datetime.timedelta(days=60), record_type=RecordType.EMERGENCY)
    column = next(c for c in checks.evaluate(now=NOW).agencies[0].columns if c.key == "emergency")
    assert column.rule.code == "irregular" and column.state == "ok"
    set_column_rule(
        actor=district_office, key="emergency", rule=FreshnessRule.objects.get(code="news")
    )
    report = checks.evaluate(now=NOW)
    column = next(c for c in report.agencies[0].columns if c.key == "emergency")
    assert column.state == "stale" and column.a_stale


def test_interaction_is_not_evaluated_consultations_are_no_enquiry_channel(
    district, agency, clerk, reviewer
):
    from gongkai.participation.tests.factories import opened

    opened(agency, clerk, reviewer)
    report = checks.evaluate()
    interaction = _veto(report, 5)
    assert interaction.state == checks.NOT_EVALUATED
    assert "尚无政务咨询类留言栏目" in interaction.detail
    assert "当前正在征求意见 1 项" in interaction.notes[0]
    assert "不包括在线访谈、调查征集" in interaction.notes[0]


# --- 服务不实用 (veto 6), from the published 办事指南 ------------------------------------------


def test_a_complete_set_of_published_guides_passes(district, agency, other_agency):
    service_factories.guide(agency)
    service_factories.guide(other_agency, name="失业登记")
    # drafts and withdrawn guides are not on view: their gaps do not count
    service_factories.guide(agency, name="草稿", state=GuideState.DRAFT, materials=[])
    service_factories.guide(agency, name="已撤下", state=GuideState.WITHDRAWN, basis="")
    services = _veto(checks.evaluate(now=NOW), 6)
    assert services.label == "服务不实用"
    assert services.state == checks.CLEAR
    assert "已发布办事指南 2 项" in services.detail
    assert "办理材料" in services.notes[-1]  # the elements checked are named


def test_one_published_guide_without_materials_triggers_the_veto(district, agency, other_agency):
    service_factories.guide(agency)
    service_factories.guide(other_agency, name="失业登记", materials=[])
    report = checks.evaluate(now=NOW)
    services = _veto(report, 6)
    assert services.state == checks.VETO
    assert "其中 1 项缺少要素" in services.detail
    assert services.notes[0] == "区人社局“失业登记”缺少：办理材料"
    assert services in report.vetoed and report.verdict.startswith("不合格")


def test_no_published_guide_at_all_triggers_the_veto(district, agency):
    service_factories.guide(agency, state=GuideState.DRAFT)
    service_factories.guide(agency, name="已撤下", state=GuideState.WITHDRAWN)
    services = _veto(checks.evaluate(now=NOW), 6)
    assert services.state == checks.VETO
    assert "无办事服务" in services.detail


def test_the_district_list_of_required_elements_applies(district, agency, settings):
    service_factories.guide(agency, promised_days=None)
    assert _veto(checks.evaluate(now=NOW), 6).state == checks.VETO  # 承诺时限 missing
    settings.GONGKAI_GUIDE_REQUIRED_ELEMENTS = ["name", "basis", "conditions", "materials"]
    services = _veto(checks.evaluate(now=NOW), 6)
    assert services.state == checks.CLEAR
    assert services.notes[-1].endswith("事项名称、设定依据、申请条件、办理材料。")
