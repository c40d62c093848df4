"""Editions: published with an effective date and item-by-item changes; the public sees the
current one and can open earlier ones."""

from __future__ import annotations

import datetime

import time_machine

from gongkai.catalog import services
from gongkai.catalog.models import Edition, Item


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC))
def test_publish_edition_lists_changes_and_becomes_current_on_its_date(
    catalog_demo, district_office, client
):
    item = Item.objects.get(code="shjz-0001")
    item.level2 = "法律法规（修订）"
    item.save()
    Item.objects.filter(code="shjz-0002").update(is_active=False)

    edition = services.publish_edition(
        actor=district_office,
        number="2027",
        title="示范区基层政务公开标准目录（2027年版）",
        effective_on=datetime.date(2027, 1, 1),
    )

    changes = {c["code"]: c for c in edition.changes}
    assert changes["shjz-0001"]["change"] == "changed"
    assert changes["shjz-0001"]["fields"] == ["二级事项"]
    assert changes["shjz-0002"]["change"] == "removed"
    assert Edition.objects.current().number == "2026"
    assert "待生效" in client.get("/open/catalog/editions/").content.decode()
    with time_machine.travel(datetime.datetime(2027, 1, 2, tzinfo=datetime.UTC)):
        assert Edition.objects.current().number == "2027"
    page = client.get("/open/catalog/editions/2027/?domain=社会救助").content.decode()
    assert "法律法规（修订）" in page and "二级事项" in page


def test_edition_number_is_unique(catalog_demo, district_office, login):
    client = login(district_office)
    response = client.post(
        "/staff/catalog/editions/",
        {"number": "2026", "title": "重复", "effective_on": "2027-01-01"},
    )
    assert "已存在" in response.content.decode()


def test_demo_is_idempotent(catalog_demo):
    from gongkai.catalog import demo

    from .conftest import _Null

    counts = (Item.objects.count(), Edition.objects.count())
    demo.load(stdout=_Null(), options={"small": True})
    assert (Item.objects.count(), Edition.objects.count()) == counts


def test_first_edition_has_no_change_list(catalog_demo, district_office, client):
    Edition.objects.all().delete()
    edition = services.publish_edition(
        actor=district_office,
        number="first",
        title="首版",
        effective_on=datetime.date(2020, 1, 1),
    )
    assert edition.changes == []
    assert len(edition.snapshot["items"]) == Item.objects.active().count()
    assert "首次发布" in client.get("/open/catalog/editions/first/").content.decode()
