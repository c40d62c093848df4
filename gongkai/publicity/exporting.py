"""Writing licences and penalties as XLSX or CSV in the 790号 column layout.

Public exports take `masking.public_row`; the staff export (for reporting to 信用中国) takes
`masking.staff_row` and is audited by its caller.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from gongkai.core.spreadsheets import csv_text, xlsx_cell

from . import standard


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def write_xlsx(kind: str, rows: Iterable[dict]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    columns = standard.COLUMNS[kind]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(standard.KIND_LABELS[kind])
    sheet.append([label for _, label in columns])
    for row in rows:
        cells = []
        for name, _ in columns:
            value = _cell(row.get(name))
            if isinstance(value, datetime.date):
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "yyyy-mm-dd"
            cells.append(xlsx_cell(sheet, value))
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv(kind: str, rows: Iterable[dict]) -> bytes:
    columns = standard.COLUMNS[kind]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow(
            [
                v.isoformat() if isinstance(v, datetime.date) else csv_text(v)
                for v in (_cell(row.get(name)) for name, _ in columns)
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


WRITERS: dict[str, tuple[Callable, str]] = {
    "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (write_csv, "text/csv; charset=utf-8"),
}
