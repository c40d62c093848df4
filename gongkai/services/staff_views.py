"""Back-office views of 办事服务 (/staff/services/...). Thin: objects are loaded through
`get_guide_for_staff` / `get_point_for_staff` (another agency's object is a 404), writes go
through `services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.orgs.access import can_see_agency, has_role, visible_agencies

from . import qr, services
from .elements import missing_elements, required_elements
from .forms import (
    DiscardRevisionForm,
    GuideForm,
    MaterialFormSet,
    PointForm,
    WithdrawForm,
    material_rows,
)
from .models import (
    Guide,
    GuideMaterial,
    GuideRevision,
    GuideState,
    ItemType,
    MaterialForm,
    PointKind,
    ServicePoint,
)


def get_guide_for_staff(request, pk: int) -> Guide:
    guide = (
        Guide.objects.select_related("agency", "pending_revision__submitted_by")
        .prefetch_related(
            Prefetch("materials", queryset=GuideMaterial.objects.order_by("order", "id")),
            "points",
        )
        .filter(pk=pk)
        .first()
    )
    if guide is None or not can_see_agency(request.user, guide.agency):
        raise Http404("未找到该办事指南。")
    return guide


def get_point_for_staff(request, pk: int) -> ServicePoint:
    point = ServicePoint.objects.select_related("agency", "subdistrict").filter(pk=pk).first()
    if point is None or not can_see_agency(request.user, point.agency):
        raise Http404("未找到该网点。")
    return point


def _staff_agencies(request):
    return visible_agencies(request.user).exclude(level="community").order_by("order", "id")


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _add_errors(form, formset, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        if field == "materials":
            formset._non_form_errors = formset.error_class(errors)
        elif field in form.fields:
            form.add_error(field, errors)
        else:
            form.add_error(None, errors)


@login_required
def guide_list(request):
    agencies = _staff_agencies(request)
    qs = (
        Guide.objects.for_agencies(agencies)
        .select_related("agency", "pending_revision")
        .prefetch_related("materials", "points")
    )
    q = request.GET.get("q", "").strip()[:100]
    qs = qs.search(q)
    state = request.GET.get("state", "")
    if state in GuideState.values:
        qs = qs.filter(state=state)
    else:
        state = ""
    incomplete = bool(request.GET.get("incomplete"))
    rows = [(g, missing_elements(g)) for g in qs]
    if incomplete:
        rows = [(g, m) for g, m in rows if m]
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    totals = qr.scan_totals("guide", [g.pk for g, _ in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/staff/guides.html",
        {
            "page": page,
            "rows": [(g, m, totals.get(g.pk)) for g, m in page],
            "q": q,
            "state": state,
            "states": GuideState.choices,
            "incomplete": incomplete,
            "query": query.urlencode(),
        },
    )


def _guide_form(request, guide: Guide | None):
    agencies = _staff_agencies(request)
    points = ServicePoint.objects.public().select_related("subdistrict")
    if guide is not None:
        points = ServicePoint.objects.filter(Q(is_active=True) | Q(guides=guide)).distinct()
        initial_rows = [m.as_dict() for m in guide.materials.all()]
        initial = None
        revision = pending_revision(guide)
        if revision is not None:
            # A published guide with a pending change: go on editing the change.
            initial = {**revision.data, "points": revision.points}
            initial_rows = revision.materials
        form = GuideForm(
            request.POST or None,
            instance=guide,
            initial=initial,
            agencies=agencies,
            points=points,
        )
        formset = MaterialFormSet(request.POST or None, initial=initial_rows, prefix="m")
    else:
        form = GuideForm(request.POST or None, agencies=agencies, points=points)
        formset = MaterialFormSet(request.POST or None, prefix="m")
    return form, formset


def _render_guide_form(request, form, formset, guide):
    return render(
        request,
        "services/staff/guide_form.html",
        {
            "form": form,
            "formset": formset,
            "guide": guide,
            "revision": pending_revision(guide) if guide else None,
            "required": required_elements(),
        },
    )


def pending_revision(guide: Guide) -> GuideRevision | None:
    try:
        return guide.pending_revision
    except GuideRevision.DoesNotExist:
        return None


def _display(key: str, value, point_names: dict) -> str:
    if key == "materials":
        forms = dict(MaterialForm.choices)
        return "；".join(
            f"{m['name']}（{forms.get(m['form'], m['form'])}，{m['copies']}份"
            f"{'' if m['required'] else '，视情形'}{'，' + m['note'] if m['note'] else ''}）"
            for m in value
        )
    if key == "points":
        return "、".join(point_names.get(pk, f"#{pk}") for pk in value)
    if key == "item_type":
        return dict(ItemType.choices).get(value, value or "")
    return "" if value is None else str(value)


def revision_rows(guide: Guide, revision: GuideRevision) -> list[tuple[str, str, str]]:
    """(element, published value, proposed value) for each field the revision changes."""
    before, after = services.revision_changes(guide, revision)
    ids = set(before.get("points") or []) | set(after.get("points") or [])
    names = dict(ServicePoint.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    labels = {"materials": "办理材料", "points": "办理网点"}
    rows = []
    for key in after:
        label = labels.get(key) or str(Guide._meta.get_field(key).verbose_name)
        rows.append(
            (label, _display(key, before.get(key), names), _display(key, after[key], names))
        )
    return rows


@login_required
def guide_new(request):
    form, formset = _guide_form(request, None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            guide = services.create_guide(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                data=form.data_for_service(),
                materials=material_rows(formset),
                points=form.cleaned_data["points"],
            )
        except ValidationError as exc:
            _add_errors(form, formset, exc)
        except PermissionDenied as exc:
            form.add_error("agency", str(exc))
        else:
            messages.success(request, "已保存为草稿。")
            return redirect("staff_services:guide", pk=guide.pk)
    return _render_guide_form(request, form, formset, None)


@login_required
def guide_edit(request, pk: int):
    guide = get_guide_for_staff(request, pk)
    form, formset = _guide_form(request, guide)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.update_guide(
                guide,
                actor=request.user,
                data=form.data_for_service(),
                materials=material_rows(formset),
                points=form.cleaned_data["points"],
            )
        except ValidationError as exc:
            _add_errors(form, formset, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if guide.state == GuideState.PUBLISHED:
                messages.success(
                    request,
                    "修改已提交审核。本机构其他审核人或机构负责人审核通过后对外生效，"
                    "在此之前公众看到的仍是已发布的版本。",
                )
            else:
                messages.success(request, "已保存。")
            return redirect("staff_services:guide", pk=guide.pk)
    return _render_guide_form(request, form, formset, guide)


@login_required
def guide_detail(request, pk: int):
    guide = get_guide_for_staff(request, pk)
    missing = missing_elements(guide)
    revision = pending_revision(guide)
    can_publish = has_role(request.user, guide.agency, *services.PUBLISH_ROLES)
    return render(
        request,
        "services/staff/guide_detail.html",
        {
            "guide": guide,
            "revision": revision,
            "revision_rows": revision_rows(guide, revision) if revision else [],
            "can_approve": can_publish
            and revision is not None
            and revision.submitted_by_id != request.user.pk,
            "discard_form": DiscardRevisionForm(),
            "missing": missing,
            "required": required_elements(),
            "missing_keys": {e.key for e in missing},
            "can_publish": can_publish,
            "own_guide": not guide.may_publish(request.user),
            "scans": qr.scan_totals("guide", [guide.pk]).get(guide.pk),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_POST
def guide_publish(request, pk: int):
    guide = get_guide_for_staff(request, pk)
    try:
        services.publish_guide(guide, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "已发布，公众可在“办事服务”中查看。")
    return redirect("staff_services:guide", pk=guide.pk)


@login_required
@require_POST
def guide_withdraw(request, pk: int):
    guide = get_guide_for_staff(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤下原因。")
        return redirect("staff_services:guide", pk=guide.pk)
    try:
        services.withdraw_guide(guide, actor=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "已撤下。")
    return redirect("staff_services:guide", pk=guide.pk)


@login_required
@require_POST
def guide_revision_approve(request, pk: int):
    guide = get_guide_for_staff(request, pk)
    try:
        services.approve_guide_revision(guide, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "修改已审核通过，公开页面已更新。")
    return redirect("staff_services:guide", pk=guide.pk)


@login_required
@require_POST
def guide_revision_discard(request, pk: int):
    guide = get_guide_for_staff(request, pk)
    form = DiscardRevisionForm(request.POST)
    form.is_valid()
    try:
        services.discard_guide_revision(
            guide, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "已撤销待审核的修改，公开页面保持原样。")
    return redirect("staff_services:guide", pk=guide.pk)


# -- service points -----------------------------------------------------------------------------


@login_required
def point_list(request):
    agencies = _staff_agencies(request)
    qs = ServicePoint.objects.for_agencies(agencies).select_related("agency", "subdistrict")
    kind = request.GET.get("kind", "")
    if kind in PointKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    totals = qr.scan_totals("point", [p.pk for p in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/staff/points.html",
        {
            "page": page,
            "rows": [(p, totals.get(p.pk)) for p in page],
            "kind": kind,
            "kinds": PointKind.choices,
            "query": query.urlencode(),
        },
    )


def _point_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def point_new(request):
    form = PointForm(request.POST or None, agencies=_staff_agencies(request))
    if request.method == "POST" and form.is_valid():
        try:
            point = services.create_point(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                data=form.data_for_service(),
            )
        except ValidationError as exc:
            _point_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("agency", str(exc))
        else:
            messages.success(request, "已保存网点。")
            return redirect("staff_services:point", pk=point.pk)
    return render(request, "services/staff/point_form.html", {"form": form, "point": None})


@login_required
def point_edit(request, pk: int):
    point = get_point_for_staff(request, pk)
    form = PointForm(request.POST or None, agencies=_staff_agencies(request), instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_point(point, actor=request.user, data=form.data_for_service())
        except ValidationError as exc:
            _point_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存网点。")
            return redirect("staff_services:point", pk=point.pk)
    return render(
        request,
        "services/staff/point_form.html",
        {
            "form": form,
            "point": point,
            "scans": qr.scan_totals("point", [point.pk]).get(point.pk),
        },
    )


# -- QR notices and scans -----------------------------------------------------------------------


@login_required
def scans(request):
    """Scan counts of the QR notices of the user's agencies, and a finder for records."""
    from gongkai.records.models import Record

    agencies = _staff_agencies(request)
    sections = []
    for kind, model_qs in [
        ("guide", Guide.objects.for_agencies(agencies).select_related("agency")),
        ("point", ServicePoint.objects.for_agencies(agencies).select_related("agency")),
        ("record", Record.objects.public().filter(agency__in=agencies).select_related("agency")),
    ]:
        # Every scanned object of the kind (one row per printed notice), then the user's own.
        top = [pk for pk, _total in qr.top_scanned(kind, limit=None)]
        objects = {o.pk: o for o in model_qs.filter(pk__in=top)}
        own = [pk for pk in top if pk in objects][:30]
        totals = qr.scan_totals(kind, own)
        rows = [(objects[pk], totals[pk]) for pk in own]
        sections.append((kind, qr.TARGETS[kind].label, rows))
    q = request.GET.get("q", "").strip()[:100]
    found = []
    if q:
        found = (
            Record.objects.public()
            .filter(agency__in=agencies)
            .filter(Q(title__icontains=q) | Q(index_no=q) | Q(document_number__icontains=q))
            .select_related("agency")
            .order_by("-published_at", "-id")[:20]
        )
    return render(
        request, "services/staff/scans.html", {"sections": sections, "q": q, "found": found}
    )
