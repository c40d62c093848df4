"""The printed layout of tables 二, 三 and 四 as grids of cells with their merges.

One layout drives every rendering (XLSX, DOCX, HTML), so the merged header cells and the row
headers are the same everywhere and match the template of 国办公开办函〔2021〕30号.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import tables


@dataclass
class Cell:
    row: int
    col: int
    value: str | int | float | Decimal
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    #: For header cells: "col", "row", "colgroup" or "rowgroup" (HTML scope).
    scope: str = ""
    #: For data cells: (table, row label path, column label) in the printed-label shape.
    ref: tuple[str, str, str] | None = None
    #: Set by the hand-entry view: the cell is an input.
    editable: bool = False

    @property
    def name(self) -> str:
        """The form field name of a data cell (hand entry uses the printed-label shape)."""
        return "|".join(self.ref) if self.ref else ""

    @property
    def display(self) -> str:
        """The value as printed: decimals without trailing zeros (万元 amounts)."""
        if isinstance(self.value, Decimal):
            text = format(self.value.normalize(), "f")
            return "0" if text in ("-0", "") else text
        return str(self.value)


@dataclass
class Grid:
    caption: str
    n_rows: int
    n_cols: int
    cells: list[Cell]
    header_rows: int = 0

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by the row they start in, in column order (for HTML)."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out


def table2_grid(table: tables.Table2) -> Grid:
    cells: list[Cell] = []
    r = 0
    n_cols = 4
    rows = tables.t2_rows(table.fmt)
    captions: list[str] = []
    for row in rows:
        if row.caption not in captions:
            captions.append(row.caption)
    for caption in captions:
        block = [row for row in rows if row.caption == caption]
        cells.append(Cell(r, 0, caption, colspan=n_cols, header=True, scope="colgroup"))
        r += 1
        headers = block[0].columns
        cells.append(Cell(r, 0, "信息内容", header=True, scope="col"))
        for i, (_, header) in enumerate(headers):
            span = n_cols - 1 - i if i == len(headers) - 1 else 1
            cells.append(Cell(r, 1 + i, header, colspan=span, header=True, scope="col"))
        r += 1
        for row in block:
            cells.append(Cell(r, 0, row.label, header=True, scope="row"))
            for i, (column, header) in enumerate(row.columns):
                span = n_cols - 1 - i if i == len(row.columns) - 1 else 1
                value = table.get(row.key, column)
                cells.append(Cell(r, 1 + i, value, colspan=span, ref=("二", row.path, header)))
            r += 1
    return Grid("二、主动公开政府信息情况", r, n_cols, cells)


def table3_grid(table: tables.Table3) -> Grid:
    cells: list[Cell] = [
        Cell(0, 0, tables.T3_NOTE, rowspan=3, colspan=3, header=True),
        Cell(0, 3, "申请人情况", colspan=7, header=True, scope="colgroup"),
        Cell(1, 3, "自然人", rowspan=2, header=True, scope="col"),
        Cell(1, 4, "法人或其他组织", colspan=5, header=True, scope="colgroup"),
        Cell(1, 9, "总计", rowspan=2, header=True, scope="col"),
    ]
    for i, (_, label) in enumerate(tables.T3_COLUMNS[1:6]):
        cells.append(Cell(2, 4 + i, label, header=True, scope="col"))
    rows = tables.t3_rows(table.fmt)
    first = 3
    result_rows = [(k, p) for k, p in rows if p.startswith("三、")]
    seen_groups: set[str] = set()
    for i, (key, path) in enumerate(rows):
        r = first + i
        parts = path.split("/")
        if len(parts) == 1:
            cells.append(Cell(r, 0, parts[0], colspan=3, header=True, scope="row"))
        else:
            if parts[0] not in seen_groups:
                seen_groups.add(parts[0])
                cells.append(
                    Cell(r, 0, parts[0], rowspan=len(result_rows), header=True, scope="rowgroup")
                )
            if len(parts) == 2:
                cells.append(Cell(r, 1, parts[1], colspan=2, header=True, scope="row"))
            else:
                group = "/".join(parts[:2])
                if group not in seen_groups:
                    seen_groups.add(group)
                    size = sum(1 for _, p in rows if p.startswith(group + "/"))
                    cells.append(Cell(r, 1, parts[1], rowspan=size, header=True, scope="rowgroup"))
                cells.append(Cell(r, 2, parts[2], header=True, scope="row"))
        for j, (column, col_label) in enumerate(tables.T3_COLUMNS):
            cells.append(Cell(r, 3 + j, table.get(key, column), ref=("三", path, col_label)))
    return Grid("三、收到和处理政府信息公开申请情况", first + len(rows), 10, cells, header_rows=3)


def table4_grid(table: tables.Table4) -> Grid:
    cells: list[Cell] = [
        Cell(0, 0, "行政复议", rowspan=2, colspan=5, header=True, scope="colgroup"),
        Cell(0, 5, "行政诉讼", colspan=10, header=True, scope="colgroup"),
        Cell(1, 5, "未经复议直接起诉", colspan=5, header=True, scope="colgroup"),
        Cell(1, 10, "复议后起诉", colspan=5, header=True, scope="colgroup"),
    ]
    for g, (group, group_label) in enumerate(tables.T4_GROUPS):
        for j, (column, label) in enumerate(tables.T4_COLUMNS):
            cells.append(Cell(2, g * 5 + j, label, header=True, scope="col"))
            cells.append(
                Cell(3, g * 5 + j, table.get(group, column), ref=("四", group_label, label))
            )
    return Grid("四、政府信息公开行政复议、行政诉讼情况", 4, 15, cells, header_rows=3)


def grids(report) -> list[Grid]:
    return [
        table2_grid(report.table2()),
        table3_grid(report.table3()),
        table4_grid(report.table4()),
    ]
