"""Discovery of per-app hooks, so each domain app plugs into shared commands on its own.

An app may provide:

* ``<app>/demo.py`` with ``load(*, stdout, options)``: called by ``gongkai demo`` in the order of
  ``settings.GONGKAI_APPS`` (dependency order). Loaders must be idempotent.
* ``<app>/tick.py`` with ``run(*, now, stdout)``: called by ``gongkai tick`` (cron-friendly,
  idempotent periodic work: reminders, expiries, alarms).
* ``<app>/search_sources.py`` with ``SOURCES = [Source, ...]``: kinds of public objects the site
  search indexes (``gongkai.search.sources.sources()``; see docs/search.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.conf import settings


def app_modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    for app in settings.GONGKAI_APPS:
        try:
            module = importlib.import_module(f"{app}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
            continue
        yield app, module
