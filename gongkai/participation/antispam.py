"""Abuse defences of the public participation forms, with no third-party service: the
self-hosted arithmetic challenge of the application form (`applications.antispam`), a honeypot
field, and a limit of submissions per client address counted in the Django cache
(`GONGKAI_PARTICIPATION_PER_ADDRESS_PER_HOUR`, default 20)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from gongkai.applications.antispam import check_challenge, new_challenge

__all__ = ["allow_submission", "check_challenge", "new_challenge"]


def _limit() -> int:
    name = "GONGKAI_PARTICIPATION_PER_ADDRESS_PER_HOUR"
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "").strip() or 20
    try:
        return max(int(value), 1)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} 应为正整数（收到 {value!r}）。") from exc


def allow_submission(address: str | None) -> bool:
    """Count one submission from `address`; False once the hourly limit is passed."""
    if not address:
        return True
    key = f"gk:participation:ip:{address}"
    if cache.add(key, 1, 3600):
        return True
    try:
        return cache.incr(key) <= _limit()
    except ValueError:
        cache.set(key, 1, 3600)
        return True
