"""Back-office views of 互动交流 (/staff/participation/...). Thin: objects are loaded through the
`get_*_for_staff` helpers (another agency's object is a 404), writes go through `services`, and
contact data is masked in lists (the full list is one audited click away)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.masking import mask_email, mask_name, mask_phone
from gongkai.core.models import AuditEvent
from gongkai.orgs.access import can_see_agency, has_role, visible_agencies
from gongkai.orgs.models import Role

from . import rules, services
from .forms import (
    ClassifyForm,
    DecisionForm,
    FeedbackSummaryForm,
    GuestForm,
    InterviewForm,
    ModerateForm,
    NoteForm,
    OfflineCommentForm,
    OpenDayForm,
    OutcomeForm,
    ProgressForm,
    ReasonForm,
    ThemeForm,
    TranscriptForm,
    add_refusal,
)
from .models import (
    Comment,
    Decision,
    Interview,
    InterviewQuestion,
    Moderation,
    OpenDay,
    Registration,
    RegistrationStatus,
    Stage,
    Step,
)

NOT_FOUND = "未找到该事项。"


# -- access ---------------------------------------------------------------------------------------


def _load(request, qs, pk: int, agency_of):
    obj = qs.filter(pk=pk).first()
    if obj is None or not can_see_agency(request.user, agency_of(obj)):
        raise Http404(NOT_FOUND)
    return obj


def get_decision_for_staff(request, pk: int) -> Decision:
    return _load(
        request,
        Decision.objects.select_related("agency", "consultation", "decision_record"),
        pk,
        lambda d: d.agency,
    )


def get_comment_for_staff(request, pk: int) -> Comment:
    return _load(
        request,
        Comment.objects.select_related("consultation__decision__agency"),
        pk,
        lambda c: c.consultation.decision.agency,
    )


def get_interview_for_staff(request, pk: int) -> Interview:
    return _load(request, Interview.objects.select_related("agency"), pk, lambda i: i.agency)


def get_question_for_staff(request, pk: int) -> InterviewQuestion:
    return _load(
        request,
        InterviewQuestion.objects.select_related("interview__agency"),
        pk,
        lambda q: q.interview.agency,
    )


def get_open_day_for_staff(request, pk: int) -> OpenDay:
    return _load(request, OpenDay.objects.select_related("agency"), pk, lambda d: d.agency)


def get_registration_for_staff(request, pk: int) -> Registration:
    return _load(
        request,
        Registration.objects.select_related("open_day__agency"),
        pk,
        lambda r: r.open_day.agency,
    )


def _agencies(request):
    return visible_agencies(request.user).exclude(level="community").order_by("order", "id")


def _require_any_agency(request):
    agencies = _agencies(request)
    if not agencies.exists():
        raise PermissionDenied("您没有任何机构的岗位。")
    return agencies


def _refused(request, exc: ValidationError | PermissionDenied) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


def _form_errors(form) -> services.Refused:
    """A refusal listing the form's errors, each after the label of its field."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{e}" if label else e for e in errors)
    return services.Refused("；".join(parts))


def _events(obj, limit=50):
    return AuditEvent.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).order_by("-id")[:limit]


# -- decisions ------------------------------------------------------------------------------------


@login_required
def home(request):
    agencies = _agencies(request)
    today = timezone.localdate()
    qs = Decision.objects.for_agencies(agencies).select_related("agency", "consultation")
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    if request.GET.get("pending"):
        qs = qs.awaiting_review()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participation/staff/home.html",
        {
            "page": page,
            "stage": stage,
            "stages": Stage.choices,
            "pending": bool(request.GET.get("pending")),
            "query": query.urlencode(),
            "today": today,
            "pending_comments": Comment.objects.pending()
            .filter(consultation__decision__agency__in=agencies)
            .count(),
            "pending_questions": InterviewQuestion.objects.pending()
            .filter(interview__agency__in=agencies)
            .count(),
        },
    )


@login_required
def decision_new(request):
    agencies = _require_any_agency(request)
    form = DecisionForm(request.POST or None, agencies=agencies)
    done = _submit(
        request,
        form,
        lambda data: services.create_decision(
            agency=form.cleaned_data["agency"], actor=request.user, data=data
        ),
        done="已登记决策草案。",
        to="staff_participation:decision",
    )
    if done:
        return done
    return render(
        request,
        "participation/staff/form.html",
        {"form": form, "title": "登记重大行政决策草案", "min_days": rules.min_consultation_days()},
    )


