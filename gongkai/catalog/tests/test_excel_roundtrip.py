"""Export → import → export gives identical cells (and merged cells) in both layouts."""

from __future__ import annotations

import pytest

from gongkai.catalog import excel, services
from gongkai.catalog.models import Item, Proposal

from .conftest import workbook_cells


def _reimport(data: bytes, layout: str, actor) -> dict:
    parsed = excel.read_workbook(data, layout=layout)
    plan = excel.plan_import(parsed)
    return services.apply_import(plan, actor=actor, filename="roundtrip.xlsx")


@pytest.mark.parametrize("layout", ["national", "nine"])
def test_round_trip_into_empty_catalogue(catalog_demo, district_office, layout):
    first = excel.export_workbook(layout=layout)
    Proposal.objects.all().delete()
    Item.objects.all().delete()

    summary = _reimport(first, layout, district_office)

    assert summary["added"] > 40
    second = excel.export_workbook(layout=layout)
    assert workbook_cells(second) == workbook_cells(first)


@pytest.mark.parametrize("layout", ["national", "nine"])
def test_reimporting_an_export_changes_nothing(catalog_demo, district_office, layout):
    before = excel.export_workbook(layout=layout)
    summary = _reimport(before, layout, district_office)
    assert (summary["added"], summary["changed"], summary["removed"]) == (0, 0, 0)
    assert workbook_cells(excel.export_workbook(layout=layout)) == workbook_cells(before)


def test_national_layout_has_two_header_rows_merged_and_ticks(catalog_demo):
    cells = workbook_cells(excel.export_workbook(layout="national"))
    sheet = cells["社会救助"]
    assert sheet["cells"][1][:3] == ["序号", "公开事项", None]
    assert sheet["cells"][2][1:3] == ["一级事项", "二级事项"]
    assert sheet["cells"][2][8:14] == ["全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    assert "A2:A3" in sheet["merged"] and "B2:C2" in sheet["merged"] and "I2:J2" in sheet["merged"]
    # 一级事项 merged over its rows (政策文件 has two rows in the small demo).
    assert "B4:B5" in sheet["merged"]
    assert sheet["cells"][3][8] == "√"
    assert sheet["cells"][3][7].startswith("■政府网站")


def test_nine_layout_import_applies_structured_elements(catalog_demo, district_office):
    item = Item.objects.get(code="shjz-0001")
    data = excel.export_workbook(layout="nine")
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(data))
    ws = wb[excel.NINE_SHEET]
    headers = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == item.code)
    row[headers.index("公开属性")].value = "依申请公开"
    row[headers.index("公开载体")].value = "政府网站、其他：12345政务服务热线"
    row[headers.index("公开时限")].value = "信息形成或者变更之日起10个工作日内"
    row[headers.index("时限规则")].value = None
    out = BytesIO()
    wb.save(out)

    summary = _reimport(out.getvalue(), "nine", district_office)

    assert summary["changed"] == 1
    item.refresh_from_db()
    assert item.attribute == "on_request"
    assert item.carriers == ["website", "other"]
    assert item.carrier_other == "12345政务服务热线"
    assert (item.time_limit_kind, item.time_limit_days) == ("workdays", 10)
