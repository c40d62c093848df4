"""Public participation (互动交流): major administrative decisions put to public consultation
(重大行政决策预公开), online interviews (在线访谈) and government open days (政府开放日).

A decision (`Decision`) follows one chain, each link public once approved:
draft (草拟) → consultation (公开征求意见, `Consultation` with its dates and `Comment`s) →
review of the comments → 意见采纳情况反馈 (counts per `FeedbackTheme`, computed from the moderated
comments) → the decision (linked to its government record in `records`, whose interpretations
appear beside it) → implementation progress (`ProgressUpdate`).

Contact details of the public (phones, e-mail) are kept for staff only; names are shown masked
and comment text is shown in its masked form (`public_text`) after moderation.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from . import rules


class Stage(models.TextChoices):
    DRAFT = "draft", "草拟中"
    CONSULTATION = "consultation", "公开征求意见"
    REVIEWING = "reviewing", "意见研究处理中"
    FEEDBACK = "feedback", "已反馈意见采纳情况"
    DECIDED = "decided", "已作出决策"
    COMPLETED = "completed", "实施完成"


#: The public chain of a decision, in order (the draft stage is internal).
PUBLIC_STAGES = [
    Stage.CONSULTATION,
    Stage.REVIEWING,
    Stage.FEEDBACK,
    Stage.DECIDED,
    Stage.COMPLETED,
]


class Step(models.TextChoices):
    """A publication that needs a second person's approval (审核人 or 机构负责人)."""

    OPEN_CONSULTATION = "open_consultation", "发布征求意见稿"
    PUBLISH_FEEDBACK = "publish_feedback", "发布意见采纳情况反馈"
    PUBLISH_DECISION = "publish_decision", "发布决策结果"


#: Which stage a step starts from and leads to.
STEP_STAGES = {
    Step.OPEN_CONSULTATION: (Stage.DRAFT, Stage.CONSULTATION),
    Step.PUBLISH_FEEDBACK: (Stage.REVIEWING, Stage.FEEDBACK),
    Step.PUBLISH_DECISION: (Stage.FEEDBACK, Stage.DECIDED),
}


class DecisionQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(stage=Stage.DRAFT)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def open_on(self, today: datetime.date):
        return self.filter(
            stage=Stage.CONSULTATION,
            consultation__opens_on__lte=today,
            consultation__closes_on__gte=today,
        )

    def closing_soon(self, today: datetime.date):
        return self.open_on(today).filter(
            consultation__closes_on__lte=today + datetime.timedelta(days=rules.CLOSING_SOON_DAYS)
        )

    def due_to_close(self, today: datetime.date):
        """Consultations still marked open whose close date has passed (for `tick`)."""
        return self.filter(stage=Stage.CONSULTATION, consultation__closes_on__lt=today)

    def feedback_overdue(self, today: datetime.date):
        """Closed consultations without published feedback past the feedback limit."""
        last_close = today - datetime.timedelta(days=rules.feedback_days())
        return self.filter(
            stage__in=[Stage.CONSULTATION, Stage.REVIEWING],
            consultation__closes_on__lt=last_close,
        )

    def awaiting_review(self):
        return self.exclude(pending_step="")


