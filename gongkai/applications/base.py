"""Abstract model bases shared by disclosure applications and correction requests (Art. 41).

The field definitions here are the ones both models used before they were shared, byte for byte,
so the migration state of either app is unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.legal import ApplicantType


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_TAIWAN = "hmt", "港澳台居民居住证/通行证"
    USCC = "uscc", "统一社会信用代码"
    OTHER = "other", "其他证件"


def actor_display_name(actor) -> str:
    """How an event records who did it: the username, or the system component's name."""
    if getattr(actor, "pk", None):
        return actor.get_username()
    return str(actor or "系统")


class ApplicantBase(models.Model):
    """Art. 29(一): who applies and how to reach them (a correction request asks the same)."""

    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    class Meta:
        abstract = True

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON

    def masked(self) -> dict:
        from gongkai.core import masking

        return {
            "name": masking.mask_name(self.applicant_name)
            if not self.is_organisation
            else self.applicant_name[:2] + "****",
            "phone": masking.mask_phone(self.phone),
        }


class EventBase(models.Model):
    """One step of a procedure. Append-only: events are never changed or deleted.

    Subclasses add the foreign key to what the event belongs to (named by `owner_field`) and
    `kind` with their own choices."""

    owner_field = ""

    on = models.DateField("日期")
    data = models.JSONField("内容", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("经办人名称", max_length=150, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("办理事项只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("办理事项只能追加，不能删除。")

    @classmethod
    def append(cls, owner, kind, on, *, actor, data=None, note=""):
        """Record a step done by `actor` (a user, or the name of a system component)."""
        return cls.objects.create(
            **{cls.owner_field: owner},
            kind=kind,
            on=on,
            data=data or {},
            note=note,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=actor_display_name(actor),
        )


class NotificationBase(models.Model):
    """A reminder sent by `gongkai tick`, kept so a second run sends nothing twice. Subclasses
    add the foreign key named by `owner_field` and a unique constraint on (owner, key)."""

    owner_field = ""

    key = models.CharField(max_length=100)
    channel = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.owner_field)} {self.key}"
