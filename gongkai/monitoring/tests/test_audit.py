"""Every staff write of monitoring leaves exactly one audit event; bad input leaves none and
changes nothing, with a Chinese message naming what is wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core.models import AuditEvent
from gongkai.monitoring.models import (
    ColumnSetting,
    Deduction,
    FreshnessRule,
    MonitoringSettings,
    ProbeTarget,
    WatchWord,
    WordKind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(district_office, login):
    return login(district_office)


def _post(client, url, data, *, events=1):
    before = AuditEvent.objects.count()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + events
    return response.content.decode()


def test_changing_a_freshness_period(office):
    rule = FreshnessRule.objects.get(code="long")
    data = {
        "form": "rule",
        "pk": rule.pk,
        f"rule-{rule.pk}-period": 18,
        f"rule-{rule.pk}-unit": "month",
    }
    assert "已保存" in _post(office, "/staff/monitoring/settings/", data)
    rule.refresh_from_db()
    assert (rule.period, rule.unit) == (18, "month")
    event = AuditEvent.objects.latest("id")
    assert event.action == "monitoring.rule.update"
    assert event.before == {"period": 12} and event.after == {"period": 18}


def test_bad_period_changes_nothing(office):
    rule = FreshnessRule.objects.get(code="news")
    data = {
        "form": "rule",
        "pk": rule.pk,
        f"rule-{rule.pk}-period": 0,
        f"rule-{rule.pk}-unit": "day",
    }
    page = _post(office, "/staff/monitoring/settings/", data, events=0)
    assert "动态、要闻类" in page and "1" in page
    data[f"rule-{rule.pk}-period"] = ""
    page = _post(office, "/staff/monitoring/settings/", data, events=0)
    assert "该类别的栏目必须有更新周期" in page
    rule.refresh_from_db()
    assert rule.period == 14


def test_changing_a_column_class(office):
    news = FreshnessRule.objects.get(code="news")
    data = {
        "form": "column",
        "key": "emergency",
        "col-emergency-key": "emergency",
        "col-emergency-rule": news.pk,
    }
    _post(office, "/staff/monitoring/settings/", data)
    assert ColumnSetting.objects.get(key="emergency").rule == news
    event = AuditEvent.objects.latest("id")
    assert event.action == "monitoring.column.update"
    assert event.before == {"rule": "irregular"} and event.after == {"rule": "news"}


def test_changing_a_deduction_and_settings(office):
    d = Deduction.objects.get(code="broken_link")
    data = {"form": "deduction", "pk": d.pk, f"ded-{d.pk}-points": "0.5", f"ded-{d.pk}-cap": "5"}
    _post(office, "/staff/monitoring/settings/", data)
    d.refresh_from_db()
    assert (d.points, d.cap) == (Decimal("0.5"), Decimal("5"))
    data = {
        "form": "settings",
        "settings-pass_mark": 70,
        "settings-probe_interval_minutes": 30,
        "settings-link_timeout_seconds": 5,
        "settings-check_external_links": "on",
    }
    _post(office, "/staff/monitoring/settings/", data)
    current = MonitoringSettings.current()
    assert (current.pass_mark, current.probe_interval_minutes, current.check_external_links) == (
        70,
        30,
        True,
    )
    assert AuditEvent.objects.latest("id").action == "monitoring.settings.update"


def test_probe_interval_above_72_minutes_is_refused(office):
    data = {
        "form": "settings",
        "settings-pass_mark": 60,
        "settings-probe_interval_minutes": 90,
        "settings-link_timeout_seconds": 10,
    }
    page = _post(office, "/staff/monitoring/settings/", data, events=0)
    assert "可用性探测间隔（分钟）" in page
    assert MonitoringSettings.current().probe_interval_minutes == 60


def test_unknown_settings_form_is_404(office):
    assert (
        office.post("/staff/monitoring/settings/", {"form": "delete_everything"}).status_code == 404
    )


def test_word_list_writes(office):
    data = {
        "kind": WordKind.LEADER,
        "word": "王建国",
        "title": "区长",
        "severe": "on",
        "is_active": "on",
    }
    _post(office, "/staff/monitoring/words/", data)
    word = WatchWord.objects.get()
    assert AuditEvent.objects.latest("id").action == "monitoring.word.create"
    page = _post(office, "/staff/monitoring/words/", data, events=0)
    assert "该词语已在列表中" in page
    page = _post(
        office, "/staff/monitoring/words/", {"kind": WordKind.LEADER, "word": "李红梅"}, events=0
    )
    assert "领导姓名必须填写职务" in page
    page = _post(
        office, "/staff/monitoring/words/", {"kind": WordKind.WRONG, "word": "按装"}, events=0
    )
    assert "错误表述必须填写正确写法" in page
    _post(office, f"/staff/monitoring/words/{word.pk}/", {**data, "is_active": ""})
    word.refresh_from_db()
    assert word.is_active is False
    event = AuditEvent.objects.latest("id")
    assert event.action == "monitoring.word.update" and event.after == {"is_active": False}
    assert WatchWord.objects.count() == 1


def test_probe_target_writes(office, agency):
    data = {
        "name": "区民政局专题网",
        "url": "https://mzj.shifan.gov.cn/",
        "agency": agency.pk,
        "is_active": "on",
        "order": 1,
    }
    _post(office, "/staff/monitoring/probes/", data)
    target = ProbeTarget.objects.get()
    event = AuditEvent.objects.latest("id")
    assert event.action == "monitoring.target.create" and event.agency_id == agency.pk
    page = _post(
        office, "/staff/monitoring/probes/", {**data, "url": "ftp://mzj.shifan.gov.cn/"}, events=0
    )
    assert "网址" in page
    _post(office, f"/staff/monitoring/probes/{target.pk}/", {**data, "is_active": ""})
    target.refresh_from_db()
    assert target.is_active is False
    assert ProbeTarget.objects.count() == 1


def test_running_checks_is_one_event_and_refreshes_the_dashboard(office, agency):
    from gongkai.monitoring import summary

    assert summary.latest() is None
    page = _post(office, "/staff/monitoring/run/", {"kinds": ["words", "links"]})
    assert "检查完成" in page
    event = AuditEvent.objects.latest("id")
    assert event.action == "monitoring.checks.run"
    assert set(event.after) == {"words", "links"}
    stored = summary.latest()
    assert stored is not None and stored.evaluated_at <= event.created_at
