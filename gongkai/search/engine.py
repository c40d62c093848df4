"""The configured backend for this process.

Configuration (Django settings or environment variables, settings first):

* ``SEARCH_BACKEND``: ``tantivy`` (default, embedded, index under ``VAR_DIR/search/``) or
  ``postgres``.
* ``SEARCH_DIR``: where the tantivy index lives (default ``VAR_DIR/search``).
* ``SEARCH_DATABASE_URL``: PostgreSQL DSN for the ``postgres`` backend (default: the site's
  ``DATABASE_URL`` when that is PostgreSQL).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends.base import SearchBackend

BACKENDS = ("tantivy", "postgres")
_lock = threading.Lock()
_backend: SearchBackend | None = None


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name, default)
    return str(value)


def search_dir() -> Path:
    return Path(setting("SEARCH_DIR", str(Path(settings.VAR_DIR) / "search")))


def make_backend() -> SearchBackend:
    name = setting("SEARCH_BACKEND", "tantivy").strip().lower()
    if name == "tantivy":
        from .backends.tantivy_backend import TantivyBackend

        return TantivyBackend(search_dir() / "tantivy")
    if name == "postgres":
        from .backends.postgres import PostgresBackend

        dsn = setting("SEARCH_DATABASE_URL") or setting("DATABASE_URL")
        if not dsn.startswith(("postgres://", "postgresql://")):
            raise ImproperlyConfigured(
                "SEARCH_BACKEND=postgres 需要 SEARCH_DATABASE_URL 或 PostgreSQL 的 DATABASE_URL。"
            )
        return PostgresBackend(dsn)
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND 的值无效：{name!r}（应为 {' 或 '.join(BACKENDS)}）。"
    )


def get_backend() -> SearchBackend:
    global _backend
    with _lock:
        if _backend is None:
            _backend = make_backend()
        return _backend


def reset_backend() -> None:
    """Forget the cached backend (tests, or after settings change)."""
    global _backend
    with _lock:
        if _backend is not None:
            _backend.close()
        _backend = None
