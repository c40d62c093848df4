"""Public 双公示 pages. Every value shown passes through `masking.public_row`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.orgs.models import Agency

from . import exporting, standard
from .masking import public_row, public_value
from .models import Licence, Penalty, Policy, State

MODELS = {"licence": Licence, "penalty": Penalty}
EXPORT_LIMIT = 20_000


def _public(kind: str):
    return MODELS[kind].objects.public().select_related("agency")


def _filtered(request, kind: str, policy: Policy):
    q = request.GET.get("q", "").strip()[:100]
    # Only what the public sees is searched: never the stored name, ID or phone numbers.
    qs = _public(kind).public_search(q, policy)
    agency = None
    code = request.GET.get("agency", "").strip()
    if code:
        agency = Agency.objects.filter(code=code).first()
        qs = qs.filter(agency=agency) if agency else qs.none()
    return qs, q, agency


def _rows(page, policy):
    return [(obj, public_row(obj, policy)) for obj in page]


def index(request):
    policy = Policy.current()
    with_records = set(
        Penalty.objects.public().order_by().values_list("agency", flat=True).distinct()
    )
    with_records |= set(
        Licence.objects.public().order_by().values_list("agency", flat=True).distinct()
    )
    agencies = Agency.objects.filter(pk__in=with_records)
    return render(
        request,
        "publicity/index.html",
        {
            "licences": _rows(_public("licence")[:10], policy),
            "penalties": _rows(_public("penalty")[:10], policy),
            "agencies": agencies,
        },
    )


def record_list(request, kind: str):
    policy = Policy.current()
    qs, q, agency = _filtered(request, kind, policy)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publicity/list.html",
        {
            "kind": kind,
            "kind_label": standard.KIND_LABELS[kind],
            "page": page,
            "rows": _rows(page, policy),
            "q": q,
            "agency": agency,
            "query": query.urlencode(),
            "agencies": Agency.objects.disclosing(),
        },
    )


def _detail(request, kind: str, pk: int):
    try:
        obj = _public(kind).get(pk=pk)
    except MODELS[kind].DoesNotExist:
        raise Http404("该信息不存在或已不在公示期内。") from None
    row = public_row(obj)
    fields = [(label, row[name]) for name, label in standard.COLUMNS[kind]]
    return render(
        request,
        "publicity/detail.html",
        {"obj": obj, "kind": kind, "kind_label": standard.KIND_LABELS[kind], "fields": fields},
    )


def licence_detail(request, pk: int):
    return _detail(request, "licence", pk)


def penalty_detail(request, pk: int):
    return _detail(request, "penalty", pk)


def withdrawals(request):
    """行政处罚法 Art. 48: withdrawn decisions with the reason (no personal data)."""
    policy = Policy.current()
    items = []
    for kind, model in MODELS.items():
        for obj in model.objects.filter(state=State.WITHDRAWN).select_related("agency")[:200]:
            row = public_row(obj, policy)
            row["withdrawal_reason"] = public_value(obj, "withdrawal_reason", policy)
            items.append((obj.ended_on, kind, obj, row))
    items.sort(key=lambda item: (item[0], item[2].pk), reverse=True)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "publicity/withdrawals.html", {"page": page})


def agency_records(request, code: str):
    agency = Agency.objects.active().filter(code=code).first()
    if agency is None:
        raise Http404("未找到该机构。")
    policy = Policy.current()
    return render(
        request,
        "publicity/agency.html",
        {
            "agency": agency,
            "licences": _rows(_public("licence").filter(agency=agency)[:20], policy),
            "penalties": _rows(_public("penalty").filter(agency=agency)[:20], policy),
            "licence_count": _public("licence").filter(agency=agency).count(),
            "penalty_count": _public("penalty").filter(agency=agency).count(),
        },
    )


def export_xlsx(request, kind: str):
    if kind not in MODELS:
        raise Http404()
    policy = Policy.current()
    qs, _q, _agency = _filtered(request, kind, policy)
    rows = (public_row(obj, policy) for obj in qs[:EXPORT_LIMIT])
    writer, content_type = exporting.WRITERS["xlsx"]
    response = HttpResponse(writer(kind, rows), content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.xlsx"'
    return response
