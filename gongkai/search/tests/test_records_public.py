"""Records through search, feeds, sitemap and exports: nothing non-public leaks, and the index
follows publication, correction and withdrawal through `records.signals.record_changed`.

Records are made with the records app's own services (its public write interface). These tests
are skipped only while `gongkai.records.models.Record` does not exist.
"""

import csv
import datetime
import io

import pytest

try:
    from gongkai.records.models import Record
except ImportError:  # the records slice is not merged
    Record = None

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        Record is None,
        reason="gongkai.records.models.Record does not exist yet (records slice not merged)",
    ),
]


def _draft(agency, clerk, n, **data):
    from gongkai.core.legal import DisclosureAttribute
    from gongkai.records import services
    from gongkai.records.models import RecordType, Topic

    values = {
        "title": f"关于调整城乡低保标准的通知第{n}号",
        "record_type": RecordType.NOTICE,
        "attribute": DisclosureAttribute.PROACTIVE,
        "written_on": datetime.date(2026, 3, 2),
        "topic": Topic.objects.filter(parent__isnull=False).first(),
        "body": f"<p>各街道：现将低保标准调整如下（第{n}批）。</p>",
    }
    values.update(data)
    return services.create_record(agency=agency, actor=clerk, data=values)


def _publish(record, clerk, reviewer):
    from gongkai.records import services

    services.submit_record(record, actor=clerk)
    services.review_record(record, actor=reviewer, secrecy_checked=True)
    return services.publish_record(record, actor=clerk)


@pytest.fixture
def records(agency, clerk, reviewer, django_capture_on_commit_callbacks):
    # the records services send record_changed on commit: run those callbacks
    with django_capture_on_commit_callbacks(execute=True):
        return _records(agency, clerk, reviewer)


def _records(agency, clerk, reviewer):
    rows = {
        "public": _publish(_draft(agency, clerk, 1), clerk, reviewer),
        "public2": _publish(_draft(agency, clerk, 2), clerk, reviewer),
        "draft": _draft(agency, clerk, 3, title="草稿：低保标准调整方案"),
        "withdrawn": _publish(
            _draft(agency, clerk, 4, title="已撤回：低保标准旧文"), clerk, reviewer
        ),
    }
    from gongkai.records import services

    services.withdraw_record(rows["withdrawn"], actor=reviewer, notice="发布有误，予以撤回。")
    for record in rows.values():
        record.refresh_from_db()
    return rows


def test_publication_indexes_and_only_public_records_are_found(records):
    from gongkai.search.api import search

    results = search("低保标准", per_page=50)
    assert {h.index_no for h in results.hits} == {
        records["public"].index_no,
        records["public2"].index_no,
    }
    hit = search("第1批").hits[0]
    assert hit.index_no == records["public"].index_no
    assert hit.agency and hit.published and hit.url == records["public"].get_absolute_url()
    assert search("草稿").total == 0 and search("旧文").total == 0


def test_withdrawal_removes_the_record_from_search(
    records, reviewer, django_capture_on_commit_callbacks
):
    from gongkai.records import services
    from gongkai.search.api import search

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(records["public"], actor=reviewer, notice="发布有误，予以撤回。")
    assert records["public"].index_no not in {h.index_no for h in search("低保", per_page=50).hits}


def test_reindex_keeps_only_public_records(records):
    from gongkai.search.engine import get_backend
    from gongkai.search.indexing import reindex

    reindex()
    assert get_backend().search("低保标准").total == 2


def test_feeds_parse_and_hold_only_public_records(client, records, agency):
    import feedparser

    public_titles = {records["public"].title, records["public2"].title}
    for url in (
        "/feeds/records.atom",
        f"/feeds/agencies/{agency.code}.atom",
        f"/feeds/types/{records['public'].record_type}.atom",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, url
        assert {e.title for e in feed.entries} == public_titles, url


def test_sitemap_lists_only_public_records(client, records):
    body = client.get("/sitemap-records.xml").content.decode()
    assert records["public"].get_absolute_url() in body
    assert records["public2"].get_absolute_url() in body
    assert records["draft"].get_absolute_url() not in body
    assert records["withdrawn"].get_absolute_url() not in body


def test_csv_and_xlsx_exports_hold_only_public_records(client, records):
    response = client.get("/api/v1/export/records.csv")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "索引号" and len(rows) == 3
    assert {r[0] for r in rows[1:]} == {records["public"].index_no, records["public2"].index_no}
    from openpyxl import load_workbook

    response = client.get("/api/v1/export/records.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
