"""Availability probes against a local server that answers, fails or hangs on purpose (never the
internet), the 5% failure boundary over 7 days, and the probe interval."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.monitoring import checks, probes, rules
from gongkai.monitoring.models import MonitoringSettings, Probe, ProbeTarget

from .helpers import LocalServer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _short_timeout(settings):
    settings.GONGKAI_MONITORING_PROBE_TIMEOUT = 0.3


@pytest.fixture
def server():
    with LocalServer(delay=1.0) as s:
        yield s


def _uptime(report):
    return next(v for v in report.vetoes if v.number == 2)


def test_probe_outcomes(server):
    ok = probes.probe_url(server.url + "/")
    assert ok.ok and ok.status_code == 200 and ok.error == ""
    server.mode = "error"
    failed = probes.probe_url(server.url + "/")
    assert not failed.ok and failed.status_code == 500 and "500" in failed.error
    server.mode = "slow"
    slow = probes.probe_url(server.url + "/")
    assert not slow.ok and "超过0.3秒未打开" == slow.error
    assert slow.elapsed_ms < 1000  # gave up at the timeout, did not wait for the answer
    refused = probes.probe_url("http://127.0.0.1:9/")
    assert not refused.ok and refused.status_code is None


def _probe_series(target, server, start, modes):
    """One real probe per mode, an hour apart, ending at `start`."""
    for n, mode in enumerate(modes):
        server.mode = mode
        at = start - datetime.timedelta(hours=len(modes) - n)
        made = probes.run_probes(now=at, force=True)
        assert [p.target_id for p in made] == [target.pk]


@pytest.mark.parametrize(
    ("ok_visits", "failed_visits", "vetoed"),
    [(19, 1, True), (20, 1, False)],  # 1/20 = 5% → veto; 1/21 = 4.8% → no veto
)
def test_five_percent_boundary(server, district, ok_visits, failed_visits, vetoed):
    target = ProbeTarget.objects.create(name="门户网站首页", url=server.url + "/")
    now = timezone.now()
    _probe_series(target, server, now, ["ok"] * ok_visits + ["slow"] * failed_visits)
    assert Probe.objects.filter(target=target).count() == ok_visits + failed_visits
    assert Probe.objects.filter(target=target, ok=False).count() == failed_visits
    report = checks.evaluate(now=now)
    status = report.portal_targets[0]
    assert status.total == ok_visits + failed_visits
    assert status.last.at == max(Probe.objects.values_list("at", flat=True))
    assert status.last.ok is False  # the failed visit was the last one
    assert status.vetoed is vetoed
    assert _uptime(report).state == (checks.VETO if vetoed else checks.CLEAR)


def test_only_the_last_seven_days_count(server, district):
    target = ProbeTarget.objects.create(name="门户网站首页", url=server.url + "/")
    now = timezone.now()
    server.mode = "error"
    probes.run_probes(now=now - datetime.timedelta(days=rules.UPTIME_DAYS, hours=1), force=True)
    _probe_series(target, server, now, ["ok"] * 20)
    report = checks.evaluate(now=now)
    assert report.portal_targets[0].total == 20
    assert _uptime(report).state == checks.CLEAR


def test_department_site_failure_vetoes_that_department(server, agency):
    target = ProbeTarget.objects.create(name="区民政局专题网", url=server.url + "/", agency=agency)
    now = timezone.now()
    _probe_series(target, server, now, ["ok"] * 9 + ["error"])
    report = checks.evaluate(now=now)
    row = next(a for a in report.agencies if a.agency == agency)
    assert "站点无法访问" in row.vetoes and not row.passed
    # The portal itself has no target: its availability is not evaluated, not "passed".
    assert _uptime(report).state == checks.NOT_EVALUATED


def test_interval_decides_which_targets_are_due(server, district):
    target = ProbeTarget.objects.create(name="门户网站首页", url=server.url + "/")
    ProbeTarget.objects.create(name="已停用", url=server.url + "/old", is_active=False)
    now = timezone.now()
    assert [t.pk for t in probes.due_targets(now)] == [target.pk]  # never visited
    Probe.objects.create(target=target, at=now - datetime.timedelta(minutes=30), ok=True)
    assert probes.due_targets(now) == []
    assert probes.run_probes(now=now) == []
    # 60-minute interval, a tick 55 minutes later is within the slack: due.
    assert [t.pk for t in probes.due_targets(now + datetime.timedelta(minutes=25))] == [target.pk]
    settings_row = MonitoringSettings.current()
    settings_row.probe_interval_minutes = 45
    settings_row.save()
    assert probes.due_targets(now + datetime.timedelta(minutes=5)) == []  # 35 min after the visit
    later = now + datetime.timedelta(minutes=10)  # 40 minutes: within the slack of 45
    assert [t.pk for t in probes.due_targets(later)] == [target.pk]


def test_daily_coverage_shortfall_is_reported(server, district):
    target = ProbeTarget.objects.create(name="门户网站首页", url=server.url + "/")
    now = timezone.now()
    _probe_series(target, server, now, ["ok"] * 5)
    report = checks.evaluate(now=now)
    assert report.portal_targets[0].short_days == rules.UPTIME_DAYS - 1
    assert any("样本不足" in n for n in _uptime(report).notes)


def test_probe_command(server, district):
    ProbeTarget.objects.create(name="门户网站首页", url=server.url + "/")
    out = io.StringIO()
    call_command("monitoring", "probe", "--force", stdout=out)
    assert Probe.objects.count() == 1
    assert "成功" in out.getvalue()
    call_command("monitoring", "probe", stdout=out)  # just visited: nothing is due
    assert Probe.objects.count() == 1


def test_last_visit_is_the_newest_by_time_not_by_insertion(district):
    target = ProbeTarget.objects.create(name="门户网站首页", url="http://127.0.0.1:9/")
    now = timezone.now()
    Probe.objects.create(target=target, at=now - datetime.timedelta(minutes=5), ok=True)
    Probe.objects.create(target=target, at=now - datetime.timedelta(hours=3), ok=False)
    status = checks.evaluate(now=now).portal_targets[0]
    assert status.last.ok is True


def test_longest_allowed_interval_still_gives_twenty_visits_a_day(district):
    """`gongkai tick` runs every 15 minutes (docs/operations.md): with the longest interval the
    settings accept, every whole day must still get the statutory 20 visits."""
    settings_row = MonitoringSettings.current()
    settings_row.probe_interval_minutes = rules.MAX_PROBE_INTERVAL_MINUTES
    settings_row.full_clean()
    settings_row.save()
    target = ProbeTarget.objects.create(name="门户网站首页", url="http://127.0.0.1:9/")
    start = timezone.make_aware(datetime.datetime(2026, 6, 1, 0, 7))
    tick = start
    while tick < start + datetime.timedelta(days=4):
        if probes.due_targets(tick):
            Probe.objects.create(target=target, at=tick, ok=True)
        tick += datetime.timedelta(minutes=15)
    per_day = {}
    for at in Probe.objects.values_list("at", flat=True):
        day = timezone.localtime(at).date()
        per_day[day] = per_day.get(day, 0) + 1
    assert min(per_day.values()) >= rules.UPTIME_MIN_DAILY, per_day
