"""On-request disclosure (依申请公开): applications, their append-only event log, fees,
letters and review cases.

The procedure is the event log (`ApplicationEvent`). An application's status and every deadline
are derived from its events and the working-day calendar by `procedure.derive`; the derived
fields stored on `Application` (`status`, `received_on`, `due_on`, `closed_on`, `result_row`, ...)
exist only so lists and reports can query them, and are rewritten after every event and whenever
the calendar changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.legal import ResultRow, ReviewOutcome

from .base import ApplicantBase, EventBase, IdType, NotificationBase  # noqa: F401 (IdType)


class Channel(models.TextChoices):
    """How the application arrived; decides the Art. 31 receipt rule."""

    ONLINE = "online", "互联网（在线申请）"
    IN_PERSON = "in_person", "当面提交"
    SIGNED_POST = "signed_post", "邮寄（需签收）"
    ORDINARY_POST = "ordinary_post", "平常信函"
    FAX = "fax", "传真"
    ORAL = "oral", "口头提出（工作机构代为填写）"


#: Art. 31: what the receipt date is for each channel (shown to staff when they confirm).
RECEIPT_RULES = {
    Channel.ONLINE: "以双方确认之日为收到申请之日",
    Channel.IN_PERSON: "以提交之日为收到申请之日",
    Channel.SIGNED_POST: "以行政机关签收之日为收到申请之日",
    Channel.ORDINARY_POST: "以工作机构与申请人确认之日为收到申请之日",
    Channel.FAX: "以双方确认之日为收到申请之日",
    Channel.ORAL: "以提交之日为收到申请之日（口头提出，由工作机构代为填写）",
}

#: Channels whose receipt needs a separate confirmation with the applicant (Art. 31(三)(四)).
CONFIRMED_CHANNELS = {Channel.ONLINE, Channel.ORDINARY_POST, Channel.FAX}


class InfoForm(models.TextChoices):
    """Art. 29(三): the form wanted."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"
    VIEWING = "viewing", "当场查阅、抄录"


class Delivery(models.TextChoices):
    """Art. 29(三): how the applicant receives it."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认接收"
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTING = "consulting", "征求意见中（暂停计时）"
    FEE = "fee", "待缴费"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已终止"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.PROCESSING,
    Status.CORRECTION,
    Status.CONSULTING,
    Status.FEE,
]


class ReplyType(models.TextChoices):
    """The Art. 36 kinds, Art. 37 partial disclosure, and the other statutory outcomes."""

    ALREADY_PUBLIC = "already_public", "第三十六条第（一）项：已经主动公开"
    GRANTED = "granted", "第三十六条第（二）项：予以公开"
    PARTIAL = "partial", "第三十七条：部分公开（区分处理）"
    WITHHELD = "withheld", "第三十六条第（三）项：不予公开"
    NOT_FOUND = "not_found", "第三十六条第（四）项：经检索没有所申请公开信息"
    NOT_OURS = "not_ours", "第三十六条第（五）项：不属于本机关负责公开"
    REPEATED = "repeated", "第三十六条第（六）项：重复申请"
    SPECIAL_LAW = "special_law", "第三十六条第（七）项：依照有关法律、行政法规的规定办理"
    NEEDS_CREATION = "needs_creation", "第三十八条：需要另行制作或加工、分析"
    STILL_UNCLEAR = "still_unclear", "补正后申请内容仍不明确"
    PETITION = "petition", "第三十九条第一款：信访、投诉、举报"
    PUBLICATION = "publication", "第三十九条第二款：要求提供公开出版物"
    EXCESSIVE = "excessive", "第三十五条：无正当理由大量反复申请"
    CONFIRMATION = "confirmation", "要求行政机关确认或重新出具已获取信息"
    OTHER = "other", "其他处理"


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from gongkai.orgs.access import is_district_office, visible_agencies

        if is_district_office(user):
            return self
        return self.filter(agency__in=visible_agencies(user))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def received_in(self, year: int):
        return self.filter(received_on__year=year)

    def closed_in(self, year: int):
        return self.filter(closed_on__year=year)

    def docket(self):
        """Applications the agency chose to publish, anonymised, with their replies."""
        return self.filter(docket_published=True, status=Status.REPLIED)


class Application(ApplicantBase):
    """One application for government information (政府信息公开申请)."""

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="办理机关",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    tracking_number = models.CharField("申请编号", max_length=32, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="拆分自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="split_parts",
    )
    # Art. 29(一): the applicant's fields come from `ApplicantBase`.
    #: A keyed digest of the applicant's identity, for per-applicant fee counting and Art. 44
    #: without reading identity numbers in bulk.
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)
    # Art. 29(二)(三): what is sought, in which form.
    info_title = models.CharField("所需信息名称", max_length=300)
    info_document_number = models.CharField("文号", max_length=100, blank=True)
    info_description = models.TextField("所需信息的特征描述", blank=True)
    info_form = models.CharField("信息的指定提供载体形式", max_length=20, choices=InfoForm.choices)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices)
    submitted_at = models.DateTimeField("提交时间")
    # --- derived from the events (procedure.derive); never edited directly ---
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    clock_start = models.DateField("答复期限起算日", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    party_due_on = models.DateField("申请人/第三方期限", null=True, blank=True)
    paused = models.BooleanField("暂停计时", default=False)
    extended = models.BooleanField("已延期", default=False)
    deadline_alarm = models.CharField("期限告警", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    result_row = models.CharField(
        "办理结果（年报表三）", max_length=40, choices=ResultRow.choices, blank=True, db_index=True
    )
    reply_type = models.CharField("答复类型", max_length=20, choices=ReplyType.choices, blank=True)
    # --- Art. 44 and the public docket ---
    proactive_suggested = models.BooleanField("建议纳入主动公开", default=False)
    proactive_record_index_no = models.CharField("主动公开信息索引号", max_length=60, blank=True)
    proactive_record_url = models.CharField("主动公开信息网址", max_length=300, blank=True)
    docket_published = models.BooleanField("在申请公开目录中公布", default=False)
    docket_title = models.CharField("公布标题（不含个人信息）", max_length=200, blank=True)
    docket_summary = models.TextField("公布摘要（不含个人信息）", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["agency", "applicant_key", "received_on"]),
        ]

    def __str__(self) -> str:
        # Never personal data: this string lands in audit events and logs.
        return self.tracking_number

    def audit_agency(self):
        return self.agency

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def masked(self) -> dict:
        from gongkai.core import masking

        return {**super().masked(), "id_number": masking.mask_id_number(self.id_number)}


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交申请"
    RECEIVED = "received", "确认收到申请"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTION_RECEIVED = "correction_received", "收到补正材料"
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正，不再处理"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ANSWERED = "consultation_answered", "收到征求意见答复"
    EXTENDED = "extended", "延长答复期限"
    DELAY_SET = "delay_set", "确定合理的延迟答复期限（第三十五条）"
    FEE_NOTICE = "fee_notice", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳信息处理费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费，不再处理"
    WITHDRAWN = "withdrawn", "申请人撤回申请"
    REPLIED = "replied", "作出答复"
    LETTER = "letter", "出具文书"
    NOTE = "note", "办理记录"


class ApplicationEvent(EventBase):
    """One step of the procedure. Append-only: events are never changed or deleted."""

    owner_field = "application"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)

    class Meta(EventBase.Meta):
        verbose_name = "办理事项"
        verbose_name_plural = "办理事项"

    #: Labels of the data keys shown on the staff case page.
    DATA_LABELS = {
        "reply_by": "期限",
        "items": "补正事项",
        "party_name": "征求意见对象",
        "outcome": "意见",
        "days": "延长工作日",
        "reason": "理由",
        "due_on": "延迟答复期限",
        "amount": "金额（元）",
        "pay_by": "缴费期限",
        "reply_type": "答复类型",
        "ground": "不予公开理由",
        "public_index_no": "索引号",
        "public_url": "网址",
        "competent_agency": "负责公开的机关",
        "reasons": "理由说明",
    }

    def describe(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the event's details for display (no raw keys)."""
        from gongkai.core.legal import WithholdingGround

        labels = {
            "outcome": {"consents": "同意公开", "objects": "不同意公开", "no_answer": "逾期未答复"},
            "reply_type": dict(ReplyType.choices),
            "ground": dict(WithholdingGround.choices),
        }
        pairs = []
        for key, label in self.DATA_LABELS.items():
            value = (self.data or {}).get(key)
            if value in (None, ""):
                continue
            pairs.append((label, labels.get(key, {}).get(value, str(value))))
        return pairs


