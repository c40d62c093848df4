"""Back-office views for records under /staff/records/. Thin: forms in, services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.orgs.access import has_role, is_district_office, visible_agencies
from gongkai.orgs.models import Agency, Role

from . import services, stats
from .forms import (
    AttachmentForm,
    CorrectForm,
    NoteForm,
    RecordForm,
    RepealForm,
    ReviewForm,
    ScheduleForm,
)
from .models import Attachment, Record, RecordType, Status, normalise_document_number


def get_record_for_staff(request, pk: int) -> Record:
    """The record if the user may see its agency's work; 404 otherwise (no existence leak)."""
    try:
        record = Record.objects.select_related(
            "agency", "topic__parent", "interprets", "created_by", "reviewed_by"
        ).get(pk=pk)
    except Record.DoesNotExist:
        raise Http404("未找到该信息。") from None
    if not Record.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404("未找到该信息。")
    return record


def _drafting_agencies(user):
    if is_district_office(user):
        return Agency.objects.disclosing()
    return visible_agencies(user).exclude(level="community")


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def record_list(request):
    rows = (
        Record.objects.visible_to(request.user)
        .select_related("agency")
        .order_by("-updated_at", "-id")
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    agency = request.GET.get("agency", "")
    if agency:
        rows = rows.filter(agency__code=agency)
    q = request.GET.get("q", "").strip()
    if q:
        rows = (
            rows.filter(title__icontains=q)
            | rows.filter(index_no=q)
            | rows.filter(document_number=normalise_document_number(q))
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/staff/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "statuses": Status.choices,
            "status": status,
            "q": q,
            "agencies": _drafting_agencies(request.user),
            "agency": agency,
        },
    )


@login_required
def record_create(request):
    agencies = _drafting_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有任何机构的岗位，不能登记信息。")
    initial = {}
    policy_pk = request.GET.get("interprets", "")
    if policy_pk.isdigit():
        policy = Record.objects.visible_to(request.user).filter(pk=int(policy_pk)).first()
        if policy is not None:
            initial = {
                "interprets": policy.pk,
                "record_type": RecordType.INTERPRETATION,
                "agency": policy.agency_id,
                "title": f"{policy.title}政策解读",
                "topic": policy.topic_id,
                "attribute": "proactive",
            }
    form = RecordForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.create_record(
                agency=form.cleaned_data["agency"],
                actor=request.user,
                data=form.data_for_service(),
                catalog_items=form.cleaned_data["catalog_items"],
                co_issuers=form.cleaned_data["co_issuers"],
            )
        except ValidationError as exc:
            _add_model_errors(form, exc)
        else:
            messages.success(request, "已登记草稿。")
            return redirect("staff_records:detail", pk=record.pk)
    return render(request, "records/staff/form.html", {"form": form, "title": "登记政府信息"})


