"""Models of 政府信息更正申请 (Art. 41): the request, its event log, evidence and letters.

The facts (receipt date, decision and its details) are stored on `CorrectionRequest` by the
services; the reply deadline is derived from the receipt date, the reply period in force when the
request was received and the working-day calendar, and is recomputed when the calendar changes.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ..base import ApplicantBase, EventBase, NotificationBase
from ..models import Delivery


class CorrectionChannel(models.TextChoices):
    ONLINE = "online", "互联网（在线申请）"
    IN_PERSON = "in_person", "当面提交"
    POST = "post", "邮寄"
    FAX = "fax", "传真"
    ORAL = "oral", "口头提出（工作机构代为填写）"
    TRANSFERRED = "transferred", "其他行政机关转送"


#: Channels staff register by hand (online requests come from the public form, transferred ones
#: from another agency's transfer).
PAPER_CHANNELS = [
    (c.value, c.label)
    for c in CorrectionChannel
    if c not in (CorrectionChannel.ONLINE, CorrectionChannel.TRANSFERRED)
]

#: How the applicant receives the 告知书.
LETTER_DELIVERY = [
    (Delivery.POST.value, Delivery.POST.label),
    (Delivery.EMAIL.value, Delivery.EMAIL.label),
    (Delivery.COLLECT.value, Delivery.COLLECT.label),
]


class CorrectionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待确认接收"
    PROCESSING = "processing", "办理中"
    CORRECTED = "corrected", "予以更正"
    TRANSFERRED = "transferred", "已转送有权机关"
    REFUSED = "refused", "不予更正"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_CORRECTION_STATUSES = [CorrectionStatus.SUBMITTED, CorrectionStatus.PROCESSING]


class RefusalReason(models.TextChoices):
    EVIDENCE_INSUFFICIENT = "evidence_insufficient", "证据不足以证明政府信息记录不准确"
    NOT_ABOUT_APPLICANT = "not_about_applicant", "不属于与申请人自身相关的政府信息"
    NOT_OURS = "not_ours", "不属于本机关职能范围（告知向有权更正的行政机关提出）"
    OTHER = "other", "其他理由"


class CorrectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from gongkai.orgs.access import is_district_office, visible_agencies

        if is_district_office(user):
            return self
        return self.filter(agency__in=visible_agencies(user))

    def open(self):
        return self.filter(status__in=OPEN_CORRECTION_STATUSES)

    def closed(self):
        return self.exclude(status__in=OPEN_CORRECTION_STATUSES)


class CorrectionRequest(ApplicantBase):
    """One request to correct government information about the requester (政府信息更正申请)."""

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="办理机关",
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    tracking_number = models.CharField("申请编号", max_length=32, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)
    channel = models.CharField("申请渠道", max_length=20, choices=CorrectionChannel.choices)
    transferred_from = models.OneToOneField(
        "self",
        verbose_name="转送自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_to",
    )
    # The applicant's fields come from `ApplicantBase` (as for a disclosure application).
    # The government information concerned.
    info_index_no = models.CharField("索引号", max_length=60, blank=True)
    info_document_number = models.CharField("文号", max_length=100, blank=True)
    info_title = models.CharField("政府信息名称", max_length=300, blank=True)
    info_description = models.TextField("政府信息的特征性描述", blank=True)
    record = models.ForeignKey(
        "records.Record",
        verbose_name="对应的已公开政府信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inaccurate_content = models.TextField("不准确的内容")
    correct_content = models.TextField("要求更正为")
    delivery = models.CharField("告知书送达方式", max_length=20, choices=LETTER_DELIVERY)
    submitted_at = models.DateTimeField("提交时间")
    # --- the procedure ---
    status = models.CharField(
        "状态",
        max_length=20,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.SUBMITTED,
        db_index=True,
    )
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    #: Working days allowed for the reply, fixed when the request is received (local practice:
    #: the Regulations set no period for Art. 41; see `services.reply_period`).
    reply_period = models.PositiveSmallIntegerField("答复期限（工作日）", null=True, blank=True)
    # Derived from received_on + reply_period and the calendar; recomputed when either changes.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    deadline_unknown_year = models.PositiveSmallIntegerField(
        "期限告警（未载入年份）", null=True, blank=True
    )
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    # --- the decision ---
    corrected_content = models.TextField("更正情况", blank=True)
    corrected_record = models.ForeignKey(
        "records.Record",
        verbose_name="更正的已公开政府信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transfer_agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="转送机关（本平台）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent_agency_name = models.CharField("有权更正的行政机关", max_length=100, blank=True)
    competent_agency_contact = models.CharField("有权机关联系方式", max_length=200, blank=True)
    refusal_reason = models.CharField(
        "不予更正理由", max_length=30, choices=RefusalReason.choices, blank=True
    )
    refusal_text = models.TextField("理由说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息更正申请"
        verbose_name_plural = "政府信息更正申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]
        constraints = [
            # A refusal always carries its reason (the service also requires text for "other").
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="correction_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="transferred") | ~Q(competent_agency_name=""),
                name="correction_transfer_names_agency",
            ),
        ]

    def __str__(self) -> str:
        # Never personal data: this string lands in audit events and logs.
        return self.tracking_number

    def audit_agency(self):
        return self.agency

    def get_staff_url(self) -> str:
        return reverse("staff_applications:correction_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CORRECTION_STATUSES

    @property
    def deadline_alarm(self) -> str:
        from gongkai.workdays.alarms import unknown_year_message

        if self.deadline_unknown_year and self.is_open:
            return unknown_year_message(self.deadline_unknown_year)
        return ""

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    def info_label(self) -> str:
        """How the information concerned is named in letters and lists (no personal data is
        added here, but free text written by the applicant may contain some: staff pages only)."""
        parts = [self.info_title] if self.info_title else []
        if self.info_document_number:
            parts.append(f"（{self.info_document_number}）")
        if self.info_index_no:
            parts.append(f"（索引号：{self.info_index_no}）")
        if not parts and self.info_description:
            parts.append(self.info_description.strip().splitlines()[0][:80])
        return "".join(parts) or "—"

    def chain(self) -> list[CorrectionRequest]:
        """The request and the requests it was transferred to, in order."""
        chain, node = [self], self
        while True:
            nxt = CorrectionRequest.objects.select_related("agency").filter(transferred_from=node)
            node = nxt.first()
            if node is None or node in chain:
                return chain
            chain.append(node)

    def root(self) -> CorrectionRequest:
        """The first request of a transfer chain (whose query code the applicant holds)."""
        node, seen = self, {self.pk}
        while node.transferred_from_id and node.transferred_from_id not in seen:
            seen.add(node.transferred_from_id)
            node = node.transferred_from
        return node


class CorrectionEventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交更正申请"
    TRANSFERRED_IN = "transferred_in", "收到其他机关转送的更正申请"
    RECEIVED = "received", "确认收到申请"
    CORRECTED = "corrected", "予以更正"
    TRANSFERRED = "transferred", "转送有权更正的行政机关"
    REFUSED = "refused", "不予更正"
    WITHDRAWN = "withdrawn", "申请人撤回申请"
    EVIDENCE = "evidence", "补充证据材料"
    NOTE = "note", "办理记录"


#: Steps the applicant sees on the status page (internal notes and evidence stay internal).
PUBLIC_CORRECTION_STEPS = {
    CorrectionEventKind.SUBMITTED,
    CorrectionEventKind.TRANSFERRED_IN,
    CorrectionEventKind.RECEIVED,
    CorrectionEventKind.CORRECTED,
    CorrectionEventKind.TRANSFERRED,
    CorrectionEventKind.REFUSED,
    CorrectionEventKind.WITHDRAWN,
}


class CorrectionEvent(EventBase):
    """One step of a correction request. Append-only."""

    owner_field = "request"

    request = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=CorrectionEventKind.choices)

    class Meta(EventBase.Meta):
        verbose_name = "更正申请办理事项"
        verbose_name_plural = "更正申请办理事项"

    DATA_LABELS = {
        "corrected_content": "更正情况",
        "record_index_no": "索引号",
        "agency_name": "有权更正的机关",
        "new_number": "转送后编号",
        "from_agency": "转送机关",
        "from_number": "原申请编号",
        "reason": "不予更正理由",
        "text": "理由说明",
        "files": "文件",
    }

    def describe(self) -> list[tuple[str, str]]:
        reasons = dict(RefusalReason.choices)
        pairs = []
        for key, label in self.DATA_LABELS.items():
            value = (self.data or {}).get(key)
            if value in (None, "", []):
                continue
            if key == "reason":
                value = reasons.get(value, value)
            elif isinstance(value, list):
                value = "、".join(str(v) for v in value)
            pairs.append((label, str(value)))
        return pairs


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPEG 图片"
    PNG = "png", "PNG 图片"


EVIDENCE_CONTENT_TYPES = {
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.JPG: "image/jpeg",
    EvidenceKind.PNG: "image/png",
}


def evidence_path(instance, filename: str) -> str:
    """Random names under a folder that is never served directly (staff download view only)."""
    today = timezone.localdate()
    return f"corrections/{today:%Y/%m}/{secrets.token_hex(16)}.{instance.kind}"


class CorrectionEvidence(models.Model):
    """An evidence file; its type was checked by content when it was uploaded. A transferred
    request shares the files of the request it came from (same stored file)."""

    request = models.ForeignKey(
        CorrectionRequest, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField("大小（字节）")
    from_applicant = models.BooleanField("申请人在线上传", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_agency(self):
        return self.request.agency

    @property
    def content_type(self) -> str:
        return EVIDENCE_CONTENT_TYPES[self.kind]


class CorrectionLetter(models.Model):
    """A 告知书 as issued: frozen at issue (same shape as `applications.Letter`, so the same
    printable page and DOCX writer serve both)."""

    request = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="letters")
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
        verbose_name = "更正申请告知书"
        verbose_name_plural = "更正申请告知书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"

    def audit_agency(self):
        return self.request.agency

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n") if p.strip()]


class CorrectionNotification(NotificationBase):
    """A reminder about a correction request sent by `gongkai tick`, kept so a second run sends
    nothing twice (the counterpart of `applications.Notification`)."""

    owner_field = "request"

    request = models.ForeignKey(
        CorrectionRequest, on_delete=models.CASCADE, related_name="notifications"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "key"], name="correction_notification_once"),
        ]