class FeeSchedule(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_PAGE = "per_page", "按量计收"


class FeeNotice(models.Model):
    """信息处理费 (国办函〔2020〕109号): one notice per application at most."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fees")
    schedule = models.CharField("计收方式", max_length=20, choices=FeeSchedule.choices)
    item_number = models.PositiveIntegerField("当月累计件数", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    issued_on = models.DateField("通知日期")
    notice_received_on = models.DateField("申请人收到通知日期")
    pay_by = models.DateField("缴费期限", null=True, blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"
        constraints = [
            models.UniqueConstraint(fields=["application"], name="one_fee_notice_per_application"),
            models.CheckConstraint(
                condition=(Q(schedule="per_item", pages__isnull=True))
                | Q(schedule="per_page", item_number__isnull=True),
                name="fee_one_schedule_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.amount}元"

    def audit_agency(self):
        return self.application.agency


class ReviewKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class ReviewCase(models.Model):
    """行政复议 or 行政诉讼 against the handling of an application (report table 四)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="review_cases"
    )
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=30, choices=ReviewKind.choices)
    case_number = models.CharField("案号", max_length=100, blank=True)
    body = models.CharField("复议机关/受理法院", max_length=100, blank=True)
    filed_on = models.DateField("申请/起诉日期")
    outcome = models.CharField(
        "结果", max_length=20, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.application}"

    def audit_agency(self):
        return self.agency


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    CORRECTION = "correction", "补正告知书"
    CONSULTATION = "consultation", "第三方意见征询函"
    EXTENSION = "extension", "延期答复告知书"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "政府信息公开申请答复书"


class LetterTemplate(models.Model):
    """A district-editable letter template (Django template syntax). Defaults ship in
    `letters.DEFAULT_TEMPLATES`; a stored row replaces the default of its key."""

    key = models.CharField("模板", max_length=40, unique=True)
    title = models.CharField("文书标题", max_length=100)
    body = models.TextField("正文模板")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def audit_agency(self):
        return None


class Letter(models.Model):
    """A letter as issued: its text is frozen at issue so it stays what was sent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    document_number = models.CharField("文号", max_length=60)
    issued_on = models.DateField("成文日期")
    recipient = models.CharField("主送", max_length=120)
    body = models.TextField("正文")
    agency_name = models.CharField("发文机关", max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"

    def audit_agency(self):
        return self.application.agency

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n") if p.strip()]


class Notification(NotificationBase):
    """A reminder sent by `gongkai tick`, kept so a second run sends nothing twice."""

    owner_field = "application"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="notification_once"),
        ]


# 政府信息更正申请 (Art. 41): a separate request type kept in its own module.
from .corrections.models import (  # noqa: E402, F401
    CorrectionEvent,
    CorrectionEvidence,
    CorrectionLetter,
    CorrectionNotification,
    CorrectionRequest,
)
