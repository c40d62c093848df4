"""Back-office pages of 政府信息更正申请: the list, registration, the case page with its
decisions, letters and evidence. Another agency's request is a 404. Lists show masked personal
data; the case page shows it in full and audits the viewing (so does each evidence download)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.orgs.access import can_see_agency, has_role, is_district_office, visible_agencies
from gongkai.workdays import calendar

from .. import letters as app_letters
from ..services import ProcedureError
from . import forms, services
from .models import CorrectionEvidence, CorrectionLetter, CorrectionRequest

WORK_ROLES = services.WORK_ROLES


def get_correction_for_staff(request, pk: int) -> CorrectionRequest:
    """The request if the user may see its agency's work; 404 otherwise (no existence leak)."""
    correction = (
        CorrectionRequest.objects.select_related(
            "agency", "agency__parent", "transferred_from__agency", "corrected_record__agency"
        )
        .filter(pk=pk)
        .first()
    )
    if correction is None or not can_see_agency(request.user, correction.agency):
        raise Http404("未找到该更正申请。")
    return correction


# --- list ------------------------------------------------------------------------------------------

BUCKETS = [
    ("unconfirmed", "待确认接收"),
    ("due_soon", "3个工作日内到期"),
    ("overdue", "已超期"),
    ("alarm", "期限告警"),
    ("open", "全部在办"),
    ("closed", "已办结"),
]


def bucket_queryset(qs, bucket: str, today: datetime.date):
    open_qs = qs.open()
    if bucket == "unconfirmed":
        return open_qs.filter(status="submitted")
    if bucket == "due_soon":
        try:
            limit = calendar.add_workdays(today, 3)
        except calendar.UnknownYearError:
            limit = today + datetime.timedelta(days=3)
        return open_qs.filter(due_on__gte=today, due_on__lte=limit)
    if bucket == "overdue":
        return open_qs.filter(due_on__lt=today)
    if bucket == "alarm":
        return open_qs.filter(deadline_unknown_year__isnull=False)
    if bucket == "closed":
        return qs.closed()
    return open_qs


@login_required
def queue(request):
    today = timezone.localdate()
    agencies = visible_agencies(request.user).order_by("order", "id")
    qs = CorrectionRequest.objects.visible_to(request.user).select_related("agency")
    agency_code = request.GET.get("agency", "")
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    bucket = request.GET.get("bucket", "open")
    if bucket not in dict(BUCKETS):
        bucket = "open"
    counts = {key: bucket_queryset(qs, key, today).count() for key, _ in BUCKETS}
    rows = bucket_queryset(qs, bucket, today)
    rows = (
        rows.order_by("-closed_on", "-id")
        if bucket == "closed"
        else rows.order_by("due_on", "submitted_at", "id")
    )
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(tracking_number__icontains=query) | rows.filter(
            info_title__icontains=query
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/corrections/staff/queue.html",
        {
            "page": page,
            "buckets": [(k, label, counts[k]) for k, label in BUCKETS],
            "bucket": bucket,
            "agencies": agencies
            if is_district_office(request.user) or agencies.count() > 1
            else [],
            "agency_code": agency_code,
            "query": query,
            "today": today,
        },
    )


# --- registration ----------------------------------------------------------------------------------


def _work_agencies(user):
    if is_district_office(user):
        return visible_agencies(user).filter(is_active=True)
    return (
        visible_agencies(user)
        .filter(is_active=True, memberships__user=user, memberships__role__in=WORK_ROLES)
        .distinct()
    )


