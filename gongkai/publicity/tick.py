"""Periodic work (idempotent): take penalties past their 公示截止期 off public view, and drop\nuploaded import files left unconfirmed for a day (they hold personal data)."""

from __future__ import annotations

from django.utils import timezone

from .services import discard_stale_imports, expire_penalties


def run(*, now, stdout) -> None:
    count = expire_penalties(today=timezone.localdate(now))
    stdout.write(f"双公示：{count} 条行政处罚公示期满，已撤下。")
    discarded = discard_stale_imports(now=now)
    if discarded:
        stdout.write(f"双公示：清除 {discarded} 个超过一天未确认的导入文件。")
