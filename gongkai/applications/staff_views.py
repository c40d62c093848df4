"""Back-office pages: the work queue, registration, the case page and its actions, letters,
letter templates. Lists show masked personal data; the case page shows it in full and audits
the viewing."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.audit import record_event, snapshot
from gongkai.orgs.access import can_see_agency, has_role, is_district_office, visible_agencies
from gongkai.orgs.models import Role
from gongkai.workdays import calendar

from . import forms, letters, services
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    EventKind,
    Letter,
    LetterTemplate,
    ReviewCase,
    Status,
)

WORK_ROLES = (Role.CLERK, Role.REVIEWER, Role.HEAD)


def get_application_for_staff(request, pk: int) -> Application:
    """The application if the user may see its agency's work; 404 otherwise (no existence leak)."""
    application = (
        Application.objects.select_related("agency", "agency__parent").filter(pk=pk).first()
    )
    if application is None or not can_see_agency(request.user, application.agency):
        raise Http404("未找到该申请。")
    return application


def _require_worker(request, application) -> None:
    if not has_role(request.user, application.agency, *WORK_ROLES):
        raise PermissionDenied("您在该机关没有办理申请的岗位。")


# --- queue -----------------------------------------------------------------------------------------

BUCKETS = [
    ("new", "新收待办"),
    ("unconfirmed", "待确认接收"),
    ("due_soon", "3个工作日内到期"),
    ("overdue", "已超期"),
    ("paused", "暂停计时"),
    ("fee", "待缴费"),
    ("open", "全部在办"),
    ("closed", "已办结"),
    ("alarm", "期限告警"),
]


def bucket_queryset(qs, bucket: str, today: datetime.date):
    open_qs = qs.open()
    if bucket == "new":
        later = ApplicationEvent.objects.filter(application=OuterRef("pk")).exclude(
            kind__in=[EventKind.SUBMITTED, EventKind.RECEIVED, EventKind.LETTER, EventKind.NOTE]
        )
        return open_qs.filter(status=Status.PROCESSING).exclude(Exists(later))
    if bucket == "unconfirmed":
        return open_qs.filter(status=Status.SUBMITTED)
    if bucket == "due_soon":
        try:
            limit = calendar.add_workdays(today, 3)
        except calendar.UnknownYearError:
            limit = today + datetime.timedelta(days=3)
        return open_qs.filter(due_on__gte=today, due_on__lte=limit, paused=False)
    if bucket == "overdue":
        return open_qs.filter(due_on__lt=today)
    if bucket == "paused":
        return open_qs.filter(paused=True)
    if bucket == "fee":
        return open_qs.filter(status=Status.FEE)
    if bucket == "closed":
        return qs.exclude(status__in=OPEN_STATUSES)
    if bucket == "alarm":
        return open_qs.exclude(deadline_alarm="")
    return open_qs


@login_required
def queue(request):
    today = timezone.localdate()
    agencies = visible_agencies(request.user).order_by("order", "id")
    qs = Application.objects.visible_to(request.user).select_related("agency")
    agency_code = request.GET.get("agency", "")
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    counts = {key: bucket_queryset(qs, key, today).count() for key, _ in BUCKETS[:6]}
    bucket = request.GET.get("bucket", "open")
    if bucket not in dict(BUCKETS):
        bucket = "open"
    rows = bucket_queryset(qs, bucket, today)
    sort = request.GET.get("sort", "due")
    if sort == "received":
        rows = rows.order_by("-received_on", "-id")
    elif sort == "submitted":
        rows = rows.order_by("-submitted_at", "-id")
    else:
        rows = rows.order_by("due_on", "party_due_on", "id")
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(tracking_number__icontains=query) | rows.filter(
            info_title__icontains=query
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/staff/queue.html",
        {
            "page": page,
            "buckets": [(k, label, counts.get(k)) for k, label in BUCKETS],
            "bucket": bucket,
            "sort": sort,
            "agencies": agencies
            if is_district_office(request.user) or agencies.count() > 1
            else [],
            "agency_code": agency_code,
            "query": query,
            "today": today,
        },
    )


# --- registration ------------------------------------------------------------------------------------


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
    agencies = _work_agencies(request.user)
    form = forms.RegisterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                application = _register(form, request.user)
        except services.ProcedureError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"已登记申请 {application.tracking_number}。")
            return redirect("staff_applications:detail", pk=application.pk)
    return render(request, "applications/staff/register.html", {"form": form})


def _register(form, user) -> Application:
    """Register, then split the extra items (一事一申请), all or nothing."""
    application, _code = services.register_application(
        agency=form.cleaned_data["agency"],
        channel=form.cleaned_data["channel"],
        submitted_on=form.cleaned_data["submitted_on"],
        received_on=form.cleaned_data.get("received_on"),
        applicant=form.applicant(),
        request_info=form.request_info(),
        actor=user,
    )
    if form.extra_titles():
        services.split_application(application, titles=form.extra_titles(), actor=user)
    return application


# --- case page ----------------------------------------------------------------------------------------


