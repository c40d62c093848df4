"""Back-office pages of the catalogue. The district office edits everything; agency staff see
their own items and propose changes, which the district office accepts or rejects."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.orgs.access import is_district_office, visible_agencies

from . import excel, services
from .forms import DecisionForm, DomainForm, EditionForm, ImportForm, ItemForm, ProposalForm
from .models import Domain, Edition, Item, Proposal, ProposalStatus
from .rows import FIELD_LABELS

IMPORT_DIR = "catalog-imports"


def _require_district_office(request) -> None:
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以执行此操作。")


def items_for_staff(user):
    """Items a staff member may see: all for the district office, else their agencies' items."""
    qs = Item.objects.select_related("domain", "agency")
    if is_district_office(user):
        return qs
    return qs.filter(agency__in=visible_agencies(user))


def get_item_for_staff(request, pk: int) -> Item:
    item = items_for_staff(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该事项。")
    return item


def get_proposal_for_staff(request, pk: int) -> Proposal:
    qs = Proposal.objects.select_related("item", "agency", "proposed_by")
    if not is_district_office(request.user):
        qs = qs.filter(agency__in=visible_agencies(request.user))
    proposal = qs.filter(pk=pk).first()
    if proposal is None:
        raise Http404("未找到该建议。")
    return proposal


@login_required
def item_list(request):
    items = items_for_staff(request.user)
    domain = request.GET.get("domain", "")
    agency = request.GET.get("agency", "")
    status = request.GET.get("status", "active")
    q = request.GET.get("q", "").strip()
    if domain:
        items = items.filter(domain__code=domain)
    if agency:
        items = items.filter(agency__code=agency)
    if status == "active":
        items = items.filter(is_active=True)
    elif status == "withdrawn":
        items = items.filter(is_active=False)
    if q:
        items = items.search(q)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    pending = Proposal.objects.filter(status=ProposalStatus.PENDING)
    if not is_district_office(request.user):
        pending = pending.filter(agency__in=visible_agencies(request.user))
    return render(
        request,
        "catalog/staff/items.html",
        {
            "page": page,
            "query": query.urlencode(),
            "domains": Domain.objects.all(),
            "agencies": visible_agencies(request.user).exclude(level="community"),
            "filters": {"domain": domain, "agency": agency, "status": status, "q": q},
            "is_office": is_district_office(request.user),
            "pending": pending.count(),
        },
    )


@login_required
def item_detail(request, pk: int):
    item = get_item_for_staff(request, pk)
    initial = {f: getattr(item, f) for f in services.PROPOSABLE_FIELDS}
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.propose_change(item, actor=request.user, changes=data, reason=reason)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, "已提交修改建议，等待区政务公开办审核。")
            return redirect("staff_catalog:item", pk=item.pk)
    return render(
        request,
        "catalog/staff/item.html",
        {
            "item": item,
            "form": form,
            "proposals": item.proposals.select_related("proposed_by", "decided_by"),
            "is_office": is_district_office(request.user),
            "labels": FIELD_LABELS,
        },
    )


