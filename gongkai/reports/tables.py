"""The three statistical tables of the annual report, as printed, and their 勾稽 (cross-total) rules.

Pure computation: no database access. The ORM adapters in `sources.py` aggregate live rows into the
inputs taken here; staff-entered and hand-imported figures use the same structures, so every table
is validated the same way whatever its origin.

Layout and labels follow 国办公开办函〔2021〕30号 (table 二 also in the 2019 trial format of
国办公开办函〔2019〕60号, used for the 2019 and 2020 reports). Labels are reproduced verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.core.legal import RESULT_ROWS, ApplicantType, ReviewOutcome

# --- Formats ------------------------------------------------------------------------------------

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"

# --- Section headings (legal-rules §3.1) -------------------------------------------------------

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# --- Table 二 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class T2Row:
    key: str
    caption: str  # the block caption, e.g. 第二十条第（一）项
    label: str  # the row's 信息内容, e.g. 规章
    columns: tuple[tuple[str, str], ...]  # (column key, printed header)
    decimal: bool = False  # 收费金额 is a decimal in 万元; everything else counts

    @property
    def path(self) -> str:
        return f"{self.caption}/{self.label}"


_ISSUED = (
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
)
_DECISIONS = (("decisions", "本年处理决定数量"),)

T2_ROWS_2021: list[T2Row] = [
    T2Row("rule", "第二十条第（一）项", "规章", _ISSUED),
    T2Row("normative", "第二十条第（一）项", "行政规范性文件", _ISSUED),
    T2Row("licence", "第二十条第（五）项", "行政许可", _DECISIONS),
    T2Row("penalty", "第二十条第（六）项", "行政处罚", _DECISIONS),
    T2Row("coercion", "第二十条第（六）项", "行政强制", _DECISIONS),
    T2Row(
        "fee",
        "第二十条第（八）项",
        "行政事业性收费",
        (("amount", "本年收费金额（单位：万元）"),),
        True,
    ),
]

_MADE_2019 = (
    ("made", "本年新制作数量"),
    ("published", "本年新公开数量"),
    ("total_public", "对外公开总数量"),
)
_ITEMS_2019 = (
    ("previous_items", "上一年项目数量"),
    ("change", "本年增/减"),
    ("decisions", "处理决定数量"),
)

T2_ROWS_2019: list[T2Row] = [
    T2Row("rule", "第二十条第（一）项", "规章", _MADE_2019),
    T2Row("normative", "第二十条第（一）项", "规范性文件", _MADE_2019),
    T2Row("licence", "第二十条第（五）项", "行政许可", _ITEMS_2019),
    T2Row("other_services", "第二十条第（五）项", "其他对外管理服务事项", _ITEMS_2019),
    T2Row("penalty", "第二十条第（六）项", "行政处罚", _ITEMS_2019),
    T2Row("coercion", "第二十条第（六）项", "行政强制", _ITEMS_2019),
    T2Row(
        "fee",
        "第二十条第（八）项",
        "行政事业性收费",
        (("previous_items", "上一年项目数量"), ("change", "本年增/减")),
    ),
    T2Row(
        "procurement",
        "第二十条第（九）项",
        "政府集中采购",
        (("items", "采购项目数量"), ("amount", "采购总金额")),
        True,
    ),
]


def t2_rows(fmt: str) -> list[T2Row]:
    return T2_ROWS_2019 if fmt == FORMAT_2019 else T2_ROWS_2021


# --- Table 三 ------------------------------------------------------------------------------------

#: The seven numeric columns in printed order: (key, printed label). 总计 is computed.
T3_COLUMNS: list[tuple[str, str]] = [(c.value, c.label) for c in ApplicantType] + [
    ("total", "总计")
]
T3_COLUMN_KEYS = [k for k, _ in T3_COLUMNS]
T3_APPLICANT_KEYS = [c.value for c in ApplicantType]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

ROW_NEW = ("new", "一、本年新收政府信息公开申请数量")
ROW_CARRIED_IN = ("carried_in", "二、上年结转政府信息公开申请数量")
ROW_TOTAL = ("total", "三、本年度办理结果/（七）总计")
ROW_CARRIED_OUT = ("carried_out", "四、结转下年度继续办理")

#: 2019 trial format: （六）其他处理 is one data row.
RESULT_ROWS_2019: list[tuple[str, str]] = [
    (k, p) for k, p in RESULT_ROWS if not k.startswith("other.")
] + [("other", "三、本年度办理结果/（六）其他处理")]


def t3_result_rows(fmt: str) -> list[tuple[str, str]]:
    return RESULT_ROWS_2019 if fmt == FORMAT_2019 else list(RESULT_ROWS)


def t3_rows(fmt: str) -> list[tuple[str, str]]:
    """Every data row of table 三 in printed order: (key, label path)."""
    return [ROW_NEW, ROW_CARRIED_IN, *t3_result_rows(fmt), ROW_TOTAL, ROW_CARRIED_OUT]


# --- Table 四 ------------------------------------------------------------------------------------

T4_GROUPS: list[tuple[str, str]] = [
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼/未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼/复议后起诉"),
]
T4_COLUMNS: list[tuple[str, str]] = [(o.value, o.label) for o in ReviewOutcome] + [
    ("total", "总计")
]
T4_OUTCOME_KEYS = [o.value for o in ReviewOutcome]


# --- Tables --------------------------------------------------------------------------------------


@dataclass
class Table2:
    """Table 二: values[row key][column key]; `entered` names rows typed in by staff."""

    fmt: str = FORMAT_2021
    values: dict[str, dict[str, int | Decimal]] = field(default_factory=dict)
    entered: set[str] = field(default_factory=set)

    def get(self, row: str, column: str) -> int | Decimal:
        return self.values.get(row, {}).get(column, 0)


@dataclass
class Table3:
    """Table 三: cells[row key][column key] -> int, every printed data cell included."""

    fmt: str = FORMAT_2021
    cells: dict[str, dict[str, int]] = field(default_factory=dict)

    def get(self, row: str, column: str) -> int:
        return self.cells.get(row, {}).get(column, 0)

    def row_label(self, row: str) -> str:
        return dict(t3_rows(self.fmt))[row]


@dataclass
class Table4:
    """Table 四: cells[group key][column key] -> int."""

    cells: dict[str, dict[str, int]] = field(default_factory=dict)

    def get(self, group: str, column: str) -> int:
        return self.cells.get(group, {}).get(column, 0)


# --- Building from aggregated inputs -------------------------------------------------------------


def build_table3(
    *,
    new: Mapping[str, int],
    carried_in: Mapping[str, int],
    results: Mapping[tuple[str, str], int],
    carried_out: Mapping[str, int],
    fmt: str = FORMAT_2021,
) -> Table3:
    """Table 三 from counts per applicant column (`results` keyed by (column, result row)).

    The 总计 column and the （七）总计 row are computed here; unknown keys are an error, so a
    mapping mistake upstream cannot silently drop applications.
    """
    result_keys = [k for k, _ in t3_result_rows(fmt)]
    for column in [*new, *carried_in, *carried_out]:
        if column not in T3_APPLICANT_KEYS:
            raise ValueError(f"未知的申请人类型：{column!r}")
    for column, row in results:
        if column not in T3_APPLICANT_KEYS:
            raise ValueError(f"未知的申请人类型：{column!r}")
        if row not in result_keys:
            raise ValueError(f"未知的办理结果行：{row!r}")

    cells: dict[str, dict[str, int]] = {}
    cells["new"] = {c: int(new.get(c, 0)) for c in T3_APPLICANT_KEYS}
    cells["carried_in"] = {c: int(carried_in.get(c, 0)) for c in T3_APPLICANT_KEYS}
    for row in result_keys:
        cells[row] = {c: int(results.get((c, row), 0)) for c in T3_APPLICANT_KEYS}
    cells["total"] = {c: sum(cells[r][c] for r in result_keys) for c in T3_APPLICANT_KEYS}
    cells["carried_out"] = {c: int(carried_out.get(c, 0)) for c in T3_APPLICANT_KEYS}
    for row_cells in cells.values():
        row_cells["total"] = sum(row_cells[c] for c in T3_APPLICANT_KEYS)
    return Table3(fmt=fmt, cells=cells)


def build_table4(counts: Mapping[tuple[str, str], int]) -> Table4:
    """Table 四 from counts per (group, outcome); 总计 per group is computed."""
    cells: dict[str, dict[str, int]] = {}
    for group, outcome in counts:
        if group not in dict(T4_GROUPS) or outcome not in T4_OUTCOME_KEYS:
            raise ValueError(f"未知的复议诉讼分类：{group!r}/{outcome!r}")
    for group, _ in T4_GROUPS:
        row = {o: int(counts.get((group, o), 0)) for o in T4_OUTCOME_KEYS}
        row["total"] = sum(row.values())
        cells[group] = row
    return Table4(cells=cells)


# --- Validation (勾稽关系) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One rule applied to one place in a table: passed or failed, with the cells involved."""

    table: str  # "二", "三" or "四"
    rule: str  # a short Chinese statement of the rule
    passed: bool
    cells: tuple[str, ...] = ()  # printed cell names, e.g. "三、本年度办理结果/（七）总计 × 自然人"
    message: str = ""


