"""The standard elements of a 办事指南 and the completeness check behind the 服务不实用 veto.

《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号) vetoes a site with "no 办事服务, or key
办事指南 element categories missing"; the published list starts 事项名称、设定依据、申请条件、
办理材料 … and the rest was not retrieved (legal-rules §6.2 item 6, [P]). The default list below
follows the service-item schema (basis, conditions, materials, process, statutory and promised
time limits, fees, venue and hours, consultation and complaint channels); a deployment can
narrow or reorder it with the setting ``GONGKAI_GUIDE_REQUIRED_ELEMENTS`` (a list of keys), or
the environment variable of that name (keys separated by commas).

Entry points for other apps (monitoring):

* ``missing_elements(guide) -> list[Element]``
* ``incomplete_guides(agencies=None, published_only=True) -> list[(guide, [Element])]``
* ``service_usefulness(agencies=None) -> Usefulness`` (``veto`` is the 服务不实用 verdict)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    present: Callable = field(compare=False, repr=False)

    def __str__(self) -> str:
        return self.label


def _text(name: str) -> Callable:
    return lambda guide: bool((getattr(guide, name) or "").strip())


def _materials(guide) -> bool:
    # Uses the prefetched rows when the caller prefetched them (list pages, the widget).
    return guide.pk is not None and any(m.name.strip() for m in guide.materials.all())


def _statutory(guide) -> bool:
    return guide.statutory_days is not None or bool(guide.statutory_note.strip())


def _promised(guide) -> bool:
    return guide.promised_days is not None


def _location(guide) -> bool:
    return bool(guide.location.strip()) or (guide.pk is not None and len(guide.points.all()) > 0)


ELEMENTS: dict[str, Element] = {
    e.key: e
    for e in [
        Element("name", "事项名称", _text("name")),
        Element("basis", "设定依据", _text("basis")),
        Element("conditions", "申请条件", _text("conditions")),
        Element("materials", "办理材料", _materials),
        Element("process", "办理流程", _text("process")),
        Element("statutory", "法定时限", _statutory),
        Element("promised", "承诺时限", _promised),
        Element("fee", "收费标准", _text("fee")),
        Element("location", "办理地点", _location),
        Element("office_hours", "办理时间", _text("office_hours")),
        Element("consultation", "咨询方式", _text("consultation")),
        Element("complaint", "监督投诉方式", _text("complaint")),
    ]
}
DEFAULT_REQUIRED = tuple(ELEMENTS)


def required_elements() -> list[Element]:
    keys = getattr(settings, "GONGKAI_GUIDE_REQUIRED_ELEMENTS", None)
    if keys is None:
        raw = os.environ.get("GONGKAI_GUIDE_REQUIRED_ELEMENTS", "")
        keys = [k.strip() for k in raw.replace("，", ",").split(",") if k.strip()]
    keys = keys or DEFAULT_REQUIRED
    unknown = [k for k in keys if k not in ELEMENTS]
    if unknown:
        raise ImproperlyConfigured(
            f"GONGKAI_GUIDE_REQUIRED_ELEMENTS 含有未知要素：{'、'.join(unknown)}；"
            f"可选：{'、'.join(ELEMENTS)}"
        )
    return [ELEMENTS[k] for k in keys]


def missing_elements(guide) -> list[Element]:
    """The required elements `guide` lacks, in the standard order (empty when complete)."""
    return [e for e in required_elements() if not e.present(guide)]


def incomplete_guides(agencies=None, *, published_only: bool = True) -> list[tuple]:
    """Guides (of `agencies`, published unless asked otherwise) that lack required elements."""
    from .models import Guide

    qs = Guide.objects.public() if published_only else Guide.objects.all()
    if agencies is not None:
        qs = qs.for_agencies(agencies)
    qs = qs.select_related("agency").prefetch_related("materials", "points")
    result = []
    for guide in qs:
        missing = missing_elements(guide)
        if missing:
            result.append((guide, missing))
    return result


@dataclass
class Usefulness:
    """The 服务不实用 indicator for a set of agencies (the whole site by default)."""

    published_guides: int
    incomplete: list[tuple]

    @property
    def has_services(self) -> bool:
        return self.published_guides > 0

    @property
    def veto(self) -> bool:
        return not self.has_services or bool(self.incomplete)

    @property
    def problems(self) -> list[str]:
        if not self.has_services:
            return ["没有已发布的办事指南（无办事服务）。"]
        return [
            f"{g.agency.display_short}“{g.name}”缺少：{'、'.join(e.label for e in missing)}"
            for g, missing in self.incomplete
        ]


def service_usefulness(agencies=None) -> Usefulness:
    from .models import Guide

    qs = Guide.objects.public()
    if agencies is not None:
        qs = qs.for_agencies(agencies)
    return Usefulness(published_guides=qs.count(), incomplete=incomplete_guides(agencies))
