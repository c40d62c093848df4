"""Public catalogue pages and the API show the same nine elements."""

from __future__ import annotations

import html
import re

import pytest

from gongkai.catalog.models import Domain, Item

NINE = [
    "公开主体",
    "公开属性",
    "部分公开情况",
    "公开理由",
    "公开依据",
    "公开形式",
    "公开时限",
    "公开平台",
    "公开载体",
]


def _dl_pairs(page: str) -> dict[str, str]:
    block = page.split('class="meta-table nine-elements">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S)
    return {k: html.unescape(v.replace("<br>", "\n")) for k, v in pairs}


@pytest.mark.parametrize("code", ["shjz-0001", "shjz-0003"])
def test_item_page_and_api_show_the_same_nine_elements(catalog_demo, client, code):
    item = Item.objects.get(code=code)
    page = client.get(item.get_absolute_url()).content.decode()
    shown = _dl_pairs(page)
    assert list(shown) == NINE
    api = client.get(f"/api/v1/catalog/items/{code}").json()
    assert {e["label"]: e["value"] for e in api["elements"]} == shown
    assert "《社会救助暂行办法》（国务院令第649号）第九条" in shown["公开依据"]
    assert shown["公开属性"] == "主动公开"
    assert api["attribute"] == "proactive"
    assert 'id="catalog-item-records"' in page


def test_partial_item_shows_ground_and_withheld_part(catalog_demo, client):
    item = Item.objects.filter(partial=True).first()
    assert item is not None
    shown = _dl_pairs(client.get(item.get_absolute_url()).content.decode())
    assert shown["部分公开情况"].startswith("是：")
    assert "保护第三方合法权益" in shown["公开理由"]


def test_api_filters(catalog_demo, client):
    all_items = client.get("/api/v1/catalog/items?per_page=200").json()
    assert all_items["count"] == Item.objects.active().count()
    by_domain = client.get("/api/v1/catalog/items?domain=shjz").json()
    assert by_domain["count"] > 0 and {r["domain"] for r in by_domain["results"]} == {"shjz"}
    by_agency = client.get("/api/v1/catalog/items?agency=rsj").json()
    assert {r["agency"] for r in by_agency["results"]} == {"rsj"}
    gazette = client.get("/api/v1/catalog/items?carrier=gazette&per_page=200").json()
    assert gazette["count"] == Item.objects.active().with_carrier("gazette").count() > 0
    assert all("gazette" in r["carriers"] for r in gazette["results"])
    assert client.get("/api/v1/catalog/items?carrier=nonsense").json()["count"] == 0
    withheld = client.get("/api/v1/catalog/items?attribute=withheld").json()
    assert withheld["count"] == 0
    domains = client.get("/api/v1/catalog/domains").json()
    assert any(d["name"] == "扶贫" and d["not_applicable"] for d in domains)
    standards = client.get("/api/v1/catalog/standards").json()
    assert standards and standards[0]["group_path"][0] == "政务公开标准体系"
    assert "/api/v1/catalog/items" in client.get("/api/v1/openapi.json").json()["paths"]


def test_pages_by_domain_agency_search_standards_editions(catalog_demo, client):
    assert "社会救助" in client.get("/open/catalog/").content.decode()
    page = client.get("/open/catalog/domains/shjz/").content.decode()
    assert "最低生活保障" in page
    na = client.get(Domain.objects.get(name="扶贫").get_absolute_url()).content.decode()
    assert "未涉及领域事项说明" in na
    assert "区民政局" in client.get("/open/catalog/agencies/").content.decode()
    assert "社会救助" in client.get("/open/catalog/agencies/mzj/").content.decode()
    found = client.get("/open/catalog/search/", {"q": "最低生活保障"}).content.decode()
    assert "shjz" in found and "个公开事项" in found
    tree = client.get("/open/catalog/standards/").content.decode()
    assert "基础标准" in tree and "保障标准" in tree and "提供标准" in tree
    editions = client.get("/open/catalog/editions/").content.decode()
    assert "现行" in editions and "历史版本" in editions
    old = client.get("/open/catalog/editions/2025/").content.decode()
    assert "历史版本" in old
    assert client.get("/open/catalog/items/nope-0001/").status_code == 404


def test_domain_page_query_count_is_bounded(catalog_demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/open/catalog/domains/shjz/")


def test_domains_are_listed_in_catalogue_order(catalog_demo, client):
    page = client.get("/open/catalog/").content.decode()
    positions = [page.index(name) for name in ["就业创业", "社会救助", "社会保险", "户籍管理"]]
    assert positions == sorted(positions)
    api = [d["name"] for d in client.get("/api/v1/catalog/domains").json()]
    assert api[:3] == ["就业创业", "社会救助", "社会保险"]


def test_item_page_lists_public_records_filed_under_it(catalog_demo, clerk, reviewer, client):
    from gongkai.records.tests.helpers import draft, published

    item = Item.objects.get(code="shjz-0001")
    agency = item.agency
    public = published(agency, clerk, reviewer, title="已公开的低保文件")
    hidden = draft(agency, clerk, title="尚未公开的草稿")
    public.catalog_items.add(item)
    hidden.catalog_items.add(item)
    page = client.get(item.get_absolute_url()).content.decode()
    records = page.split('id="catalog-item-records"', 1)[1]
    assert "已公开的低保文件" in records and public.get_absolute_url() in records
    assert "尚未公开的草稿" not in records
