"""`gongkai search "QUERY" [--json] [--limit N]` and `gongkai search reindex`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.search.engine import get_backend

pytestmark = pytest.mark.django_db


def test_search_json_prints_an_array(catalog_items):
    out = StringIO()
    call_command("search", "最低生活保障", "--json", "--limit", "1", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 1
    assert set(rows[0]) >= {"index_no", "title", "agency", "published"}
    assert rows[0]["index_no"] in {"SA-01", "SA-02"}


def test_search_text_output_and_no_hits(catalog_items):
    out = StringIO()
    call_command("search", "招生", stdout=out)
    assert "共 1 条" in out.getvalue() and "ED-01" in out.getvalue()
    out = StringIO()
    call_command("search", "没有这个词语", stdout=out)
    assert "没有找到" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("search", "低保", "--limit", "0")


def test_reindex_rebuilds_from_the_database(catalog_items, capsys):
    backend = get_backend()
    backend.clear()
    assert backend.search("低保").total == 0
    out = StringIO()
    call_command("search", "reindex", stdout=out)
    assert "索引已重建" in out.getvalue()
    assert "4/4" in capsys.readouterr().err  # the progress bar
    assert backend.search("低保").total == 2
    assert backend.count() == 4
