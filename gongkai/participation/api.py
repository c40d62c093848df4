"""Open API of 互动交流: decisions with their consultation, feedback and results, interviews and
open days. Public rows only; comments and questions only after moderation, masked; no contact
data and no registrant data, ever."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.records.models import Record

from . import services
from .models import PUBLIC_STAGES, Decision, Interview, InterviewStatus, Moderation, OpenDay

router = Router(tags=["互动交流"])


class ConsultationOut(Schema):
    opens_on: datetime.date | None = Field(description="征求意见开始日期")
    closes_on: datetime.date | None = Field(description="征求意见截止日期（当日仍可提交）")
    is_open: bool = Field(description="今天是否在征求意见期内")
    days_left: int | None = Field(description="距截止日期的天数（0 为今天截止，负数为已截止）")
    shortened_reason: str = Field(description="缩短征求意见期限的理由")
    published_comments: int = Field(description="已公开显示的意见条数")


class DecisionOut(Schema):
    id: int
    url: str
    title: str = Field(description="决策事项名称")
    agency: str = Field(description="决策承办单位代码")
    agency_name: str
    decision_body: str = Field(description="决策机关")
    stage: str
    stage_label: str
    summary: str = Field(description="决策事项简介")
    consultation: ConsultationOut
    decided_on: datetime.date | None = Field(description="决策日期（决策结果发布后）")


class CommentOut(Schema):
    name: str = Field(description="提出人（已去标识化，未填写为“网友”）")
    received_on: datetime.date
    text: str = Field(description="意见内容（已遮蔽个人信息）")


class ThemeOut(Schema):
    title: str = Field(description="意见类别")
    received: int
    adopted: int
    partly: int = Field(description="部分采纳")
    not_adopted: int
    response: str = Field(description="采纳情况及理由")


class FeedbackOut(Schema):
    published_at: datetime.datetime
    summary: str
    received: int = Field(description="收到意见总数（审核后计入的意见）")
    adopted: int
    partly: int
    not_adopted: int
    themes: list[ThemeOut]


class RecordLinkOut(Schema):
    title: str
    index_no: str
    url: str


class ProgressOut(Schema):
    reported_on: datetime.date
    text: str
    percent: int | None
    completes: bool


class DecisionDetailOut(DecisionOut):
    draft_text: str = Field(description="征求意见稿")
    explanation: str = Field(description="起草说明")
    other_channels: str = Field(description="其他提出意见的方式")
    comments_url: str = Field(
        description="已公开意见的分页接口地址（条数见 consultation.published_comments）"
    )
    feedback: FeedbackOut | None
    decision_meeting: str
    decision_text: str
    decision_record: RecordLinkOut | None = Field(description="决策文件（政府信息）")
    interpretations: list[RecordLinkOut] = Field(description="政策解读")
    progress: list[ProgressOut] = Field(description="实施进展")


def _link(record: Record) -> dict:
    return {"title": record.title, "index_no": record.index_no, "url": record.get_absolute_url()}


def _decision_out(decision: Decision, today: datetime.date) -> dict:
    c = decision.consultation
    published = decision.decision_published_at is not None
    return {
        "id": decision.pk,
        "url": decision.get_absolute_url(),
        "title": decision.title,
        "agency": decision.agency.code,
        "agency_name": decision.agency.name,
        "decision_body": decision.decision_body,
        "stage": decision.stage,
        "stage_label": decision.get_stage_display(),
        "summary": decision.summary,
        "consultation": {
            "opens_on": c.opens_on,
            "closes_on": c.closes_on,
            "is_open": c.is_open(today),
            "days_left": c.days_left(today),
            "shortened_reason": c.shortened_reason,
            "published_comments": decision.published_comments
            if hasattr(decision, "published_comments")
            else c.comments.public().count(),
        },
        "decided_on": decision.decided_on if published else None,
    }


class _Mapped:
    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [self.fn(obj) for obj in self.qs[key]]


@router.get("/decisions", response=list[DecisionOut], summary="重大行政决策（征求意见）")
@paginate(LimitOffsetPagination)
def list_decisions(request, stage: str = "", agency: str = "", open: bool | None = None):
    """已公开的重大行政决策事项；可按阶段（stage）、承办单位代码（agency）筛选，open=true 只返回
    今天在征求意见期内的事项（按截止日期排序）。"""
    today = timezone.localdate()
    qs = (
        Decision.objects.public()
        .select_related("agency", "consultation")
        .annotate(
            published_comments=Count(
                "consultation__comments",
                filter=Q(consultation__comments__status=Moderation.PUBLISHED),
            )
        )
    )
    if stage in [s.value for s in PUBLIC_STAGES]:
        qs = qs.filter(stage=stage)
    if agency:
        qs = qs.filter(agency__code=agency)
    if open:
        qs = qs.open_on(today).order_by("consultation__closes_on", "id")
    else:
        qs = qs.order_by("-consultation__opens_on", "-id")
    return _Mapped(qs, lambda d: _decision_out(d, today))


@router.get("/decisions/{decision_id}", response=DecisionDetailOut, summary="一项重大行政决策")
def get_decision(request, decision_id: int):
    decision = get_object_or_404(
        Decision.objects.public().select_related("agency", "consultation"), pk=decision_id
    )
    today = timezone.localdate()
    c = decision.consultation
    out = _decision_out(decision, today)
    out.update(
        draft_text=c.draft_text,
        explanation=c.explanation,
        other_channels=c.other_channels,
        comments_url=reverse("api-v1:list_decision_comments", args=[decision.pk]),
        feedback=None,
        decision_meeting="",
        decision_text="",
        decision_record=None,
        interpretations=[],
        progress=[],
    )
    if c.feedback_published_at:
        rows, totals = services.feedback_table(c)
        out["feedback"] = {
            "published_at": c.feedback_published_at,
            "summary": c.feedback_summary,
            **totals,
            "themes": [{"title": t.title, "response": t.response, **n} for t, n in rows],
        }
    if decision.decision_published_at:
        out.update(
            decision_meeting=decision.decision_meeting,
            decision_text=decision.decision_text,
            progress=[
                {
                    "reported_on": p.reported_on,
                    "text": p.text,
                    "percent": p.percent,
                    "completes": p.completes,
                }
                for p in decision.progress.all()
            ],
        )
        record = Record.objects.public().filter(pk=decision.decision_record_id).first()
        if record is not None:
            out["decision_record"] = _link(record)
            out["interpretations"] = [
                _link(r) for r in Record.objects.public().filter(interprets=record)
            ]
    return out


@router.get(
    "/decisions/{decision_id}/comments",
    response=list[CommentOut],
    summary="一项重大行政决策的已公开意见",
)
@paginate(LimitOffsetPagination)
def list_decision_comments(request, decision_id: int):
    """审核后公开显示的意见（已遮蔽个人信息），按收到日期排序；不含联系方式。"""
    decision = get_object_or_404(
        Decision.objects.public().select_related("consultation"), pk=decision_id
    )
    qs = decision.consultation.comments.public().order_by("received_on", "id")
    return _Mapped(
        qs,
        lambda x: {"name": x.public_name, "received_on": x.received_on, "text": x.public_text},
    )


class GuestOut(Schema):
    name: str
    position: str = Field(description="职务")


class TranscriptOut(Schema):
    asked_by: str
    question: str
    answered_by: str
    answer: str


class InterviewOut(Schema):
    id: int
    url: str
    title: str
    agency: str
    agency_name: str
    summary: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    host: str
    status: str
    status_label: str
    guests: list[GuestOut]


class QuestionOut(Schema):
    name: str = Field(description="提问人（已去标识化，未填写为“网友”）")
    received_on: datetime.date
    text: str = Field(description="问题内容（已遮蔽个人信息）")


def _question_out(question) -> dict:
    return {
        "name": question.public_name,
        "received_on": timezone.localdate(question.created_at),
        "text": question.public_text,
    }


class InterviewDetailOut(InterviewOut):
    published_questions: int = Field(description="审核后公开显示的网友提问条数")
    questions_url: str = Field(description="已公开网友提问的分页接口地址")
    transcript: list[TranscriptOut] = Field(description="文字实录")
    cancel_reason: str


def _interview_out(interview: Interview) -> dict:
    return {
        "id": interview.pk,
        "url": interview.get_absolute_url(),
        "title": interview.title,
        "agency": interview.agency.code,
        "agency_name": interview.agency.name,
        "summary": interview.summary,
        "starts_at": interview.starts_at,
        "ends_at": interview.ends_at,
        "host": interview.host,
        "status": interview.status,
        "status_label": interview.get_status_display(),
        "guests": [{"name": g.name, "position": g.position} for g in interview.guests.all()],
    }


@router.get("/interviews", response=list[InterviewOut], summary="在线访谈")
@paginate(LimitOffsetPagination)
def list_interviews(request, agency: str = ""):
    qs = Interview.objects.public().select_related("agency").prefetch_related("guests")
    if agency:
        qs = qs.filter(agency__code=agency)
    return _Mapped(qs, _interview_out)


@router.get("/interviews/{interview_id}", response=InterviewDetailOut, summary="一次在线访谈")
def get_interview(request, interview_id: int):
    interview = get_object_or_404(
        Interview.objects.public().select_related("agency"), pk=interview_id
    )
    out = _interview_out(interview)
    out["cancel_reason"] = interview.cancel_reason
    out["published_questions"] = interview.questions.public().count()
    out["questions_url"] = reverse("api-v1:list_interview_questions", args=[interview.pk])
    out["transcript"] = (
        [
            {
                "asked_by": t.asked_by,
                "question": t.question,
                "answered_by": str(t.guest) if t.guest else "",
                "answer": t.answer,
            }
            for t in interview.transcript.select_related("guest")
        ]
        if interview.status == InterviewStatus.TRANSCRIBED
        else []
    )
    return out


@router.get(
    "/interviews/{interview_id}/questions",
    response=list[QuestionOut],
    summary="一次在线访谈的已公开网友提问",
)
@paginate(LimitOffsetPagination)
def list_interview_questions(request, interview_id: int):
    """审核后公开显示的网友提问（已遮蔽个人信息），按收到时间排序；不含联系方式。"""
    interview = get_object_or_404(Interview.objects.public(), pk=interview_id)
    return _Mapped(interview.questions.public().order_by("created_at", "id"), _question_out)


class OpenDayOut(Schema):
    id: int
    url: str
    title: str
    agency: str
    agency_name: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    capacity: int = Field(description="名额")
    remaining: int = Field(description="剩余名额")
    registration_closes_at: datetime.datetime
    accepts_registrations: bool
    status: str
    status_label: str
    cancel_reason: str
    report: str = Field(description="活动回顾")


def _open_day_out(day: OpenDay, now) -> dict:
    return {
        "id": day.pk,
        "url": day.get_absolute_url(),
        "title": day.title,
        "agency": day.agency.code,
        "agency_name": day.agency.name,
        "description": day.description,
        "starts_at": day.starts_at,
        "ends_at": day.ends_at,
        "place": day.place,
        "capacity": day.capacity,
        "remaining": day.remaining,
        "registration_closes_at": day.registration_closes_at,
        "accepts_registrations": day.accepts_registrations(now),
        "status": day.status,
        "status_label": day.get_status_display(),
        "cancel_reason": day.cancel_reason,
        "report": day.report,
    }


@router.get("/open-days", response=list[OpenDayOut], summary="政府开放日")
@paginate(LimitOffsetPagination)
def list_open_days(request, agency: str = ""):
    now = timezone.now()
    qs = OpenDay.objects.public().select_related("agency")
    if agency:
        qs = qs.filter(agency__code=agency)
    return _Mapped(qs, lambda d: _open_day_out(d, now))


@router.get("/open-days/{open_day_id}", response=OpenDayOut, summary="一次政府开放日活动")
def get_open_day(request, open_day_id: int):
    day = get_object_or_404(OpenDay.objects.public().select_related("agency"), pk=open_day_id)
    return _open_day_out(day, timezone.now())
