"""QR-linked notices: the server-drawn SVG decodes to the canonical public URL with ?src=qr, and
visits from it are counted per object and day without anything about the visitor."""

import datetime
import re

import pytest

from gongkai.core.models import AuditEvent
from gongkai.services import qr
from gongkai.services.models import GuideState, ScanDay

from .factories import guide, point, subdistrict

pytestmark = pytest.mark.django_db


def _rasterise(svg: str, scale: int = 4):
    """Pixels of segno's inline SVG: a white square, then one stroked path of 1-unit-high runs
    ("M x y.5 h n m dx dy ..."). Returns (size, bytes) with 0 = dark, 255 = light."""
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    units = int(view.group(1)) // scale
    d = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    pixels = bytearray([255]) * (units * units)
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", d):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a dark run of `a` modules on row floor(y)
            row = int(y)
            for col in range(int(x), int(x + float(a))):
                pixels[row * units + col] = 0
            x += float(a)
    # Enlarge each module to 4×4 pixels for the decoder.
    big = units * 4
    out = bytearray(big * big)
    for r in range(big):
        for c in range(big):
            out[r * big + c] = pixels[(r // 4) * units + c // 4]
    return big, bytes(out)


class _Image:
    def __init__(self, size, data):
        self.__array_interface__ = {
            "shape": (size, size),
            "typestr": "|u1",
            "data": data,
            "version": 3,
        }


def _decode(svg: str) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    size, data = _rasterise(svg)
    return [r.text for r in zxingcpp.read_barcodes(_Image(size, data))]


def test_notice_qr_decodes_to_the_canonical_url(client, agency, settings):
    settings.GONGKAI_BASE_URL = "https://www.shifanqu.gov.cn"
    g = guide(agency)
    response = client.get(f"/services/notice/guide/{g.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r'<svg viewBox="[^"]+" class="qr-code">.*?</svg>', html, re.S).group(0)
    expected = f"https://www.shifanqu.gov.cn/services/guides/{g.pk}/?src=qr"
    assert _decode(svg) == [expected]
    assert expected in html  # also printed under the code
    assert "style=" not in svg and "<script" not in html


def test_qr_svg_encodes_exactly_the_given_url():
    import segno

    url = "https://www.shifanqu.gov.cn/records/113101200000010501/2026-00001/?src=qr"
    svg = str(qr.qr_svg(url))
    assert _decode(svg) == [url]
    # The drawn modules are segno's own matrix for that URL.
    size, data = _rasterise(svg)
    matrix = segno.make(url, error="m", micro=False).matrix
    border = (size // 4 - len(matrix)) // 2
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            assert (data[((r + border) * 4) * size + (c + border) * 4] == 0) == bool(dark)


def test_notices_exist_only_for_public_objects(client, agency, district):
    draft = guide(agency, state=GuideState.DRAFT)
    assert client.get(f"/services/notice/guide/{draft.pk}/").status_code == 404
    assert client.get("/services/notice/user/1/").status_code == 404
    p = point(agency, subdistrict(district))
    assert client.get(f"/services/notice/point/{p.pk}/").status_code == 200
    p.is_active = False
    p.save()
    assert client.get(f"/services/notice/point/{p.pk}/").status_code == 404


def test_scans_are_counted_per_object_without_personal_data(client, agency, district):
    g = guide(agency)
    other = guide(agency, name="另一个事项")
    p = point(agency, subdistrict(district))
    events = AuditEvent.objects.count()
    headers = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; 扫码测试)"}
    for _ in range(3):
        assert client.get(g.get_absolute_url() + "?src=qr", **headers).status_code == 200
    client.get(p.get_absolute_url() + "?src=qr", **headers)
    client.get(g.get_absolute_url(), **headers)  # not from a QR code
    client.get(other.get_absolute_url() + "?src=other", **headers)
    client.get("/services/guides/999999/?src=qr", **headers)  # 404: nothing counted
    assert qr.scan_totals("guide", [g.pk, other.pk])[g.pk].total == 3
    assert other.pk not in qr.scan_totals("guide", [other.pk])
    assert qr.scan_totals("point", [p.pk])[p.pk].total == 1
    assert ScanDay.objects.count() == 2
    # The counter has no place for visitor data, and none of it was stored anywhere.
    assert {f.name for f in ScanDay._meta.get_fields()} == {
        "id",
        "kind",
        "object_id",
        "day",
        "count",
    }
    for row in ScanDay.objects.values():
        assert "203.0.113.77" not in str(row) and "iPhone" not in str(row)
    assert AuditEvent.objects.count() == events


def test_record_scans_are_counted_on_the_records_page(client, agency, clerk, reviewer):
    from gongkai.records.tests.helpers import published

    record = published(agency, clerk, reviewer)
    html = client.get(f"/services/notice/record/{record.pk}/").content.decode()
    assert record.title in html and "?src=qr" in html
    assert client.get(record.get_absolute_url() + "?src=qr").status_code == 200
    assert qr.scan_totals("record", [record.pk])[record.pk].total == 1


def test_staff_see_counts_of_their_own_agency_only(login, clerk, other_clerk, agency):
    g = guide(agency, name="扫码很多的事项")
    for _ in range(4):
        qr.count_scan("guide", g.pk)
    html = login(clerk).get("/staff/services/scans/").content.decode()
    assert "扫码很多的事项" in html and '<td class="num">4</td>' in html
    detail = login(clerk).get(f"/staff/services/guides/{g.pk}/").content.decode()
    assert "累计 4 次" in detail
    assert "扫码很多的事项" not in login(other_clerk).get("/staff/services/scans/").content.decode()


def test_staff_scan_list_finds_own_objects_among_many_busier_ones(login, clerk, agency):
    """The list shows the agency's most scanned objects even when hundreds of other objects
    (other agencies', or since deleted) have more scans."""
    busier = [
        ScanDay(kind="guide", object_id=900000 + i, day=datetime.date(2026, 3, 2), count=50)
        for i in range(600)
    ]
    ScanDay.objects.bulk_create(busier)
    g = guide(agency, name="本局扫码较少的事项")
    qr.count_scan("guide", g.pk)
    html = login(clerk).get("/staff/services/scans/").content.decode()
    assert "本局扫码较少的事项" in html
