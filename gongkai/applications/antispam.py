"""Abuse defences of the public form, with no third-party service.

* A self-hosted challenge: a small arithmetic question in Chinese; the expected answer travels in
  a token signed with Django's `signing` (TimestampSigner, 30 minutes) and each token is accepted
  once (its nonce is remembered in the cache). No library is needed: a CAPTCHA image library
  would add a dependency and hurt screen-reader users (GB/T 37668), a question does neither.
* Rate limits per client address and per phone number, counted in the Django cache (local memory
  in the embedded tier, Redis in production so every app server shares the counts).
* A honeypot field (in the form).
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

SALT = "gongkai.applications.challenge"
MAX_AGE = 30 * 60
NUMERALS = "零一二三四五六七八九十"


def _limit(name: str, default: int) -> int:
    """A Django setting of that name, else the environment variable, else `default`."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "").strip() or default
    try:
        return max(int(value), 1)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} 应为正整数（收到 {value!r}）。") from exc


def new_challenge() -> tuple[str, str]:
    """(question, token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        question, answer = f"{NUMERALS[a]}加{NUMERALS[b]}等于几？（请填阿拉伯数字）", a + b
    else:
        a, b = max(a, b) + 1, min(a, b)
        question, answer = f"{a}减去{NUMERALS[b]}等于几？（请填阿拉伯数字）", a - b
    token = signing.TimestampSigner(salt=SALT).sign_object({"a": answer, "n": secrets.token_hex(8)})
    return question, token


def check_challenge(token: str, answer: str) -> bool:
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if str(answer).strip() != str(payload.get("a")):
        return False
    # Each token works once: remember its nonce until it would expire anyway.
    return cache.add(f"gk:apply:nonce:{payload.get('n')}", 1, MAX_AGE)


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; False once `limit` hits fell in the window."""
    added = cache.add(key, 1, window)
    if added:
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        return True
    return count <= limit


def allow_submission(address: str | None, phone: str) -> bool:
    """Per address: GONGKAI_APPLY_PER_ADDRESS_PER_HOUR (default 10); per phone number:
    GONGKAI_APPLY_PER_PHONE_PER_DAY (default 20)."""
    ok = True
    if address:
        ok = _hit(f"gk:apply:ip:{address}", _limit("GONGKAI_APPLY_PER_ADDRESS_PER_HOUR", 10), 3600)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits:
        key = signing.Signer(salt="gk.phone").signature(digits)  # no phone number in cache keys
        ok = (
            _hit(f"gk:apply:phone:{key}", _limit("GONGKAI_APPLY_PER_PHONE_PER_DAY", 20), 86400)
            and ok
        )
    return ok


def allow_lookup(address: str | None) -> bool:
    """Status look-ups per address (query codes must not be guessable by brute force)."""
    if not address:
        return True
    return _hit(f"gk:track:ip:{address}", _limit("GONGKAI_TRACK_PER_ADDRESS_PER_HOUR", 30), 3600)