class Decision(models.Model):
    """A major administrative decision (重大行政决策) handled by one agency."""

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="决策承办单位",
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision_body = models.CharField(
        "决策机关", max_length=100, help_text="作出决策的行政机关，例如示范区人民政府。"
    )
    title = models.CharField("决策事项名称", max_length=200)
    summary = models.TextField("决策事项简介", help_text="公开征求意见时一并公开。")
    stage = models.CharField(
        "阶段", max_length=16, choices=Stage.choices, default=Stage.DRAFT, db_index=True
    )
    pending_step = models.CharField(
        "待审核事项", max_length=20, choices=Step.choices, blank=True, default=""
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField("退回意见", blank=True)
    # The decision itself (决策结果).
    decided_on = models.DateField("决策日期", null=True, blank=True)
    decision_meeting = models.CharField(
        "审议会议", max_length=200, blank=True, help_text="例如：区政府第12次常务会议。"
    )
    decision_text = models.TextField("决策内容", blank=True)
    decision_record = models.ForeignKey(
        "records.Record",
        verbose_name="决策文件（政府信息）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_decisions",
        help_text="决策文件在政府信息中发布后，公开页面链接到该文件及其政策解读。",
    )
    decision_published_at = models.DateTimeField("决策结果发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:decision", args=[self.pk])

    def audit_agency(self):
        return self.agency

    @property
    def is_public(self) -> bool:
        return self.stage != Stage.DRAFT

    @property
    def chain_position(self) -> int:
        return PUBLIC_STAGES.index(self.stage) if self.stage in PUBLIC_STAGES else -1


class Consultation(models.Model):
    """The public consultation on a decision's draft: text, dates, and the feedback on it."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="consultation")
    draft_text = models.TextField("征求意见稿", help_text="决策草案全文，每段一行。")
    explanation = models.TextField("起草说明", blank=True)
    opens_on = models.DateField("征求意见开始日期", null=True, blank=True)
    closes_on = models.DateField("征求意见截止日期", null=True, blank=True)
    shortened_reason = models.TextField(
        "缩短期限的理由",
        blank=True,
        help_text="征求意见期限少于规定日数时必填，并随草案一并公开。",
    )
    other_channels = models.TextField(
        "其他提出意见的方式",
        blank=True,
        help_text="例如信函地址、电子邮箱；会在公开页面显示。",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    feedback_summary = models.TextField(
        "意见采纳情况总体说明",
        blank=True,
        help_text="说明意见征集总体情况、主要意见及采纳情况；各类意见的数量由系统根据审核后的意见自动统计。",
    )
    feedback_published_at = models.DateTimeField("反馈发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "公开征求意见"
        verbose_name_plural = "公开征求意见"

    def __str__(self) -> str:
        return f"《{self.decision.title}》征求意见"

    def audit_agency(self):
        return self.decision.agency

    @property
    def period_days(self) -> int | None:
        if self.opens_on and self.closes_on:
            return (self.closes_on - self.opens_on).days
        return None

    def is_open(self, today: datetime.date) -> bool:
        return (
            self.decision.stage == Stage.CONSULTATION
            and self.opens_on is not None
            and self.opens_on <= today <= self.closes_on
        )

    def days_left(self, today: datetime.date) -> int | None:
        return rules.days_left(self.closes_on, today) if self.closes_on else None

    @property
    def feedback_due(self) -> datetime.date | None:
        return rules.feedback_due(self.closes_on) if self.closes_on else None

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.draft_text.splitlines() if p.strip()]


class Moderation(models.TextChoices):
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已公开"
    WITHHELD = "withheld", "计入意见但不公开显示"
    REJECTED = "rejected", "无效（不计入）"


#: Moderation states whose comments count as opinions received.
COUNTED = [Moderation.PUBLISHED, Moderation.WITHHELD]


class ModeratedQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Moderation.PUBLISHED)

    def pending(self):
        return self.filter(status=Moderation.PENDING)


class Moderated(models.Model):
    """What the public sends in and staff moderate (a comment, an interview question): the
    sender's name, the text as shown after automatic masking of personal data, and the
    moderation state. Subclasses add the text itself, the phone and what it belongs to."""

    name = models.CharField("姓名", max_length=50, blank=True)
    public_text = models.TextField("公开显示的内容", blank=True)
    personal_data = models.JSONField("自动遮蔽的个人信息", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        "审核状态",
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.PENDING,
        db_index=True,
    )
    moderation_note = models.CharField("审核说明", max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def public_name(self) -> str:
        return rules.public_name(self.name)

    @property
    def personal_data_labels(self) -> str:
        return "、".join(rules.PII_LABELS.get(k, k) for k in self.personal_data)

    def after_moderation(self) -> None:
        """Hook run after a moderation decision, before the row is saved."""


class Channel(models.TextChoices):
    ONLINE = "online", "网站留言"
    LETTER = "letter", "信函"
    EMAIL = "email", "电子邮件"
    MEETING = "meeting", "座谈会、听证会等"


class Disposition(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class FeedbackTheme(models.Model):
    """A group of similar comments (意见归类) with the agency's answer and reasons."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("意见类别", max_length=100)
    response = models.TextField(
        "采纳情况及理由", blank=True, help_text="未采纳或部分采纳的，须说明理由。"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "意见类别"
        verbose_name_plural = "意见类别"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "title"], name="feedback_theme_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def audit_agency(self):
        return self.consultation.decision.agency


class CommentQuerySet(ModeratedQuerySet):
    def counted(self):
        return self.filter(status__in=COUNTED)

    def tally(self) -> dict[str, int]:
        """Counts of the opinions received and how they were handled (never typed by hand)."""
        return self.counted().aggregate(
            received=Count("id"),
            adopted=Count("id", filter=Q(disposition=Disposition.ADOPTED)),
            partly=Count("id", filter=Q(disposition=Disposition.PARTLY)),
            not_adopted=Count("id", filter=Q(disposition=Disposition.NOT_ADOPTED)),
        )


class Comment(Moderated):
    """One opinion on a consultation draft. Contact data never leaves the back office."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    phone = models.CharField(
        "联系电话", max_length=30, blank=True, help_text="网站留言必填；信函等渠道可空。"
    )
    email = models.EmailField("电子邮箱", blank=True)
    text = models.TextField("意见内容")
    channel = models.CharField("提交渠道", max_length=10, choices=Channel.choices)
    received_on = models.DateField("收到日期")
    theme = models.ForeignKey(
        FeedbackTheme,
        verbose_name="意见类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    disposition = models.CharField(
        "采纳情况", max_length=12, choices=Disposition.choices, blank=True
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"意见#{self.pk}"

    def audit_agency(self):
        return self.consultation.decision.agency

    def after_moderation(self) -> None:
        # A rejected comment is not counted, so it has no place in the feedback table either.
        if self.status == Moderation.REJECTED:
            self.theme, self.disposition = None, ""


class ProgressUpdate(models.Model):
    """A public report on the implementation of a decision (实施进展, results tracking)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField("报告日期")
    text = models.TextField("实施情况")
    percent = models.PositiveSmallIntegerField(
        "完成进度（%）",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completes = models.BooleanField("实施完成", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "实施进展"
        verbose_name_plural = "实施进展"
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} {self.reported_on:%Y-%m-%d}"

    def audit_agency(self):
        return self.decision.agency


# -- 在线访谈 ---------------------------------------------------------------------------------------


class InterviewStatus(models.TextChoices):
    DRAFT = "draft", "草拟中"
    ANNOUNCED = "announced", "已预告"
    TRANSCRIBED = "transcribed", "已发布文字实录"
    CANCELLED = "cancelled", "已取消"


class InterviewQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=InterviewStatus.DRAFT)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class Interview(models.Model):
    """An online interview (在线访谈) with officials, announced ahead with a question box."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="主办单位", on_delete=models.PROTECT, related_name="interviews"
    )
    title = models.CharField("访谈主题", max_length=200)
    summary = models.TextField("访谈简介")
    starts_at = models.DateTimeField("访谈开始时间")
    ends_at = models.DateTimeField("访谈结束时间")
    host = models.CharField("主持人", max_length=50, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=InterviewStatus.choices,
        default=InterviewStatus.DRAFT,
        db_index=True,
    )
    announced_at = models.DateTimeField("预告发布时间", null=True, blank=True)
    transcript_published_at = models.DateTimeField("实录发布时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:interview", args=[self.pk])

    def audit_agency(self):
        return self.agency

    def accepts_questions(self, now: datetime.datetime) -> bool:
        return self.status == InterviewStatus.ANNOUNCED and now < self.starts_at


class InterviewGuest(models.Model):
    """A guest of an interview, speaking in an official role (name and post are public)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField("嘉宾姓名", max_length=50)
    position = models.CharField("职务", max_length=100)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "访谈嘉宾"
        verbose_name_plural = "访谈嘉宾"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.position} {self.name}"

    def audit_agency(self):
        return self.interview.agency


