"""The alarm for a year that is not loaded: from 1 November on the district office's dashboard
and in `gongkai tick`, and on any item whose deadline reaches an unknown year."""

import datetime
import io
import logging
from pathlib import Path

import pytest
import time_machine
from django.template.loader import render_to_string

from gongkai.workdays import alarms, services
from gongkai.workdays import tick as workdays_tick
from gongkai.workdays.models import UnknownYearAlarm

pytestmark = pytest.mark.django_db
D = datetime.date
SYNTHETIC_2027 = (Path(__file__).parent / "notices" / "2027-synthetic.txt").read_text("utf-8")


def at(day):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)
    )


@pytest.fixture(autouse=True)
def _fresh_throttle():
    alarms.forget_reports()
    yield
    alarms.forget_reports()


def test_missing_years_from_1_november():
    assert alarms.missing_years(D(2026, 10, 31)) == []
    assert alarms.missing_years(D(2026, 11, 1)) == [2027]
    assert alarms.missing_years(D(2027, 1, 5)) == [2027]  # the year itself, any day
    assert alarms.missing_years(D(2025, 11, 20)) == []  # 2026 is in the package


def test_missing_years_respects_a_stored_arrangement(district_office):
    services.import_notice(actor="命令行操作员", text=SYNTHETIC_2027)
    assert alarms.missing_years(D(2026, 11, 1)) == []


def test_dashboard_alarm_for_the_district_office(login, district_office):
    # (A fresh login each time: the session expires after 30 idle minutes.)
    with at(D(2026, 10, 31)):
        html = login(district_office).get("/staff/").content.decode()
    assert "2027年节假日安排尚未载入" not in html
    assert "已载入至2026年" in html
    with at(D(2026, 11, 1)):
        response = login(district_office).get("/staff/")
    html = response.content.decode()
    assert "2027年节假日安排尚未载入" in html
    assert "/staff/workdays/import/" in html
    widget = next(w for w in response.context["widgets"] if w.title == "工作日历")
    assert widget.alarm


def test_clerk_dashboard_shows_only_computation_alarms(login, clerk):
    client = login(clerk)
    with at(D(2026, 11, 15)):
        html = client.get("/staff/").content.decode()
        assert "工作日历" not in html
        result = alarms.deadline_or_alarm(D(2026, 12, 20), 20, context="依申请公开 2026-0042")
        html = client.get("/staff/").content.decode()
    assert result.date is None and result.unknown_year == 2027
    assert "期限计算因2027年安排未载入而无法完成" in html
    assert "/staff/workdays/import/" not in html  # clerks cannot load the notice


def test_deadline_or_alarm_records_and_throttles():
    ok = alarms.deadline_or_alarm(D(2026, 9, 21), 20)
    assert ok and ok.date == D(2026, 10, 26) and ok.message == ""
    first = alarms.deadline_or_alarm(D(2026, 12, 20), 20, context="申请 A")
    alarms.deadline_or_alarm(D(2026, 12, 21), 20, context="申请 B")
    assert not first
    assert first.message.startswith("期限无法计算：2027年节假日安排尚未载入")
    alarm = UnknownYearAlarm.objects.get()
    assert (alarm.year, alarm.hits, alarm.last_context) == (2027, 1, "申请 A")
    alarms.forget_reports()  # a minute later
    alarms.deadline_or_alarm(D(2026, 12, 21), 20, context="申请 B")
    alarm.refresh_from_db()
    assert (alarm.hits, alarm.last_context) == (2, "申请 B")


def test_templates_for_other_apps():
    html = render_to_string(
        "workdays/deadline.html", {"deadline": alarms.DeadlineResult(D(2026, 10, 26))}
    )
    assert '<time datetime="2026-10-26">2026年10月26日</time>' in html
    html = render_to_string(
        "workdays/deadline.html", {"deadline": alarms.DeadlineResult(None, 2027)}
    )
    assert 'role="alert"' in html and "期限无法计算：2027年节假日安排尚未载入" in html
    html = render_to_string("workdays/unknown_year.html", {"year": 2028})
    assert "2028年节假日安排尚未载入" in html


def test_tick_logs_the_alarm(caplog):
    out = io.StringIO()
    with caplog.at_level(logging.WARNING, logger="gongkai.workdays"):
        missing = workdays_tick.run(
            now=datetime.datetime(2026, 11, 1, 1, tzinfo=datetime.UTC), stdout=out
        )
    assert missing == [2027]
    assert "year 2027 is not loaded" in caplog.text
    assert "告警：2027年节假日安排尚未载入" in out.getvalue()
    out = io.StringIO()
    assert (
        workdays_tick.run(now=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC), stdout=out) == []
    )
    assert "所需年份均已载入" in out.getvalue()


def test_tick_runs_through_the_shared_command(capsys):
    from django.core.management import call_command

    with at(D(2026, 11, 2)):
        call_command("tick")
    assert "2027年节假日安排尚未载入" in capsys.readouterr().out
