"""Holiday arrangements per year (国务院办公厅节假日安排), stored as data with provenance.

Stored days take precedence over the `chinese_calendar` package, and cover years it lacks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Arrangement(models.Model):
    """One year's arrangement, as announced by the State Council notice."""

    year = models.PositiveIntegerField("年份", unique=True)
    notice_title = models.CharField("通知标题", max_length=200, blank=True)
    notice_number = models.CharField("文号", max_length=60, blank=True)
    notice_date = models.DateField("发布日期", null=True, blank=True)
    notice_url = models.URLField("原文地址", blank=True)
    notice_text = models.TextField(
        "通知原文", blank=True, help_text="导入时粘贴的通知全文，留作依据。"
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    loaded_by_name = models.CharField(
        "载入人姓名", max_length=150, blank=True, help_text="载入时的姓名；命令行载入时记为操作员。"
    )
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def holidays(self):
        return [d for d in self.days.all() if d.kind == DayKind.HOLIDAY]

    def makeup_workdays(self):
        return [d for d in self.days.all() if d.kind == DayKind.WORKDAY]


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "上班（调休）"


class ArrangementDay(models.Model):
    """A date whose status differs from Monday-to-Friday: a holiday, or a makeup working day."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=20, blank=True)

    class Meta:
        verbose_name = "安排日"
        verbose_name_plural = "安排日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class UnknownYearAlarm(models.Model):
    """A computation reached a year whose arrangement is not loaded (see `alarms`).

    One row per year; cleared when that year's arrangement is saved. The dashboard shows the
    open rows so a missing notice is never a silent failure.
    """

    year = models.PositiveIntegerField("年份", unique=True)
    first_seen_at = models.DateTimeField("首次发现", auto_now_add=True)
    last_seen_at = models.DateTimeField("最近发现")
    hits = models.PositiveIntegerField("次数", default=1)
    last_context = models.CharField("最近涉及", max_length=200, blank=True)

    class Meta:
        verbose_name = "未知年份告警"
        verbose_name_plural = "未知年份告警"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排未载入"
