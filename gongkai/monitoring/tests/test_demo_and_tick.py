"""The demo loader (small set: idempotent, a realistic picture) and the periodic job."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from gongkai.catalog import demo as catalog_demo
from gongkai.monitoring import checks, demo, summary, tick
from gongkai.monitoring.models import CheckRun, HitStatus, LinkCheck, Probe, ProbeTarget, WordHit
from gongkai.orgs import demo as orgs_demo
from gongkai.records import demo as records_demo
from gongkai.records.models import Record

from .helpers import LocalServer, public_record

pytestmark = pytest.mark.django_db


def test_small_demo_gives_a_realistic_picture_and_is_idempotent():
    out = io.StringIO()
    orgs_demo.load(stdout=out, options={"small": True})
    catalog_demo.load(stdout=out, options={"small": True})
    records_demo.load(stdout=out, options={"small": True})
    demo.load(stdout=out, options={"small": True})
    counts = (ProbeTarget.objects.count(), Probe.objects.count(), LinkCheck.objects.count())
    bodies = dict(Record.objects.values_list("pk", "body"))
    demo.load(stdout=out, options={"small": True})
    assert (ProbeTarget.objects.count(), Probe.objects.count(), LinkCheck.objects.count()) == counts
    assert dict(Record.objects.values_list("pk", "body")) == bodies

    report = checks.evaluate()
    rows = {a.agency.code: a for a in report.agencies}
    assert "站点无法访问" in rows["whlyj"].vetoes  # the tourism site fails 7% of visits
    assert [c.key for c in rows["rsj"].stale_columns] == ["news"]
    assert rows["cyjd"].channel_home_stale
    assert rows["mzj"].broken_links >= 3
    assert WordHit.objects.filter(status=HitStatus.OPEN).count() == 2
    assert WordHit.objects.filter(status=HitStatus.CONFIRMED, word__severe=False).count() == 1
    uptime = next(v for v in report.vetoes if v.number == 2)
    assert uptime.state == checks.CLEAR  # the portal itself is fine
    security = next(v for v in report.vetoes if v.number == 1)
    assert security.state == checks.PENDING


def test_tick_probes_when_due_and_scans_once_a_day(settings, district):
    settings.GONGKAI_MONITORING_PROBE_TIMEOUT = 0.5
    public_record(district, at=timezone.now(), body='<a href="/records/999999/">旧文</a>')
    with LocalServer() as server:
        ProbeTarget.objects.create(name="门户网站首页", url=server.url + "/")
        now = timezone.now()
        out = io.StringIO()
        tick.run(now=now, stdout=out)
        assert Probe.objects.count() == 1
        assert summary.latest().evaluated_at == now  # for the dashboard widget
        assert "综合评估已更新" in out.getvalue()
        assert CheckRun.objects.filter(kind=CheckRun.Kind.LINKS).count() == 1
        assert CheckRun.objects.filter(kind=CheckRun.Kind.WORDS).count() == 1
        assert LinkCheck.objects.get().ok is False
        tick.run(now=now + datetime.timedelta(minutes=15), stdout=out)
        assert Probe.objects.count() == 1
        assert summary.latest().evaluated_at == now + datetime.timedelta(minutes=15)
        assert CheckRun.objects.count() == 2
        tick.run(now=now + datetime.timedelta(hours=24), stdout=out)
        assert Probe.objects.count() == 2
        assert CheckRun.objects.count() == 4
        assert "错链检查完成" in out.getvalue()
