"""Licences (行政许可), penalties (行政处罚) and coercive measures (行政强制) as published under the
national data standard (发改办财金〔2018〕790号), with their publicity life cycle.

Every column of the standard is a field whose verbose name is the column header verbatim. The
stored values are unmasked (they are reported to 信用中国); public surfaces read them only through
`gongkai.publicity.masking.public_row`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from . import standard
from .standard import CoercionKind, LicenceStatus, SubjectCategory


class State(models.TextChoices):
    """Where a published decision stands (公示状态)."""

    PUBLISHED = "published", "公示中"
    EXPIRED = "expired", "公示期满"
    REPAIRED = "repaired", "信用修复"
    WITHDRAWN = "withdrawn", "已撤回"
    WITHHELD = "withheld", "不予公示"


class WithheldReason(models.TextChoices):
    MINOR = "minor", "行政相对人为未成年人"
    WARNING_ONLY = "warning_only", "仅受到警告或通报批评，按规定不予公示"


def _today() -> datetime.date:
    return timezone.localdate()


class PublicityQuerySet(models.QuerySet):
    def public(self):
        """The only rows a public surface may show: being published and not past any end."""
        return self.filter(state=State.PUBLISHED)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def search(self, q: str):
        """Staff search on the stored (unmasked) data: a name, a code (USCC and the other five)
        or a decision/licence number. Never for a public surface: see `public_search`."""
        q = (q or "").strip()
        if not q:
            return self
        return self.filter(models.Q(subject_name__icontains=q) | self._numbers_and_codes(q))

    def public_search(self, q: str, policy: Policy):
        """The public `?q=` filter: matches only what the public sees.

        Numbers and codes are never masked; names and free text are matched in their public
        (masked) form, kept in `public_text` (遮蔽自然人姓名 off) and `public_text_names_masked`
        (on; empty for organisations). So a person's full name, 证件号码 or phone number finds
        nothing that the public page masks, while the masked form (张*丰) or a word of the
        facts does.
        """
        q = (q or "").strip()
        if not q:
            return self
        if policy.mask_person_name:
            text = models.Q(public_text_names_masked__icontains=q) | models.Q(
                public_text_names_masked="", public_text__icontains=q
            )
        else:
            text = models.Q(public_text__icontains=q)
        return self.filter(text | self._numbers_and_codes(q))

    def _numbers_and_codes(self, q: str) -> models.Q:
        upper = q.upper()
        cond = (
            models.Q(code_uscc=upper)
            | models.Q(code_business_reg=q)
            | models.Q(code_org=upper)
            | models.Q(code_tax=upper)
            | models.Q(code_institution=q)
            | models.Q(code_social_org=q)
        )
        for field in self.model.NUMBER_FIELDS:
            cond |= models.Q(**{f"{field}__icontains": q})
        return cond

    def late(self):
        """Published later than 7 working days after the decision."""
        return self.filter(publish_due__isnull=False, published_on__gt=models.F("publish_due"))

    def decided_in(self, year: int):
        return self.filter(decided_on__year=year)


class PenaltyQuerySet(PublicityQuerySet):
    def public(self):
        # The date check keeps an expired penalty off public pages even before `gongkai tick`.
        return super().public().filter(publicity_end__gte=_today())

    def due_to_expire(self, today: datetime.date):
        return self.filter(state=State.PUBLISHED, publicity_end__lt=today)


class Subject(models.Model):
    """The 行政相对人 block shared by licences and penalties, plus publication bookkeeping."""

    subject_name = models.CharField("行政相对人名称", max_length=200)
    subject_category = models.CharField(
        "行政相对人类别", max_length=30, choices=SubjectCategory.choices
    )
    code_uscc = models.CharField(
        "行政相对人代码_1（统一社会信用代码）", max_length=18, blank=True, db_index=True
    )
    code_business_reg = models.CharField(
        "行政相对人代码_2（工商注册号）", max_length=50, blank=True
    )
    code_org = models.CharField("行政相对人代码_3（组织机构代码）", max_length=50, blank=True)
    code_tax = models.CharField("行政相对人代码_4（税务登记号）", max_length=50, blank=True)
    code_institution = models.CharField(
        "行政相对人代码_5（事业单位证书号）", max_length=50, blank=True
    )
    code_social_org = models.CharField(
        "行政相对人代码_6（社会组织登记证号）", max_length=50, blank=True
    )
    legal_rep = models.CharField("法定代表人", max_length=50, blank=True)
    legal_rep_id_type = models.CharField("法定代表人证件类型", max_length=64, blank=True)
    legal_rep_id_number = models.CharField("法定代表人证件号码", max_length=64, blank=True)
    id_type = models.CharField("证件类型", max_length=64, blank=True)
    id_number = models.CharField("证件号码", max_length=64, blank=True)

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="决定机关", on_delete=models.PROTECT, related_name="+"
    )
    agency_name = models.CharField("决定机关名称", max_length=200)
    agency_uscc = models.CharField("决定机关统一社会信用代码", max_length=18)
    source_agency = models.ForeignKey(
        "orgs.Agency", verbose_name="数据来源单位", on_delete=models.PROTECT, related_name="+"
    )
    source_name = models.CharField("数据来源单位", max_length=200)
    source_uscc = models.CharField("数据来源单位统一社会信用代码", max_length=18)
    remarks = models.TextField("备注", blank=True)

    decided_on = models.DateField("决定日期", db_index=True)
    state = models.CharField(
        "公示状态", max_length=20, choices=State.choices, default=State.PUBLISHED, db_index=True
    )
    withheld_reason = models.CharField(
        "不予公示原因", max_length=20, choices=WithheldReason.choices, blank=True
    )
    is_minor = models.BooleanField("行政相对人为未成年人", default=False)
    published_on = models.DateField("上网公示日期", null=True, blank=True)
    publish_due = models.DateField(
        "应公示期限", null=True, blank=True, help_text="决定日期后第 7 个工作日。"
    )
    ended_on = models.DateField("撤下日期", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回原因", blank=True)
    changed_on = models.DateField(
        "决定变更、撤销或确认违法、无效之日",
        null=True,
        blank=True,
        help_text="行政处罚法第四十八条：应在此后三个工作日内撤回公开信息。",
    )
    withdraw_due = models.DateField("应撤回期限", null=True, blank=True)
    corrected_on = models.DateField(
        "更正日期",
        null=True,
        blank=True,
        help_text="公示后最近一次更正的日期；公开页面显示“已更正（日期）”。",
    )
    # The public (masked) text that the public `?q=` filter matches: `masking.set_public_text`
    # fills both whenever a record is entered, imported or corrected.
    public_text = models.TextField("公开文本（检索用）", blank=True, editable=False)
    public_text_names_masked = models.TextField(
        "公开文本（遮蔽自然人姓名，检索用）", blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    import_batch = models.ForeignKey(
        "publicity.ImportBatch",
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    kind = ""
    NUMBER_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def audit_agency(self):
        return self.agency

    @property
    def is_natural_person(self) -> bool:
        return self.subject_category == SubjectCategory.NATURAL_PERSON

    @property
    def has_personal_identity(self) -> bool:
        """Whether the subject is a person whose personal data the masking rules protect."""
        return self.subject_category in (
            SubjectCategory.NATURAL_PERSON,
            SubjectCategory.INDIVIDUAL_BUSINESS,
        )

    @property
    def is_late(self) -> bool:
        return bool(self.publish_due and self.published_on and self.published_on > self.publish_due)

    @property
    def withdrawal_late(self) -> bool:
        return bool(self.withdraw_due and self.ended_on and self.ended_on > self.withdraw_due)

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED

    def column_value(self, field: str):
        return getattr(self, field)


class Licence(Subject):
    """A 行政许可 decision as published under the 790号 standard (legal-rules §7.2)."""

    document_name = models.CharField("行政许可决定文书名称", max_length=200)
    document_number = models.CharField("行政许可决定文书号", max_length=100, db_index=True)
    licence_category = models.CharField("许可类别", max_length=60)
    certificate_name = models.CharField("许可证书名称", max_length=200, blank=True)
    licence_number = models.CharField("许可编号", max_length=100, blank=True, db_index=True)
    content = models.TextField("许可内容")
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至", null=True, blank=True)
    licence_status = models.CharField(
        "当前状态", max_length=2, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )

    objects = PublicityQuerySet.as_manager()

    kind = "licence"
    NUMBER_FIELDS = ("document_number", "licence_number")

    class Meta:
        verbose_name = "行政许可"
        verbose_name_plural = "行政许可"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "document_number", "licence_number"],
                name="licence_number_unique_per_agency",
            ),
        ]
        indexes = [models.Index(fields=["state", "-decided_on"])]

    def __str__(self) -> str:
        return f"{self.document_number} {self.document_name}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:licence", args=[self.pk])

    @property
    def title(self) -> str:
        return self.document_name

    @property
    def number(self) -> str:
        return self.document_number


class Penalty(Subject):
    """A 行政处罚 decision as published under the 790号 standard (legal-rules §7.3)."""

    decision_number = models.CharField("行政处罚决定书文号", max_length=100, db_index=True)
    violation_type = models.CharField("违法行为类型", max_length=200)
    facts = models.TextField("违法事实")
    basis = models.TextField("处罚依据")
    categories = models.CharField(
        "处罚类别", max_length=300, help_text="多个类别用“；”分隔，取值见行政处罚法第九条。"
    )
    content = models.TextField("处罚内容")
    fine = models.DecimalField(
        "罚款金额（万元）",
        max_digits=16,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    confiscation = models.DecimalField(
        "没收违法所得、没收非法财物的金额（万元）",
        max_digits=16,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    licence_affected = models.CharField("暂扣或吊销证照名称及编号", max_length=300, blank=True)
    penalty_valid_to = models.DateField("处罚有效期", null=True, blank=True)
    publicity_end = models.DateField("公示截止期", db_index=True)
    publicity_min_end = models.DateField(
        "最短公示期满日", help_text="此后方可申请信用修复，提前撤下公示。"
    )
    repair_decision = models.TextField("信用修复决定", blank=True)

    objects = PenaltyQuerySet.as_manager()

    kind = "penalty"
    NUMBER_FIELDS = ("decision_number",)

    class Meta:
        verbose_name = "行政处罚"
        verbose_name_plural = "行政处罚"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "decision_number"], name="penalty_number_unique_per_agency"
            ),
        ]
        indexes = [models.Index(fields=["state", "-decided_on"])]

    def __str__(self) -> str:
        return self.decision_number

    def get_absolute_url(self) -> str:
        return reverse("publicity:penalty", args=[self.pk])

    @property
    def title(self) -> str:
        return f"{self.subject_name} {self.violation_type}"

    @property
    def number(self) -> str:
        return self.decision_number

    @property
    def category_list(self) -> list[str]:
        return standard.split_categories(self.categories)

    @property
    def repair_possible_from(self) -> datetime.date:
        return self.publicity_min_end


class Coercion(models.Model):
    """A 行政强制 decision, recorded so that annual-report table 二 can count it."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="实施机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("行政强制种类", max_length=20, choices=CoercionKind.choices)
    decision_number = models.CharField("决定书文号", max_length=100)
    subject_name = models.CharField("行政相对人名称", max_length=200)
    subject_category = models.CharField(
        "行政相对人类别", max_length=30, choices=SubjectCategory.choices
    )
    content = models.TextField("强制内容")
    basis = models.TextField("依据", blank=True)
    decided_on = models.DateField("决定日期", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "行政强制"
        verbose_name_plural = "行政强制"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "decision_number"], name="coercion_number_unique_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.decision_number

    def audit_agency(self):
        return self.agency


