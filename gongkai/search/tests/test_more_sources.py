"""双公示 and annual reports through the site search, on both backends.

Objects are made with their apps' own services (their public write interfaces); the index
follows through `publicity_changed`, `gongkai tick` and the report's publication. Nothing but
what a public page shows may reach the index: a planted identity or mobile number of a natural
person is never found and never printed.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import uuid
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.publicity import services as publicity
from gongkai.publicity.masking import mask_free_text
from gongkai.publicity.models import Licence, Penalty, State
from gongkai.publicity.standard import make_id_card
from gongkai.publicity.tests.factories import (
    licence_row,
    penalty_row,
    person_penalty_row,
    xlsx_bytes,
)
from gongkai.search import indexing
from gongkai.search import sources as registry
from gongkai.search.api import search
from gongkai.search.engine import get_backend, reset_backend

from .test_engine import PG_DSN, _pg_available

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

PLANTED_ID = make_id_card("31011019900101234")
PLANTED_MOBILE = "13912345678"


@pytest.fixture(params=["tantivy", "postgres"])
def backend(request, settings):
    """The site's configured backend: the embedded index (from conftest) or a PostgreSQL table
    of this test's own."""
    if request.param == "tantivy":
        yield get_backend()
        return
    if not _pg_available():
        pytest.skip(f"PostgreSQL not reachable at {PG_DSN}")
    settings.SEARCH_BACKEND = "postgres"
    settings.SEARCH_DATABASE_URL = PG_DSN
    reset_backend()
    pg = get_backend()
    pg.table = f"search_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    pg.drop()
    try:
        yield pg
    finally:
        pg.drop()
        reset_backend()


@pytest.fixture
def today(time_machine):
    def move(day: datetime.date):
        # The clock keeps ticking: the embedded index names each rebuild by the time in ns.
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(9), SHANGHAI))

    move(datetime.date(2026, 3, 6))
    return move


@pytest.fixture
def publish(clerk, django_capture_on_commit_callbacks):
    """Import rows as the clerk, running the after-commit callbacks (the index update)."""

    def run(kind: str, *rows: dict):
        with django_capture_on_commit_callbacks(execute=True):
            publicity.import_file(
                actor=clerk, kind=kind, filename="x.xlsx", data=xlsx_bytes(kind, list(rows))
            )

    return run


def keys(query: str, **filters) -> set[str]:
    return {h.key for h in search(query, filters=filters, per_page=100).hits}


# --- 双公示 -----------------------------------------------------------------------------------


def test_published_penalty_is_found_by_its_facts_and_decision_number(
    backend, today, publish, agency, client
):
    publish(
        "penalty",
        penalty_row(agency, 1, 违法事实="经查，当事人在养老服务场所违规存放易燃杂物。"),
        penalty_row(agency, 2),
    )
    first = Penalty.objects.get(decision_number="示民罚〔2026〕1号")
    assert keys("易燃杂物") == {f"penalty:{first.pk}"}
    assert keys("示民罚〔2026〕1号") == {f"penalty:{first.pk}"}
    assert len(keys("示民罚〔2026〕")) == 2
    hit = search("易燃杂物").hits[0]
    assert hit.kind == "penalty" and hit.index_no == "示民罚〔2026〕1号"
    assert hit.url == first.get_absolute_url() and hit.agency == agency.name
    assert hit.title == "示范区好味道餐饮有限公司 未按规定公示收费标准"
    assert client.get(hit.url).status_code == 200
    # the kind filter
    assert keys("易燃杂物", kind="penalty") and not keys("易燃杂物", kind="licence")


