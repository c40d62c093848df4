"""Service points: GeoJSON (RFC 7946, [lon, lat] in WGS84), the self-drawn SVG map, GCJ-02 entry,
staff isolation and audit."""

import json
import re
from decimal import Decimal

import pytest

from gongkai.core.models import AuditEvent
from gongkai.services import geo, services
from gongkai.services.models import ServicePoint

from .factories import point, subdistrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(district, agency):
    west = subdistrict(district, "cyjd", "朝阳街道办事处", 501)
    east = subdistrict(district, "hbjd", "湖滨街道办事处", 502)
    return [
        point(west, west, name="朝阳街道社区事务受理服务中心", lon="121.430000", lat="30.950000"),
        point(east, east, name="湖滨街道社区事务受理服务中心", lon="121.550000", lat="30.870000"),
        point(
            agency,
            east,
            name="湖滨综合为老服务中心",
            kind="elderly",
            lon="121.540000",
            lat="30.880000",
        ),
        point(agency, east, name="已停用网点", lon="121.500000", lat="30.900000", is_active=False),
    ]


def _check_feature_collection(data, expected):
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list) and len(data["features"]) == len(expected)
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    for p in expected:
        f = by_name[p.name]
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        # RFC 7946 §3.1.1: longitude first. Longitudes here are > 100, latitudes < 40.
        assert (lon, lat) == (float(p.lon), float(p.lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and lon > 100 and lat < 40


def test_geojson_endpoint_is_a_valid_feature_collection(client, points):
    response = client.get("/services/points.geojson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    _check_feature_collection(data, points[:3])
    assert "已停用网点" not in response.content.decode()
    # Same data through the API, and a filter by 街镇.
    api = client.get("/api/v1/service-points.geojson").json()
    _check_feature_collection(api, points[:3])
    only_east = client.get("/services/points.geojson?subdistrict=hbjd").json()
    _check_feature_collection(only_east, points[1:3])
    listing = client.get("/api/v1/service-points?kind=elderly").json()
    assert [p["name"] for p in listing] == ["湖滨综合为老服务中心"]
    assert (listing[0]["lon"], listing[0]["lat"]) == (121.54, 30.88)


def test_map_page_draws_points_where_they_are_without_third_parties(client, points):
    html = client.get("/services/map/").content.decode()
    circles = {
        title: (float(x), float(y))
        for x, y, title in re.findall(
            r'<circle class="map-pt[^"]*" cx="([\d.]+)" cy="([\d.]+)" r="7"><title>([^（<]+)', html
        )
    }
    assert set(circles) == {p.name for p in points[:3]}
    west, east = circles["朝阳街道社区事务受理服务中心"], circles["湖滨街道社区事务受理服务中心"]
    assert west[0] < east[0]  # west is left
    assert west[1] < east[1]  # the northern point is higher up (smaller y)
    for x, y in circles.values():
        assert 0 <= x <= geo.WIDTH and 0 <= y <= geo.HEIGHT
    # Accessible list grouped by 街镇 and type, linked from the map.
    assert "<h3>湖滨街道</h3>" in html and "<h4>综合为老服务中心</h4>" in html
    assert f'id="point-{points[2].pk}"' in html and f'href="#point-{points[2].pk}"' in html
    assert "<script" not in html and "style=" not in html


def test_map_filter_by_type(client, points):
    html = client.get("/services/map/?kind=elderly").content.decode()
    assert "湖滨综合为老服务中心" in html and "朝阳街道社区事务受理服务中心" not in html


def test_gcj02_conversion_round_trips_and_moves_a_few_hundred_metres():
    lon, lat = 121.475, 30.917
    glon, glat = geo.wgs84_to_gcj02(lon, lat)
    assert 0.001 < abs(glon - lon) + abs(glat - lat) < 0.01
    back = geo.gcj02_to_wgs84(glon, glat)
    assert abs(back[0] - lon) < 1e-7 and abs(back[1] - lat) < 1e-7


def _point_data(sub, **overrides):
    data = {
        "name": "朝阳就业服务站",
        "kind": "employment",
        "subdistrict": sub,
        "address": "示范区朝阳路 9 号",
        "opening_hours": "工作日 9:00—17:00",
        "phone": "021-57880199",
        "lon": "121.470000",
        "lat": "30.920000",
        "entered_in": "wgs84",
        "is_active": True,
    }
    data.update(overrides)
    return data


def test_point_entered_in_gcj02_is_stored_in_wgs84_and_audited(agency, clerk, district):
    sub = subdistrict(district)
    glon, glat = geo.wgs84_to_gcj02(121.47, 30.92)
    p = services.create_point(
        actor=clerk,
        agency=agency,
        data=_point_data(sub, lon=f"{glon:.6f}", lat=f"{glat:.6f}", entered_in="gcj02"),
    )
    assert abs(p.lon - Decimal("121.470000")) <= Decimal("0.000002")
    assert abs(p.lat - Decimal("30.920000")) <= Decimal("0.000002")
    assert p.entered_in == "gcj02"
    event = AuditEvent.objects.get(action="services.point.create")
    assert event.agency == agency and event.after["lon"] == str(p.lon)
    services.update_point(p, actor=clerk, data={"opening_hours": "每天 9:00—17:00"})
    event = AuditEvent.objects.get(action="services.point.update")
    assert event.before == {"opening_hours": "工作日 9:00—17:00"}
    assert AuditEvent.objects.count() == 2


def test_swapped_coordinates_get_a_clear_message(login, clerk, agency, district):
    sub = subdistrict(district)
    response = login(clerk).post(
        "/staff/services/points/new/",
        {**_point_data(sub, lon="30.92", lat="121.47"), "agency": agency.pk, "subdistrict": sub.pk},
    )
    html = response.content.decode()
    assert "经度 30.92 不在我国范围" in html and "纬度 121.47 不在我国范围" in html
    assert not ServicePoint.objects.exists()


def test_staff_point_isolation(login, other_clerk, clerk, agency, district):
    sub = subdistrict(district)
    p = point(agency, sub)
    client = login(other_clerk)
    assert client.get(f"/staff/services/points/{p.pk}/").status_code == 404
    assert client.post(f"/staff/services/points/{p.pk}/", {"name": "x"}).status_code == 404
    assert p.name not in client.get("/staff/services/points/").content.decode()
    assert p.name in login(clerk).get("/staff/services/points/").content.decode()
