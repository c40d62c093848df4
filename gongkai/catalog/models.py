"""The disclosure catalogue. Minimal seed of the models; the catalogue slice extends them."""

from __future__ import annotations

from django.db import models


class Domain(models.Model):
    """A disclosure domain (领域), e.g. 社会救助."""

    code = models.SlugField("领域代码", max_length=40, unique=True)
    name = models.CharField("领域名称", max_length=100)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公开领域"
        verbose_name_plural = "公开领域"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A catalogue item (公开事项): one promise to publish some information."""

    domain = models.ForeignKey(
        Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField("事项编码", max_length=40, unique=True)
    level1 = models.CharField("一级事项", max_length=200)
    level2 = models.CharField("二级事项", max_length=200, blank=True)

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        ordering = ["domain__order", "code"]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}" if self.level2 else self.level1