def _action_forms(application, state, today):
    initial = {"on": today}
    consultations = [
        ApplicationEvent(pk=pk, kind=EventKind.CONSULTATION_STARTED, on=sent)
        for pk, (sent, _reply_by) in state.open_consultations.items()
    ]
    return {
        "confirm": forms.ConfirmForm(initial={"received_on": today}),
        "correction": forms.CorrectionForm(initial=initial),
        "receive_correction": forms.DateForm(initial=initial),
        "consult": forms.ConsultationForm(initial=initial),
        "answers": [
            (c, forms.ConsultationAnswerForm(initial={"consultation_id": c.pk, "on": today}))
            for c in consultations
        ],
        "extend": forms.ExtensionForm(initial=initial),
        "delay": forms.DelayForm(initial=initial),
        "fee": forms.FeeForm(initial={"on": today, "notice_received_on": today}),
        "fee_paid": forms.DateForm(initial=initial),
        "reply": forms.ReplyForm(initial=initial),
        "withdraw": forms.DateForm(initial=initial),
        "review": forms.ReviewCaseForm(initial={"filed_on": today}),
        "docket": forms.DocketForm(
            initial={
                "publish": application.docket_published,
                "title": application.docket_title,
                "summary": application.docket_summary,
            }
        ),
        "proactive": forms.ProactiveForm(
            initial={
                "index_no": application.proactive_record_index_no,
                "url": application.proactive_record_url,
            }
        ),
        "split": forms.SplitForm(),
        "note": forms.NoteForm(initial=initial),
    }


@login_required
def detail(request, pk: int):
    application = get_application_for_staff(request, pk)
    with transaction.atomic():
        services.record_case_view(application, actor=request.user)
    state = services.state_of(application)
    today = timezone.localdate()
    events = application.events.select_related("actor")
    repeated = services.repeated_requests(application)
    return render(
        request,
        "applications/staff/detail.html",
        {
            "application": application,
            "state": state,
            "today": today,
            "events": events,
            "letters": application.letters.all(),
            "fees": application.fees.all(),
            "review_cases": [
                (
                    c,
                    forms.ReviewResultForm(
                        initial={
                            "case_id": c.pk,
                            "outcome": c.outcome,
                            "concluded_on": c.concluded_on,
                        }
                    ),
                )
                for c in application.review_cases.all()
            ],
            "forms": _action_forms(application, state, today),
            "can_work": has_role(request.user, application.agency, *WORK_ROLES),
            "is_head": has_role(request.user, application.agency, Role.HEAD),
            "repeated_count": repeated.values("applicant_key").distinct().count(),
            "parts": application.split_parts.all(),
            "correction_by": _safe(
                lambda: services.procedure.correction_notice_deadline(state.received_on)
            )
            if state.received_on
            else None,
        },
    )


def _safe(func):
    try:
        return func()
    except calendar.UnknownYearError:
        return None


def _run(request, application, form_class, call):
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}：{'、'.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"提交内容有误：{errors}")
        return
    try:
        call(form.cleaned_data)
    except services.ProcedureError as exc:
        messages.error(request, exc.messages[0])
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存。")


def _review_result(application, data, actor):
    case = get_object_or_404(ReviewCase, pk=data["case_id"], application=application)
    services.conclude_review_case(
        case, outcome=data["outcome"], concluded_on=data.get("concluded_on"), actor=actor
    )


