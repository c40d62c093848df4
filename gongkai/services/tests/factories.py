"""Builders for 办事服务 tests: a complete guide and a service point, straight into the tables."""

from __future__ import annotations

from decimal import Decimal

from gongkai.orgs.models import Agency, AgencyLevel
from gongkai.orgs.uscc import make_uscc
from gongkai.services.models import Guide, GuideMaterial, GuideState, ItemType, ServicePoint

COMPLETE = {
    "name": "最低生活保障申请",
    "item_type": ItemType.PAYMENT,
    "basis": "《社会救助暂行办法》第九条",
    "conditions": "家庭人均收入低于本区最低生活保障标准。",
    "process": "申请\n受理\n审核确认\n发放",
    "statutory_days": 30,
    "promised_days": 20,
    "fee": "不收费",
    "location": "各街镇社区事务受理服务中心",
    "office_hours": "工作日 9:00—17:00",
    "consultation": "区民政局：021-66880105",
    "complaint": "12345 市民服务热线",
    "plain_summary": "收入太低可以申请低保。",
    "plain_steps": "带身份证去街镇申请\n等待审核",
}
MATERIALS = [
    {"name": "申请人居民身份证", "form": "original", "copies": 1, "required": True},
    {"name": "家庭成员收入证明", "form": "both", "copies": 2, "required": False},
]


def guide(agency, *, state=GuideState.PUBLISHED, materials=MATERIALS, **overrides) -> Guide:
    data = {**COMPLETE, **overrides}
    g = Guide.objects.create(agency=agency, state=state, **data)
    for i, m in enumerate(materials, start=1):
        GuideMaterial.objects.create(guide=g, order=i, **m)
    return g


def subdistrict(district, code="cyjd", name="朝阳街道办事处", serial=501) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": name.replace("办事处", ""),
            "level": AgencyLevel.SUBDISTRICT,
            "parent": district,
            "uscc": make_uscc(f"1131012000000{serial:04d}"),
        },
    )
    return agency


def point(
    agency, sub, *, name="朝阳街道社区事务受理服务中心", lon="121.470000", lat="30.925000", **extra
) -> ServicePoint:
    values = {
        "kind": "community_centre",
        "address": "示范区朝阳路 88 号",
        "opening_hours": "工作日 8:30—17:00",
        "phone": "021-57880110",
        "lon": Decimal(lon),
        "lat": Decimal(lat),
    }
    values.update(extra)
    return ServicePoint.objects.create(agency=agency, subdistrict=sub, name=name, **values)
