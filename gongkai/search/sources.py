"""Where documents come from. Each source turns public objects of one kind into `Document`s.

Built in:

* ``record``: `gongkai.records.models.Record`, read only through `Record.objects.public()` and
  the fields in CONTRACTS.md. Imported lazily: until the records app has its model, this source
  is simply empty.
* ``catalog_item``: `gongkai.catalog.models.Item` (公开事项).

Plug-ins: any app in ``settings.GONGKAI_APPS`` may contribute kinds without editing this file,
with a module ``<app>/search_sources.py`` exposing ``SOURCES = [<Source instance>, ...]``
(found by `gongkai.core.plugins.app_modules`, like ``demo.py`` and ``tick.py``). A source:

* has a unique ``kind`` (the ``kind`` filter value and the key prefix ``<kind>:<id>``), a
  Chinese ``label`` (shown with each hit and in the 类别 filter), and optionally
  ``number_label`` (what ``Document.index_no`` is called on the results page) and
  ``date_label`` (what ``Document.published`` is called);
* yields ``documents(ids=None)``: every public object, or only those of ``ids`` that are
  public (an id not yielded is removed from the index), and ``count()``;
* puts in a `Document` only what the object's public page shows (masked as it is there);
* may implement ``connect()``, called once at start-up (`SearchConfig.ready`), to connect the
  app's change signals to `gongkai.search.indexing.changed(kind, ids)` (already after commit)
  or `changed_on_commit(kind, ids)` (inside a transaction).

`sources()` is the registry (built-ins first, then plug-ins in ``GONGKAI_APPS`` order).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from gongkai.core.plugins import app_modules

from . import text as T
from .backends.base import Document


def record_model():
    """The Record model, or None while the records app has none."""
    try:
        from gongkai.records.models import Record
    except ImportError:
        return None
    return Record


def _local(dt: datetime | None) -> datetime | None:
    return timezone.localtime(dt) if dt else None


def local_midnight(day: date | None) -> datetime | None:
    """A date as an aware datetime at 00:00 Asia/Shanghai (for `Document.published`)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time()))


def int_ids(ids: Iterable[str]) -> list[int]:
    """The ids of a key batch that can be primary keys (anything else cannot be public)."""
    return [int(i) for i in ids if str(i).isdigit()]


class Source:
    kind = ""
    label = ""  # type label shown with each hit and in the 类别 filter
    number_label = ""  # what Document.index_no is called on the results page
    date_label = "发布日期"  # what Document.published is called on the results page

    def available(self) -> bool:
        return True

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Every public object, or those of `ids` that are public (others are removed)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def connect(self) -> None:
        """Connect the app's change signals so the index follows it (called once)."""


class RecordSource(Source):
    kind = "record"
    label = "政府信息"
    number_label = "索引号"

    def available(self) -> bool:
        return record_model() is not None

    def connect(self) -> None:
        try:
            from gongkai.records.signals import record_changed
        except ImportError:  # an installation without the records app
            return
        from .indexing import on_record_changed

        record_changed.connect(on_record_changed, dispatch_uid="search-records")

    def queryset(self):
        Record = record_model()
        return Record.objects.public().select_related("agency", "topic").order_by("pk")

    def count(self) -> int:
        return self.queryset().count() if self.available() else 0

    def documents(self, ids=None):
        if not self.available():
            return
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        for record in qs.iterator(chunk_size=500):
            yield self.to_document(record)

    @staticmethod
    def to_document(record) -> Document:
        published = _local(record.published_at)
        body = " ".join(
            part
            for part in (record.document_number, record.keywords, T.html_to_text(record.body))
            if part
        )
        return Document(
            id=str(record.pk),
            kind="record",
            title=record.title,
            body=body,
            agency_code=record.agency.code,
            agency_name=record.agency.name,
            record_type=str(record.record_type),
            topic=record.topic.path if record.topic_id else "",
            year=published.year if published else None,
            validity=str(record.validity),
            published=published,
            url=record.get_absolute_url(),
            index_no=record.index_no or "",
        )


class CatalogItemSource(Source):
    kind = "catalog_item"
    label = "公开事项"
    number_label = "事项编码"

    def connect(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.catalog.models import Item

        from .indexing import on_catalog_item_deleted, on_catalog_item_saved

        post_save.connect(on_catalog_item_saved, sender=Item, dispatch_uid="search-item")
        post_delete.connect(on_catalog_item_deleted, sender=Item, dispatch_uid="search-item-del")

    def queryset(self):
        from gongkai.catalog.models import Item

        qs = Item.objects.all()
        if hasattr(qs, "active"):  # only items in force are public
            qs = qs.active()
        related = [f for f in ("domain", "agency") if hasattr(Item, f)]
        return qs.select_related(*related).order_by("pk")

    def count(self) -> int:
        return self.queryset().count()

    def documents(self, ids=None):
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        for item in qs.iterator(chunk_size=500):
            yield self.to_document(item)

    @staticmethod
    def to_document(item) -> Document:
        url = item.get_absolute_url() if hasattr(item, "get_absolute_url") else ""
        agency = getattr(item, "agency", None)
        parts = (
            item.code,
            item.domain.name,
            item.level1,
            item.level2,
            getattr(item, "content", ""),
        )
        return Document(
            id=str(item.pk),
            kind="catalog_item",
            title=str(item),
            body=" ".join(p for p in parts if p),
            agency_code=agency.code if agency else "",
            agency_name=agency.name if agency else "",
            url=url or f"/open/catalog/#item-{item.code}",
            index_no=item.code,
        )


BUILTIN: tuple[Source, ...] = (RecordSource(), CatalogItemSource())
PLUGIN_MODULE = "search_sources"

_lock = threading.Lock()
_registry: dict[str, Source] | None = None


def _collect() -> dict[str, Source]:
    found: dict[str, Source] = {}
    plugged = [
        (app, source)
        for app, module in app_modules(PLUGIN_MODULE)
        for source in getattr(module, "SOURCES", ())
    ]
    for app, source in [("gongkai.search", s) for s in BUILTIN] + plugged:
        if not isinstance(source, Source) or not source.kind or not source.label:
            raise ImproperlyConfigured(
                f"{app}.{PLUGIN_MODULE}: {source!r} is not a Source with a kind and a label"
            )
        if source.kind in found or ":" in source.kind:
            raise ImproperlyConfigured(
                f"{app}.{PLUGIN_MODULE}: search kind {source.kind!r} is taken or invalid"
            )
        found[source.kind] = source
    return found


def sources() -> dict[str, Source]:
    """kind → Source: the built-in sources, then each app's ``search_sources.SOURCES``."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = _collect()
    return _registry


def kind_labels() -> dict[str, str]:
    return {kind: source.label for kind, source in sources().items()}


def number_labels() -> dict[str, str]:
    return {kind: source.number_label for kind, source in sources().items()}


def date_labels() -> dict[str, str]:
    return {kind: source.date_label for kind, source in sources().items()}


def __getattr__(name: str):
    # `SOURCES` and `KIND_LABELS` were module constants; they are computed on first use now.
    if name == "SOURCES":
        return sources()
    if name == "KIND_LABELS":
        return kind_labels()
    raise AttributeError(name)


def all_documents() -> Iterator[Document]:
    for source in sources().values():
        if source.available():
            yield from source.documents()


def total_count() -> int:
    return sum(s.count() for s in sources().values() if s.available())