#: The only actions a POST may name, each with its form and service call.
ACTIONS = {
    "confirm": (
        forms.ConfirmForm,
        lambda a, d, u: services.confirm_receipt(a, received_on=d["received_on"], actor=u),
    ),
    "correction": (
        forms.CorrectionForm,
        lambda a, d, u: services.request_correction(
            a, on=d["on"], reply_by=d["reply_by"], items=d["items"], actor=u
        ),
    ),
    "receive_correction": (
        forms.DateForm,
        lambda a, d, u: services.receive_correction(a, on=d["on"], actor=u),
    ),
    "consult": (
        forms.ConsultationForm,
        lambda a, d, u: services.start_consultation(
            a,
            party=d["party"],
            party_name=d["party_name"],
            on=d["on"],
            delivered_on=d.get("delivered_on"),
            matters=d.get("matters", ""),
            actor=u,
        ),
    ),
    "answer": (
        forms.ConsultationAnswerForm,
        lambda a, d, u: services.record_consultation_answer(
            a,
            consultation_id=d["consultation_id"],
            on=d["on"],
            outcome=d["outcome"],
            note=d.get("note", ""),
            actor=u,
        ),
    ),
    "extend": (
        forms.ExtensionForm,
        lambda a, d, u: services.extend_deadline(
            a, on=d["on"], days=d["days"], reason=d["reason"], actor=u
        ),
    ),
    "delay": (
        forms.DelayForm,
        lambda a, d, u: services.set_delayed_period(
            a, on=d["on"], due_on=d["due_on"], reason=d["reason"], actor=u
        ),
    ),
    "fee": (
        forms.FeeForm,
        lambda a, d, u: services.issue_fee_notice(
            a,
            schedule=d["schedule"],
            pages=d.get("pages"),
            on=d["on"],
            notice_received_on=d["notice_received_on"],
            actor=u,
        ),
    ),
    "fee_paid": (
        forms.DateForm,
        lambda a, d, u: services.record_fee_payment(a, on=d["on"], actor=u),
    ),
    "reply": (
        forms.ReplyForm,
        lambda a, d, u: services.reply_to_application(
            a,
            on=d["on"],
            reply_type=d["reply_type"],
            ground=d.get("ground", ""),
            reasons=d.get("reasons", ""),
            provided=d.get("provided", ""),
            public_index_no=d.get("public_index_no", ""),
            public_url=d.get("public_url", ""),
            competent_agency=d.get("competent_agency", ""),
            actor=u,
        ),
    ),
    "withdraw": (
        forms.DateForm,
        lambda a, d, u: services.withdraw_application(a, on=d["on"], actor=u),
    ),
    "review": (
        forms.ReviewCaseForm,
        lambda a, d, u: services.record_review_case(
            a,
            kind=d["kind"],
            filed_on=d["filed_on"],
            case_number=d.get("case_number", ""),
            body=d.get("body", ""),
            actor=u,
        ),
    ),
    "review_result": (forms.ReviewResultForm, lambda a, d, u: _review_result(a, d, u)),
    "docket": (
        forms.DocketForm,
        lambda a, d, u: services.set_docket(
            a,
            publish=d.get("publish", False),
            title=d.get("title", ""),
            summary=d.get("summary", ""),
            actor=u,
        ),
    ),
    "proactive": (
        forms.ProactiveForm,
        lambda a, d, u: services.suggest_proactive_disclosure(
            a, index_no=d.get("index_no", ""), url=d.get("url", ""), actor=u
        ),
    ),
    "split": (
        forms.SplitForm,
        lambda a, d, u: services.split_application(a, titles=d["titles"].splitlines(), actor=u),
    ),
    "note": (
        forms.NoteForm,
        lambda a, d, u: services.add_note(a, on=d["on"], note=d["note"], actor=u),
    ),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    application = get_application_for_staff(request, pk)
    _require_worker(request, application)
    if action not in ACTIONS:
        raise Http404("没有这个操作。")
    form_class, call = ACTIONS[action]
    _run(request, application, form_class, lambda d: call(application, d, request.user))
    return redirect("staff_applications:detail", pk=application.pk)


# --- letters --------------------------------------------------------------------------------------------


def _letter(request, pk, letter_pk) -> Letter:
    application = get_application_for_staff(request, pk)
    return get_object_or_404(Letter, pk=letter_pk, application=application)


@login_required
def letter_html(request, pk: int, letter_pk: int):
    letter = _letter(request, pk, letter_pk)
    return render(
        request,
        "applications/letter.html",
        {"letter": letter, "issued": letters.chinese_date(letter.issued_on)},
    )


@login_required
def letter_docx(request, pk: int, letter_pk: int):
    letter = _letter(request, pk, letter_pk)
    response = HttpResponse(
        letters.to_docx(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{letter.application.tracking_number}-{letter.kind}-{letter.pk}.docx"'
    )
    return response


@login_required
def templates_list(request):
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以修改文书模板。")
    stored = {t.key: t for t in LetterTemplate.objects.all()}
    rows = [
        (key, stored.get(key).title if key in stored else title, key in stored)
        for key, (title, _body) in letters.DEFAULT_TEMPLATES.items()
    ]
    return render(request, "applications/staff/templates.html", {"rows": rows})


@login_required
def template_edit(request, key: str):
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以修改文书模板。")
    if key not in letters.DEFAULT_TEMPLATES:
        raise Http404
    title, body = letters.template_for(key)
    form = forms.LetterTemplateForm(request.POST or None, initial={"title": title, "body": body})
    if request.method == "POST":
        if "reset" in request.POST:
            with transaction.atomic():
                stored = LetterTemplate.objects.filter(key=key).first()
                if stored is not None:
                    record_event(
                        actor=request.user,
                        action="applications.template_reset",
                        target=stored,
                        before=snapshot(stored, ["key", "title", "body"]),
                    )
                    stored.delete()
            messages.success(request, "已恢复默认模板。")
            return redirect("staff_applications:templates")
        if form.is_valid():
            with transaction.atomic():
                stored, _created = LetterTemplate.objects.get_or_create(
                    key=key, defaults={"title": title, "body": body}
                )
                before = snapshot(stored, ["title", "body"])
                stored.title = form.cleaned_data["title"]
                stored.body = form.cleaned_data["body"]
                stored.save()
                record_event(
                    actor=request.user,
                    action="applications.template_edit",
                    target=stored,
                    before=before,
                    after=snapshot(stored, ["title", "body"]),
                )
            messages.success(request, "模板已保存。")
            return redirect("staff_applications:templates")
    return render(request, "applications/staff/template_edit.html", {"form": form, "key": key})
