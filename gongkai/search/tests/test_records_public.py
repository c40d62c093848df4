"""Records through search, the API, feeds, sitemap and exports: nothing non-public leaks.

These tests need the records app's Record model (built in a parallel slice). They are skipped
until `gongkai.records.models.Record` exists; after the merge they run unchanged. Records are
created with the contract fields only (CONTRACTS.md).
"""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

try:
    from gongkai.records.models import Record
except ImportError:  # the records slice is not merged yet
    Record = None

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        Record is None,
        reason="gongkai.records.models.Record does not exist yet (records slice not merged)",
    ),
]

SH = ZoneInfo("Asia/Shanghai")


def make_record(agency, n, *, status="published", attribute="proactive", **kw):
    from gongkai.core.legal import DisclosureAttribute

    published = status in ("published", "withdrawn")
    values = {
        "title": f"关于调整城乡低保标准的通知{n}",
        "body": f"<p>各街道：现将低保标准调整如下。示府规〔2026〕{n}号</p>",
        "record_type": Record._meta.get_field("record_type").choices[0][0],
        "agency": agency,
        "document_number": f"示府规〔2026〕{n}号",
        "published_at": datetime(2026, 3, n, 9, tzinfo=SH) if published else None,
        "validity": "valid",
        "index_no": f"11000000-2026-{n:05d}" if published else None,
        "status": status,
        "attribute": DisclosureAttribute(attribute),
    }
    values.update(kw)
    return Record.objects.create(**values)


@pytest.fixture
def records(agency):
    from gongkai.search.indexing import reindex

    rows = {
        "public": make_record(agency, 1),
        "public2": make_record(agency, 2),
        "draft": make_record(agency, 3, status="draft"),
        "withdrawn": make_record(agency, 4, status="withdrawn"),
        "on_request": make_record(agency, 5, attribute="on_request"),
    }
    reindex()
    return rows


def test_search_returns_only_public_records(records):
    from gongkai.search.api import search

    results = search("低保标准", per_page=50)
    assert {h.index_no for h in results.hits} == {
        records["public"].index_no,
        records["public2"].index_no,
    }
    assert search("〔2026〕3号").total == 0  # the draft's 文号
    hit = search("〔2026〕1号").hits[0]
    assert hit.agency and hit.published and hit.url == records["public"].get_absolute_url()


def test_record_changed_signal_updates_the_index(records):
    from gongkai.records.signals import record_changed
    from gongkai.search.api import search

    record = records["public"]
    Record.objects.filter(pk=record.pk).update(status="withdrawn")
    record_changed.send(sender=Record, record_id=record.pk)
    assert record.index_no not in {h.index_no for h in search("低保", per_page=50).hits}


def test_api_lists_and_details_only_public_records(client, records):
    data = client.get("/api/v1/records").json()
    assert {r["index_no"] for r in data["items"]} == {
        records["public"].index_no,
        records["public2"].index_no,
    }
    assert data["items"][0]["index_no"] == records["public2"].index_no  # newest first
    ok = client.get(f"/api/v1/records/{records['public'].index_no}")
    assert ok.status_code == 200 and ok["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"/api/v1/records/{records['withdrawn'].index_no}").status_code == 404
    assert client.get("/api/v1/records/no-such-number").status_code == 404


def test_feeds_parse_and_hold_only_public_records(client, records, agency):
    import feedparser

    for url in (
        "/feeds/records.atom",
        f"/feeds/agencies/{agency.code}.atom",
        f"/feeds/types/{records['public'].record_type}.atom",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, url
        titles = {e.title for e in feed.entries}
        assert titles == {records["public"].title, records["public2"].title}, url


def test_sitemap_lists_only_public_records(client, records):
    body = client.get("/sitemap-records.xml").content.decode()
    assert records["public"].get_absolute_url() in body
    for key in ("draft", "withdrawn", "on_request"):
        assert records[key].get_absolute_url() not in body


def test_csv_and_xlsx_exports(client, records):
    response = client.get("/api/v1/records/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "索引号" and len(rows) == 3
    from openpyxl import load_workbook

    response = client.get("/api/v1/records/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
