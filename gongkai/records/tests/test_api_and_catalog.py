"""The open API returns public records only; the catalogue-item summary."""

import datetime

import pytest

from gongkai.catalog.models import Domain, Item
from gongkai.records import stats
from gongkai.records.models import Record

from .helpers import draft, published

pytestmark = pytest.mark.django_db


def test_api_lists_public_records_only(agency, clerk, reviewer, client):
    public = published(agency, clerk, reviewer, title="公开件")
    draft(agency, clerk, title="草稿件")
    rows = client.get("/api/v1/records").json()
    assert [r["title"] for r in rows] == ["公开件"]
    detail = client.get(f"/api/v1/records/{public.index_no}").json()
    assert detail["index_no"] == public.index_no and detail["agency"] == "mzj"
    assert client.get("/api/v1/records/NOPE/2026-00001").status_code == 404


def test_item_freshness(agency, clerk, reviewer):
    item = Item.objects.create(
        domain=Domain.objects.create(code="shjz", name="社会救助"), code="SHJZ-01", level1="低保"
    )
    done = published(agency, clerk, reviewer, title="已发布")
    done.catalog_items.add(item)
    waiting = draft(agency, clerk, title="逾期", formed_on=datetime.date(2026, 3, 2))
    waiting.catalog_items.add(item)
    fresh = stats.item_freshness(item, today=datetime.date(2026, 6, 1))
    assert fresh.public_count == 1 and fresh.latest == done
    assert fresh.overdue == 1 and not fresh.up_to_date
    assert set(Record.objects.for_item(item)) == {done, waiting}
