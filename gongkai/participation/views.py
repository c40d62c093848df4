"""Public pages of 互动交流 (/interact/...). They read only public rows (`.public()`) and show
comments and questions only after moderation, in their masked form, without contact data."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gongkai.records.models import Record

from . import antispam, services
from .forms import CancelRegistrationForm, CommentForm, QuestionForm, RegistrationForm, add_refusal
from .models import (
    PUBLIC_STAGES,
    Decision,
    Interview,
    InterviewStatus,
    OpenDay,
    OpenDayStatus,
    Stage,
)


def _client(request) -> str | None:
    return getattr(request, "client_address", None) or request.META.get("REMOTE_ADDR")


def _decisions():
    return Decision.objects.public().select_related("agency", "consultation")


def index(request):
    today = timezone.localdate()
    now = timezone.now()
    open_now = list(_decisions().open_on(today).order_by("consultation__closes_on", "id"))
    upcoming = list(
        _decisions()
        .filter(stage=Stage.CONSULTATION, consultation__opens_on__gt=today)
        .order_by("consultation__opens_on", "id")
    )
    later = list(_decisions().exclude(stage=Stage.CONSULTATION).order_by("-updated_at", "-id")[:8])
    interviews = Interview.objects.public().select_related("agency")
    open_days = OpenDay.objects.public().select_related("agency")
    return render(
        request,
        "participation/index.html",
        {
            "open_now": [(d, d.consultation.days_left(today)) for d in open_now],
            "upcoming": upcoming,
            "later": later,
            "next_interviews": interviews.filter(
                status=InterviewStatus.ANNOUNCED, ends_at__gte=now
            ).order_by("starts_at")[:5],
            "past_interviews": interviews.filter(status=InterviewStatus.TRANSCRIBED)[:5],
            "next_open_days": open_days.filter(
                status=OpenDayStatus.PUBLISHED, ends_at__gte=now
            ).order_by("starts_at")[:5],
            "today": today,
        },
    )


def decision_list(request):
    qs = _decisions().order_by("-consultation__opens_on", "-id")
    stage = request.GET.get("stage", "")
    if stage in [s.value for s in PUBLIC_STAGES]:
        qs = qs.filter(stage=stage)
    else:
        stage = ""
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/decision_list.html",
        {
            "page": page,
            "stage": stage,
            "stages": [(s.value, s.label) for s in PUBLIC_STAGES],
            "query": f"stage={stage}" if stage else "",
            "today": timezone.localdate(),
        },
    )


def _public_decision(pk: int) -> Decision:
    decision = _decisions().filter(pk=pk).first()
    if decision is None:
        raise Http404("未找到该决策事项。")
    return decision


@never_cache
def decision_detail(request, pk: int):
    decision = _public_decision(pk)
    consultation = decision.consultation
    today = timezone.localdate()
    is_open = consultation.is_open(today)
    form = None
    if is_open:
        if request.method == "POST":
            form = CommentForm(request.POST)
            if form.is_valid():
                if not antispam.allow_submission(_client(request)):
                    form.add_error(None, "提交过于频繁，请稍后再试。")
                else:
                    try:
                        services.submit_comment(
                            decision,
                            name=form.cleaned_data["name"],
                            phone=form.cleaned_data["phone"],
                            email=form.cleaned_data["email"],
                            text=form.cleaned_data["text"],
                        )
                    except services.Refused as exc:
                        add_refusal(form, exc)
                    else:
                        messages.success(
                            request,
                            "您的意见已提交，感谢参与。意见经审核后公开显示（联系方式不公开）。",
                        )
                        return redirect(decision.get_absolute_url() + "#comments")
        else:
            form = CommentForm()
    elif request.method == "POST":
        messages.error(request, "该草案现在不在征求意见期内，不能提交意见。")
        return redirect(decision.get_absolute_url())
    question = form.refresh_challenge() if form is not None else None
    comments = Paginator(
        consultation.comments.public().order_by("-received_on", "-id"), 20
    ).get_page(request.GET.get("page"))
    feedback_rows, totals = (
        services.feedback_table(consultation) if consultation.feedback_published_at else ([], None)
    )
    record = interpretations = None
    if decision.decision_published_at and decision.decision_record_id:
        record = Record.objects.public().filter(pk=decision.decision_record_id).first()
        if record is not None:
            interpretations = list(Record.objects.public().filter(interprets=record))
    return render(
        request,
        "participation/decision_detail.html",
        {
            "decision": decision,
            "consultation": consultation,
            "today": today,
            "is_open": is_open,
            "days_left": consultation.days_left(today),
            "form": form,
            "question": question,
            "comments": comments,
            "feedback_rows": feedback_rows,
            "totals": totals,
            "record": record,
            "interpretations": interpretations,
            "progress": decision.progress.all() if decision.decision_published_at else [],
            "chain": _chain(decision, record, interpretations),
        },
    )


def _chain(decision: Decision, record, interpretations) -> list[tuple[str, bool, str]]:
    """The steps draft → consultation → feedback → decision → interpretation → results, each with
    whether it is done and an anchor on the page."""
    c = decision.consultation
    return [
        ("公开征求意见", c.published_at is not None, "#draft"),
        ("意见采纳情况反馈", c.feedback_published_at is not None, "#feedback"),
        ("决策结果", decision.decision_published_at is not None, "#result"),
        ("政策解读", bool(interpretations), "#result"),
        ("实施进展", decision.progress.exists(), "#progress"),
    ]


def interview_list(request):
    qs = Interview.objects.public().select_related("agency")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request, "participation/interview_list.html", {"page": page, "now": timezone.now()}
    )


@never_cache
def interview_detail(request, pk: int):
    interview = Interview.objects.public().select_related("agency").filter(pk=pk).first()
    if interview is None:
        raise Http404("未找到该访谈。")
    now = timezone.now()
    form = None
    if interview.accepts_questions(now):
        form = QuestionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            if not antispam.allow_submission(_client(request)):
                form.add_error(None, "提交过于频繁，请稍后再试。")
            else:
                try:
                    services.submit_question(
                        interview,
                        name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"],
                        text=form.cleaned_data["text"],
                    )
                except services.Refused as exc:
                    add_refusal(form, exc)
                else:
                    messages.success(request, "您的问题已提交，经审核后公开显示。")
                    return redirect(interview.get_absolute_url() + "#questions")
    elif request.method == "POST":
        messages.error(request, "该访谈现在不接受提问。")
        return redirect(interview.get_absolute_url())
    question = form.refresh_challenge() if form is not None else None
    return render(
        request,
        "participation/interview_detail.html",
        {
            "interview": interview,
            "guests": interview.guests.all(),
            "questions": Paginator(interview.questions.public(), 20).get_page(
                request.GET.get("page")
            ),
            "transcript": interview.transcript.select_related("guest")
            if interview.status == InterviewStatus.TRANSCRIBED
            else [],
            "form": form,
            "question": question,
            "now": now,
        },
    )


def open_day_list(request):
    qs = OpenDay.objects.public().select_related("agency")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "participation/open_day_list.html",
        {"page": page, "rows": [(o, o.public_state(now)) for o in page]},
    )


@never_cache
def open_day_detail(request, pk: int):
    day = OpenDay.objects.public().select_related("agency").filter(pk=pk).first()
    if day is None:
        raise Http404("未找到该活动。")
    now = timezone.now()
    form = None
    if day.accepts_registrations(now):
        form = RegistrationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            if not antispam.allow_submission(_client(request)):
                form.add_error(None, "提交过于频繁，请稍后再试。")
            else:
                try:
                    registration, code = services.register(
                        day, name=form.cleaned_data["name"], mobile=form.cleaned_data["mobile"]
                    )
                except services.Refused as exc:
                    add_refusal(form, exc)
                else:
                    # Shown once on the next page, never put in a URL.
                    request.session["gk_open_day_done"] = {
                        "number": registration.number,
                        "code": code,
                        "open_day": day.pk,
                    }
                    return redirect("participation:registered")
    elif request.method == "POST":
        messages.error(request, "该活动现在不接受报名。")
        return redirect(day.get_absolute_url())
    question = form.refresh_challenge() if form is not None else None
    return render(
        request,
        "participation/open_day_detail.html",
        {"day": day, "form": form, "question": question, "state": day.public_state(now)},
    )


@never_cache
def registered(request):
    info = request.session.pop("gk_open_day_done", None)
    if not info:
        return redirect("participation:open_days")
    day = OpenDay.objects.public().filter(pk=info["open_day"]).first()
    return render(request, "participation/registered.html", {**info, "day": day})


@never_cache
def cancel_registration(request):
    form = CancelRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not antispam.allow_submission(_client(request)):
            form.add_error(None, "操作过于频繁，请稍后再试。")
        else:
            try:
                registration = services.cancel_registration_by_code(
                    number=form.cleaned_data["number"], code=form.cleaned_data["code"]
                )
            except services.Refused as exc:
                add_refusal(form, exc)
            else:
                messages.success(
                    request, f"已取消报名（{registration.open_day.title}），名额已释放。"
                )
                return redirect(registration.open_day.get_absolute_url())
    return render(request, "participation/cancel.html", {"form": form})
