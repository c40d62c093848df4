"""Back-office views of 双公示 (/staff/publicity/...). Thin: access through
`get_record_for_staff`, writes through `services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.models import AuditEvent
from gongkai.orgs.access import can_see_agency, has_role, is_district_office, visible_agencies

from . import exporting, services, standard
from .forms import (
    CoercionForm,
    CorrectionForm,
    ImportForm,
    PolicyForm,
    RecordForm,
    RepairForm,
    WithdrawForm,
)
from .importing import ImportRejected
from .masking import public_row, review_hints, staff_row
from .models import Coercion, ImportBatch, Licence, Penalty, Policy, State

MODELS = {"licence": Licence, "penalty": Penalty}
PREVIEW_ROWS = 50
HINT_ROWS = 200


def _kind(kind: str) -> str:
    if kind not in MODELS:
        raise Http404()
    return kind


def get_record_for_staff(request, kind: str, pk: int):
    """The record if the user may see its agency's work; 404 otherwise (no existence leak)."""
    try:
        obj = MODELS[_kind(kind)].objects.select_related("agency", "source_agency").get(pk=pk)
    except MODELS[kind].DoesNotExist:
        raise Http404("未找到该信息。") from None
    if not can_see_agency(request.user, obj.agency):
        raise Http404("未找到该信息。")
    return obj


def get_batch_for_staff(request, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None or (
        batch.created_by_id != request.user.pk and not is_district_office(request.user)
    ):
        raise Http404("未找到该导入文件。")
    return batch


def _staff_agencies(request):
    return visible_agencies(request.user).exclude(level="community").order_by("order", "id")


@login_required
def home(request):
    kind = _kind(request.GET.get("kind", "penalty"))
    agencies = _staff_agencies(request)
    qs = MODELS[kind].objects.for_agencies(agencies).select_related("agency")
    q = request.GET.get("q", "").strip()[:100]
    qs = qs.search(q)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    if request.GET.get("late"):
        qs = qs.late()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publicity/staff/home.html",
        {
            "kind": kind,
            "kind_label": standard.KIND_LABELS[kind],
            "page": page,
            "q": q,
            "state": state,
            "states": State.choices,
            "late": bool(request.GET.get("late")),
            "query": query.urlencode(),
            "agencies": agencies,
            "is_district_office": is_district_office(request.user),
        },
    )


