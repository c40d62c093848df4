"""办事服务 in the site search (the `gongkai.search` plug-in contract, see docs/search.md).

Kinds ``guide`` (办事指南: `Guide.objects.public()`, i.e. published guides of active agencies)
and ``service_point`` (便民服务点: `ServicePoint.objects.public()`, the active points on the
map). Each document holds what the public page shows that a citizen would search by: for a
guide its 事项名称, 事项编码, 事项类型, 设定依据, 申请条件, 办理材料, 办理流程, 收费标准, 办理地点,
办理时间, 办理结果 and the 白话版; for a point its name, type, 街镇, address, opening hours and
services. Telephone numbers (咨询方式, 监督投诉方式, 办公电话) are office lines, but nobody finds
a guide by them, so they are left out.

The index follows the models' saves after commit (`search.indexing.changed_soon`, one batch per
transaction): publishing, editing (including the material rows, which are saved with their
guide) and withdrawing a guide; creating, changing or switching off a point. A guide or point
that is no longer public is removed.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from gongkai.search.backends.base import Document
from gongkai.search.sources import Source, int_ids

from .models import Guide, GuideMaterial, ServicePoint


def _join(*parts) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


class GuideSource(Source):
    kind = "guide"
    label = "办事指南"
    number_label = "事项编码"
    date_label = "发布日期"

    def queryset(self):
        return (
            Guide.objects.public()
            .select_related("agency")
            .prefetch_related("materials")
            .order_by("pk")
        )

    def count(self) -> int:
        return Guide.objects.public().count()

    def documents(self, ids=None):
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        for guide in qs.iterator(chunk_size=500):
            yield self.to_document(guide)

    @staticmethod
    def to_document(guide: Guide) -> Document:
        published = timezone.localtime(guide.published_at) if guide.published_at else None
        materials = [_join(m.name, m.note) for m in guide.materials.all()]
        body = _join(
            guide.code,
            guide.get_item_type_display(),
            guide.basis,
            guide.conditions,
            *materials,
            guide.process,
            guide.statutory_note,
            guide.fee,
            guide.location,
            guide.office_hours,
            guide.result,
            guide.plain_summary,
            guide.plain_steps,
        )
        return Document(
            id=str(guide.pk),
            kind="guide",
            title=guide.name,
            body=body,
            agency_code=guide.agency.code,
            agency_name=guide.agency.name,
            year=published.year if published else None,
            published=published,
            url=guide.get_absolute_url(),
            index_no=guide.code,
        )

    def connect(self) -> None:
        for model, uid in ((Guide, "guide"), (GuideMaterial, "guide-material")):
            post_save.connect(self.on_saved, sender=model, weak=False, dispatch_uid=f"search-{uid}")
            post_delete.connect(
                self.on_saved, sender=model, weak=False, dispatch_uid=f"search-{uid}-del"
            )

    def on_saved(self, sender, instance, **kwargs) -> None:
        from gongkai.search.indexing import changed_soon

        pk = instance.guide_id if isinstance(instance, GuideMaterial) else instance.pk
        changed_soon(self.kind, [pk])


class ServicePointSource(Source):
    kind = "service_point"
    label = "便民服务点"

    def queryset(self):
        return ServicePoint.objects.public().select_related("agency", "subdistrict").order_by("pk")

    def count(self) -> int:
        return ServicePoint.objects.public().count()

    def documents(self, ids=None):
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        for point in qs.iterator(chunk_size=1000):
            yield self.to_document(point)

    @staticmethod
    def to_document(point: ServicePoint) -> Document:
        return Document(
            id=str(point.pk),
            kind="service_point",
            title=point.name,
            body=_join(
                point.get_kind_display(),
                point.subdistrict.name,
                point.address,
                point.opening_hours,
                point.services,
            ),
            agency_code=point.agency.code,
            agency_name=point.agency.name,
            url=point.get_absolute_url(),  # no date: the point's page shows none
        )

    def connect(self) -> None:
        post_save.connect(
            self.on_saved, sender=ServicePoint, weak=False, dispatch_uid="search-service-point"
        )
        post_delete.connect(
            self.on_saved,
            sender=ServicePoint,
            weak=False,
            dispatch_uid="search-service-point-del",
        )

    def on_saved(self, sender, instance, **kwargs) -> None:
        from gongkai.search.indexing import changed_soon

        changed_soon(self.kind, [instance.pk])


SOURCES = [GuideSource(), ServicePointSource()]
