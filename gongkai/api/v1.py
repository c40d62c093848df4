"""The open API, version 1. Each domain app contributes a ninja Router from `<app>/api.py`.

Only public data is reachable here; outputs are explicit schemas (never whole model rows).
The OpenAPI document is at /api/v1/openapi.json and a browsable page at /api/v1/docs,
both served from Gongkai's own static files.
"""

from django.utils.module_loading import import_string
from ninja import NinjaAPI, Router, Schema

from gongkai.orgs.models import Agency

api = NinjaAPI(
    title="Gongkai 政务公开开放接口",
    version="1.0.0",
    description="示范区政务公开平台的公开数据接口。所有接口只返回已公开的信息，不含任何个人信息。",
    urls_namespace="api-v1",
)

agencies = Router(tags=["公开主体"])


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    uscc: str
    office_name: str
    address: str
    office_hours: str
    phone: str
    fax: str
    email: str
    website: str


def agency_out(agency: Agency) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "parent": agency.parent.code if agency.parent_id else None,
        "uscc": agency.uscc,
        "office_name": agency.office_name,
        "address": agency.address,
        "office_hours": agency.office_hours,
        "phone": agency.phone,
        "fax": agency.fax,
        "email": agency.email,
        "website": agency.website,
    }


@agencies.get("/agencies", response=list[AgencyOut], summary="公开主体列表")
def list_agencies(request, level: str | None = None):
    qs = Agency.objects.active().select_related("parent")
    if level:
        qs = qs.filter(level=level)
    return [agency_out(a) for a in qs]


api.add_router("", agencies)

for _app in [
    "workdays",
    "catalog",
    "records",
    "search",
    "applications",
    "publicity",
    "participation",
    "reports",
    "services",
]:
    _router: Router = import_string(f"gongkai.{_app}.api.router")
    api.add_router("", _router)
