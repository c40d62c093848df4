"""Public pages: the search page, robots.txt."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from gongkai.orgs.models import Agency

from .api import search
from .backends.base import FILTER_KEYS, SearchUnavailable
from .sources import date_labels, kind_labels, number_labels, record_model

PER_PAGE = 20
log = logging.getLogger(__name__)


def _choices(field: str) -> list[tuple[str, str]]:
    Record = record_model()
    if Record is None:
        return []
    try:
        return [(str(v), str(label)) for v, label in Record._meta.get_field(field).choices or []]
    except Exception:
        return []


@require_GET
def search_page(request):
    q = request.GET.get("q", "").strip()
    filters = {k: request.GET.get(k, "").strip() for k in FILTER_KEYS}
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    try:
        results = search(q, filters=filters, page=page, per_page=PER_PAGE) if q else None
    except SearchUnavailable:
        log.exception("search index unavailable")
        return render(request, "search/unavailable.html", {"q": q}, status=503)
    type_labels = dict(_choices("record_type"))
    validity_labels = dict(_choices("validity"))
    base = {k: v for k, v in filters.items() if v}

    def page_url(n: int) -> str:
        return f"{reverse('search:search')}?{urlencode({'q': q, **base, 'page': n})}"

    context = {
        "q": q,
        "filters": filters,
        "results": results,
        "agencies": Agency.objects.active(),
        "start": (results.page - 1) * results.per_page + 1 if results else 1,
        "record_types": _choices("record_type"),
        "validities": _choices("validity"),
        "kinds": list(kind_labels().items()),
        "kind_labels": kind_labels(),
        "number_labels": number_labels(),
        "date_labels": date_labels(),
        "type_labels": type_labels,
        "validity_labels": validity_labels,
        "prev_url": page_url(results.page - 1) if results and results.has_previous else "",
        "next_url": page_url(results.page + 1) if results and results.has_next else "",
        "suggestion_url": (
            f"{reverse('search:search')}?{urlencode({'q': results.suggestion, **base})}"
            if results and results.suggestion
            else ""
        ),
    }
    return render(request, "search/results.html", context)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        "Allow: /",
        "",
        f"Sitemap: {settings.GONGKAI_BASE_URL}{reverse('search:sitemap_index')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