@login_required
def record_new(request, kind: str):
    kind = _kind(kind)
    form = RecordForm(kind, _staff_agencies(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.create_record(kind, actor=request.user, data=form.row())
        except ValidationError as exc:
            form.add_problems(exc.message_dict)
        else:
            if obj.is_late:
                messages.warning(
                    request,
                    f"已公示，但超过了决定日期后 7 个工作日的期限（{obj.publish_due:%Y-%m-%d}）。",
                )
            else:
                messages.success(request, "已保存。")
            return redirect("staff_publicity:record", kind=kind, pk=obj.pk)
    return render(
        request,
        "publicity/staff/form.html",
        {"form": form, "kind": kind, "kind_label": standard.KIND_LABELS[kind]},
    )


def _corrections(obj) -> list:
    """The correction events of a record, newest first (their reasons are for staff only)."""
    return list(
        AuditEvent.objects.filter(
            action=f"publicity.{obj.kind}.correct",
            target_type=obj._meta.label_lower,
            target_id=str(obj.pk),
        ).order_by("-created_at")
    )


@login_required
def record_correct(request, kind: str, pk: int):
    """更正: the entry form with the stored values; staff of the deciding agency only."""
    obj = get_record_for_staff(request, kind, pk)
    if not has_role(request.user, obj.agency, *services.STAFF_ROLES):
        raise PermissionDenied("只有决定机关的工作人员可以更正。")
    if obj.state not in services.CORRECTABLE_STATES:
        messages.error(request, f"该信息当前为“{obj.get_state_display()}”，不能更正。")
        return redirect("staff_publicity:record", kind=obj.kind, pk=obj.pk)
    form = CorrectionForm(obj, _staff_agencies(request), request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = services.correct_record(
                    obj, actor=request.user, data=form.row(), reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                form.add_problems(
                    exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                )
            else:
                if obj.state == State.PUBLISHED and obj.corrected_on:
                    messages.success(request, "已更正，公示内容已更新。")
                elif obj.state == State.PUBLISHED:
                    messages.success(request, "已更正，该信息已上网公示。")
                else:
                    messages.warning(
                        request, f"已更正。该信息现为“{obj.get_state_display()}”，不在公示中。"
                    )
                return redirect("staff_publicity:record", kind=obj.kind, pk=obj.pk)
    else:
        # The form shows the full personal data: as for "查看完整个人信息", that is audited.
        services.reveal_personal_data(obj, actor=request.user)
    return render(
        request,
        "publicity/staff/form.html",
        {
            "form": form,
            "kind": obj.kind,
            "kind_label": standard.KIND_LABELS[obj.kind],
            "obj": obj,
            "correcting": True,
        },
    )


@login_required
def record_detail(request, kind: str, pk: int):
    obj = get_record_for_staff(request, kind, pk)
    reveal = False
    if request.method == "POST" and request.POST.get("action") == "reveal":
        services.reveal_personal_data(obj, actor=request.user)
        reveal = True
    policy = Policy.current()
    row = staff_row(obj) if reveal else public_row(obj, policy)
    fields = [(label, row[name]) for name, label in standard.COLUMNS[obj.kind]]
    return render(
        request,
        "publicity/staff/detail.html",
        {
            "obj": obj,
            "kind": obj.kind,
            "kind_label": standard.KIND_LABELS[obj.kind],
            "fields": fields,
            "reveal": reveal,
            "hints": review_hints(obj, policy),
            "corrections": _corrections(obj),
            "may_correct": obj.state in services.CORRECTABLE_STATES
            and has_role(request.user, obj.agency, *services.STAFF_ROLES),
            "repair_form": RepairForm(),
            "withdraw_form": WithdrawForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def record_repair(request, pk: int):
    obj = get_record_for_staff(request, "penalty", pk)
    form = RepairForm(request.POST)
    if form.is_valid():
        try:
            services.repair_penalty(obj, actor=request.user, decision=form.cleaned_data["decision"])
            messages.success(request, "已信用修复，该处罚不再公示。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请填写信用修复决定。")
    return redirect("staff_publicity:record", kind="penalty", pk=obj.pk)


@login_required
@require_POST
def record_withdraw(request, kind: str, pk: int):
    obj = get_record_for_staff(request, kind, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            obj = services.withdraw_record(obj, actor=request.user, **form.cleaned_data)
            if obj.withdrawal_late:
                messages.warning(
                    request, f"已撤回，但超过了三个工作日的期限（{obj.withdraw_due:%Y-%m-%d}）。"
                )
            else:
                messages.success(request, "已撤回，撤回原因已公开。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请填写日期和撤回原因。")
    return redirect("staff_publicity:record", kind=kind, pk=obj.pk)


@login_required
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.stage_import(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            filename=upload.name,
            data=upload.read(),
        )
        return redirect("staff_publicity:import_preview", pk=batch.pk)
    return render(
        request,
        "publicity/staff/import.html",
        {"form": form, "columns": standard.COLUMNS, "kind_labels": standard.KIND_LABELS},
    )


@login_required
def import_preview(request, pk: int):
    batch = get_batch_for_staff(request, pk)
    if request.method == "POST" and batch.status == ImportBatch.Status.PENDING:
        try:
            result = services.apply_import(batch, actor=request.user)
        except ImportRejected as exc:
            messages.error(request, str(exc))
            return render(
                request,
                "publicity/staff/preview.html",
                {"batch": batch, "errors": exc.errors, "result": None},
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            return redirect("staff_publicity:import_preview", pk=batch.pk)
        messages.success(
            request, f"已导入 {len(result.objects)} 条{standard.KIND_LABELS[batch.kind]}信息。"
        )
        return redirect(f"{_home_url()}?kind={batch.kind}")
    result = (
        services.preview_import(batch, actor=request.user)
        if batch.status == ImportBatch.Status.PENDING
        else None
    )
    columns = [(n, label) for n, label in standard.COLUMNS[batch.kind]]
    preview, hints = [], []
    if result:
        policy = Policy.current()
        for obj in result.objects[:PREVIEW_ROWS]:
            row = public_row(obj, policy)
            preview.append((obj, [row[n] for n, _ in columns]))
        for obj, line in zip(result.objects, result.lines, strict=True):
            hints += [(line, label, fragment) for label, fragment in review_hints(obj, policy)]
    return render(
        request,
        "publicity/staff/preview.html",
        {
            "batch": batch,
            "result": result,
            "errors": result.errors if result else [],
            "columns": columns,
            "preview": preview,
            "preview_rows": PREVIEW_ROWS,
            "hints": hints[:HINT_ROWS],
            "hint_count": len(hints),
        },
    )


def _home_url():
    from django.urls import reverse

    return reverse("staff_publicity:home")


@login_required
def export(request, kind: str, fmt: str):
    """Unmasked export in the standard layout (for reporting to 信用中国); audited."""
    kind = _kind(kind)
    if fmt not in exporting.WRITERS:
        raise Http404()
    agencies = _staff_agencies(request)
    agency = None
    code = request.GET.get("agency", "")
    if code:
        agency = agencies.filter(code=code).first()
        if agency is None:
            raise Http404("未找到该机构。")
        agencies = agencies.filter(pk=agency.pk)
    qs = MODELS[kind].objects.for_agencies(agencies).order_by("decided_on", "id")
    rows = [staff_row(obj) for obj in qs]
    services.audit_staff_export(actor=request.user, kind=kind, agency=agency, count=len(rows))
    writer, content_type = exporting.WRITERS[fmt]
    response = HttpResponse(writer(kind, rows), content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{code or "all"}-{stamp}.{fmt}"'
    return response


@login_required
def policy(request):
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以修改双公示规则。")
    current = Policy.current()
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            changes = {f: form.cleaned_data[f] for f in form.changed_data}
            services.update_policy(actor=request.user, **changes)
            messages.success(request, "已保存双公示规则，适用于此后录入的信息。")
            return redirect("staff_publicity:policy")
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "publicity/staff/policy.html", {"form": form})


@login_required
def coercions(request):
    agencies = _staff_agencies(request)
    form = CoercionForm(request.POST or None)
    form.fields["agency"].queryset = agencies
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.record_coercion(actor=request.user, **data)
            messages.success(request, "已登记行政强制决定。")
            return redirect("staff_publicity:coercions")
        except ValidationError as exc:
            form.add_error(None, exc)
    items = Coercion.objects.filter(agency__in=agencies).select_related("agency")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "publicity/staff/coercions.html", {"form": form, "page": page})
