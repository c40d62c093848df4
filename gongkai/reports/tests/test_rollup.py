"""District roll-up (status of every agency's report, lateness, combined table) and the
dashboard reminders before 31 January / 31 March."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.reports import rollup, services
from gongkai.reports.models import deadline_for

from .helpers import complete

YEAR = 2026

# These tests exercise the staff-entered path; test_live.py covers computed figures.
pytestmark = pytest.mark.usefixtures("no_live_sources")
TZ = datetime.timezone(datetime.timedelta(hours=8))


def _publish(report, clerk, head, data):
    services.enter_figures(report, actor=clerk, data=data)
    services.approve_report(complete(report, head), actor=head)
    return services.publish_report(report, actor=clerk)


def test_deadlines(district, agency, settings):
    assert deadline_for(agency, YEAR) == datetime.date(2027, 1, 31)
    assert deadline_for(district, YEAR) == datetime.date(2027, 3, 31)
    settings.GONGKAI_REPORTS_DEADLINES = {"department": (1, 20)}
    assert deadline_for(agency, YEAR) == datetime.date(2027, 1, 20)


def test_statuses_and_combined_table(
    login, district_office, clerk, head, agency, other_agency, district
):
    with time_machine.travel(datetime.datetime(2027, 1, 10, 9, tzinfo=TZ), tick=False):
        report = services.create_report(agency=agency, year=YEAR, actor=clerk)
        _publish(
            report,
            clerk,
            head,
            {
                "三": {
                    "一、本年新收政府信息公开申请数量": {"自然人": 3},
                    "三、本年度办理结果/（一）予以公开": {"自然人": 3},
                }
            },
        )
    with time_machine.travel(datetime.datetime(2027, 2, 5, 9, tzinfo=TZ), tick=False):
        statuses = {s.agency.code: s for s in rollup.agency_statuses(YEAR)}
        assert (statuses["mzj"].status, statuses["mzj"].late) == ("published", False)
        assert (statuses["rsj"].status, statuses["rsj"].late) == ("missing", True)
        # the district government's deadline is 31 March
        assert (statuses["district"].status, statuses["district"].late) == ("missing", False)
        page = (
            login(district_office).get("/staff/reports/district/", {"year": YEAR}).content.decode()
        )
        assert "区人力资源和社会保障局" in page and "逾期" in page
        assert "合计1个已发布的2021年格式报告" in page
        xlsx = login(district_office).get(
            "/staff/reports/district/", {"year": YEAR, "format": "xlsx"}
        )
        book = load_workbook(io.BytesIO(xlsx.content))
        assert book.worksheets[1]["D8"].value == 3  # 三（一）予以公开 × 自然人
    combined, included = rollup.combined_tables(YEAR)
    assert [r.agency.code for r in included] == ["mzj"]
    assert combined["三"].get("granted", "natural_person") == 3


def test_rollup_is_district_office_only(login, clerk):
    assert login(clerk).get("/staff/reports/district/").status_code == 403


def test_dashboard_warns_then_alarms(login, clerk, agency):
    with time_machine.travel(datetime.datetime(2027, 1, 21, 9, tzinfo=TZ), tick=False):
        page = login(clerk).get("/staff/").content.decode()
        assert "2026年度政府信息公开工作年度报告须于2027年1月31日前发布（还有10天）" in page
        assert "待发布" in page
    with time_machine.travel(datetime.datetime(2027, 2, 2, 9, tzinfo=TZ), tick=False):
        page = login(clerk).get("/staff/").content.decode()
        assert "已逾期" in page


def test_dashboard_quiet_once_published(login, clerk, head, agency):
    with time_machine.travel(datetime.datetime(2027, 1, 12, 9, tzinfo=TZ), tick=False):
        report = services.create_report(agency=agency, year=YEAR, actor=clerk)
        services.approve_report(complete(report, head), actor=head)
        services.publish_report(report, actor=clerk)
        page = login(clerk).get("/staff/").content.decode()
        assert "须于2027年1月31日前发布" not in page