class InterviewQuestion(Moderated):
    """A question sent in before the interview; shown (masked) only after moderation."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    phone = models.CharField("联系电话", max_length=30)
    text = models.TextField("问题")

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        verbose_name = "网友提问"
        verbose_name_plural = "网友提问"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"提问#{self.pk}"

    def audit_agency(self):
        return self.interview.agency


class TranscriptItem(models.Model):
    """One question and its answer in the published transcript (文字实录)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="transcript")
    order = models.PositiveIntegerField("顺序", default=0)
    asked_by = models.CharField(
        "提问人", max_length=50, default="主持人", help_text="主持人，或网友（不写姓名）。"
    )
    question = models.TextField("问题")
    guest = models.ForeignKey(
        InterviewGuest,
        verbose_name="回答嘉宾",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    answer = models.TextField("回答")
    source_question = models.ForeignKey(
        InterviewQuestion,
        verbose_name="对应的网友提问",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "实录条目"
        verbose_name_plural = "实录条目"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question[:30]

    def audit_agency(self):
        return self.interview.agency


# -- 政府开放日 -------------------------------------------------------------------------------------


class OpenDayStatus(models.TextChoices):
    DRAFT = "draft", "草拟中"
    PUBLISHED = "published", "已发布"
    CANCELLED = "cancelled", "已取消"


class OpenDayQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=OpenDayStatus.DRAFT)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class OpenDay(models.Model):
    """A government open day (政府开放日) with a fixed number of places."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="主办单位", on_delete=models.PROTECT, related_name="open_days"
    )
    title = models.CharField("活动名称", max_length=200)
    description = models.TextField("活动内容")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("活动地点", max_length=200)
    capacity = models.PositiveIntegerField("名额", validators=[MinValueValidator(1)])
    booked = models.PositiveIntegerField("已报名人数", default=0, editable=False)
    registration_closes_at = models.DateTimeField("报名截止时间")
    status = models.CharField(
        "状态",
        max_length=10,
        choices=OpenDayStatus.choices,
        default=OpenDayStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    report = models.TextField("活动回顾", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpenDayQuerySet.as_manager()

    class Meta:
        verbose_name = "政府开放日"
        verbose_name_plural = "政府开放日"
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__lte=models.F("capacity")), name="open_day_not_overbooked"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:open_day", args=[self.pk])

    def audit_agency(self):
        return self.agency

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    def public_state(self, now: datetime.datetime) -> str:
        if self.status == OpenDayStatus.CANCELLED:
            return "已取消"
        if self.ends_at < now:
            return "已结束"
        if self.accepts_registrations(now):
            return "报名中"
        if self.booked >= self.capacity and now < self.registration_closes_at:
            return "名额已满"
        return "报名已截止"

    def accepts_registrations(self, now: datetime.datetime) -> bool:
        return (
            self.status == OpenDayStatus.PUBLISHED
            and now < self.registration_closes_at
            and self.booked < self.capacity
        )


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "报名成功"
    CANCELLED = "cancelled", "已取消"


class Registration(models.Model):
    """One person's place at an open day. Name and mobile are for the organiser only."""

    open_day = models.ForeignKey(OpenDay, on_delete=models.PROTECT, related_name="registrations")
    number = models.CharField("报名编号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=50)
    mobile = models.CharField("手机号码", max_length=11)
    code_hash = models.CharField("取消码摘要", max_length=128)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField("取消人", max_length=150, blank=True)

    class Meta:
        verbose_name = "开放日报名"
        verbose_name_plural = "开放日报名"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["open_day", "mobile"],
                condition=Q(status="confirmed"),
                name="registration_one_per_mobile",
            )
        ]

    def __str__(self) -> str:
        return f"报名{self.number}"

    def audit_agency(self):
        return self.open_day.agency
