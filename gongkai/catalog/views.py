"""Public catalogue pages: by domain, by agency, the item page with its nine elements, search,
the standards system and the published editions."""

from __future__ import annotations

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.orgs.models import Agency

from . import rows as R
from .models import Domain, DomainKind, Edition, Item, Standard, StandardGroup


def published_records(item: Item, limit: int = 20):
    """HOOK (records slice): the public records filed under this catalogue item.

    Uses the contract ``Record.objects.public()`` and ``Record.catalog_items``; returns an empty
    list while the records app has no ``Record`` model."""
    try:
        record_model = apps.get_model("records", "Record")
    except LookupError:
        return []
    return list(
        record_model.objects.public().filter(catalog_items=item).order_by("-published_at")[:limit]
    )


def index(request):
    # Aggregation drops Meta.ordering, so every annotated list orders explicitly.
    domains = Domain.objects.annotate(n=Count("items", filter=Q(items__is_active=True))).order_by(
        "order", "id"
    )
    groups = [(label, [d for d in domains if d.kind == kind]) for kind, label in DomainKind.choices]
    current = Edition.objects.current()
    return render(
        request,
        "catalog/index.html",
        {
            "groups": groups,
            "edition": current,
            "total": sum(d.n for d in domains),
            "domain_count": len(domains),
        },
    )


def domain_detail(request, code: str):
    domain = get_object_or_404(Domain.objects.prefetch_related("agencies"), code=code)
    items = domain.items.active().select_related("agency")
    return render(request, "catalog/domain.html", {"domain": domain, "items": items})


def agency_list(request):
    agencies = (
        Agency.objects.disclosing()
        .annotate(n=Count("catalog_items", filter=Q(catalog_items__is_active=True)))
        .filter(n__gt=0)
        .order_by("order", "id")
    )
    return render(request, "catalog/agencies.html", {"agencies": agencies})


def agency_detail(request, code: str):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    items = Item.objects.active().for_agency(agency).select_related("domain")
    return render(request, "catalog/agency.html", {"agency": agency, "items": items})


def item_detail(request, code: str):
    item = get_object_or_404(
        Item.objects.active()
        .select_related("domain", "agency")
        .prefetch_related("citations", "platforms", "standards"),
        code=code,
    )
    d = R.item_to_dict(item)
    return render(
        request,
        "catalog/item.html",
        {
            "item": item,
            "elements": R.nine_elements(d),
            "national": R.national_columns(d),
            "standards": item.standards.all(),
            "domain_standards": item.domain.standards.exclude(items=item),
            "records": published_records(item),
        },
    )


def search(request):
    q = request.GET.get("q", "").strip()[:100]
    results = Item.objects.none()
    if q:
        results = Item.objects.active().search(q).select_related("domain", "agency")
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    return render(request, "catalog/search.html", {"q": q, "page": page})


def standards(request):
    groups = list(StandardGroup.objects.all())
    by_parent: dict = {}
    for g in groups:
        by_parent.setdefault(g.parent_id, []).append(g)
    members: dict = {}
    for s in (
        Standard.objects.select_related("group")
        .annotate(n=Count("items"))
        .order_by("order", "number")
    ):
        members.setdefault(s.group_id, []).append(s)

    def build(parent_id, depth):
        return [
            {
                "group": g,
                "depth": depth,
                "standards": members.get(g.pk, []),
                "children": build(g.pk, depth + 1),
            }
            for g in by_parent.get(parent_id, [])
        ]

    counts = dict(
        Standard.objects.values_list("level").annotate(n=Count("id")).values_list("level", "n")
    )
    return render(
        request,
        "catalog/standards.html",
        {"tree": build(None, 1), "counts": counts, "total": sum(counts.values())},
    )


def standard_detail(request, pk: int):
    standard = get_object_or_404(Standard.objects.select_related("group"), pk=pk)
    items = standard.items.active().select_related("domain")
    return render(
        request,
        "catalog/standard.html",
        {"standard": standard, "items": items, "domains": standard.domains.all()},
    )


def editions(request):
    current = Edition.objects.current()
    return render(
        request,
        "catalog/editions.html",
        {"editions": Edition.objects.defer("snapshot"), "current": current},
    )


def edition_detail(request, number: str):
    edition = Edition.objects.filter(number=number).first()
    if edition is None:
        raise Http404("未找到该版本。")
    items = list(edition.snapshot.get("items", {}).values())
    domain_names = [d["name"] for d in edition.snapshot.get("domains", [])]
    chosen = request.GET.get("domain") or (domain_names[0] if domain_names else "")
    shown = [
        {**d, "elements": R.nine_elements(d)}
        for d in sorted(items, key=lambda d: (d["order"], d["code"]))
        if d["domain"] == chosen
    ]
    earlier = Edition.objects.filter(effective_on__lt=edition.effective_on).exists()
    kinds = {"added": "新增", "changed": "修改", "removed": "删除"}
    changes = [{**c, "label": kinds[c["change"]]} for c in edition.changes]
    return render(
        request,
        "catalog/edition.html",
        {
            "edition": edition,
            "current": Edition.objects.current(),
            "changes": changes,
            "first": not earlier,
            "domain_names": domain_names,
            "chosen": chosen,
            "items": shown,
            "item_count": len(items),
        },
    )