@login_required
def decision_edit(request, pk: int):
    decision = get_decision_for_staff(request, pk)
    if decision.stage != Stage.DRAFT or decision.pending_step:
        messages.error(request, "只有未提交审核的草案可以修改；征求意见稿公开后不能修改。")
        return redirect("staff_participation:decision", pk=decision.pk)
    c = decision.consultation
    initial = {
        "decision_body": decision.decision_body,
        "title": decision.title,
        "summary": decision.summary,
        "draft_text": c.draft_text,
        "explanation": c.explanation,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "shortened_reason": c.shortened_reason,
        "other_channels": c.other_channels,
    }
    form = DecisionForm(request.POST or None, initial=initial, agencies=None, fixed_agency=True)
    done = _submit(
        request,
        form,
        lambda data: services.update_decision(decision, actor=request.user, data=data),
        done="已保存。",
        to="staff_participation:decision",
    )
    if done:
        return done
    return render(
        request,
        "participation/staff/form.html",
        {
            "form": form,
            "title": f"修改：{decision.title}",
            "back": decision,
            "min_days": rules.min_consultation_days(),
        },
    )


@login_required
def decision_detail(request, pk: int):
    decision = get_decision_for_staff(request, pk)
    user = request.user
    consultation = decision.consultation
    today = timezone.localdate()
    can_approve = has_role(user, decision.agency, Role.REVIEWER, Role.HEAD)
    rows, totals = services.feedback_table(consultation)
    record = decision.decision_record
    return render(
        request,
        "participation/staff/decision.html",
        {
            "decision": decision,
            "consultation": consultation,
            "today": today,
            "days_left": consultation.days_left(today) if consultation.closes_on else None,
            "can_edit": has_role(user, decision.agency, Role.CLERK, Role.REVIEWER, Role.HEAD),
            "can_approve": can_approve and decision.submitted_by_id != user.pk,
            "is_submitter": decision.submitted_by_id == user.pk,
            "next_step": _next_step(decision),
            "outcome_form": OutcomeForm(
                initial={
                    "decided_on": decision.decided_on,
                    "decision_meeting": decision.decision_meeting,
                    "decision_text": decision.decision_text,
                    "decision_record": record.index_no if record else "",
                }
            ),
            "progress_form": ProgressForm(initial={"reported_on": today}),
            "note_form": NoteForm(),
            "feedback_rows": rows,
            "totals": totals,
            "pending_count": consultation.comments.pending().count(),
            "comment_count": consultation.comments.count(),
            "progress": decision.progress.all(),
            "events": _events(decision),
        },
    )


def _next_step(decision: Decision) -> str:
    return {
        Stage.DRAFT: Step.OPEN_CONSULTATION,
        Stage.REVIEWING: Step.PUBLISH_FEEDBACK,
        Stage.FEEDBACK: Step.PUBLISH_DECISION,
    }.get(decision.stage, "")


def _resolve_record(index_no: str, user):
    """The record with that 索引号 if it is public or of an agency the user works for; another
    agency's unpublished record is "not found" (its existence, title and status stay hidden)."""
    from gongkai.records.models import Record

    index_no = (index_no or "").strip()
    if not index_no:
        return None
    record = Record.objects.select_related("agency").filter(index_no=index_no).first()
    if record is None or not services.may_link_record(user, record):
        raise services.Refused({"decision_record": f"未找到索引号为“{index_no}”的政府信息。"})
    return record


def _act_submit(request, decision):
    services.submit_step(decision, actor=request.user, step=request.POST.get("step", ""))
    messages.success(request, "已提交审核。")


def _act_approve(request, decision):
    step = decision.get_pending_step_display()
    services.approve_step(decision, actor=request.user)
    messages.success(request, f"已审核通过并发布：{step}。")


def _act_return(request, decision):
    services.return_step(decision, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, "已退回。")


def _act_outcome(request, decision):
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        raise _form_errors(form)
    data = dict(form.cleaned_data)
    data["decision_record"] = _resolve_record(data["decision_record"], request.user)
    services.update_outcome(decision, actor=request.user, data=data)
    messages.success(request, "已保存决策结果。")