def _t3_cell(table: Table3, row: str, column: str) -> str:
    return f"{table.row_label(row)} × {dict(T3_COLUMNS)[column]}"


def validate_table3(table: Table3, *, previous_carried_out: Table3 | None = None) -> list[Check]:
    """Every 勾稽 rule of legal-rules §3.3, one Check per column or row it applies to."""
    checks: list[Check] = []
    result_keys = [k for k, _ in t3_result_rows(table.fmt)]
    col_label = dict(T3_COLUMNS)

    for column in T3_COLUMN_KEYS:
        new, cin = table.get("new", column), table.get("carried_in", column)
        done, cout = table.get("total", column), table.get("carried_out", column)
        ok = new + cin == done + cout
        checks.append(
            Check(
                "三",
                "第一项加第二项之和等于第三项加第四项之和",
                ok,
                tuple(
                    _t3_cell(table, r, column)
                    for r in ("new", "carried_in", "total", "carried_out")
                ),
                ""
                if ok
                else f"{col_label[column]}列：一（{new}）+ 二（{cin}）= {new + cin}，"
                f"而三（七）总计（{done}）+ 四（{cout}）= {done + cout}。",
            )
        )
    for column in T3_COLUMN_KEYS:
        leaves = sum(table.get(r, column) for r in result_keys)
        total = table.get("total", column)
        ok = leaves == total
        checks.append(
            Check(
                "三",
                "（七）总计等于各项办理结果之和",
                ok,
                (_t3_cell(table, "total", column),),
                ""
                if ok
                else f"{col_label[column]}列：（七）总计为{total}，各项办理结果之和为{leaves}。",
            )
        )
    for row, label in t3_rows(table.fmt):
        parts = sum(table.get(row, c) for c in T3_APPLICANT_KEYS)
        total = table.get(row, "total")
        ok = parts == total
        checks.append(
            Check(
                "三",
                "总计列等于自然人与法人或其他组织各列之和",
                ok,
                (_t3_cell(table, row, "total"),),
                "" if ok else f"“{label}”行：总计为{total}，各申请人列之和为{parts}。",
            )
        )
    for row, label in t3_rows(table.fmt):
        for column in T3_COLUMN_KEYS:
            value = table.get(row, column)
            if not isinstance(value, int) or value < 0:
                checks.append(
                    Check(
                        "三",
                        "数值为非负整数",
                        False,
                        (_t3_cell(table, row, column),),
                        f"“{label}”行{col_label[column]}列的数值“{value}”不是非负整数。",
                    )
                )
    if previous_carried_out is not None:
        for column in T3_COLUMN_KEYS:
            cin = table.get("carried_in", column)
            last = previous_carried_out.get("carried_out", column)
            ok = cin == last
            checks.append(
                Check(
                    "三",
                    "二、上年结转等于上年度报告的四、结转下年度继续办理",
                    ok,
                    (_t3_cell(table, "carried_in", column),),
                    ""
                    if ok
                    else f"{col_label[column]}列：上年结转为{cin}，上年度报告结转下年度为{last}。",
                )
            )
    return checks