@login_required
def item_edit(request, pk: int | None = None):
    _require_district_office(request)
    item = get_item_for_staff(request, pk) if pk else Item()
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        form.apply()
        try:
            services.save_item(
                item,
                actor=request.user,
                citations=form.cleaned_data["citations_text"],
                platforms=form.cleaned_data["platforms"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存事项 {item.code}。")
            return redirect("staff_catalog:item", pk=item.pk)
    return render(request, "catalog/staff/item_form.html", {"form": form, "item": item})


@login_required
@require_POST
def item_withdraw(request, pk: int):
    _require_district_office(request)
    item = get_item_for_staff(request, pk)
    services.withdraw_item(item, actor=request.user)
    messages.success(request, f"已从目录中移除事项 {item.code}。")
    return redirect("staff_catalog:item", pk=item.pk)


@login_required
def proposal_list(request):
    proposals = Proposal.objects.select_related("item", "agency", "proposed_by", "decided_by")
    if not is_district_office(request.user):
        proposals = proposals.filter(agency__in=visible_agencies(request.user))
    status = request.GET.get("status", ProposalStatus.PENDING)
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/staff/proposals.html",
        {
            "page": page,
            "status": status,
            "statuses": ProposalStatus.choices,
            "is_office": is_district_office(request.user),
            "labels": FIELD_LABELS,
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def proposal_decide(request, pk: int):
    _require_district_office(request)
    proposal = get_proposal_for_staff(request, pk)
    form = DecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if request.POST.get("decision") not in ("accept", "reject") or not form.is_valid():
        messages.error(request, "请选择采纳或不采纳。")
        return redirect("staff_catalog:proposals")
    try:
        services.decide_proposal(
            proposal, actor=request.user, accept=accept, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已采纳该建议并更新事项。" if accept else "已不予采纳。")
    return redirect("staff_catalog:proposals")


@login_required
def domain_list(request):
    _require_district_office(request)
    domains = (
        Domain.objects.prefetch_related("agencies")
        .annotate(n=Count("items", filter=Q(items__is_active=True)))
        .order_by("order", "id")
    )
    return render(request, "catalog/staff/domains.html", {"domains": domains})


@login_required
def domain_edit(request, pk: int):
    _require_district_office(request)
    domain = Domain.objects.filter(pk=pk).first()
    if domain is None:
        raise Http404("未找到该领域。")
    form = DomainForm(request.POST or None, instance=domain)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agencies = data.pop("agencies")
        services.update_domain(
            Domain.objects.get(pk=pk), actor=request.user, agencies=agencies, **data
        )
        messages.success(request, f"已保存领域“{data['name']}”。")
        return redirect("staff_catalog:domains")
    return render(request, "catalog/staff/domain_form.html", {"form": form, "domain": domain})


# --- import / export ---------------------------------------------------------------------------


def _import_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / f"{token}.xlsx"


@login_required
def import_upload(request):
    """Step 1: upload. Step 2 (same request): validate the whole file and show the preview."""
    _require_district_office(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        layout = form.cleaned_data["layout"]
        try:
            parsed = excel.read_workbook(data, layout=layout)
        except excel.CatalogFileInvalid as exc:
            return render(
                request,
                "catalog/staff/import.html",
                {"form": form, "errors": exc.errors, "filename": form.cleaned_data["file"].name},
            )
        plan = excel.plan_import(parsed)
        token = uuid.uuid4().hex
        path = _import_path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        request.session[f"catalog_import_{token}"] = {
            "layout": layout,
            "filename": form.cleaned_data["file"].name,
        }
        return render(
            request,
            "catalog/staff/import_preview.html",
            {
                "plan": plan,
                "adds": [
                    {
                        "sheet": d["_where"][0],
                        "row": d["_where"][1],
                        "domain": d["domain"],
                        "level1": d["level1"],
                        "level2": d["level2"],
                    }
                    for d in plan.adds
                ],
                "changes": [
                    {
                        "code": i.code,
                        "title": str(i),
                        "fields": "、".join(FIELD_LABELS[f] for f in fs),
                    }
                    for i, _d, fs in plan.changes
                ],
                "summary": plan.summary(),
                "token": token,
                "filename": form.cleaned_data["file"].name,
                "labels": FIELD_LABELS,
                "layout_label": excel.LAYOUTS[layout],
            },
        )
    return render(request, "catalog/staff/import.html", {"form": form})


@login_required
@require_POST
def import_confirm(request, token: str):
    """Step 3: apply the previewed file. The file is read and validated again (the catalogue may
    have changed since the preview), then applied all or nothing."""
    _require_district_office(request)
    meta = request.session.pop(f"catalog_import_{token}", None)
    path = _import_path(token)
    if meta is None or not path.is_file():
        messages.error(request, "导入已过期或已完成，请重新上传文件。")
        return redirect("staff_catalog:import")
    try:
        parsed = excel.read_workbook(path.read_bytes(), layout=meta["layout"])
        plan = excel.plan_import(parsed)
        started = timezone.now()
        summary = services.apply_import(plan, actor=request.user, filename=meta["filename"])
    except excel.CatalogFileInvalid as exc:
        return render(
            request, "catalog/staff/import.html", {"form": ImportForm(), "errors": exc.errors}
        )
    finally:
        path.unlink(missing_ok=True)
    seconds = (timezone.now() - started).total_seconds()
    return render(
        request,
        "catalog/staff/import_done.html",
        {"summary": summary, "filename": meta["filename"], "seconds": seconds},
    )


@login_required
def export(request):
    layout = request.GET.get("layout", "national")
    if layout not in excel.LAYOUTS:
        raise Http404("未知的文件格式。")
    _require_district_office(request)
    data = excel.export_workbook(layout=layout)
    name = f"catalog-{layout}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- editions ----------------------------------------------------------------------------------


@login_required
def edition_list(request):
    _require_district_office(request)
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.publish_edition(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(
                request, f"已发布“{edition.title}”，共 {len(edition.changes)} 项变更。"
            )
            return redirect("staff_catalog:editions")
    return render(
        request,
        "catalog/staff/editions.html",
        {"form": form, "editions": Edition.objects.defer("snapshot")},
    )