def _act_progress(request, decision):
    form = ProgressForm(request.POST)
    if not form.is_valid():
        raise services.Refused("请填写报告日期和实施情况（完成进度为 0 到 100）。")
    services.add_progress(decision, actor=request.user, **form.cleaned_data)
    messages.success(request, "已发布实施进展。")


def _act_feedback(request, decision):
    form = FeedbackSummaryForm(request.POST)
    if not form.is_valid():
        raise services.Refused({"feedback_summary": "请填写意见采纳情况总体说明。"})
    services.save_feedback_summary(
        decision, actor=request.user, summary=form.cleaned_data["feedback_summary"]
    )
    messages.success(request, "已保存意见采纳情况总体说明。")


def _act_theme(request, decision):
    form = ThemeForm(request.POST)
    if not form.is_valid():
        raise services.Refused({"title": "请填写意见类别名称。"})
    theme = None
    theme_id = request.POST.get("theme_id", "")
    if theme_id.isdigit():
        theme = decision.consultation.themes.filter(pk=int(theme_id)).first()
        if theme is None:
            raise Http404(NOT_FOUND)
    services.save_theme(
        decision,
        actor=request.user,
        title=form.cleaned_data["title"],
        response=form.cleaned_data["response"],
        order=form.cleaned_data["order"] or 0,
        theme=theme,
    )
    messages.success(request, "已保存意见类别。")


def _act_offline(request, decision):
    form = OfflineCommentForm(request.POST)
    if not form.is_valid():
        raise _form_errors(form)
    services.record_offline_comment(decision, actor=request.user, **form.cleaned_data)
    messages.success(request, "已登记意见，请审核。")


#: The explicit table of allowed actions on a decision (never a name taken from the request).
DECISION_ACTIONS = {
    "submit": _act_submit,
    "approve": _act_approve,
    "return": _act_return,
    "outcome": _act_outcome,
    "progress": _act_progress,
    "feedback": _act_feedback,
    "theme": _act_theme,
    "offline": _act_offline,
}
COMMENT_PAGE_ACTIONS = {"feedback", "theme", "offline"}


@login_required
@require_POST
def decision_action(request, pk: int, action: str):
    decision = get_decision_for_staff(request, pk)
    handler = DECISION_ACTIONS.get(action)
    if handler is None:
        raise Http404()
    try:
        handler(request, decision)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    if action in COMMENT_PAGE_ACTIONS:
        return redirect("staff_participation:comments", pk=decision.pk)
    return redirect("staff_participation:decision", pk=decision.pk)


def _masked_contact(comment: Comment) -> dict:
    return {
        "name": mask_name(comment.name) if comment.name else "（未填写）",
        "phone": mask_phone(comment.phone) if comment.phone else "—",
        "email": mask_email(comment.email) if comment.email else "—",
    }


@login_required
def comments(request, pk: int):
    decision = get_decision_for_staff(request, pk)
    consultation = decision.consultation
    reveal = False
    if request.method == "POST" and request.POST.get("action") == "reveal":
        try:
            services.reveal_comment_contacts(decision, actor=request.user)
            reveal = True
        except PermissionDenied as exc:
            _refused(request, exc)
    status = request.GET.get("status", "")
    qs = consultation.comments.select_related("theme", "moderated_by")
    if status in Moderation.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    themes = consultation.themes.all()
    theme_list = list(themes)
    rows = []
    for comment in page:
        contact = (
            {
                "name": comment.name or "（未填写）",
                "phone": comment.phone or "—",
                "email": comment.email or "—",
            }
            if reveal
            else _masked_contact(comment)
        )
        rows.append(
            (
                comment,
                contact,
                ModerateForm(
                    initial={
                        "status": comment.status
                        if comment.status != Moderation.PENDING
                        else Moderation.PUBLISHED,
                        "public_text": comment.public_text,
                    },
                    prefix=f"c{comment.pk}",
                ),
                ClassifyForm(
                    initial={"theme": comment.theme_id, "disposition": comment.disposition},
                    themes=themes,
                    theme_list=theme_list,
                    prefix=f"k{comment.pk}",
                ),
            )
        )
    feedback_rows, totals = services.feedback_table(consultation)
    return render(
        request,
        "participation/staff/comments.html",
        {
            "decision": decision,
            "consultation": consultation,
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": Moderation.choices,
            "reveal": reveal,
            "themes": theme_list,
            "feedback_rows": feedback_rows,
            "totals": totals,
            "theme_form": ThemeForm(),
            "summary_form": FeedbackSummaryForm(
                initial={"feedback_summary": consultation.feedback_summary}
            ),
            "offline_form": OfflineCommentForm(initial={"received_on": timezone.localdate()}),
            "editable": decision.stage in (Stage.CONSULTATION, Stage.REVIEWING)
            and not decision.pending_step,
            "pii_labels": rules.PII_LABELS,
            "query": f"status={status}" if status else "",
        },
    )