def _add_model_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def record_edit(request, pk: int):
    record = get_record_for_staff(request, pk)
    if not record.is_editable:
        messages.error(request, "只有草稿可以修改；已发布的信息请使用“更正”。")
        return redirect("staff_records:detail", pk=pk)
    form = RecordForm(
        request.POST or None, instance=record, agencies=_drafting_agencies(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_record(
                record,
                actor=request.user,
                data=form.data_for_service(),
                catalog_items=form.cleaned_data["catalog_items"],
                co_issuers=form.cleaned_data["co_issuers"],
            )
        except ValidationError as exc:
            _add_model_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff_records:detail", pk=pk)
    return render(
        request, "records/staff/form.html", {"form": form, "title": "修改草稿", "record": record}
    )


@login_required
def record_detail(request, pk: int):
    record = get_record_for_staff(request, pk)
    user = request.user
    can_review = has_role(user, record.agency, Role.REVIEWER, Role.HEAD)
    context = {
        "record": record,
        "attachments": record.attachments.all(),
        "notices": record.notices.all(),
        "interpretations": record.interpretations.all(),
        "catalog_items": record.catalog_items.all(),
        "can_review": can_review and user.pk not in (record.created_by_id, record.submitted_by_id),
        "can_manage": can_review,
        "review_form": ReviewForm(),
        "note_form": NoteForm(),
        "schedule_form": ScheduleForm(),
        "repeal_form": RepealForm(),
        "attachment_form": AttachmentForm(),
        "events": _events(record),
    }
    return render(request, "records/staff/detail.html", context)


def _events(record):
    """The record's history: its own events, plus the publication of the policy it was
    published together with (one action, one event, naming the interpretations)."""
    from gongkai.core.models import AuditEvent

    events = list(
        AuditEvent.objects.filter(target_type="records.record", target_id=str(record.pk))[:50]
    )
    if record.interprets_id:
        joint = AuditEvent.objects.filter(
            target_type="records.record",
            target_id=str(record.interprets_id),
            action="record.publish",
        )
        events += [
            e
            for e in joint
            if any(i.get("id") == record.pk for i in (e.after or {}).get("interpretations", []))
        ]
        events.sort(key=lambda e: (e.created_at, e.pk), reverse=True)
    return events


def _submit(request, record):
    services.submit_record(record, actor=request.user)
    return "已提交审核。"


def _review(request, record):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请确认已完成保密审查。")
    services.review_record(
        record,
        actor=request.user,
        secrecy_checked=form.cleaned_data["secrecy_checked"],
        interpretation_waiver=form.cleaned_data["interpretation_waiver"],
    )
    return "审核通过。"


def _return(request, record):
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写退回意见。")
    services.return_record(record, actor=request.user, note=form.cleaned_data["note"])
    return "已退回修改。"


def _publish(request, record):
    services.publish_record(record, actor=request.user)
    return "已发布。"


def _schedule(request, record):
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        raise ValidationError("定时发布时间格式不正确。")
    services.schedule_record(record, actor=request.user, at=form.cleaned_data["at"])
    return "已设置定时发布。"


def _withdraw(request, record):
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise ValidationError("撤回必须填写公开的撤回公告。")
    services.withdraw_record(record, actor=request.user, notice=form.cleaned_data["note"])
    return "已撤回，原网址保留撤回公告。"


def _repeal(request, record):
    form = RepealForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写废止日期。")
    repealed_by = None
    ref = form.cleaned_data["repealed_by"].strip()
    if ref:
        repealed_by = Record.objects.public().filter(index_no=ref).first()
        if repealed_by is None:
            raise ValidationError(f"废止依据：未找到索引号为 {ref} 的已公开信息。")
    services.repeal_record(
        record,
        actor=request.user,
        repealed_on=form.cleaned_data["repealed_on"],
        repealed_by=repealed_by,
        note=form.cleaned_data["note"],
    )
    return "已标记为废止。"


def _attach(request, record):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError("请选择要上传的文件。")
    services.add_attachment(
        record,
        actor=request.user,
        upload=form.cleaned_data["file"],
        is_graphic=form.cleaned_data["is_graphic"],
    )
    return "已上传附件。"


#: The explicit table of actions a POST may ask for.
ACTIONS = {
    "submit": _submit,
    "review": _review,
    "return": _return,
    "publish": _publish,
    "schedule": _schedule,
    "withdraw": _withdraw,
    "repeal": _repeal,
    "attach": _attach,
}


@login_required
@require_POST
def record_action(request, pk: int, action: str):
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("未知操作。")
    record = get_record_for_staff(request, pk)
    try:
        messages.success(request, handler(request, record))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("staff_records:detail", pk=pk)


@login_required
def record_correct(request, pk: int):
    record = get_record_for_staff(request, pk)
    form = CorrectForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "note"}
        try:
            services.correct_record(
                record, actor=request.user, data=data, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _add_model_errors(form, exc)
        else:
            messages.success(request, "已更正，更正说明已公开。")
            return redirect("staff_records:detail", pk=pk)
    return render(
        request,
        "records/staff/form.html",
        {"form": form, "title": "更正已发布信息", "record": record},
    )


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    record = get_record_for_staff(request, pk)
    try:
        attachment = record.attachments.get(pk=attachment_pk)
    except Attachment.DoesNotExist:
        raise Http404("未找到该附件。") from None
    try:
        services.remove_attachment(attachment, actor=request.user)
        messages.success(request, "已删除附件。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("staff_records:detail", pk=pk)


@login_required
def review_queue(request):
    rows = (
        Record.objects.visible_to(request.user)
        .awaiting_review()
        .select_related("agency", "created_by")
        .order_by("updated_at")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "records/staff/queue.html",
        {"page": page, "title": "待审核信息", "query": ""},
    )


@login_required
def uninterpreted(request):
    rows = (
        Record.objects.visible_to(request.user)
        .normative_without_interpretation()
        .select_related("agency")
        .order_by("-written_on", "-id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "records/staff/queue.html",
        {"page": page, "title": "缺少政策解读的行政规范性文件", "query": ""},
    )


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def rate(request):
    """主动公开率 per agency and year, for the agency itself and the district office."""
    year = _year(request)
    agencies = list(_drafting_agencies(request.user))
    rows = stats.disclosure_rates(year, agencies)
    total = stats.RateRow(None, sum(r.registered for r in rows), sum(r.proactive for r in rows))
    agency_code = request.GET.get("agency", "")
    detail = agency = None
    if agency_code:
        agency = next((a for a in agencies if a.code == agency_code), None)
        if agency is None:
            raise Http404("未找到该机构。")
        detail = (
            Record.objects.registered_in(year)
            .filter(agency=agency)
            .select_related("agency")
            .order_by("written_on", "id")
        )
        detail = Paginator(detail, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/staff/rate.html",
        {
            "year": year,
            "rows": rows,
            "detail": detail,
            "page": detail,
            "agency_code": agency_code,
            "agency": agency,
            "total": total,
            "query": query.urlencode(),
        },
    )


@login_required
def late(request):
    """Records not published within 20 working days of formation or change."""
    year = _year(request)
    today = timezone.localdate()
    base = Record.objects.visible_to(request.user).select_related("agency")
    agency_code = request.GET.get("agency", "")
    if agency_code:
        base = base.filter(agency__code=agency_code)
    rows = base.filter(formed_on__year=year).late(today=today).order_by("due_on", "id")
    unknown = base.due_unknown().order_by("formed_on")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/staff/late.html",
        {
            "year": year,
            "page": page,
            "unknown": unknown,
            "agencies": _drafting_agencies(request.user),
            "agency_code": agency_code,
            "query": query.urlencode(),
            "today": today,
        },
    )
