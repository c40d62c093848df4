"""Exports of an annual report: JSON (printed-label shape), XLSX (the template's tables with
merged header cells, openpyxl) and DOCX (laid out like the published reports, python-docx)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from . import drafting, layout, tables

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def to_json(report) -> str:
    return json.dumps(report.export_dict(), ensure_ascii=False, indent=2)


def filename(report, ext: str) -> str:
    version = f"-v{report.version}" if report.version > 1 else ""
    return f"{report.agency.code}-{report.year}-annual-report{version}.{ext}"


# --- XLSX ----------------------------------------------------------------------------------------

_thin = Side(style="thin", color="000000")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

#: Sheet names: the section headings (Excel allows 31 characters).
SHEETS = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
]


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_grid(ws, grid: layout.Grid, *, top: int = 1) -> None:
    """Write `grid` to worksheet `ws` from row `top`, merging as printed."""
    for cell in grid.cells:
        r, c = top + cell.row, 1 + cell.col
        target = ws.cell(row=r, column=c, value=_xlsx_value(cell.value))
        target.alignment = Alignment(
            horizontal="center"
            if cell.header and cell.scope != "row"
            else ("left" if cell.header else "right"),
            vertical="center",
            wrap_text=True,
        )
        if cell.header:
            target.font = Font(bold=cell.scope in {"col", "colgroup"})
        if isinstance(cell.value, Decimal):
            target.number_format = "0.0000"
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=r,
                start_column=c,
                end_row=r + cell.rowspan - 1,
                end_column=c + cell.colspan - 1,
            )
    for r in range(top, top + grid.n_rows):
        for c in range(1, grid.n_cols + 1):
            ws.cell(row=r, column=c).border = _border


def to_xlsx(report) -> bytes:
    return grids_to_xlsx(report.title, layout.grids(report))


def grids_to_xlsx(title: str, grids: list[layout.Grid]) -> bytes:
    """A workbook with one sheet per table grid (二、三、四), laid out as the template."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, grid in zip(SHEETS, grids, strict=True):
        ws = wb.create_sheet(title=name[:31])
        ws.cell(row=1, column=1, value=f"{title}：{grid.caption}").font = Font(bold=True, size=12)
        write_grid(ws, grid, top=3)
        for c in range(1, grid.n_cols + 1):
            ws.column_dimensions[get_column_letter(c)].width = 10
        if grid.n_cols == 10:  # table 三: the three row-label columns are wider
            for c, width in zip("ABC", (14, 18, 40), strict=True):
                ws.column_dimensions[c].width = width
        elif grid.n_cols == 4:
            ws.column_dimensions["A"].width = 24
            for c in "BCD":
                ws.column_dimensions[c].width = 18
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes, fmt: str = tables.FORMAT_2021) -> dict:
    """Read the three tables back from an XLSX in our layout (printed-label shape).

    Used to check an export against its JSON, and to import a hand-filled template of a
    historical report.
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise tables.TableInputError("文件不是有效的Excel工作簿（.xlsx）。") from None
    sheets = wb.worksheets
    if len(sheets) < 3:
        raise tables.TableInputError("工作簿应包含表二、表三、表四三个工作表。")
    top = 3
    empty_report = _EmptyReport(fmt)
    out: dict = {}
    for key, ws, grid in zip(("二", "三", "四"), sheets, layout.grids(empty_report), strict=True):
        values = {
            (cell.row, cell.col): ws.cell(row=top + cell.row, column=1 + cell.col).value
            for cell in grid.cells
        }
        out[key] = _grid_values(key, grid, values, fmt)
    return out


class _EmptyReport:
    def __init__(self, fmt):
        self.format = fmt

    def table2(self):
        return tables.Table2(fmt=self.format)

    def table3(self):
        return tables.Table3(fmt=self.format)

    def table4(self):
        return tables.Table4()


def _grid_values(key: str, grid: layout.Grid, values: dict, fmt: str) -> dict:
    """Map the data cells of a layout grid back to the printed-label shape."""
    data_cells = [c for c in grid.cells if not c.header]
    if key == "三":
        rows = tables.t3_rows(fmt)
        return {
            label: {
                col_label: values[(3 + i, 3 + j)] or 0
                for j, (_, col_label) in enumerate(tables.T3_COLUMNS)
            }
            for i, (_, label) in enumerate(rows)
        }
    if key == "四":
        return {
            group_label: {
                col_label: values[(3, g * 5 + j)] or 0
                for j, (_, col_label) in enumerate(tables.T4_COLUMNS)
            }
            for g, (_, group_label) in enumerate(tables.T4_GROUPS)
        }
    # 二: walk the data rows in printed order; each row's values follow its label cell.
    out = {}
    by_row: dict[int, list[layout.Cell]] = {}
    for cell in data_cells:
        by_row.setdefault(cell.row, []).append(cell)
    row_numbers = sorted(by_row)
    for row, r in zip(tables.t2_rows(fmt), row_numbers, strict=True):
        cells = sorted(by_row[r], key=lambda c: c.col)
        out[row.path] = {
            header: (values[(r, cell.col)] if values[(r, cell.col)] is not None else 0)
            for (_, header), cell in zip(row.columns, cells, strict=True)
        }
    return out


# --- DOCX ----------------------------------------------------------------------------------------

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, size: float = 14, indent: bool = True):
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), BODY_FONT, size)
    return p


def _docx_table(doc, grid: layout.Grid) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(
                table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            )
        paragraph = target.paragraphs[0]
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if cell.scope == "row" else WD_ALIGN_PARAGRAPH.CENTER
        )
        _font(paragraph.add_run(cell.display), BODY_FONT, 9 if grid.n_cols > 4 else 11, bold=False)


def to_docx(report) -> bytes:
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(report.title), TITLE_FONT, 22, bold=True)
    if report.correction_note:
        _paragraph(doc, f"更正说明：{report.correction_note}", size=12)
    grids = layout.grids(report)
    texts = {
        0: report.overview,
        4: report.problems,
    }
    for i, heading in enumerate(tables.SECTION_HEADINGS):
        h = doc.add_heading(level=1)
        _font(h.add_run(heading), HEADING_FONT, 16)
        if i in texts:
            for line in (texts[i] or "").splitlines():
                if line.strip():
                    _paragraph(doc, line.strip())
        elif 1 <= i <= 3:
            _docx_table(doc, grids[i - 1])
        else:
            _paragraph(doc, drafting.fees_sentence(report))
            for line in (report.other_matters or "").splitlines():
                if line.strip():
                    _paragraph(doc, line.strip())
    for text in (report.agency.name, _date_cn(report.published_at)):
        if text:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(p.add_run(text), BODY_FONT, 14)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _date_cn(moment) -> str:
    if moment is None:
        return ""
    from django.utils import timezone

    day = timezone.localdate(moment)
    return f"{day.year}年{day.month}月{day.day}日"