def test_expired_penalty_leaves_search_after_tick_but_stays_in_the_staff_view(
    backend, today, publish, agency, clerk, login, django_capture_on_commit_callbacks
):
    publish("penalty", penalty_row(agency, 1, 公示截止期="2026-06-02"), penalty_row(agency, 2))
    expiring = Penalty.objects.get(decision_number="示民罚〔2026〕1号")
    staying = Penalty.objects.get(decision_number="示民罚〔2026〕2号")
    assert keys("示民罚〔2026〕1号") == {f"penalty:{expiring.pk}"}

    today(datetime.date(2026, 6, 3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick", stdout=io.StringIO())
    expiring.refresh_from_db()
    assert expiring.state == State.EXPIRED
    assert keys("示民罚〔2026〕1号") == set()
    assert keys("收费标准") == {f"penalty:{staying.pk}"}
    page = login(clerk).get(reverse("staff_publicity:record", args=["penalty", expiring.pk]))
    assert page.status_code == 200 and "示民罚〔2026〕1号" in page.content.decode()


def test_withdrawn_licence_is_not_found(
    backend, today, publish, agency, clerk, django_capture_on_commit_callbacks
):
    publish("licence", licence_row(agency, 1), licence_row(agency, 2, 许可内容="床位 80 张"))
    licence = Licence.objects.get(document_number="示民许〔2026〕1号")
    assert keys("示民许〔2026〕1号") == {f"licence:{licence.pk}"}
    assert len(keys("养老机构备案", kind="licence")) == 2
    hit = search("示民许〔2026〕1号").hits[0]
    assert hit.url == licence.get_absolute_url() and hit.kind == "licence"
    with django_capture_on_commit_callbacks(execute=True):
        publicity.withdraw_record(
            licence,
            actor=clerk,
            reason="许可决定被依法撤销。",
            changed_on=datetime.date(2026, 3, 5),
        )
    assert keys("示民许〔2026〕1号") == set()
    assert len(keys("养老机构备案", kind="licence")) == 1


PERSONAL = [PLANTED_ID, PLANTED_MOBILE]


def test_personal_data_of_a_natural_person_is_never_indexed(
    backend, today, publish, agency, client, district_office, django_capture_on_commit_callbacks
):
    facts = (
        f"经查，当事人张三丰（身份证号{PLANTED_ID}，联系电话{PLANTED_MOBILE}）"
        "在居民楼内违规经营群租房。"
    )
    publish("penalty", person_penalty_row(agency, 1, 证件号码=PLANTED_ID, 违法事实=facts))
    penalty = Penalty.objects.get()
    key = f"penalty:{penalty.pk}"
    # found by what the public page shows, masked as it is there
    assert keys("群租房") == {key}
    assert keys("张三丰") == {key}
    masked_id = mask_free_text(PLANTED_ID, personal_addresses=True)
    assert masked_id != PLANTED_ID and masked_id in search("身份证号").hits[0].snippet
    # never by the identity or mobile number, nor by a long part of them
    for secret in (*PERSONAL, PLANTED_ID[:10], PLANTED_ID[6:14], PLANTED_MOBILE[3:8]):
        assert keys(secret) == set(), secret
    outputs = [
        client.get("/search/", {"q": q}).content.decode() for q in ("群租房", "张三丰", "身份证")
    ]
    outputs += [
        json.dumps(client.get("/api/v1/search", {"q": q}).json(), ensure_ascii=False)
        for q in ("群租房", "张三丰")
    ]
    cli = io.StringIO()
    call_command("search", "群租房", "--json", stdout=cli)
    outputs.append(cli.getvalue())
    assert all("张三丰" in out for out in outputs)  # each output holds the hit
    for out in outputs:
        for secret in PERSONAL:
            assert secret not in out
    # 遮蔽自然人姓名: the index follows the policy, so the name is no longer searchable
    with django_capture_on_commit_callbacks(execute=True):
        publicity.update_policy(actor=district_office, mask_person_name=True)
    assert keys("张三丰") == set()  # neither by the name field nor by the facts quoting it
    hit = search("群租房").hits[0]
    assert hit.title.startswith("张*丰") and "张三丰" not in hit.snippet


def test_an_import_of_many_rows_is_indexed_in_batches(
    backend, today, agency, clerk, django_capture_on_commit_callbacks, monkeypatch
):
    rows = [penalty_row(agency, n) for n in range(1, 301)]
    monkeypatch.setattr(indexing, "BATCH", 120)
    writes: list[int] = []
    upsert = type(backend).upsert
    monkeypatch.setattr(
        type(backend), "upsert", lambda self, docs: writes.append(len(list(docs))) or 0
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publicity.import_file(
            actor=clerk, kind="penalty", filename="x.xlsx", data=xlsx_bytes("penalty", rows)
        )
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert writes == [120, 120, 60]  # three index writes for 300 rows, not 300
    assert len(queries) <= 10  # a few queries per batch, not per row
    monkeypatch.setattr(type(backend), "upsert", upsert)
    indexing.changed("penalty", Penalty.objects.values_list("pk", flat=True))
    assert search("示民罚〔2026〕").total == 300


# --- annual reports ---------------------------------------------------------------------------


def _report(agency, clerk, overview: str):
    from gongkai.reports import services as reports
    from gongkai.reports.tests.helpers import complete

    report = reports.create_report(agency=agency, year=2025, actor=clerk)
    report = complete(report, clerk)
    return reports.update_sections(report, actor=clerk, overview=overview)


def test_only_published_annual_reports_are_found(
    backend, agency, clerk, head, client, django_capture_on_commit_callbacks
):
    from gongkai.reports import services as reports

    with django_capture_on_commit_callbacks(execute=True):
        report = _report(agency, clerk, "本年度区民政局推进银杏社区公开栏建设。")
    assert keys("银杏社区公开栏") == set()  # draft
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.approve_report(report, actor=head)
    assert keys("银杏社区公开栏") == set()  # approved, not yet on the portal
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.publish_report(report, actor=clerk)
    assert keys("银杏社区公开栏") == {f"annual_report:{report.pk}"}
    hit = search("银杏社区公开栏").hits[0]
    assert hit.kind == "annual_report" and hit.title == "区民政局2025年政府信息公开工作年度报告"
    assert hit.url == f"/open/reports/{agency.code}/2025/" and hit.agency == agency.name
    assert client.get(hit.url).status_code == 200
    # the text sections, not the cells of the statistical tables
    assert f"annual_report:{report.pk}" not in keys("科研机构")  # a column of table 三

    # a correction replaces the version it corrects once it is published
    with django_capture_on_commit_callbacks(execute=True):
        fixed = reports.correct_report(report, actor=clerk, note="更正第一部分的表述。")
        fixed = reports.update_sections(fixed, actor=clerk, overview="本年度推进梧桐社区公开栏。")
        fixed = reports.approve_report(fixed, actor=head)
    assert keys("银杏社区公开栏") == {f"annual_report:{report.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        fixed = reports.publish_report(fixed, actor=clerk)
    assert keys("银杏社区公开栏") == set()
    assert keys("梧桐社区公开栏") == {f"annual_report:{fixed.pk}"}
    assert keys("更正第一部分") == {f"annual_report:{fixed.pk}"}


# --- reindex, the page, the API ---------------------------------------------------------------


@pytest.fixture
def everything(today, publish, agency, clerk, head, django_capture_on_commit_callbacks):
    from gongkai.reports import services as reports

    publish("penalty", penalty_row(agency, 1, 违法事实="经查，当事人占用消防通道堆放物品。"))
    publish("licence", licence_row(agency, 1, 许可内容="设置养老床位并提供消防通道"))
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(agency, clerk, "本年度开展消防通道专项公开。")
        reports.publish_report(reports.approve_report(report, actor=head), actor=clerk)


def test_reindex_includes_every_kind(backend, everything):
    backend.clear()
    assert search("消防通道").total == 0
    out = io.StringIO()
    call_command("search", "reindex", stdout=out)
    assert "索引已重建" in out.getvalue()
    assert {k.partition(":")[0] for k in keys("消防通道")} == {
        "penalty",
        "licence",
        "annual_report",
    }
    assert backend.count() == registry.total_count() == 3


def test_demo_reindex_includes_every_kind(backend, everything, settings):
    from gongkai.core.plugins import app_modules
    from gongkai.search import demo

    # `gongkai demo` runs the apps' loaders in GONGKAI_APPS order: search's rebuild comes after
    # every app that contributes a source
    apps = settings.GONGKAI_APPS
    contributors = [app for app, _ in app_modules("search_sources")]
    assert {"gongkai.publicity", "gongkai.reports"} <= set(contributors)
    assert all(apps.index(app) < apps.index("gongkai.search") for app in contributors)
    backend.clear()
    demo.load(stdout=io.StringIO(), options={})
    assert len(keys("消防通道")) == 3


def test_search_page_filters_by_kind_and_labels_each_hit(client, everything):
    html = client.get("/search/").content.decode()
    for value, label in (
        ("licence", "行政许可"),
        ("penalty", "行政处罚"),
        ("annual_report", "政府信息公开工作年度报告"),
    ):
        assert f'<option value="{value}">{label}</option>' in html
    html = client.get("/search/", {"q": "消防通道"}).content.decode()
    assert "找到 <strong>3</strong> 条" in html
    assert "行政处罚决定书文号：示民罚〔2026〕1号" in html
    assert "行政许可决定文书号：示民许〔2026〕1号" in html
    assert "处罚决定日期" in html and "许可决定日期" in html
    html = client.get("/search/", {"q": "消防通道", "kind": "annual_report"}).content.decode()
    assert "找到 <strong>1</strong> 条" in html and "/open/reports/mzj/2025/" in html
    assert '<option value="annual_report" selected>' in html
    penalty = Penalty.objects.get()
    hits = re.findall(
        r'<h2><a href="([^"]+)">', client.get("/search/", {"q": "消防通道"}).content.decode()
    )
    assert penalty.get_absolute_url() in hits
    for url in hits:
        assert client.get(url).status_code == 200, url


def test_search_api_filters_by_kind_and_gives_the_type_label(client, everything):
    data = client.get("/api/v1/search", {"q": "消防通道", "kind": "penalty"}).json()
    assert data["total"] == 1
    hit = data["hits"][0]
    assert (hit["kind"], hit["kind_label"]) == ("penalty", "行政处罚")
    assert hit["url"].endswith(Penalty.objects.get().get_absolute_url())
    labels = {
        h["kind"]: h["kind_label"]
        for h in client.get("/api/v1/search", {"q": "消防通道"}).json()["hits"]
    }
    assert labels == {
        "penalty": "行政处罚",
        "licence": "行政许可",
        "annual_report": "政府信息公开工作年度报告",
    }
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["SearchHitOut"]
    assert "annual_report" in schema["properties"]["kind"]["description"]
    out = io.StringIO()
    call_command("search", "消防通道", "--json", stdout=out)
    assert {r["kind_label"] for r in json.loads(out.getvalue())} == set(labels.values())


# --- the plug-in contract ---------------------------------------------------------------------


@pytest.fixture
def plugin_app(settings, monkeypatch):
    from .plugin_app import search_sources as plugin

    settings.GONGKAI_APPS = [*settings.GONGKAI_APPS, "gongkai.search.tests.plugin_app"]
    monkeypatch.setattr(registry, "_registry", None)
    plugin.BOARD.clear()
    yield plugin
    plugin.BOARD.clear()


def test_an_app_contributes_a_kind_with_search_sources_py(plugin_app, client):
    assert list(registry.sources())[:2] == ["record", "catalog_item"]  # built-ins first
    assert registry.kind_labels()["notice_board"] == "社区公告栏"
    plugin_app.BOARD.update({"1": ("停水通知", "梧桐小区明日停水"), "2": ("停电通知", "检修")})
    indexing.changed("notice_board", ["1", "2"])
    assert keys("停水") == {"notice_board:1"}
    html = client.get("/search/", {"q": "梧桐小区"}).content.decode()
    assert "社区公告栏" in html and "公告编号：GG-1" in html and 'href="/board/1/"' in html
    del plugin_app.BOARD["1"]  # no longer public: the next change removes it
    indexing.changed("notice_board", ["1"])
    assert keys("停水") == set()
    indexing.reindex()
    assert keys("停电") == {"notice_board:2"}


def test_a_kind_taken_twice_is_a_configuration_error(plugin_app, monkeypatch):
    monkeypatch.setattr(plugin_app.NoticeBoardSource, "kind", "penalty")
    with pytest.raises(ImproperlyConfigured, match="penalty"):
        registry.sources()
