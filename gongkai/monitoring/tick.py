"""Periodic work (idempotent; `gongkai tick` runs every 15 minutes): visit the availability
targets that are due, once a day scan public records for broken links and watched words, and
every time store the whole-site evaluation the dashboard widget reads (`summary.store`)."""

from __future__ import annotations

import datetime

from . import summary as summaries
from .links import scan_links
from .models import CheckRun
from .probes import purge_old_probes, run_probes
from .words import scan_words

#: A scan is due when the last one started more than this long ago (daily, with slack for cron).
SCAN_EVERY = datetime.timedelta(hours=23)


def _due(kind: str, now) -> bool:
    last = CheckRun.objects.filter(kind=kind).order_by("-started_at").first()
    return last is None or last.started_at <= now - SCAN_EVERY


def run(*, now, stdout) -> None:
    probes = run_probes(now=now)
    if probes:
        failed = sum(1 for p in probes if not p.ok)
        stdout.write(f"网站监测：探测 {len(probes)} 个地址，失败 {failed} 个。")
    if _due(CheckRun.Kind.WORDS, now):
        summary = scan_words(now=now).summary
        stdout.write(f"网站监测：错敏词检查完成，命中 {summary['hits']} 处。")
    if _due(CheckRun.Kind.LINKS, now):
        summary = scan_links(now=now).summary
        stdout.write(
            f"网站监测：错链检查完成，链接 {summary['links']} 个，失效 {summary['broken']} 个。"
        )
        purge_old_probes(now=now)
    stored = summaries.store(now=now)
    stdout.write(
        f"网站监测：综合评估已更新，不合格单位 {stored.data['failing']} 个，"
        f"触发单项否决 {len(stored.data['vetoed'])} 项。"
    )
