"""Where documents come from. Each source turns public objects of one kind into `Document`s.

* ``record``: `gongkai.records.models.Record`, read only through `Record.objects.public()` and
  the fields in CONTRACTS.md. Imported lazily: until the records app has its model, this source
  is simply empty.
* ``catalog_item``: `gongkai.catalog.models.Item` (公开事项).

Add a kind by writing a `Source` and listing it in `SOURCES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.utils import timezone

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


class Source:
    kind = ""
    label = ""

    def available(self) -> bool:
        return True

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError


class RecordSource(Source):
    kind = "record"
    label = "政府信息"

    def available(self) -> bool:
        return record_model() is not None

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
            qs = qs.filter(pk__in=[int(i) for i in ids])
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
            qs = qs.filter(pk__in=[int(i) for i in ids])
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


SOURCES: dict[str, Source] = {s.kind: s for s in (RecordSource(), CatalogItemSource())}
KIND_LABELS = {kind: source.label for kind, source in SOURCES.items()}


def all_documents() -> Iterator[Document]:
    for source in SOURCES.values():
        if source.available():
            yield from source.documents()


def total_count() -> int:
    return sum(s.count() for s in SOURCES.values() if s.available())
