"""Government information (政府信息): records with their 索引号 metadata, disclosure attribute,
review state, attachments and public notices.

A record is registered when it is drafted, with its 公开属性 decided then (公文公开属性源头认定).
Publication assigns the 索引号 from a per-(agency, year) counter (`IndexCounter`), so numbers are
gapless and never reused. A 政策解读 is itself a record (`record_type=INTERPRETATION`) pointing at
the policy it explains through `interprets`.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core.legal import DisclosureAttribute, WithholdingGround


class RecordType(models.TextChoices):
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER_DOC = "other_doc", "其他文件"
    FUNCTION = "function", "机构职能"
    NOTICE = "notice", "通知公告"
    NEWS = "news", "工作动态"
    PLAN = "plan", "规划计划"
    BUDGET = "budget", "财政预决算"
    PERSONNEL = "personnel", "人事信息"
    STATISTICS = "statistics", "统计信息"
    EMERGENCY = "emergency", "应急信息"
    INTERPRETATION = "interpretation", "政策解读"


#: Types that are 政策文件 (the /policies/ listing and the 政策文件 sub-column).
POLICY_TYPES = [
    RecordType.RULE,
    RecordType.NORMATIVE,
    RecordType.OTHER_DOC,
    RecordType.INTERPRETATION,
]

#: Sub-columns of an agency's disclosure column: (slug, label, record types), in order.
COLUMNS: list[tuple[str, str, list[str]]] = [
    ("function", "机构职能", [RecordType.FUNCTION]),
    ("policies", "政策文件", [RecordType.RULE, RecordType.NORMATIVE, RecordType.OTHER_DOC]),
    ("interpretations", "政策解读", [RecordType.INTERPRETATION]),
    ("notices", "通知公告", [RecordType.NOTICE]),
    ("news", "工作动态", [RecordType.NEWS]),
    ("plans", "规划计划", [RecordType.PLAN]),
    ("budget", "财政预决算", [RecordType.BUDGET]),
    ("personnel", "人事信息", [RecordType.PERSONNEL]),
    ("statistics", "统计信息", [RecordType.STATISTICS]),
    ("emergency", "应急信息", [RecordType.EMERGENCY]),
]
COLUMN_TYPES = {slug: types for slug, _, types in COLUMNS}
COLUMN_LABELS = {slug: label for slug, label, _ in COLUMNS}


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    REVIEWED = "reviewed", "已审核待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


# 文号 (发文字号): 机关代字 + 〔年份〕 + 序号 + 号, e.g. 示府规〔2026〕3号, 示民发〔2025〕12号.
# Some sites print [] or () for 〔〕 when typing by hand; we store the standard 〔〕 form.
DOCUMENT_NUMBER_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,20}〔(19|20)\d{2}〕第?\d{1,5}号$")


def normalise_document_number(value: str) -> str:
    value = (value or "").strip().replace(" ", "").replace("　", "")
    for wrong_open, wrong_close in (
        ("[", "]"),
        ("［", "］"),
        ("(", ")"),
        ("（", "）"),
        ("【", "】"),
    ):
        if wrong_open in value and wrong_close in value:
            value = value.replace(wrong_open, "〔").replace(wrong_close, "〕")
    return value


def validate_document_number(value: str) -> None:
    if value and not DOCUMENT_NUMBER_RE.match(value):
        raise ValidationError(
            "文号格式不正确：应为“机关代字〔年份〕序号号”，例如 示府规〔2026〕3号。",
            code="document_number",
        )


class Topic(models.Model):
    """A class of the 主题分类 taxonomy (data, loaded by migration from data/topics.json)."""

    code = models.CharField("分类代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """ "一级\\二级" as printed on disclosure pages (e.g. 综合政务\\政务公开)."""
        if self.parent_id:
            return f"{self.parent.name}\\{self.name}"
        return self.name


class RecordQuerySet(models.QuerySet):
    def public(self):
        """Published, not withdrawn, proactive records: the only rows a public surface shows."""
        return self.filter(
            status=Status.PUBLISHED,
            attribute=DisclosureAttribute.PROACTIVE,
            published_at__isnull=False,
        )

    def policies(self):
        return self.filter(record_type__in=POLICY_TYPES)

    def for_listing(self):
        """What list pages need, in a fixed number of queries."""
        return self.select_related("agency", "topic", "topic__parent").order_by(
            "-published_at", "-id"
        )

    def for_item(self, item):
        """Records filed under a catalogue item (combine with public() on public pages)."""
        return self.filter(catalog_items=item)

    def visible_to(self, user):
        from gongkai.orgs.access import is_district_office, visible_agencies

        if is_district_office(user):
            return self
        return self.filter(agency__in=visible_agencies(user))

    def awaiting_review(self):
        return self.filter(status=Status.SUBMITTED)

    def normative_without_interpretation(self):
        """行政规范性文件 with no interpretation attached and no waiver recorded."""
        return (
            self.filter(record_type=RecordType.NORMATIVE)
            .exclude(status=Status.WITHDRAWN)
            .filter(interpretation_waiver="")
            .exclude(
                pk__in=Record.objects.filter(
                    record_type=RecordType.INTERPRETATION,
                    status__in=[Status.REVIEWED, Status.PUBLISHED],
                ).values("interprets_id")
            )
        )

    def late(self, *, today):
        """Proactive records not published within their limit: published after `due_on`, or
        still unpublished although `due_on` has passed."""
        from django.db.models.functions import TruncDate

        published = [Status.PUBLISHED, Status.WITHDRAWN]
        return (
            self.filter(attribute=DisclosureAttribute.PROACTIVE, due_on__isnull=False)
            .annotate(published_on=TruncDate("published_at"))
            .filter(
                Q(status__in=published, published_on__gt=models.F("due_on"))
                | (~Q(status__in=published) & Q(due_on__lt=today))
            )
        )

    def overdue(self, *, today):
        """Unpublished proactive records whose limit has passed (the late list's open part)."""
        return self.filter(attribute=DisclosureAttribute.PROACTIVE, due_on__lt=today).exclude(
            status__in=[Status.PUBLISHED, Status.WITHDRAWN]
        )

    def due_unknown(self):
        """Unpublished proactive records whose due date cannot be computed (calendar year not
        loaded): an alarm, never a guess."""
        return self.filter(attribute=DisclosureAttribute.PROACTIVE, due_on__isnull=True).exclude(
            status__in=[Status.PUBLISHED, Status.WITHDRAWN]
        )

    def registered_in(self, year: int):
        """Records counted in the disclosure rate of `year`: registered documents whose
        成文日期 (or, without one, formation date) falls in the year. Interpretations are
        explanations of other records, not separately registered documents."""
        return self.exclude(record_type=RecordType.INTERPRETATION).filter(
            Q(written_on__year=year) | Q(written_on__isnull=True, formed_on__year=year)
        )


class Record(models.Model):
    """One piece of government information (政府信息)."""

    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="富文本，保存时自动清理不安全的标签。")
    record_type = models.CharField("信息类别", max_length=20, choices=RecordType.choices)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="发布机构",
        on_delete=models.PROTECT,
        related_name="records",
        help_text="联合发文时为使用其文号的机构。",
    )
    co_issuers = models.ManyToManyField(
        "orgs.Agency", verbose_name="联合发文机构", blank=True, related_name="co_issued_records"
    )
    document_number = models.CharField(
        "文号", max_length=60, blank=True, db_index=True, validators=[validate_document_number]
    )
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField(
        "形成或变更日期",
        help_text="《条例》第二十六条：自该信息形成或者变更之日起20个工作日内公开。",
    )
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    keywords = models.CharField("主题词", max_length=200, blank=True)
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expires_on = models.DateField("失效日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repealed_by = models.ForeignKey(
        "self",
        verbose_name="废止依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeals",
    )
    index_no = models.CharField("索引号", max_length=60, null=True, blank=True, unique=True)
    index_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    attribute = models.CharField(
        "公开属性", max_length=12, choices=DisclosureAttribute.choices, db_index=True
    )
    withholding_ground = models.CharField(
        "不予公开或部分公开理由",
        max_length=30,
        choices=WithholdingGround.choices,
        blank=True,
    )
    attribute_basis = models.TextField(
        "公开依据或理由说明", blank=True, help_text="依申请公开、不予公开或部分公开时必填。"
    )
    partial = models.BooleanField("部分公开", default=False)
    partial_note = models.TextField("部分公开情况", blank=True)
    catalog_items = models.ManyToManyField("catalog.Item", blank=True, related_name="records")
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的政策",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        limit_choices_to={"record_type__in": [RecordType.NORMATIVE, RecordType.RULE]},
    )
    video_url = models.URLField("视频解读链接", blank=True)
    interpretation_waiver = models.TextField(
        "无需解读的理由", blank=True, help_text="审核人记录某行政规范性文件不需要政策解读的理由。"
    )
    due_on = models.DateField("公开期限", null=True, blank=True, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    secrecy_checked = models.BooleanField("已通过保密审查", default=False)
    return_note = models.TextField("退回意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "attribute", "-published_at"], name="record_public_idx"),
            models.Index(fields=["agency", "record_type"], name="record_agency_type_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="record_index_serial_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("records:detail", args=[self.index_no or self.pk])

    def audit_agency(self):
        return self.agency

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.attribute == DisclosureAttribute.PROACTIVE
            and self.published_at is not None
        )

    @property
    def is_policy(self) -> bool:
        return self.record_type in (RecordType.NORMATIVE, RecordType.RULE)

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    def clean(self):
        errors = {}
        if self.attribute and self.attribute != DisclosureAttribute.PROACTIVE:
            if not self.withholding_ground:
                errors["withholding_ground"] = "依申请公开或不予公开的信息必须选择法定理由。"
            if not self.attribute_basis.strip():
                errors["attribute_basis"] = "依申请公开或不予公开的信息必须说明依据和理由。"
        if self.partial:
            if not self.partial_note.strip():
                errors["partial_note"] = "部分公开时必须说明不公开的部分。"
            if not self.withholding_ground:
                errors["withholding_ground"] = "部分公开时必须选择不公开部分的法定理由。"
        if self.record_type == RecordType.INTERPRETATION:
            if self.interprets_id is None:
                errors["interprets"] = "政策解读必须关联所解读的政策文件。"
        elif self.interprets_id is not None:
            errors["interprets"] = "只有政策解读可以关联所解读的政策文件。"
        if self.expires_on and self.effective_on and self.expires_on < self.effective_on:
            errors["expires_on"] = "失效日期不能早于施行日期。"
        if errors:
            raise ValidationError(errors)


class IndexCounter(models.Model):
    """The last 索引号 serial issued for one agency in one year.

    Locked with SELECT ... FOR UPDATE inside the publication transaction, so concurrent
    publications queue on the row and take consecutive numbers (SQLite serialises writers with
    IMMEDIATE transactions).
    """

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号计数器"
        verbose_name_plural = "索引号计数器"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="index_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class NoticeKind(models.TextChoices):
    CORRECTION = "correction", "更正说明"
    WITHDRAWAL = "withdrawal", "撤回公告"
    REPEAL = "repeal", "废止说明"


class RecordNotice(models.Model):
    """A public note on a published record: a correction, its withdrawal or its repeal."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类型", max_length=12, choices=NoticeKind.choices)
    text = models.TextField("说明")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开说明"
        verbose_name_plural = "公开说明"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:30]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the uploader: a random name with the detected extension.
    return f"records/{instance.record_id or 'new'}/{uuid.uuid4().hex}.{instance.kind}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word 文档"
    XLSX = "xlsx", "Excel 表格"
    OFD = "ofd", "OFD 版式文件"
    PNG = "png", "PNG 图片"
    JPG = "jpg", "JPEG 图片"
    GIF = "gif", "GIF 图片"


IMAGE_KINDS = {AttachmentKind.PNG, AttachmentKind.JPG, AttachmentKind.GIF}

CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AttachmentKind.OFD: "application/ofd",
    AttachmentKind.PNG: "image/png",
    AttachmentKind.JPG: "image/jpeg",
    AttachmentKind.GIF: "image/gif",
}


class Attachment(models.Model):
    """A file attached to a record; its type was checked by content when it was uploaded."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField("大小（字节）")
    is_graphic = models.BooleanField("图解", default=False)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("records:attachment", args=[self.pk])

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS
