"""A file with errors is rejected whole, every error named by sheet, row and column."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from gongkai.catalog import excel, rows
from gongkai.catalog.models import Item
from gongkai.core.models import AuditEvent


def _catalogue_state():
    return sorted(
        (rows.item_to_dict(i) | {"active": i.is_active}).__repr__()
        for i in Item.objects.select_related("domain", "agency").prefetch_related(
            "citations", "platforms"
        )
    )


def _broken_nine_file() -> bytes:
    wb = load_workbook(BytesIO(excel.export_workbook(layout="nine")))
    ws = wb[excel.NINE_SHEET]
    headers = [c.value for c in ws[1]]
    ws.cell(row=3, column=headers.index("公开属性") + 1).value = "公开"
    ws.cell(row=5, column=headers.index("公开依据") + 1).value = "社会救助暂行办法第九条"
    ws.cell(row=7, column=headers.index("公开载体") + 1).value = "政府网站、朋友圈"
    # A valid change elsewhere must not be applied either.
    ws.cell(row=2, column=headers.index("一级事项") + 1).value = "改过的名称"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_three_bad_rows_are_all_reported_and_nothing_changes(catalog_demo):
    data = _broken_nine_file()
    with pytest.raises(excel.CatalogFileInvalid) as exc:
        excel.read_workbook(data, layout="nine")
    errors = exc.value.errors
    assert len(errors) == 3
    assert errors[0].startswith("工作表“公开事项”第3行“公开属性”列：")
    assert errors[1].startswith("工作表“公开事项”第5行“公开依据”列：")
    assert errors[2].startswith("工作表“公开事项”第7行“公开载体”列：")
    assert "朋友圈" in errors[2]


def test_cli_import_of_bad_file_changes_nothing(catalog_demo, district_office, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(_broken_nine_file())
    before, events = _catalogue_state(), AuditEvent.objects.count()
    with pytest.raises(CommandError, match="3 处错误"):
        call_command("catalog", "import", str(path), "--layout", "nine")
    assert _catalogue_state() == before
    assert AuditEvent.objects.count() == events


def test_national_layout_errors_name_the_columns(catalog_demo):
    wb = load_workbook(BytesIO(excel.export_workbook(layout="national")))
    ws = wb["社会救助"]
    ws["A4"] = "一"
    ws["K5"] = "x"
    ws["E6"] = "【法条】《社会救助暂行办法》第九条"
    out = BytesIO()
    wb.save(out)
    with pytest.raises(excel.CatalogFileInvalid) as exc:
        excel.read_workbook(out.getvalue(), layout="national")
    assert exc.value.errors == [
        "工作表“社会救助”第4行“序号”列：应为正整数，实为“一”",
        "工作表“社会救助”第5行“公开方式-主动”列：勾选栏只能填“√”或留空，实为“x”",
        exc.value.errors[2],
    ]
    assert exc.value.errors[2].startswith(
        "工作表“社会救助”第6行“公开依据”列：第1条依据的类型“法条”无效"
    )


def test_wrong_headers_and_non_excel_files_are_rejected(catalog_demo):
    with pytest.raises(excel.CatalogFileInvalid, match="无法读取"):
        excel.read_workbook(b"not a workbook", layout="nine")
    with pytest.raises(excel.CatalogFileInvalid, match="缺少此工作表"):
        excel.read_workbook(excel.export_workbook(layout="national"), layout="nine")