class ImportBatch(models.Model):
    """An uploaded file waiting for confirmation (preview) or applied (imported)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        APPLIED = "applied", "已导入"
        REJECTED = "rejected", "已拒绝"

    kind = models.CharField(
        "类型", max_length=10, choices=[(k, v) for k, v in standard.KIND_LABELS.items()]
    )
    filename = models.CharField("文件名", max_length=200)
    content = models.BinaryField("文件内容")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    row_count = models.PositiveIntegerField("行数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"


class Policy(models.Model):
    """Configurable publicity rules (one row). Uncertain rules of legal-rules §7.4/§7.5 live here.

    Changes apply to decisions entered afterwards; stored 公示截止期 are not rewritten.
    """

    id_keep_start = models.PositiveSmallIntegerField(
        "证件号码保留前几位", default=4, help_text="公开页面显示证件号码时保留的开头字符数。"
    )
    id_keep_end = models.PositiveSmallIntegerField(
        "证件号码保留后几位", default=4, help_text="公开页面显示证件号码时保留的末尾字符数。"
    )
    mask_person_name = models.BooleanField(
        "遮蔽自然人姓名",
        default=False,
        help_text="勾选后，自然人和个体工商户经营者的姓名在公开页面显示为“张*”形式。",
    )
    min_months = models.PositiveSmallIntegerField("最短公示期（月）", default=3)
    max_months = models.PositiveSmallIntegerField("最长公示期（月）", default=36)
    special_min_months = models.PositiveSmallIntegerField("特定领域最短公示期（月）", default=12)
    special_keywords = models.CharField(
        "特定领域关键词",
        max_length=200,
        default="特种设备,安全生产,消防",
        help_text="违法行为类型或处罚依据含有其中任一词语的，适用特定领域最短公示期。用逗号分隔。",
    )
    publish_reputational = models.BooleanField(
        "公示仅受警告、通报批评的处罚",
        default=True,
        help_text="不勾选时，仅受到警告或通报批评的处罚不上网公示（如市场监管部门的做法）。",
    )
    reputational_months = models.PositiveSmallIntegerField(
        "仅警告、通报批评的公示期（月）", default=3
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "双公示规则"
        verbose_name_plural = "双公示规则"

    def __str__(self) -> str:
        return "双公示规则"

    @classmethod
    def current(cls) -> Policy:
        policy = cls.objects.filter(pk=1).first()
        return policy if policy is not None else cls(pk=1)

    def keywords(self) -> list[str]:
        return [k.strip() for k in self.special_keywords.replace("，", ",").split(",") if k.strip()]
