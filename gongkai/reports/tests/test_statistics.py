"""Statistics charts: empty states while a source is missing, figures from stand-in data, SVG
without scripts or inline styles, a data table beside each chart and CSV downloads."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.reports import sources, standins, stats
from gongkai.workdays import calendar

D = datetime.date
YEAR = 2026


@pytest.fixture(scope="module")
def standin_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        standins.create_tables()
    yield
    with django_db_blocker.unblock():
        standins.drop_tables()


@pytest.fixture
def use_standins(standin_db, monkeypatch):
    models = {
        ("applications", "Application"): standins.StandInApplication,
        ("records", "Record"): standins.StandInRecord,
    }
    monkeypatch.setattr(sources, "get_model", lambda app, name: models.get((app, name)))


def test_empty_states_while_sources_are_missing(no_live_sources, login, clerk, agency):
    page = login(clerk).get("/staff/reports/statistics/", {"year": YEAR}).content.decode()
    assert "依申请公开模块尚未安装，暂无申请数据。" in page
    assert "政府信息模块尚未安装，暂无发布数据。" in page
    assert page.count("下载CSV数据") == 6


def test_percentile():
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile([5], 90) == 5
    assert stats.percentile(list(range(1, 11)), 90) == pytest.approx(9.1)


def test_charts_from_standin_data(use_standins, agency, other_agency, login, clerk):
    make = standins.StandInApplication.objects.create
    known = calendar.known_years()
    if YEAR not in known:
        pytest.skip(f"working-day calendar does not know {YEAR}")
    # 3 closed in March (one after 25 working days: overdue), 1 open received in May.
    make(
        agency=agency,
        applicant_type="natural_person",
        received_on=D(YEAR, 3, 2),
        closed_on=D(YEAR, 3, 9),
        result_row="granted",
    )
    make(
        agency=agency,
        applicant_type="business",
        received_on=D(YEAR, 3, 2),
        closed_on=D(YEAR, 3, 16),
        result_row="withheld.third_party",
    )
    make(
        agency=agency,
        applicant_type="business",
        received_on=D(YEAR, 3, 2),
        closed_on=calendar.add_workdays(D(YEAR, 3, 2), 25),
        result_row="unable.not_held",
    )
    make(agency=agency, applicant_type="natural_person", received_on=D(YEAR, 5, 6))
    make(agency=other_agency, applicant_type="natural_person", received_on=D(YEAR, 5, 6))
    apps = stats.applications_by_channel(agency, YEAR)
    assert [s.name for s in apps.series] == ["全部"]
    assert apps.series[0].values[2] == 3 and apps.series[0].values[4] == 1
    assert stats.applications_by_channel(None, YEAR).series[0].values[4] == 2  # whole district
    outcomes = stats.outcomes(agency, YEAR)
    assert dict(zip(outcomes.categories, outcomes.series[0].values, strict=True)) == {
        "予以公开": 1,
        "部分公开": 0,
        "不予公开": 1,
        "无法提供": 1,
        "不予处理": 0,
        "其他处理": 0,
    }
    days = stats.reply_days(agency, YEAR)
    expected = sorted(
        calendar.workdays_between(D(YEAR, 3, 2), d) for d in (D(YEAR, 3, 9), D(YEAR, 3, 16))
    )
    assert dict(days.figures)["中位数（工作日）"] == f"{expected[1]:g}"
    late = stats.overdue(agency, YEAR)
    assert dict(late.figures)["逾期件数"] == "1"
    assert "按20个工作日计算" in late.note
    pub = timezone.make_aware(datetime.datetime(YEAR, 4, 3, 10))
    standins.StandInRecord.objects.create(
        agency=agency,
        record_type="normative",
        written_on=D(YEAR, 4, 1),
        published_at=pub,
        attribute="proactive",
    )
    standins.StandInRecord.objects.create(
        agency=agency, record_type="normative", written_on=D(YEAR, 4, 1), attribute="on_request"
    )
    rate = stats.proactive_rate(agency, YEAR)
    assert dict(rate.figures)["全年主动公开率"] == "50.0%"
    records = stats.records_by_type(agency, YEAR)
    assert records.series[0].values[3] == 1

    client = login(clerk)
    page = client.get(
        "/staff/reports/statistics/", {"year": YEAR, "agency": agency.code}
    ).content.decode()
    assert page.count("<svg") == 6
    assert 'role="img"' in page and "<script" not in page and 'style="' not in page
    assert '<th scope="row">3月</th>' in page
    csv = client.get(
        "/staff/reports/statistics/outcomes.csv", {"year": YEAR, "agency": agency.code}
    )
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "项目,件数"
    assert "予以公开,1" in body


def test_statistics_of_other_agency_is_404(login, other_clerk, agency):
    client = login(other_clerk)
    assert client.get("/staff/reports/statistics/", {"agency": agency.code}).status_code == 404
    assert client.get("/staff/reports/statistics/nope.csv").status_code == 404
