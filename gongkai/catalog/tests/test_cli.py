"""`gongkai catalog export|import` on the command line."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from gongkai.catalog.models import Item
from gongkai.core.models import AuditEvent


def test_export_then_dry_run_and_import(catalog_demo, district_office, tmp_path):
    path = tmp_path / "nine.xlsx"
    out = StringIO()
    call_command("catalog", "export", "--layout", "nine", "-o", str(path), stdout=out)
    assert path.stat().st_size > 0 and "已导出" in out.getvalue()

    Item.objects.filter(code="shjz-0001").update(level2="被改动")
    out = StringIO()
    call_command("catalog", "import", str(path), "--layout", "nine", "--dry-run", stdout=out)
    assert "修改 1" in out.getvalue() and "试运行" in out.getvalue()
    assert Item.objects.get(code="shjz-0001").level2 == "被改动"

    out = StringIO()
    call_command("catalog", "import", str(path), "--layout", "nine", stdout=out)
    assert "[3/3]" in out.getvalue() and "导入完成" in out.getvalue()
    assert Item.objects.get(code="shjz-0001").level2 == "法律法规"
    assert AuditEvent.objects.get(action="catalog.import").actor == district_office
