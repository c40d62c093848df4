"""Availability probes (站点无法访问): visit each configured address regularly and store every
visit. A visit fails when the page is not open after 15 seconds, or answers with an error.

`run_probes` is called by `gongkai tick` (every 15 minutes) and by `gongkai monitoring probe`;
each target is visited when its last visit is older than the configured interval (60 minutes by
default: 24 visits a day, above the statutory 20). The timeout is the statutory 15 seconds;
`settings.GONGKAI_MONITORING_PROBE_TIMEOUT` overrides it (tests use a fraction of a second).
"""

from __future__ import annotations

import datetime
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from . import rules
from .models import MonitoringSettings, Probe, ProbeTarget

USER_AGENT = "Gongkai-Monitor/1.0 (availability probe)"
READ_LIMIT = 2 * 1024 * 1024


@dataclass
class Outcome:
    ok: bool
    status_code: int | None
    elapsed_ms: int
    error: str


def timeout_seconds() -> float:
    return float(
        getattr(settings, "GONGKAI_MONITORING_PROBE_TIMEOUT", rules.UPTIME_TIMEOUT_SECONDS)
    )


def probe_url(url: str, timeout: float | None = None) -> Outcome:
    """One visit: the page must arrive completely (up to 2 MB) within `timeout` seconds."""
    timeout = timeout_seconds() if timeout is None else timeout
    started = time.monotonic()
    deadline = started + timeout

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    too_slow = f"超过{timeout:g}秒未打开"
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
            remaining = READ_LIMIT
            while remaining > 0:
                if time.monotonic() > deadline:
                    return Outcome(False, status, elapsed(), too_slow)
                chunk = response.read(min(65536, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
    except urllib.error.HTTPError as exc:
        return Outcome(False, exc.code, elapsed(), f"返回状态码 {exc.code}")
    except TimeoutError:
        return Outcome(False, None, elapsed(), too_slow)
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return Outcome(False, None, elapsed(), too_slow)
        return Outcome(False, None, elapsed(), f"无法连接：{exc.reason}"[:300])
    except (OSError, ValueError) as exc:
        return Outcome(False, None, elapsed(), f"无法访问：{exc}"[:300])
    if time.monotonic() > deadline:
        return Outcome(False, status, elapsed(), too_slow)
    return Outcome(True, status, elapsed(), "")


def due_targets(now, *, force: bool = False) -> list[ProbeTarget]:
    """Active targets whose last visit is older than the interval (all of them with `force`)."""
    targets = list(ProbeTarget.objects.filter(is_active=True).annotate(last_at=Max("probes__at")))
    if force:
        return targets
    interval = datetime.timedelta(minutes=MonitoringSettings.current().probe_interval_minutes)
    # Cron does not fire to the second: allow a tenth of the interval (plus a minute) of slack, so
    # a 60-minute interval with a 15-minute tick still gives one visit an hour.
    slack = interval / 10 + datetime.timedelta(minutes=1)
    return [t for t in targets if t.last_at is None or t.last_at <= now - interval + slack]


def run_probes(*, now=None, force: bool = False) -> list[Probe]:
    """Visit the due targets (in parallel) and store one `Probe` per visit."""
    now = now or timezone.now()
    targets = due_targets(now, force=force)
    if not targets:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(targets))) as pool:
        outcomes = list(pool.map(lambda t: probe_url(t.url), targets))
    probes = [
        Probe(
            target=target,
            at=now,
            ok=outcome.ok,
            status_code=outcome.status_code,
            elapsed_ms=outcome.elapsed_ms,
            error=outcome.error[:300],
        )
        for target, outcome in zip(targets, outcomes, strict=True)
    ]
    return Probe.objects.bulk_create(probes)


def purge_old_probes(*, now, keep_days: int = 400) -> int:
    """Probes older than about a year are no longer needed for any indicator."""
    cutoff = now - datetime.timedelta(days=keep_days)
    deleted, _ = Probe.objects.filter(at__lt=cutoff).delete()
    return deleted
