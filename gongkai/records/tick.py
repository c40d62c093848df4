"""Periodic work of records (`gongkai tick`): scheduled publication and expiry of validity."""

from __future__ import annotations

from django.utils import timezone

from . import services


def run(*, now, stdout) -> None:
    published, problems = services.publish_scheduled(now=now)
    expired = services.expire_records(today=timezone.localdate(now))
    stdout.write(f"定时发布 {published} 条，到期失效 {expired} 条")
    for problem in problems:
        stdout.write(f"未能定时发布：{problem}")