def _moderate_from_post(request, obj, *, prefix: str, service) -> None:
    """Run the moderation form posted for `obj` (a comment or a question) through `service`,
    with the outcome as a message ("意见#12：已审核。")."""
    form = ModerateForm(request.POST, prefix=f"{prefix}{obj.pk}")
    if not form.is_valid():
        messages.error(request, "请选择审核结果。")
        return
    text = form.cleaned_data["public_text"]
    try:
        service(
            obj,
            actor=request.user,
            status=form.cleaned_data["status"],
            public_text=text if text.strip() else None,
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"{obj}：已审核。")
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)


@login_required
@require_POST
def comment_moderate(request, pk: int):
    comment = get_comment_for_staff(request, pk)
    _moderate_from_post(request, comment, prefix="c", service=services.moderate_comment)
    return _back_to_comments(request, comment)


@login_required
@require_POST
def comment_classify(request, pk: int):
    comment = get_comment_for_staff(request, pk)
    themes = comment.consultation.themes.all()
    form = ClassifyForm(request.POST, themes=themes, prefix=f"k{comment.pk}")
    if form.is_valid():
        try:
            services.classify_comment(
                comment,
                actor=request.user,
                theme=form.cleaned_data["theme"],
                disposition=form.cleaned_data["disposition"],
            )
            messages.success(request, f"意见#{comment.pk}：已归类。")
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
    else:
        messages.error(request, "意见类别无效。")
    return _back_to_comments(request, comment)


def _back_to_comments(request, comment):
    target = request.POST.get("next", "")
    if target == "moderation":
        return redirect("staff_participation:moderation")
    return redirect("staff_participation:comments", pk=comment.consultation.decision_id)


#: The moderation page shows at most this many of each kind, oldest first.
MODERATION_LIMIT = 100


@login_required
def moderation(request):
    """Everything waiting for moderation in the user's agencies (the oldest first)."""
    agencies = _agencies(request)
    comment_qs = Comment.objects.pending().filter(consultation__decision__agency__in=agencies)
    question_qs = InterviewQuestion.objects.pending().filter(interview__agency__in=agencies)
    pending_comments = comment_qs.select_related("consultation__decision__agency")[
        :MODERATION_LIMIT
    ]
    pending_questions = question_qs.select_related("interview__agency")[:MODERATION_LIMIT]
    return render(
        request,
        "participation/staff/moderation.html",
        {
            "comments": [
                (
                    c,
                    ModerateForm(
                        initial={"status": Moderation.PUBLISHED, "public_text": c.public_text},
                        prefix=f"c{c.pk}",
                    ),
                )
                for c in pending_comments
            ],
            "questions": [
                (
                    q,
                    ModerateForm(
                        initial={"status": Moderation.PUBLISHED, "public_text": q.public_text},
                        prefix=f"q{q.pk}",
                    ),
                )
                for q in pending_questions
            ],
            "comment_total": comment_qs.count(),
            "question_total": question_qs.count(),
            "limit": MODERATION_LIMIT,
            "pii_labels": rules.PII_LABELS,
        },
    )


# -- interviews -----------------------------------------------------------------------------------


@login_required
def interviews(request):
    qs = Interview.objects.for_agencies(_agencies(request)).select_related("agency")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "participation/staff/interviews.html", {"page": page})


def _data_without_agency(form):
    """The form's cleaned data for a save service, which takes the agency separately."""
    data = dict(form.cleaned_data)
    data.pop("agency", None)
    return data


