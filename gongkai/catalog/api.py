"""Open API of the disclosure catalogue: domains, items with their nine elements, standards.

Values are the same texts the public item page prints (see ``rows.nine_elements``), plus the
structured form of each element for machines."""

from __future__ import annotations

from django.db.models import Count, Q
from ninja import Router, Schema

from . import rows as R
from .models import Carrier, Domain, Item, Standard

router = Router(tags=["公开目录"])


class DomainOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    order: int
    agencies: list[str]
    not_applicable: bool
    not_applicable_note: str
    item_count: int


class CitationOut(Schema):
    type: str
    type_label: str
    title: str
    document_number: str
    article: str
    printed: str


class TimeLimitOut(Schema):
    kind: str
    days: int | None
    text: str


class ElementOut(Schema):
    label: str
    value: str


class ItemOut(Schema):
    code: str
    domain: str
    order: int
    level1: str
    level2: str
    content: str
    url: str
    agency: str | None
    subject: str
    attribute: str
    partial: bool
    partial_note: str
    art20_item: int | None
    art21_item: str
    withholding_ground: str
    reason_note: str
    citations: list[CitationOut]
    forms: list[str]
    time_limit: TimeLimitOut
    platforms: list[str]
    carriers: list[str]
    carrier_other: str
    audience: list[str]
    mode: list[str]
    level: list[str]
    elements: list[ElementOut]


class ItemPage(Schema):
    count: int
    page: int
    per_page: int
    results: list[ItemOut]


class StandardOut(Schema):
    number: str
    title: str
    level: str
    level_label: str
    group_code: str
    group_path: list[str]
    status: str
    version: str
    domains: list[str]
    item_count: int


def item_out(item: Item) -> dict:
    d = R.item_to_dict(item)
    pairs = dict(R.national_columns(d))
    return {
        "code": item.code,
        "domain": item.domain.code,
        "order": item.order,
        "level1": item.level1,
        "level2": item.level2,
        "content": item.content,
        "url": item.get_absolute_url(),
        "agency": d["agency"] or None,
        "subject": R.print_subject(d),
        "attribute": item.attribute,
        "partial": item.partial,
        "partial_note": item.partial_note,
        "art20_item": item.art20_item,
        "art21_item": item.art21_item,
        "withholding_ground": item.withholding_ground,
        "reason_note": item.reason_note,
        "citations": [
            {
                "type": c[0],
                "type_label": R.CitationType(c[0]).label,
                "title": c[1],
                "document_number": c[2],
                "article": c[3],
                "printed": R.print_citation(c),
            }
            for c in d["citations"]
        ],
        "forms": d["forms"],
        "time_limit": {
            "kind": item.time_limit_kind,
            "days": item.time_limit_days,
            "text": R.print_time_limit(d),
        },
        "platforms": d["platforms"],
        "carriers": d["carriers"],
        "carrier_other": item.carrier_other,
        "audience": R._split_list(pairs["公开对象"]),
        "mode": R._split_list(pairs["公开方式"]),
        "level": R._split_list(pairs["公开层级"]),
        "elements": [{"label": k, "value": v} for k, v in R.nine_elements(d)],
    }


@router.get("/catalog/domains", response=list[DomainOut], summary="公开领域列表")
def list_domains(request, kind: str | None = None):
    # Aggregation drops Meta.ordering, so order explicitly.
    qs = (
        Domain.objects.prefetch_related("agencies")
        .annotate(n=Count("items", filter=Q(items__is_active=True)))
        .order_by("order", "id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    return [
        {
            "code": d.code,
            "name": d.name,
            "kind": d.kind,
            "kind_label": d.get_kind_display(),
            "order": d.order,
            "agencies": [a.code for a in d.agencies.all()],
            "not_applicable": d.not_applicable,
            "not_applicable_note": d.not_applicable_note,
            "item_count": d.n,
        }
        for d in qs
    ]


@router.get("/catalog/items", response=ItemPage, summary="公开事项列表（含九要素）")
def list_items(
    request,
    domain: str | None = None,
    agency: str | None = None,
    attribute: str | None = None,
    carrier: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 50,
):
    """Filters: ``domain`` (领域代码), ``agency`` (机构代码), ``attribute`` (proactive /
    on_request / withheld), ``carrier`` (载体代码, e.g. website), ``q`` (关键词)."""
    qs = Item.objects.active().select_related("domain", "agency")
    if domain:
        qs = qs.filter(domain__code=domain)
    if agency:
        qs = qs.filter(agency__code=agency)
    if attribute:
        qs = qs.filter(attribute=attribute)
    if carrier:
        if carrier not in Carrier.values:
            qs = qs.none()
        else:
            qs = qs.with_carrier(carrier)
    if q:
        qs = qs.search(q)
    per_page = max(1, min(per_page, 200))
    page = max(1, page)
    count = qs.count()
    rows = qs.prefetch_related("citations", "platforms")[(page - 1) * per_page : page * per_page]
    return {
        "count": count,
        "page": page,
        "per_page": per_page,
        "results": [item_out(i) for i in rows],
    }


@router.get("/catalog/items/{code}", response=ItemOut, summary="公开事项详情")
def get_item(request, code: str):
    from django.shortcuts import get_object_or_404

    item = get_object_or_404(Item.objects.active().select_related("domain", "agency"), code=code)
    return item_out(item)


@router.get("/catalog/standards", response=list[StandardOut], summary="标准体系")
def list_standards(request, level: str | None = None, group: str | None = None):
    qs = (
        Standard.objects.select_related("group__parent__parent__parent")
        .prefetch_related("domains")
        .annotate(n=Count("items"))
        .order_by("group__order", "order", "number")
    )
    if level:
        qs = qs.filter(level=level)
    if group:
        qs = qs.filter(Q(group__code=group) | Q(group__parent__code=group))
    out = []
    for s in qs:
        path, node = [], s.group
        while node is not None:
            path.insert(0, node.name)
            node = node.parent
        out.append(
            {
                "number": s.number,
                "title": s.title,
                "level": s.level,
                "level_label": s.get_level_display(),
                "group_code": s.group.code,
                "group_path": path,
                "status": s.status,
                "version": s.version,
                "domains": [d.code for d in s.domains.all()],
                "item_count": s.n,
            }
        )
    return out