def validate_table4(table: Table4) -> list[Check]:
    checks: list[Check] = []
    group_label, col_label = dict(T4_GROUPS), dict(T4_COLUMNS)
    for group, _ in T4_GROUPS:
        parts = sum(table.get(group, o) for o in T4_OUTCOME_KEYS)
        total = table.get(group, "total")
        ok = parts == total
        checks.append(
            Check(
                "四",
                "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
                ok,
                (f"{group_label[group]} × {col_label['total']}",),
                "" if ok else f"{group_label[group]}：总计为{total}，各项之和为{parts}。",
            )
        )
        for column, label in T4_COLUMNS:
            value = table.get(group, column)
            if not isinstance(value, int) or value < 0:
                checks.append(
                    Check(
                        "四",
                        "数值为非负整数",
                        False,
                        (f"{group_label[group]} × {label}",),
                        f"{group_label[group]}的“{label}”数值“{value}”不是非负整数。",
                    )
                )
    return checks


def validate_table2(table: Table2) -> list[Check]:
    checks: list[Check] = []
    for row in t2_rows(table.fmt):
        for column, header in row.columns:
            value = table.get(row.key, column)
            # 2019 "本年增/减" may be negative; everything else is a non-negative amount.
            ok = (
                isinstance(value, Decimal) and value >= 0
                if row.decimal and column == "amount"
                else isinstance(value, int) and (value >= 0 or column == "change")
            )
            if not ok:
                checks.append(
                    Check(
                        "二",
                        "数值格式正确",
                        False,
                        (f"{row.path} × {header}",),
                        f"“{row.label}”的“{header}”数值“{value}”格式不正确。",
                    )
                )
    return checks


