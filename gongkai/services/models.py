"""Service guides (办事指南), service points (便民服务地图) and anonymous QR scan counts.

A `Guide` carries the standard elements of a Chinese service item beside a plain-language
version (白话版); which elements are required, and which a guide lacks, is `elements.py`.
A `ServicePoint` stores its position in WGS84 (the GeoJSON datum, RFC 7946); coordinates
copied from a Chinese web map (GCJ-02) are converted when they are entered.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class GuideState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤下"


class ItemType(models.TextChoices):
    """事项类型 of the government-service item catalogue (依申请类)."""

    LICENCE = "licence", "行政许可"
    PAYMENT = "payment", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    RULING = "ruling", "行政裁决"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    BOTH = "both", "原件和复印件"
    ELECTRONIC = "electronic", "电子材料"


class GuideQuerySet(models.QuerySet):
    def public(self):
        """The only guides a public surface may show."""
        return self.filter(state=GuideState.PUBLISHED, agency__is_active=True)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def search(self, q: str):
        q = (q or "").strip()
        if not q:
            return self
        return self.filter(
            models.Q(name__icontains=q)
            | models.Q(code__icontains=q)
            | models.Q(plain_summary__icontains=q)
        )


class Guide(models.Model):
    """办事指南: one service item with its standard elements and a plain-language version."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="实施主体", on_delete=models.PROTECT, related_name="guides"
    )
    name = models.CharField("事项名称", max_length=200)
    code = models.CharField("事项编码", max_length=60, blank=True)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("申请条件", blank=True)
    process = models.TextField("办理流程", blank=True, help_text="每行一个环节。")
    statutory_days = models.PositiveSmallIntegerField(
        "法定办结时限（工作日）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text="法律法规规定的办结时限。",
    )
    statutory_note = models.CharField(
        "法定时限说明",
        max_length=200,
        blank=True,
        help_text="法律法规未规定时限的，写明“法律法规未规定”等，视为已说明。",
    )
    promised_days = models.PositiveSmallIntegerField(
        "承诺办结时限（工作日）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text="0 表示即办（材料齐全的当场办结）。",
    )
    fee = models.TextField("收费标准", blank=True, help_text="不收费的，填写“不收费”。")
    fee_basis = models.TextField("收费依据", blank=True)
    location = models.TextField("办理地点", blank=True)
    office_hours = models.CharField("办理时间", max_length=200, blank=True)
    consultation = models.TextField("咨询方式", blank=True)
    complaint = models.TextField("监督投诉方式", blank=True)
    result = models.CharField(
        "办理结果", max_length=200, blank=True, help_text="如证照、批文名称。"
    )
    plain_summary = models.TextField(
        "白话版：这件事是什么", blank=True, help_text="用一两句大白话说明谁可以办、办了有什么用。"
    )
    plain_steps = models.TextField("白话版：怎么办", blank=True, help_text="每行一步，尽量简短。")
    licence_certificate = models.CharField(
        "对应许可证书名称",
        max_length=200,
        blank=True,
        help_text="行政许可事项填写双公示中的“许可证书名称”（如“食品经营许可证”），页面将列出本机构近期的许可结果。",
    )
    points = models.ManyToManyField(
        "services.ServicePoint", verbose_name="办理网点", blank=True, related_name="guides"
    )
    state = models.CharField(
        "状态", max_length=12, choices=GuideState.choices, default=GuideState.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # With created_by, who may not publish the guide (services.publish_guide). Null for guides
    # saved before it was recorded: only created_by (if any) is checked for those.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="最后一次修改未发布（草稿或已撤下）指南的人。",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"
        ordering = ["agency__order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="guide_name_unique_per_agency")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:guide", args=[self.pk])

    def audit_agency(self):
        return self.agency

    def may_publish(self, user) -> bool:
        """False for the guide's creator and the last person to change it: publication needs a
        second person. A guide with neither recorded has no such restriction."""
        return getattr(user, "pk", None) not in {self.created_by_id, self.edited_by_id} - {None}

    @property
    def is_public(self) -> bool:
        return self.state == GuideState.PUBLISHED and self.agency.is_active

    @property
    def process_steps(self) -> list[str]:
        return _lines(self.process)

    @property
    def plain_step_list(self) -> list[str]:
        return _lines(self.plain_steps)

    @property
    def deadline_days(self) -> int | None:
        """The limit a citizen can count on: the promised one, else the statutory one."""
        return self.promised_days if self.promised_days is not None else self.statutory_days


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class GuideMaterial(models.Model):
    """One row of 办理材料."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=12, choices=MaterialForm.choices)
    copies = models.PositiveSmallIntegerField(
        "份数", default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    required = models.BooleanField("是否必需", default=True)
    note = models.CharField("备注", max_length=300, blank=True, help_text="如“查验原件后退回”。")

    class Meta:
        verbose_name = "办理材料"
        verbose_name_plural = "办理材料"
        ordering = ["guide", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def audit_agency(self):
        return self.guide.agency

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "form": self.form,
            "copies": self.copies,
            "required": self.required,
            "note": self.note,
        }


class GuideRevision(models.Model):
    """A change to a published guide, waiting for a 审核人 or 机构负责人 other than its author.

    The guide itself keeps the approved version, which is what the public sees; approval copies
    the revision onto the guide (`services.approve_guide_revision`). At most one per guide;
    approved and discarded revisions are deleted, the audit log keeps what they changed.
    """

    guide = models.OneToOneField(
        Guide, on_delete=models.CASCADE, related_name="pending_revision", verbose_name="办事指南"
    )
    data = models.JSONField("修改后的要素", help_text="Values of services.GUIDE_FIELDS.")
    materials = models.JSONField("修改后的办理材料", default=list)
    points = models.JSONField("修改后的办理网点", default=list, help_text="ServicePoint ids.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "办事指南待审核修改"
        verbose_name_plural = "办事指南待审核修改"

    def __str__(self) -> str:
        return f"{self.guide}（待审核的修改）"

    def audit_agency(self):
        return self.guide.agency


class PointKind(models.TextChoices):
    ADMIN_CENTRE = "admin_centre", "行政服务中心"
    COMMUNITY_CENTRE = "community_centre", "社区事务受理服务中心"
    PARTY_CENTRE = "party_centre", "党群服务中心"
    HEALTH = "health", "社区卫生服务中心"
    ELDERLY = "elderly", "综合为老服务中心"
    EMPLOYMENT = "employment", "就业服务站"
    LEGAL = "legal", "公共法律服务站"
    VETERANS = "veterans", "退役军人服务站"


class CoordinateSystem(models.TextChoices):
    WGS84 = "wgs84", "WGS84（GPS、天地图、GeoJSON）"
    GCJ02 = "gcj02", "GCJ-02（高德、腾讯等国内网络地图）"


#: Bounds of mainland China and its islands, used to catch swapped or mistyped coordinates.
LON_RANGE = (Decimal("73"), Decimal("136"))
LAT_RANGE = (Decimal("3"), Decimal("54"))


class ServicePointQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)

    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)


class ServicePoint(models.Model):
    """A place where citizens get served, on the convenience service map (便民服务地图).

    `lon`/`lat` are always WGS84; `entered_in` records the system staff typed them in.
    """

    name = models.CharField("网点名称", max_length=200)
    kind = models.CharField("网点类型", max_length=20, choices=PointKind.choices)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="管理机构",
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    subdistrict = models.ForeignKey(
        "orgs.Agency",
        verbose_name="所在街镇",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "subdistrict"},
    )
    address = models.CharField("地址", max_length=200)
    opening_hours = models.CharField("开放时间", max_length=200)
    phone = models.CharField("办公电话", max_length=50, blank=True)
    services = models.TextField("服务内容", blank=True)
    lon = models.DecimalField("经度（WGS84）", max_digits=9, decimal_places=6)
    lat = models.DecimalField("纬度（WGS84）", max_digits=8, decimal_places=6)
    entered_in = models.CharField(
        "录入坐标系", max_length=8, choices=CoordinateSystem.choices, default=CoordinateSystem.WGS84
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = "便民服务网点"
        verbose_name_plural = "便民服务网点"
        ordering = ["subdistrict__order", "kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="point_name_unique_per_agency")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:point", args=[self.pk])

    def audit_agency(self):
        return self.agency

    @property
    def is_public(self) -> bool:
        return self.is_active


class ScanDay(models.Model):
    """Anonymous QR scans of one public object on one day. Nothing about the visitor is kept."""

    kind = models.CharField("对象类型", max_length=10)
    object_id = models.PositiveBigIntegerField("对象编号")
    day = models.DateField("日期")
    count = models.PositiveIntegerField("扫码次数", default=0)

    class Meta:
        verbose_name = "扫码统计"
        verbose_name_plural = "扫码统计"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "day"], name="scan_day_unique")
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id} {self.day}: {self.count}"
