"""Safe spreadsheet cells: text that looks like a formula stays text.

Exports carry text that outsiders typed (names in imported registers, titles). A cell starting
with "=" would become a live formula in XLSX, and in CSV Excel also evaluates cells starting
with "+", "-" or "@" (CSV injection). XLSX cells keep their value but are typed as strings;
CSV cells get a leading apostrophe, which importers strip again (`from_csv_text`).
"""

from __future__ import annotations

import re

_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def xlsx_cell(sheet, value):
    """`value` for `sheet.append(...)`; formula-like text becomes an explicit string cell."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def protect_formulas(sheet) -> None:
    """Type every formula-like text cell of an ordinary (not write-only) sheet as a string."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.data_type = "s"


def csv_text(value):
    """`value` for a CSV cell: text Excel would evaluate is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_CSV_TRIGGERS) and not _NUMBER.match(value):
        return "'" + value
    return value


def from_csv_text(value: str) -> str:
    """Undo `csv_text` when reading a CSV file back."""
    if (
        value.startswith("'")
        and value[1:].startswith(_CSV_TRIGGERS)
        and not _NUMBER.match(value[1:])
    ):
        return value[1:]
    return value
