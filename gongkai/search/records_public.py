"""Public record listings for the API, feeds, sitemap and exports, coded to CONTRACTS.md.

Records are read only through `Record.objects.public()`. The Record model is imported lazily
(`sources.record_model()`): while the records app has none, listings are empty and detail
lookups are 404s.
"""

from __future__ import annotations

from django.utils import timezone

from .sources import record_model

LIST_FILTERS = ("agency", "record_type", "topic", "year", "validity")
EXPORT_LIMIT = 10_000
EXPORT_COLUMNS = [
    ("index_no", "索引号"),
    ("title", "标题"),
    ("agency_name", "发布机构"),
    ("document_number", "文号"),
    ("record_type", "信息类别"),
    ("topic", "主题分类"),
    ("written_on", "成文日期"),
    ("published", "发布日期"),
    ("validity", "有效性"),
    ("url", "网址"),
]


def public_records():
    Record = record_model()
    if Record is None:
        return None
    return Record.objects.public().select_related("agency", "topic")


def filtered(filters: dict):
    qs = public_records()
    if qs is None:
        return None
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("record_type"):
        qs = qs.filter(record_type=filters["record_type"])
    if filters.get("topic"):
        qs = qs.filter(topic__in=topic_ids(qs.model, filters["topic"]))
    if filters.get("year"):
        try:
            qs = qs.filter(published_at__year=int(filters["year"]))
        except (TypeError, ValueError):
            pass
    if filters.get("validity"):
        qs = qs.filter(validity=filters["validity"])
    return qs.order_by("-published_at", "-pk")  # stable ordering for pagination


def topic_ids(model, wanted: str) -> list[int]:
    """Ids of the topic whose path is `wanted` and of its descendants. `Topic.path` may be a
    property (CONTRACTS.md only promises the attribute), so it is matched in Python; topics are
    a small table."""
    Topic = model._meta.get_field("topic").related_model
    return [
        t.pk for t in Topic.objects.all() if t.path == wanted or t.path.startswith(wanted + "\\")
    ]


def _label(record, field: str) -> str:
    getter = getattr(record, f"get_{field}_display", None)
    return str(getter()) if getter else str(getattr(record, field))


def record_out(record, *, request=None, body: bool = False) -> dict:
    url = record.get_absolute_url()
    data = {
        "index_no": record.index_no or "",
        "title": record.title,
        "agency": record.agency.code,
        "agency_name": record.agency.name,
        "document_number": record.document_number or "",
        "record_type": str(record.record_type),
        "record_type_label": _label(record, "record_type"),
        "topic": record.topic.path if record.topic_id else "",
        "keywords": record.keywords or "",
        "written_on": record.written_on,
        "published": timezone.localtime(record.published_at) if record.published_at else None,
        "validity": str(record.validity),
        "validity_label": _label(record, "validity"),
        "effective_on": record.effective_on,
        "expires_on": record.expires_on,
        "repealed_on": record.repealed_on,
        "url": request.build_absolute_uri(url) if request else url,
    }
    if body:
        data["body"] = record.body
    return data