@login_required
def register(request):
    form = forms.RegisterCorrectionForm(
        request.POST or None, request.FILES or None, agencies=_work_agencies(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction, _code = services.register_correction(
                agency=form.cleaned_data["agency"],
                channel=form.cleaned_data["channel"],
                submitted_on=form.cleaned_data["submitted_on"],
                received_on=form.cleaned_data["received_on"],
                applicant=form.applicant(),
                info=form.info(),
                files=form.evidence_files(),
                actor=request.user,
            )
        except ProcedureError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"已登记更正申请 {correction.tracking_number}。")
            return redirect("staff_applications:correction_detail", pk=correction.pk)
    if request.method == "POST" and request.FILES:
        form.add_error(None, "已选择的证据材料文件需要重新选择。")
    return render(request, "applications/corrections/staff/register.html", {"form": form})


# --- case page -------------------------------------------------------------------------------------


def _action_forms(correction, today):
    on = {"on": today}
    return {
        "confirm": forms.ConfirmReceiptForm(initial={"received_on": today}),
        "grant": forms.GrantForm(
            initial={
                **on,
                "record_index_no": correction.record.index_no if correction.record else "",
            }
        ),
        "transfer": forms.TransferForm(initial=on, exclude_agency=correction.agency),
        "refuse": forms.RefuseForm(initial=on),
        "withdraw": forms.WithdrawForm(initial=on),
        "evidence": forms.EvidenceForm(),
        "note": forms.CorrectionNoteForm(initial=on),
    }


@login_required
def detail(request, pk: int):
    correction = get_correction_for_staff(request, pk)
    services.record_correction_view(correction, actor=request.user)
    today = timezone.localdate()
    transferred_to = (
        CorrectionRequest.objects.select_related("agency")
        .filter(transferred_from=correction)
        .first()
    )
    record = correction.corrected_record
    return render(
        request,
        "applications/corrections/staff/detail.html",
        {
            "c": correction,
            "today": today,
            "events": correction.events.select_related("actor"),
            "letters": correction.letters.all(),
            "evidence": correction.evidence.all(),
            "forms": _action_forms(correction, today),
            "can_work": has_role(request.user, correction.agency, *WORK_ROLES),
            "transferred_to": transferred_to,
            "can_see_next": transferred_to is not None
            and can_see_agency(request.user, transferred_to.agency),
            "can_see_previous": correction.transferred_from is not None
            and can_see_agency(request.user, correction.transferred_from.agency),
            "can_edit_record": record is not None and can_see_agency(request.user, record.agency),
        },
    )


#: The only actions a POST may name: form factory and service call for each.
ACTIONS = {
    "confirm": (
        lambda r, c: forms.ConfirmReceiptForm(r.POST),
        lambda c, d, u: services.confirm_correction_receipt(
            c, received_on=d["received_on"], actor=u
        ),
    ),
    "grant": (
        lambda r, c: forms.GrantForm(r.POST),
        lambda c, d, u: services.grant_correction(
            c,
            on=d["on"],
            corrected_content=d["corrected_content"],
            record_index_no=d.get("record_index_no", ""),
            actor=u,
        ),
    ),
    "transfer": (
        lambda r, c: forms.TransferForm(r.POST, exclude_agency=c.agency),
        lambda c, d, u: services.transfer_correction(
            c,
            on=d["on"],
            to_agency=d.get("to_agency"),
            agency_name=d.get("agency_name", ""),
            contact=d.get("contact", ""),
            note=d.get("note", ""),
            actor=u,
        ),
    ),
    "refuse": (
        lambda r, c: forms.RefuseForm(r.POST),
        lambda c, d, u: services.refuse_correction(
            c,
            on=d["on"],
            reason=d["reason"],
            text=d.get("text", ""),
            competent_agency=d.get("competent_agency", ""),
            actor=u,
        ),
    ),
    "withdraw": (
        lambda r, c: forms.WithdrawForm(r.POST),
        lambda c, d, u: services.withdraw_correction(
            c, on=d["on"], note=d.get("note", ""), actor=u
        ),
    ),
    "evidence": (
        lambda r, c: forms.EvidenceForm(r.POST, r.FILES),
        lambda c, d, u: services.add_evidence(c, files=d["evidence"], actor=u),
    ),
    "note": (
        lambda r, c: forms.CorrectionNoteForm(r.POST),
        lambda c, d, u: services.add_correction_note(c, on=d["on"], note=d["note"], actor=u),
    ),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    correction = get_correction_for_staff(request, pk)
    if not has_role(request.user, correction.agency, *WORK_ROLES):
        raise PermissionDenied("您在该机关没有办理更正申请的岗位。")
    if action not in ACTIONS:
        raise Http404("没有这个操作。")
    make_form, call = ACTIONS[action]
    form = make_form(request, correction)
    if not form.is_valid():
        messages.error(request, "提交内容有误：" + "；".join(form.error_summary()))
    else:
        try:
            call(correction, form.cleaned_data, request.user)
        except ProcedureError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "已保存。")
    return redirect("staff_applications:correction_detail", pk=correction.pk)


# --- letters and evidence --------------------------------------------------------------------------


def _letter(request, pk, letter_pk) -> CorrectionLetter:
    correction = get_correction_for_staff(request, pk)
    return get_object_or_404(CorrectionLetter, pk=letter_pk, request=correction)


@login_required
def letter_html(request, pk: int, letter_pk: int):
    letter = _letter(request, pk, letter_pk)
    return render(
        request,
        "applications/letter.html",
        {"letter": letter, "issued": app_letters.chinese_date(letter.issued_on)},
    )


@login_required
def letter_docx(request, pk: int, letter_pk: int):
    letter = _letter(request, pk, letter_pk)
    response = HttpResponse(
        app_letters.to_docx(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{letter.request.tracking_number}-{letter.pk}.docx"'
    )
    return response


@login_required
def evidence_download(request, pk: int, evidence_pk: int):
    correction = get_correction_for_staff(request, pk)
    item = get_object_or_404(CorrectionEvidence, pk=evidence_pk, request=correction)
    services.record_evidence_view(item, actor=request.user)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("证据材料文件不存在。") from None
    response = FileResponse(
        handle, as_attachment=False, filename=item.name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
