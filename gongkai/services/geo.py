"""Coordinates of service points: GCJ-02 → WGS84, GeoJSON output and the self-drawn SVG map.

Stored coordinates are WGS84, the only datum GeoJSON allows (RFC 7946 §4). Chinese web maps
(高德, 腾讯) show GCJ-02, offset from WGS84 by a few hundred metres; coordinates copied from them
are converted on entry with the published GCJ-02 formula, inverted by fixed-point iteration
(error below 1e-7 degrees, about 1 cm).

The map is an SVG drawn on the server from the points themselves (an equirectangular
projection scaled by cos(latitude), accurate enough at district scale): no tiles, no third-party
host, no script.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

_A = 6378245.0
_EE = 0.00669342162296594323


def _dlat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _dlon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    dlat = _dlat(lon - 105.0, lat - 35.0)
    dlon = _dlon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = glon - lon, glat - lat
        wlon, wlat = wlon - elon, wlat - elat
        if abs(elon) < 1e-9 and abs(elat) < 1e-9:
            break
    return wlon, wlat


def to_decimal(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


# -- GeoJSON ----------------------------------------------------------------------------------


def feature(point, base_url: str = "") -> dict:
    """One point as a GeoJSON Feature: coordinates are [longitude, latitude] in WGS84."""
    return {
        "type": "Feature",
        "id": point.pk,
        "geometry": {"type": "Point", "coordinates": [float(point.lon), float(point.lat)]},
        "properties": {
            "name": point.name,
            "kind": point.kind,
            "kind_label": point.get_kind_display(),
            "subdistrict": point.subdistrict.name,
            "agency": point.agency.name,
            "address": point.address,
            "opening_hours": point.opening_hours,
            "phone": point.phone,
            "services": point.services,
            "url": base_url + point.get_absolute_url(),
        },
    }


def feature_collection(points, base_url: str = "") -> dict:
    return {"type": "FeatureCollection", "features": [feature(p, base_url) for p in points]}


# -- SVG map ------------------------------------------------------------------------------------

WIDTH, HEIGHT, PAD = 800, 560, 36


@dataclass
class Mark:
    point: object
    x: float
    y: float


@dataclass
class Label:
    text: str
    x: float
    y: float


@dataclass
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    text: str
    tx: float
    ty: float


@dataclass
class SvgMap:
    width: int
    height: int
    marks: list[Mark]
    labels: list[Label]
    grid: list[GridLine]


def svg_map(points, *, groups=None) -> SvgMap:
    """Screen positions for `points` inside a WIDTH × HEIGHT view box, a graticule every
    0.02°, and one label per group (街镇) at the centre of its points."""
    points = list(points)
    if not points:
        return SvgMap(WIDTH, HEIGHT, [], [], [])
    lons = [float(p.lon) for p in points]
    lats = [float(p.lat) for p in points]
    min_lon, max_lon = min(lons), max(lons)
    min_lat, max_lat = min(lats), max(lats)
    # Keep a sensible extent when the points are few or coincide.
    span = 0.02
    if max_lon - min_lon < span:
        mid = (min_lon + max_lon) / 2
        min_lon, max_lon = mid - span / 2, mid + span / 2
    if max_lat - min_lat < span:
        mid = (min_lat + max_lat) / 2
        min_lat, max_lat = mid - span / 2, mid + span / 2
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = min(
        (WIDTH - 2 * PAD) / ((max_lon - min_lon) * k), (HEIGHT - 2 * PAD) / (max_lat - min_lat)
    )
    off_x = (WIDTH - (max_lon - min_lon) * k * scale) / 2
    off_y = (HEIGHT - (max_lat - min_lat) * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(off_x + (lon - min_lon) * k * scale, 1),
            round(HEIGHT - off_y - (lat - min_lat) * scale, 1),
        )

    marks = [Mark(p, *project(float(p.lon), float(p.lat))) for p in points]
    labels = []
    for name, members in (groups or {}).items():
        if members:
            cx = sum(float(p.lon) for p in members) / len(members)
            cy = sum(float(p.lat) for p in members) / len(members)
            x, y = project(cx, cy)
            labels.append(Label(name, x, round(y - 14, 1)))
    grid = []
    step = 0.02
    lon = math.ceil(min_lon / step) * step
    while lon <= max_lon:
        x, _ = project(lon, min_lat)
        grid.append(GridLine(x, 0, x, HEIGHT, f"{lon:.2f}°E", x + 2, HEIGHT - 4))
        lon += step
    lat = math.ceil(min_lat / step) * step
    while lat <= max_lat:
        _, y = project(min_lon, lat)
        grid.append(GridLine(0, y, WIDTH, y, f"{lat:.2f}°N", 4, y - 3))
        lat += step
    return SvgMap(WIDTH, HEIGHT, marks, labels, grid)
