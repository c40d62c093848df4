"""Public 办事服务 pages: service guides, the convenience service map and printable QR notices.
They read published guides and active points only (`.public()`)."""

from __future__ import annotations

import json
from collections import OrderedDict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.orgs.models import Agency, AgencyLevel
from gongkai.workdays.calendar import UnknownYearError, add_workdays

from . import geo, qr
from .models import Guide, GuideMaterial, ItemType, PointKind, ServicePoint

RECENT_LICENCES = 10


def _public_guides():
    return Guide.objects.public().select_related("agency")


def index(request):
    counts = dict(Guide.objects.public().order_by().values_list("agency").annotate(n=Count("id")))
    agencies = list(Agency.objects.filter(pk__in=counts).order_by("order", "id"))
    for agency in agencies:
        agency.guide_count = counts[agency.pk]
    return render(
        request,
        "services/index.html",
        {
            "agencies": agencies,
            "latest": _public_guides().order_by("-published_at", "-id")[:10],
            "guide_count": Guide.objects.public().count(),
            "point_count": ServicePoint.objects.public().count(),
            "item_types": ItemType.choices,
        },
    )


def guide_list(request):
    q = request.GET.get("q", "").strip()[:100]
    qs = _public_guides().search(q)
    agency = None
    code = request.GET.get("agency", "").strip()
    if code:
        agency = Agency.objects.filter(code=code).first()
        qs = qs.filter(agency=agency) if agency else qs.none()
    item_type = request.GET.get("type", "")
    if item_type in ItemType.values:
        qs = qs.filter(item_type=item_type)
    else:
        item_type = ""
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/guide_list.html",
        {
            "page": page,
            "q": q,
            "agency": agency,
            "item_type": item_type,
            "item_types": ItemType.choices,
            "agencies": Agency.objects.filter(guides__in=Guide.objects.public())
            .distinct()
            .order_by("order", "id"),
            "query": query.urlencode(),
        },
    )


def deadline_text(days: int | None, today=None) -> dict:
    """What the guide page says about when a case submitted today is finished."""
    today = today or timezone.localdate()
    if days is None:
        return {"text": "", "date": None}
    if days == 0:
        return {"text": "即办件：材料齐全、符合条件的，当场办结。", "date": today}
    try:
        due = add_workdays(today, days)
    except UnknownYearError as exc:
        return {"text": f"暂无法推算办结日期：{exc.year}年节假日安排尚未载入。", "date": None}
    return {"text": f"今天提交，最迟 {due:%Y-%m-%d} 办结", "date": due}


def _recent_licences(guide: Guide):
    if not guide.licence_certificate:
        return None, 0
    from gongkai.publicity.masking import public_row
    from gongkai.publicity.models import Licence, Policy

    qs = Licence.objects.public().filter(
        agency=guide.agency, certificate_name=guide.licence_certificate
    )
    policy = Policy.current()
    rows = [
        (obj, public_row(obj, policy))
        for obj in qs.order_by("-decided_on", "-id")[:RECENT_LICENCES]
    ]
    return rows, qs.count()


def guide_detail(request, pk: int):
    guide = (
        _public_guides()
        .prefetch_related(
            Prefetch("materials", queryset=GuideMaterial.objects.order_by("order", "id")),
            Prefetch(
                "points", queryset=ServicePoint.objects.public().select_related("subdistrict")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if guide is None:
        raise Http404("该办事指南不存在或已撤下。")
    licences, licence_count = _recent_licences(guide)
    return render(
        request,
        "services/guide_detail.html",
        {
            "guide": guide,
            "deadline": deadline_text(guide.deadline_days),
            "licences": licences,
            "licence_count": licence_count,
        },
    )


def _filtered_points(request):
    qs = ServicePoint.objects.public().select_related("subdistrict", "agency")
    subdistricts = (
        Agency.objects.active().filter(level=AgencyLevel.SUBDISTRICT).order_by("order", "id")
    )
    sub = None
    code = request.GET.get("subdistrict", "").strip()
    if code:
        sub = subdistricts.filter(code=code).first()
        qs = qs.filter(subdistrict=sub) if sub else qs.none()
    kind = request.GET.get("kind", "")
    if kind in PointKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    return qs, subdistricts, sub, kind


def service_map(request):
    points, subdistricts, sub, kind = _filtered_points(request)
    points = list(points)
    groups: OrderedDict[str, OrderedDict[str, list]] = OrderedDict()
    by_sub: dict[str, list] = {}
    for p in points:
        name = p.subdistrict.short_name or p.subdistrict.name
        groups.setdefault(name, OrderedDict()).setdefault(p.get_kind_display(), []).append(p)
        by_sub.setdefault(name, []).append(p)
    query = request.GET.urlencode()
    return render(
        request,
        "services/map.html",
        {
            "map": geo.svg_map(points, groups=by_sub),
            "groups": groups,
            "count": len(points),
            "subdistricts": subdistricts,
            "subdistrict": sub,
            "kind": kind,
            "kinds": PointKind.choices,
            "query": query,
        },
    )


def point_detail(request, pk: int):
    point = (
        ServicePoint.objects.public().select_related("subdistrict", "agency").filter(pk=pk).first()
    )
    if point is None:
        raise Http404("该网点不存在或已停用。")
    return render(
        request,
        "services/point_detail.html",
        {
            "point": point,
            "map": geo.svg_map([point]),
            "guides": point.guides.public().select_related("agency"),
        },
    )


def points_geojson(request):
    points, *_ = _filtered_points(request)
    body = json.dumps(geo.feature_collection(points, settings.GONGKAI_BASE_URL), ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json; charset=utf-8")


def notice(request, kind: str, pk: int):
    """A printable A4 notice with the QR code that opens the object's public page."""
    target = qr.TARGETS.get(kind)
    if target is None:
        raise Http404()
    obj = target.load(pk)
    if obj is None:
        raise Http404("该信息不存在或未公开，不能生成告示。")
    url = qr.canonical_url(obj)
    context = {"kind": kind, "label": target.label, "obj": obj, "url": url}
    context["svg"] = qr.qr_svg(url, title=f"扫码查看：{obj}")
    return render(request, "services/notice.html", context)
