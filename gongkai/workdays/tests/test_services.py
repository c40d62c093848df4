"""Saving, replacing and deleting arrangements: audited, all-or-nothing, and followed by the
recomputation of open deadlines."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.models import AuditEvent
from gongkai.workdays import calendar, notices, services
from gongkai.workdays.models import Arrangement, ArrangementDay, UnknownYearAlarm
from gongkai.workdays.notice import NoticeError

pytestmark = pytest.mark.django_db
D = datetime.date
SYNTHETIC_2027 = (Path(__file__).parent / "notices" / "2027-synthetic.txt").read_text("utf-8")


@pytest.fixture
def recomputed(monkeypatch):
    """Register a recomputation like other apps do and record what it is asked."""
    calls = []

    def recompute(*, years):
        calls.append((set(years), calendar.known_years()))
        return 3

    monkeypatch.setattr(calendar, "_recomputers", [])
    calendar.register_recompute("applications", recompute)
    calendar.register_recompute("applications", recompute)  # registering twice is harmless
    return calls


def test_import_makes_an_unknown_year_countable(district_office, recomputed):
    with pytest.raises(calendar.UnknownYearError):
        calendar.add_workdays(D(2026, 12, 20), 20)
    arrangement = services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    assert arrangement.year == 2027
    assert arrangement.loaded_by == district_office
    assert arrangement.notice_title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert arrangement.days.count() == 29 + 6
    # Under the (synthetic) 2027 days: 1–3 Jan off, Jan 31 (Sunday) works, Feb 5–13 off.
    assert calendar.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert calendar.is_workday(D(2027, 1, 31))
    assert calendar.holiday_name(D(2027, 2, 8)) == "春节"
    assert calendar.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 15)
    assert recomputed == [({2027}, recomputed[0][1])] and 2027 in recomputed[0][1]
    assert arrangement.recomputed == {"applications": 3}
    event = AuditEvent.objects.get(action="workdays.arrangement.create")
    assert event.actor == district_office
    assert event.before is None
    assert "2027-02-05 春节" in event.after["holidays"]
    assert "2027-01-31 春节" in event.after["workdays"]


def test_replace_is_one_audited_change(district_office, recomputed):
    services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    changed = SYNTHETIC_2027.replace("1月31日（周日）、2月20日（周六）上班", "2月20日（周六）上班")
    arrangement = services.import_notice(
        actor=district_office, text=changed, notice_url="https://www.gov.cn/example"
    )
    assert Arrangement.objects.count() == 1
    assert not ArrangementDay.objects.filter(date=D(2027, 1, 31)).exists()
    assert arrangement.notice_url == "https://www.gov.cn/example"
    assert not calendar.is_workday(D(2027, 1, 31))
    event = AuditEvent.objects.get(action="workdays.arrangement.replace")
    assert "2027-01-31 春节" in event.before["workdays"]
    assert "2027-01-31 春节" not in event.after["workdays"]


def test_stored_days_take_precedence_over_the_package(district_office, recomputed):
    assert calendar.is_workday(D(2026, 10, 9))
    text = notices.text(2026).replace(
        "10月1日（周四）至7日（周三）放假调休，共7天", "10月1日（周四）至9日（周五）放假调休，共9天"
    )
    services.import_notice(actor=district_office, text=text)
    assert not calendar.is_workday(D(2026, 10, 9))
    assert calendar.add_workdays(D(2026, 9, 21), 20) == D(2026, 10, 28)
    assert recomputed[0][0] == {2026}


def test_delete_falls_back_to_package_or_unknown(district_office, recomputed):
    stored = services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    results = services.delete_arrangement(stored, actor=district_office)
    assert results == {"applications": 3}
    assert not Arrangement.objects.exists() and not ArrangementDay.objects.exists()
    assert 2027 not in calendar.known_years()
    with pytest.raises(calendar.UnknownYearError):
        calendar.is_workday(D(2027, 1, 4))
    event = AuditEvent.objects.get(action="workdays.arrangement.delete")
    assert event.before["year"] == 2027 and event.after is None
    assert recomputed[-1][0] == {2027}


def test_bad_notice_saves_nothing(district_office, recomputed):
    with pytest.raises(NoticeError):
        services.import_notice(
            actor=district_office, text=SYNTHETIC_2027.replace("共9天", "共10天")
        )
    assert not Arrangement.objects.exists()
    assert not AuditEvent.objects.exists()
    assert recomputed == []


def test_failed_recomputation_rolls_everything_back(district_office, monkeypatch):
    def broken(*, years):
        raise RuntimeError("boom")

    monkeypatch.setattr(calendar, "_recomputers", [("broken", broken)])
    with pytest.raises(RuntimeError):
        services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    assert not Arrangement.objects.exists()
    assert not AuditEvent.objects.exists()
    # The calendar compiled inside the failed transaction is forgotten at once.
    assert 2027 not in calendar.known_years()


def test_only_the_district_office_may_change_the_calendar(clerk, head):
    for user in (clerk, head):
        with pytest.raises(PermissionDenied):
            services.import_notice(actor=user, text=SYNTHETIC_2027)
    assert not Arrangement.objects.exists()


def test_operator_string_actor_is_recorded(recomputed):
    arrangement = services.import_notice(actor="命令行操作员", text=SYNTHETIC_2027)
    assert arrangement.loaded_by is None and arrangement.loaded_by_name == "命令行操作员"
    assert AuditEvent.objects.get().actor_name == "命令行操作员"


def test_dates_of_another_year_cannot_be_claimed_twice(district_office, recomputed):
    services.import_notice(actor=district_office, text=notices.text(2023))
    assert Arrangement.objects.get(year=2023).days.filter(date=D(2022, 12, 31)).exists()
    with pytest.raises(services.ArrangementError, match="2022-12-31已在2023年的安排中"):
        services.save_arrangement(
            actor=district_office,
            year=2022,
            holidays=[(D(2022, 12, 31), "元旦")],
            workdays=[],
        )
    assert recomputed[0][0] == {2022, 2023}


def test_saving_clears_the_unknown_year_alarm(district_office, recomputed):
    UnknownYearAlarm.objects.create(year=2027, last_seen_at="2026-12-01T08:00:00+08:00")
    UnknownYearAlarm.objects.create(year=2028, last_seen_at="2026-12-01T08:00:00+08:00")
    services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    assert list(UnknownYearAlarm.objects.values_list("year", flat=True)) == [2028]