# --- The printed-label shape (JSON, XLSX, DOCX, HTML all use it) ---------------------------------


def table2_to_dict(table: Table2) -> dict[str, dict[str, int | float]]:
    out: dict[str, dict[str, int | float]] = {}
    for row in t2_rows(table.fmt):
        out[row.path] = {
            header: (
                float(table.get(row.key, column))
                if row.decimal and column == "amount"
                else int(table.get(row.key, column))
            )
            for column, header in row.columns
        }
    return out


def table3_to_dict(table: Table3) -> dict[str, dict[str, int]]:
    return {
        label: {col_label: int(table.get(row, col)) for col, col_label in T3_COLUMNS}
        for row, label in t3_rows(table.fmt)
    }


def table4_to_dict(table: Table4) -> dict[str, dict[str, int]]:
    return {
        group_label: {col_label: int(table.get(group, col)) for col, col_label in T4_COLUMNS}
        for group, group_label in T4_GROUPS
    }


class TableInputError(ValueError):
    """Bad hand-entered or imported figures; the message names the cell in Chinese."""


def _int(value, where: str) -> int:
    if isinstance(value, bool):
        raise TableInputError(f"{where}：“{value}”不是整数。")
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    if text == "":
        return 0
    try:
        return int(text)
    except ValueError:
        raise TableInputError(f"{where}：“{text}”不是整数。") from None


def parse_decimal(value, where: str) -> Decimal:
    text = str(value).strip() if value is not None else ""
    if text == "":
        return Decimal("0")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise TableInputError(f"{where}：“{text}”不是数字。") from None
    if not number.is_finite():
        raise TableInputError(f"{where}：“{text}”不是数字。")
    return number


def table2_from_dict(data: Mapping, fmt: str = FORMAT_2021, entered=()) -> Table2:
    values: dict[str, dict[str, int | Decimal]] = {}
    for row in t2_rows(fmt):
        given = data.get(row.path, {})
        values[row.key] = {
            column: (
                parse_decimal(given.get(header), f"表二“{row.label}”的“{header}”")
                if row.decimal and column == "amount"
                else _int(given.get(header), f"表二“{row.label}”的“{header}”")
            )
            for column, header in row.columns
        }
    return Table2(fmt=fmt, values=values, entered=set(entered))


def table3_from_dict(data: Mapping, fmt: str = FORMAT_2021) -> Table3:
    """Table 三 exactly as given (totals included), for hand entry, import and validation."""
    cells: dict[str, dict[str, int]] = {}
    for row, label in t3_rows(fmt):
        given = data.get(label, {})
        cells[row] = {
            col: _int(given.get(col_label), f"表三“{label}”行“{col_label}”列")
            for col, col_label in T3_COLUMNS
        }
    return Table3(fmt=fmt, cells=cells)


def table4_from_dict(data: Mapping) -> Table4:
    cells: dict[str, dict[str, int]] = {}
    for group, group_label in T4_GROUPS:
        given = data.get(group_label, {})
        cells[group] = {
            col: _int(given.get(col_label), f"表四“{group_label}”的“{col_label}”")
            for col, col_label in T4_COLUMNS
        }
    return Table4(cells=cells)