def _submit(request, form, save, *, done: str, to: str):
    """A posted create or edit form: `save(data)` (the form's data without its agency) runs the
    service; a refusal is shown on the form or as a message. Returns the redirect to `to` (the
    saved object's page) on success, else None: render the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = save(_data_without_agency(form))
    except ValidationError as exc:
        add_refusal(form, exc)
    except PermissionDenied as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
        return redirect(to, pk=obj.pk)
    return None


def _local_initial(obj, names, *, datetimes):
    """Initial form values read from `obj`, its datetimes in local time."""
    initial = {n: getattr(obj, n) for n in names}
    for name in datetimes:
        initial[name] = timezone.localtime(initial[name])
    return initial


@login_required
def interview_new(request):
    agencies = _require_any_agency(request)
    form = InterviewForm(request.POST or None, agencies=agencies)
    done = _submit(
        request,
        form,
        lambda data: services.save_interview(
            actor=request.user, agency=form.cleaned_data["agency"], data=data
        ),
        done="已登记访谈，请添加嘉宾后发布预告。",
        to="staff_participation:interview",
    )
    if done:
        return done
    return render(request, "participation/staff/form.html", {"form": form, "title": "登记在线访谈"})


@login_required
def interview_edit(request, pk: int):
    interview = get_interview_for_staff(request, pk)
    initial = _local_initial(
        interview,
        ("title", "summary", "starts_at", "ends_at", "host"),
        datetimes=("starts_at", "ends_at"),
    )
    form = InterviewForm(request.POST or None, initial=initial, fixed_agency=True)
    done = _submit(
        request,
        form,
        lambda data: services.save_interview(actor=request.user, interview=interview, data=data),
        done="已保存。",
        to="staff_participation:interview",
    )
    if done:
        return done
    return render(
        request,
        "participation/staff/form.html",
        {"form": form, "title": f"修改：{interview.title}", "back_interview": interview},
    )


@login_required
def interview_detail(request, pk: int):
    interview = get_interview_for_staff(request, pk)
    questions = Paginator(interview.questions.all(), 50).get_page(request.GET.get("page"))
    published = interview.questions.public()
    return render(
        request,
        "participation/staff/interview.html",
        {
            "interview": interview,
            "guests": interview.guests.all(),
            "questions": [
                (
                    q,
                    mask_name(q.name) if q.name else "（未填写）",
                    mask_phone(q.phone),
                    ModerateForm(
                        initial={
                            "status": q.status
                            if q.status != Moderation.PENDING
                            else Moderation.PUBLISHED,
                            "public_text": q.public_text,
                        },
                        prefix=f"q{q.pk}",
                    ),
                )
                for q in questions
            ],
            "page": questions,
            "transcript": interview.transcript.select_related("guest"),
            "guest_form": GuestForm(),
            "transcript_form": TranscriptForm(questions=published, guests=interview.guests.all()),
            "reason_form": ReasonForm(),
            "can_approve": has_role(request.user, interview.agency, Role.REVIEWER, Role.HEAD),
            "now": timezone.now(),
            "pii_labels": rules.PII_LABELS,
            "events": _events(interview),
        },
    )


def _act_announce(request, interview):
    services.announce_interview(interview, actor=request.user)
    messages.success(request, "已发布访谈预告，开始征集网友提问。")


def _act_transcript(request, interview):
    services.publish_transcript(interview, actor=request.user)
    messages.success(request, "已发布文字实录。")


def _act_cancel_interview(request, interview):
    services.cancel_interview(interview, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, "已取消访谈。")


def _act_guest(request, interview):
    form = GuestForm(request.POST)
    if not form.is_valid():
        raise services.Refused("请填写嘉宾姓名和职务。")
    services.add_guest(interview, actor=request.user, **form.cleaned_data)
    messages.success(request, "已添加嘉宾。")


def _act_item(request, interview):
    form = TranscriptForm(
        request.POST, questions=interview.questions.public(), guests=interview.guests.all()
    )
    if not form.is_valid():
        raise _form_errors(form)
    services.add_transcript_item(interview, actor=request.user, **form.cleaned_data)
    messages.success(request, "已添加实录条目。")


INTERVIEW_ACTIONS = {
    "announce": _act_announce,
    "transcript": _act_transcript,
    "cancel": _act_cancel_interview,
    "guest": _act_guest,
    "item": _act_item,
}


@login_required
@require_POST
def interview_action(request, pk: int, action: str):
    interview = get_interview_for_staff(request, pk)
    handler = INTERVIEW_ACTIONS.get(action)
    if handler is None:
        raise Http404()
    try:
        handler(request, interview)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("staff_participation:interview", pk=interview.pk)


@login_required
@require_POST
def question_moderate(request, pk: int):
    question = get_question_for_staff(request, pk)
    _moderate_from_post(request, question, prefix="q", service=services.moderate_question)
    if request.POST.get("next") == "moderation":
        return redirect("staff_participation:moderation")
    return redirect("staff_participation:interview", pk=question.interview_id)


# -- open days ------------------------------------------------------------------------------------


@login_required
def open_days(request):
    qs = OpenDay.objects.for_agencies(_agencies(request)).select_related("agency")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "participation/staff/open_days.html", {"page": page})


@login_required
def open_day_new(request):
    agencies = _require_any_agency(request)
    form = OpenDayForm(request.POST or None, agencies=agencies)
    done = _submit(
        request,
        form,
        lambda data: services.save_open_day(
            actor=request.user, agency=form.cleaned_data["agency"], data=data
        ),
        done="已登记开放日活动。",
        to="staff_participation:open_day",
    )
    if done:
        return done
    return render(
        request, "participation/staff/form.html", {"form": form, "title": "登记政府开放日活动"}
    )


@login_required
def open_day_edit(request, pk: int):
    day = get_open_day_for_staff(request, pk)
    names = [
        "title",
        "description",
        "starts_at",
        "ends_at",
        "place",
        "capacity",
        "registration_closes_at",
        "report",
    ]
    initial = _local_initial(
        day, names, datetimes=("starts_at", "ends_at", "registration_closes_at")
    )
    form = OpenDayForm(request.POST or None, initial=initial, fixed_agency=True)
    done = _submit(
        request,
        form,
        lambda data: services.save_open_day(actor=request.user, open_day=day, data=data),
        done="已保存。",
        to="staff_participation:open_day",
    )
    if done:
        return done
    return render(
        request,
        "participation/staff/form.html",
        {"form": form, "title": f"修改：{day.title}", "back_open_day": day},
    )


@login_required
def open_day_detail(request, pk: int):
    day = get_open_day_for_staff(request, pk)
    reveal = False
    if request.method == "POST" and request.POST.get("action") == "reveal":
        try:
            services.reveal_registrations(day, actor=request.user)
            reveal = True
        except PermissionDenied as exc:
            _refused(request, exc)
    registrations = day.registrations.all()
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    rows = [
        (
            r,
            r.name if reveal else mask_name(r.name),
            r.mobile if reveal else mask_phone(r.mobile),
        )
        for r in page
    ]
    return render(
        request,
        "participation/staff/open_day.html",
        {
            "day": day,
            "rows": rows,
            "page": page,
            "reveal": reveal,
            "confirmed": registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
            "reason_form": ReasonForm(),
            "can_approve": has_role(request.user, day.agency, Role.REVIEWER, Role.HEAD),
            "events": _events(day),
        },
    )


def _act_publish_day(request, day):
    services.publish_open_day(day, actor=request.user)
    messages.success(request, "已发布，开始接受报名。")


def _act_cancel_day(request, day):
    services.cancel_open_day(day, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, "已取消活动。请通知已报名的人员。")


OPEN_DAY_ACTIONS = {"publish": _act_publish_day, "cancel": _act_cancel_day}


@login_required
@require_POST
def open_day_action(request, pk: int, action: str):
    day = get_open_day_for_staff(request, pk)
    handler = OPEN_DAY_ACTIONS.get(action)
    if handler is None:
        raise Http404()
    try:
        handler(request, day)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("staff_participation:open_day", pk=day.pk)


@login_required
@require_POST
def registration_cancel(request, pk: int):
    registration = get_registration_for_staff(request, pk)
    try:
        services.cancel_registration(
            registration, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"已取消报名 {registration.number}，名额已释放。")
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("staff_participation:open_day", pk=registration.open_day_id)
