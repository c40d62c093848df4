"""Back-office import: upload → preview of add/change/remove → confirm; district office only."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.catalog import excel
from gongkai.catalog.models import Item
from gongkai.core.models import AuditEvent


def _edited_national_file() -> bytes:
    """Rename one item, drop one row, add one row on the 社会救助 sheet."""
    wb = load_workbook(BytesIO(excel.export_workbook(layout="national")))
    ws = wb["社会救助"]
    # Unmerge the 一级事项 cells (files from other systems may not merge them either).
    for rng in [r for r in ws.merged_cells.ranges if r.min_row >= 4]:
        top = ws.cell(row=rng.min_row, column=rng.min_col).value
        ws.unmerge_cells(str(rng))
        for row in range(rng.min_row, rng.max_row + 1):
            ws.cell(row=row, column=rng.min_col).value = top
    ws["F4"] = "信息形成或者变更之日起10个工作日内"  # change
    last = ws.max_row
    for col in range(1, 15):
        ws.cell(row=last + 1, column=col).value = ws.cell(row=last, column=col).value
    ws.cell(row=last + 1, column=1).value = 99
    ws.cell(row=last + 1, column=2).value = "新增一级事项"
    ws.cell(row=last + 1, column=3).value = "新增二级事项"
    ws.delete_rows(7)  # remove (a row that is not inside a merged 一级事项)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_plan_lists_adds_changes_and_removals(catalog_demo):
    plan = excel.plan_import(excel.read_workbook(_edited_national_file(), layout="national"))
    assert [(d["level1"], d["level2"]) for d in plan.adds] == [("新增一级事项", "新增二级事项")]
    assert [(i.code, fields) for i, _d, fields in plan.changes] == [
        ("shjz-0001", ["time_limit_text", "time_limit_days"])
    ]
    assert len(plan.removes) == 1 and plan.removes[0].domain.name == "社会救助"


def test_upload_preview_confirm(catalog_demo, district_office, login):
    client = login(district_office)
    upload = SimpleUploadedFile("目录.xlsx", _edited_national_file())
    response = client.post("/staff/catalog/import/", {"layout": "national", "file": upload})
    page = response.content.decode()
    assert "导入预览" in page and "新增二级事项" in page and "确认导入" in page
    assert not Item.objects.filter(level2="新增二级事项").exists()  # nothing applied yet
    token = response.context["token"]

    done = client.post(f"/staff/catalog/import/{token}/confirm/")

    assert "导入完成" in done.content.decode()
    assert Item.objects.filter(level2="新增二级事项", is_active=True).exists()
    assert Item.objects.get(code="shjz-0001").time_limit_days == 10
    assert Item.objects.filter(domain__name="社会救助", is_active=False).count() == 1
    event = AuditEvent.objects.get(action="catalog.import")
    assert event.after["added"] == 1 and event.after["removed"] == 1
    # The token is single-use.
    again = client.post(f"/staff/catalog/import/{token}/confirm/")
    assert again.status_code == 302


def test_upload_with_errors_shows_all_and_applies_nothing(catalog_demo, district_office, login):
    wb = load_workbook(BytesIO(excel.export_workbook(layout="national")))
    ws = wb["社会救助"]
    ws["A4"], ws["I5"], ws["G6"] = "x", "是", None
    out = BytesIO()
    wb.save(out)
    client = login(district_office)
    response = client.post(
        "/staff/catalog/import/",
        {"layout": "national", "file": SimpleUploadedFile("bad.xlsx", out.getvalue())},
    )
    page = response.content.decode()
    assert "有 3 处错误，未导入任何内容" in page
    assert "第4行“序号”列" in page and "第5行“公开对象-全社会”列" in page
    assert "第6行“公开主体”列" in page


def test_agency_staff_cannot_import_or_export(catalog_demo, clerk, login):
    client = login(clerk)
    assert client.get("/staff/catalog/import/").status_code == 403
    assert client.get("/staff/catalog/export/?layout=nine").status_code == 403


def test_export_downloads_xlsx(catalog_demo, district_office, login):
    response = login(district_office).get("/staff/catalog/export/?layout=nine")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert excel.read_workbook(response.content, layout="nine").items


def test_removed_item_comes_back_when_its_row_returns(catalog_demo, district_office):
    from gongkai.catalog import services

    for layout in ("nine", "national"):
        data = excel.export_workbook(layout=layout)
        item = Item.objects.get(code="shjz-0001")
        services.withdraw_item(item, actor=district_office)

        plan = excel.plan_import(excel.read_workbook(data, layout=layout))

        assert plan.adds == []
        assert [(i.code, f) for i, _d, f in plan.changes] == [("shjz-0001", ["is_active"])]
        services.apply_import(plan, actor=district_office)
        item.refresh_from_db()
        assert item.is_active, layout
