"""Open API of 办事服务: published guides and active service points (also as GeoJSON)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import geo
from .elements import missing_elements
from .models import Guide, GuideMaterial, ItemType, PointKind, ServicePoint

router = Router(tags=["办事服务"])


class MaterialOut(Schema):
    name: str = Field(description="材料名称")
    form: str = Field(
        description="材料形式：original 原件、copy 复印件、both 原件和复印件、electronic 电子材料"
    )
    form_label: str
    copies: int = Field(description="份数")
    required: bool = Field(description="是否必需")
    note: str = Field(description="备注")


class GuideSummaryOut(Schema):
    id: int
    url: str
    name: str = Field(description="事项名称")
    code: str = Field(description="事项编码")
    item_type: str = Field(description="事项类型（代码）")
    item_type_label: str = Field(description="事项类型")
    agency: str = Field(description="实施主体代码")
    agency_name: str = Field(description="实施主体")
    statutory_days: int | None = Field(description="法定办结时限（工作日）")
    promised_days: int | None = Field(description="承诺办结时限（工作日），0 为即办")
    published_at: datetime.datetime | None


class GuideOut(GuideSummaryOut):
    basis: str = Field(description="设定依据")
    conditions: str = Field(description="申请条件")
    materials: list[MaterialOut] = Field(description="办理材料")
    process: list[str] = Field(description="办理流程（环节）")
    statutory_note: str = Field(description="法定时限说明")
    fee: str = Field(description="收费标准")
    fee_basis: str = Field(description="收费依据")
    location: str = Field(description="办理地点")
    office_hours: str = Field(description="办理时间")
    consultation: str = Field(description="咨询方式")
    complaint: str = Field(description="监督投诉方式")
    result: str = Field(description="办理结果")
    plain_summary: str = Field(description="白话版：这件事是什么")
    plain_steps: list[str] = Field(description="白话版：怎么办")
    licence_certificate: str = Field(description="对应许可证书名称（双公示）")
    points: list[int] = Field(description="办理网点编号")
    missing_elements: list[str] = Field(description="缺少的办事指南要素")


def _summary(g: Guide) -> dict:
    return {
        "id": g.pk,
        "url": g.get_absolute_url(),
        "name": g.name,
        "code": g.code,
        "item_type": g.item_type,
        "item_type_label": g.get_item_type_display(),
        "agency": g.agency.code,
        "agency_name": g.agency.name,
        "statutory_days": g.statutory_days,
        "promised_days": g.promised_days,
        "published_at": g.published_at,
    }


def _detail(g: Guide) -> dict:
    data = _summary(g)
    data.update(
        {
            name: getattr(g, name)
            for name in [
                "basis",
                "conditions",
                "statutory_note",
                "fee",
                "fee_basis",
                "location",
                "office_hours",
                "consultation",
                "complaint",
                "result",
                "plain_summary",
                "licence_certificate",
            ]
        }
    )
    data["materials"] = [
        {**m.as_dict(), "form_label": m.get_form_display()} for m in g.materials.all()
    ]
    data["process"] = g.process_steps
    data["plain_steps"] = g.plain_step_list
    data["points"] = [p.pk for p in g.points.all() if p.is_active]
    data["missing_elements"] = [e.label for e in missing_elements(g)]
    return data


class _Mapped:
    """A lazily sliced queryset mapped to output dicts (for pagination)."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [self.fn(obj) for obj in self.qs[key]]


@router.get("/guides", response=list[GuideSummaryOut], summary="办事指南列表")
@paginate(LimitOffsetPagination)
def list_guides(request, q: str = "", agency: str = "", item_type: str = ""):
    """已发布的办事指南；按事项名称查询（`q`），可按实施主体代码、事项类型筛选。"""
    qs = Guide.objects.public().select_related("agency").search(q)
    if agency:
        qs = qs.filter(agency__code=agency)
    if item_type in ItemType.values:
        qs = qs.filter(item_type=item_type)
    return _Mapped(qs, _summary)


@router.get("/guides/{guide_id}", response=GuideOut, summary="一项办事指南")
def get_guide(request, guide_id: int):
    qs = (
        Guide.objects.public()
        .select_related("agency")
        .prefetch_related(
            Prefetch("materials", queryset=GuideMaterial.objects.order_by("order", "id")), "points"
        )
    )
    return _detail(get_object_or_404(qs, pk=guide_id))


class PointOut(Schema):
    id: int
    url: str
    name: str = Field(description="网点名称")
    kind: str = Field(description="网点类型（代码）")
    kind_label: str = Field(description="网点类型")
    subdistrict: str = Field(description="所在街镇")
    agency: str = Field(description="管理机构")
    address: str = Field(description="地址")
    opening_hours: str = Field(description="开放时间")
    phone: str = Field(description="办公电话")
    services: str = Field(description="服务内容")
    lon: float = Field(description="经度（WGS84）")
    lat: float = Field(description="纬度（WGS84）")


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[经度, 纬度]，WGS84（RFC 7946）")


class PointProperties(Schema):
    name: str
    kind: str
    kind_label: str
    subdistrict: str
    agency: str
    address: str
    opening_hours: str
    phone: str
    services: str
    url: str


class FeatureOut(Schema):
    type: Literal["Feature"]
    id: int
    geometry: PointGeometry
    properties: PointProperties


class FeatureCollectionOut(Schema):
    type: Literal["FeatureCollection"]
    features: list[FeatureOut]


def _points(subdistrict: str, kind: str):
    qs = ServicePoint.objects.public().select_related("agency", "subdistrict")
    if subdistrict:
        qs = qs.filter(subdistrict__code=subdistrict)
    if kind in PointKind.values:
        qs = qs.filter(kind=kind)
    return qs


@router.get("/service-points", response=list[PointOut], summary="便民服务网点")
def list_points(request, subdistrict: str = "", kind: str = ""):
    """启用的便民服务网点，可按所在街镇代码、网点类型筛选。坐标为 WGS84。"""
    out = []
    for p in _points(subdistrict, kind):
        f = geo.feature(p)
        out.append(
            {
                "id": p.pk,
                **f["properties"],
                "lon": f["geometry"]["coordinates"][0],
                "lat": f["geometry"]["coordinates"][1],
            }
        )
    return out


@router.get(
    "/service-points.geojson", response=FeatureCollectionOut, summary="便民服务网点（GeoJSON）"
)
def points_geojson(request, subdistrict: str = "", kind: str = ""):
    """RFC 7946 FeatureCollection；coordinates 为 [经度, 纬度]，WGS84。"""
    return geo.feature_collection(_points(subdistrict, kind), settings.GONGKAI_BASE_URL)
