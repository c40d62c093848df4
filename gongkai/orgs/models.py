"""Agencies (公开主体), staff users, and roles held per agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .validators import validate_uscc


class AgencyLevel(models.TextChoices):
    DISTRICT = "district", "区人民政府"
    DEPARTMENT = "department", "区政府部门"
    SUBDISTRICT = "subdistrict", "街道办事处/镇人民政府"
    COMMUNITY = "community", "居民委员会/村民委员会"


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def disclosing(self):
        """Bodies that publish information in their own name (not 居委会)."""
        return self.active().exclude(level=AgencyLevel.COMMUNITY)


class Agency(models.Model):
    """A disclosing body: the district government, a department, a 街镇 or a 居委会."""

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.SlugField(
        "机构代码",
        max_length=40,
        unique=True,
        help_text="系统内唯一的英文代码，用于网址和命令行，例如 minzheng。",
    )
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        validators=[validate_uscc],
    )
    level = models.CharField("层级", max_length=20, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    # Contact block of the 政府信息公开指南 (条例 Art. 12).
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真号码", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("互联网联系方式", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "公开主体"
        verbose_name_plural = "公开主体"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="agency_uscc_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def audit_agency(self):
        return self

    def ancestors(self) -> list[Agency]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


class User(AbstractUser):
    """A staff account. Citizens do not need accounts to use the portal."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "审核人"
    HEAD = "head", "机构负责人"
    DISTRICT_OFFICE = "district_office", "区政务公开办"


class Membership(models.Model):
    """A role that a user holds in one agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique"),
        ]
        ordering = ["agency__order", "agency_id", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"

    def audit_agency(self):
        return self.agency
