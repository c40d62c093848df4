"""The public search page, the search API, robots.txt and the sitemap index, over catalogue
items (which exist before the records app is merged)."""

import re

import pytest
from django.core.cache import cache

from gongkai.search.engine import get_backend

pytestmark = pytest.mark.django_db


def test_catalog_items_are_indexed_on_save_and_removed_on_delete(
    catalog_items, django_capture_on_commit_callbacks
):
    backend = get_backend()
    assert backend.search("低保").total == 2
    item = catalog_items[0]
    with django_capture_on_commit_callbacks(execute=True):
        item.level1, item.level2 = "临时救助", "救助标准调整"
        item.save()
    assert {h.index_no for h in backend.search("低保").hits} == {"SA-02"}
    with django_capture_on_commit_callbacks(execute=True):
        catalog_items[1].delete()
    assert backend.search("低保").total == 0
    assert backend.search("临时救助").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        item.is_active = False  # an item no longer in force is not public
        item.save()
    assert backend.search("临时救助").total == 0


def test_search_page_shows_highlighted_hits_and_filters(client, catalog_items):
    response = client.get("/search/", {"q": "低保"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "找到 <strong>2</strong> 条" in html
    assert "<mark>低保</mark>" in html
    assert "SA-01" in html and "SA-02" in html and "ED-01" not in html
    response = client.get("/search/", {"q": "低保", "kind": "record"})
    assert "没有找到" in response.content.decode()


def test_search_page_paginates(client, catalog_items, settings):
    from gongkai.search import views

    views.PER_PAGE, old = 1, views.PER_PAGE
    try:
        html = client.get("/search/", {"q": "最低生活保障"}).content.decode()
        assert "第 1/2 页" in html and 'rel="next"' in html
        html = client.get("/search/", {"q": "最低生活保障", "page": 2}).content.decode()
        assert 'rel="prev"' in html and 'start="2"' in html
    finally:
        views.PER_PAGE = old


def test_search_page_did_you_mean_and_escaping(client, catalog_items):
    html = client.get("/search/", {"q": "低保对象标准"}).content.decode()
    assert "没有找到" in html
    assert "您是不是要找" in html
    html = client.get("/search/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html


def test_search_api_shape_cors_and_rate_limit(client, catalog_items, settings):
    cache.clear()
    response = client.get("/api/v1/search", {"q": "招生"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["total"] == 1 and data["suggestion"] == ""
    hit = data["hits"][0]
    assert hit["index_no"] == "ED-01" and hit["kind"] == "catalog_item"
    assert set(hit) >= {"index_no", "title", "agency", "published", "url", "snippet"}
    assert "<mark>招生</mark>" in hit["title_html"]

    settings.SEARCH_API_RATE = "3/60"
    cache.clear()
    codes = [client.get("/api/v1/search", {"q": "招生"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/search", {"q": "招生"})
    assert limited.status_code == 429
    assert "请求过于频繁" in limited.json()["detail"]
    assert int(limited["Retry-After"]) >= 1
    # another client is not affected
    other = client.get("/api/v1/search", {"q": "招生"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()


def test_contract_search_function(catalog_items):
    from gongkai.search.api import search

    results = search("特困", filters={"kind": "catalog_item"}, page=1, per_page=20)
    assert results.total == 1
    hit = results.hits[0]
    assert (hit.index_no, hit.agency, hit.published) == ("SA-03", "", None)
    assert hit.url and "<mark>特困</mark>" in hit.title_html


def test_robots_and_sitemap_index(client, agency):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    text = robots.content.decode()
    assert "Disallow: /staff/" in text
    assert re.search(r"^Sitemap: http\S+/sitemap\.xml$", text, re.M)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert b"sitemap-portal.xml" in index.content and b"sitemap-agencies.xml" in index.content
    agencies = client.get("/sitemap-agencies.xml").content.decode()
    assert f"/open/agencies/{agency.code}/" in agencies


def test_openapi_document_describes_the_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/v1/search", "/api/v1/records", "/api/v1/records/{index_no}"):
        assert "get" in doc["paths"][path], path
    hit = doc["components"]["schemas"]["SearchHitOut"]["properties"]
    assert {"index_no", "title", "agency", "published", "url", "snippet"} <= set(hit)


def test_postgres_backend_selected_by_setting(settings, agency, django_capture_on_commit_callbacks):
    from gongkai.search.engine import reset_backend
    from gongkai.search.tests.test_engine import PG_DSN, _pg_available

    if not _pg_available():
        pytest.skip(f"PostgreSQL not reachable at {PG_DSN}")
    settings.SEARCH_BACKEND = "postgres"
    settings.SEARCH_DATABASE_URL = PG_DSN
    reset_backend()
    backend = get_backend()
    assert backend.name == "postgres"
    backend.table = "search_test_setting"
    backend.drop()
    try:
        from gongkai.catalog.models import Domain, Item

        with django_capture_on_commit_callbacks(execute=True):
            domain = Domain.objects.create(code="pg-domain", name="财政信息")
            Item.objects.create(domain=domain, code="PG-01", level1="财政预算", level2="三公经费")
        assert [h.index_no for h in backend.search("三公经费").hits] == ["PG-01"]
    finally:
        backend.drop()
        reset_backend()
