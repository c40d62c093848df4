"""Excel import and export of the catalogue in two layouts (openpyxl).

* ``national``: the national 基层政务公开标准目录 layout. A ``公开领域`` sheet, then one sheet per
  domain with a title row, two header rows (merged cells as printed catalogues have them) and √
  tick cells for 公开对象 / 公开方式 / 公开层级. 一级事项 cells are merged over their rows.
* ``nine``: the district's nine-element layout, one row per item on a ``公开事项`` sheet, keyed by
  事项编码.

Reading a file never touches the database: ``read_workbook`` parses and validates the whole file
and raises ``CatalogFileInvalid`` with every problem (sheet, row and column named in Chinese);
``plan_import`` compares the parsed file with the catalogue and lists what would be added, changed
and removed; ``services.apply_import`` applies a plan in one transaction.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.core.legal import DisclosureAttribute, WithholdingGround
from gongkai.core.spreadsheets import protect_formulas
from gongkai.orgs.models import Agency

from . import rows as R
from .models import Domain, DomainKind, Item, Platform, TimeLimitKind, validate_domain_name

LAYOUTS = {"national": "全国标准目录格式", "nine": "九要素格式"}
DOMAIN_SHEET = "公开领域"
NINE_SHEET = "公开事项"
TICK = "√"

DOMAIN_HEADERS = [
    "领域代码",
    "领域名称",
    "领域类别",
    "排序",
    "责任单位",
    "未涉及",
    "未涉及领域事项说明",
]

# National layout: (row-2 header, row-3 sub-header or None) per column, A..N.
NATIONAL_COLUMNS = [
    ("序号", None),
    ("公开事项", "一级事项"),
    ("公开事项", "二级事项"),
    ("公开内容（要素）", None),
    ("公开依据", None),
    ("公开时限", None),
    ("公开主体", None),
    ("公开渠道和载体", None),
    ("公开对象", "全社会"),
    ("公开对象", "特定群体"),
    ("公开方式", "主动"),
    ("公开方式", "依申请"),
    ("公开层级", "县级"),
    ("公开层级", "乡级"),
]
NATIONAL_FIRST_DATA_ROW = 4
NATIONAL_FIELDS = [
    "domain",
    "order",
    "level1",
    "level2",
    "content",
    "citations",
    "time_limit_text",
    "time_limit_kind",
    "time_limit_days",
    "subject",
    "carriers",
    "carrier_other",
    "audience_public",
    "audience_specific",
    "mode_proactive",
    "mode_on_request",
    "level_county",
    "level_township",
]

NINE_HEADERS = [
    "事项编码",
    "领域",
    "序号",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开主体",
    "责任单位",
    "公开属性",
    "部分公开情况",
    "公开理由",
    "公开依据",
    "公开形式",
    "公开时限",
    "时限规则",
    "时限天数",
    "公开平台",
    "公开载体",
    "公开对象",
    "公开方式",
    "公开层级",
]
NINE_FIELDS = list(R.FIELD_LABELS)


class CatalogFileInvalid(Exception):
    """The whole file is rejected; ``errors`` lists every problem found, in file order."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedCatalog:
    layout: str
    domains: list[dict]  # rows of the 公开领域 sheet (empty when the sheet is absent)
    items: list[dict]  # canonical dicts limited to the layout's fields, plus "code" and "_where"
    scope: list[str] = field(default_factory=list)  # domain names the file replaces


@dataclass
class Plan:
    parsed: ParsedCatalog
    domain_adds: list[dict] = field(default_factory=list)
    domain_changes: list[tuple[Domain, dict, list[str]]] = field(default_factory=list)
    adds: list[dict] = field(default_factory=list)
    changes: list[tuple[Item, dict, list[str]]] = field(default_factory=list)
    removes: list[Item] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.domain_adds or self.domain_changes or self.adds or self.changes or self.removes
        )

    def summary(self) -> dict:
        return {
            "layout": self.parsed.layout,
            "domains_added": len(self.domain_adds),
            "domains_changed": len(self.domain_changes),
            "added": len(self.adds),
            "changed": len(self.changes),
            "removed": len(self.removes),
            "unchanged": self.unchanged,
        }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


class _Errors:
    def __init__(self):
        self.items: list[str] = []

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = f"工作表“{sheet}”"
        if row is not None:
            where += f"第{row}行"
        if column:
            where += f"“{column}”列"
        self.items.append(f"{where}：{message}")


# --- reading -----------------------------------------------------------------------------------


class _Lookups:
    """Names the file may refer to, resolved against the database once."""

    def __init__(self):
        self.agencies: dict[str, Agency] = {}
        for a in Agency.objects.all().order_by("-level", "id"):
            if a.short_name:
                self.agencies[a.short_name] = a
        for a in Agency.objects.all():
            self.agencies[a.name] = a
        self.domains = {d.name: d for d in Domain.objects.all()}
        self.platforms = {p.name for p in Platform.objects.all()}


def read_workbook(data: bytes | io.BytesIO, *, layout: str) -> ParsedCatalog:
    """Parse and validate a whole workbook; raise ``CatalogFileInvalid`` with every error."""
    if layout not in LAYOUTS:
        raise CatalogFileInvalid([f"未知的文件格式“{layout}”，可选：national、nine"])
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        wb = load_workbook(stream, data_only=True)
    except Exception:  # openpyxl raises many kinds for a non-xlsx file
        raise CatalogFileInvalid(["文件无法读取：请上传 Excel（.xlsx）文件。"]) from None
    errors = _Errors()
    lookups = _Lookups()
    domains = _read_domain_sheet(wb, errors, lookups) if DOMAIN_SHEET in wb.sheetnames else []
    known_domains = set(lookups.domains) | {d["name"] for d in domains}
    if layout == "national":
        items = _read_national(wb, errors, lookups, known_domains)
    else:
        items = _read_nine(wb, errors, lookups, known_domains)
    if errors.items:
        raise CatalogFileInvalid(errors.items)
    scope = [d["name"] for d in domains] or sorted({i["domain"] for i in items})
    return ParsedCatalog(layout=layout, domains=domains, items=items, scope=scope)


def _check_headers(ws, errors, row: int, expected: list[str | None]) -> bool:
    ok = True
    for col, want in enumerate(expected, start=1):
        if want is None:
            continue
        got = _text(ws.cell(row=row, column=col).value)
        if got != want:
            errors.add(
                ws.title,
                row,
                None,
                f"表头不符合格式：第{get_column_letter(col)}列应为“{want}”，实为“{got or '（空）'}”",
            )
            ok = False
    return ok


def _read_domain_sheet(wb, errors, lookups) -> list[dict]:
    ws = wb[DOMAIN_SHEET]
    if not _check_headers(ws, errors, 1, DOMAIN_HEADERS):
        return []
    kinds = {label: value for value, label in DomainKind.choices}
    result, seen_codes, seen_names = [], set(), set()
    for r, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = [_text(v) for v in values[: len(DOMAIN_HEADERS)]]
        cells += [""] * (len(DOMAIN_HEADERS) - len(cells))
        if not any(cells):
            continue
        code, name, kind, order, agencies, na, note = cells
        row = {"code": code, "name": name, "_where": (ws.title, r)}
        if not code:
            errors.add(ws.title, r, "领域代码", "不能为空")
        elif not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in code):
            errors.add(ws.title, r, "领域代码", "只能使用英文字母、数字、连字符和下划线")
        elif code in seen_codes:
            errors.add(ws.title, r, "领域代码", f"“{code}”重复")
        seen_codes.add(code)
        if not name:
            errors.add(ws.title, r, "领域名称", "不能为空")
        elif name in seen_names:
            errors.add(ws.title, r, "领域名称", f"“{name}”重复")
        else:
            try:
                validate_domain_name(name)
            except ValidationError as exc:
                errors.add(ws.title, r, "领域名称", exc.messages[0].rstrip("。"))
        seen_names.add(name)
        if kind not in kinds:
            errors.add(ws.title, r, "领域类别", f"应为{'、'.join(kinds)}之一")
        row["kind"] = kinds.get(kind, "")
        if not order.isdigit():
            errors.add(ws.title, r, "排序", "应为非负整数")
        row["order"] = int(order) if order.isdigit() else 0
        row["agencies"] = []
        for part in R._split_list(agencies):
            if part not in lookups.agencies:
                errors.add(ws.title, r, "责任单位", f"找不到单位“{part}”")
            else:
                row["agencies"].append(lookups.agencies[part].code)
        if na not in ("是", "否", ""):
            errors.add(ws.title, r, "未涉及", "应填“是”或“否”")
        row["not_applicable"] = na == "是"
        row["not_applicable_note"] = note
        if row["not_applicable"] and not note:
            errors.add(ws.title, r, "未涉及领域事项说明", "标为未涉及的领域须说明理由")
        result.append(row)
    return result


def _tick(value: str, ws, r, col_label, errors) -> bool:
    if value in ("", None):
        return False
    if value in ("√", "✓", "✔"):
        return True
    errors.add(ws.title, r, col_label, f"勾选栏只能填“√”或留空，实为“{value}”")
    return False


def _read_national(wb, errors, lookups, known_domains) -> list[dict]:
    items: list[dict] = []
    sheets = [name for name in wb.sheetnames if name != DOMAIN_SHEET]
    if not sheets:
        errors.add(DOMAIN_SHEET, None, None, "文件中没有任何领域工作表")
    for name in sheets:
        ws = wb[name]
        if name not in known_domains:
            errors.add(name, None, None, f"领域“{name}”不存在：请在“{DOMAIN_SHEET}”工作表中列出")
            continue
        ok = _check_headers(
            ws,
            errors,
            2,
            [
                h if i == 0 or NATIONAL_COLUMNS[i - 1][0] != h else None
                for i, (h, _) in enumerate(NATIONAL_COLUMNS)
            ],
        )
        ok &= _check_headers(ws, errors, 3, [sub for _, sub in NATIONAL_COLUMNS])
        if not ok:
            continue
        merged = {}
        for rng in ws.merged_cells.ranges:
            if rng.min_row < NATIONAL_FIRST_DATA_ROW:
                continue
            top = ws.cell(row=rng.min_row, column=rng.min_col).value
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    merged[(row, col)] = top
        seen: dict[tuple, int] = {}
        width = len(NATIONAL_COLUMNS)
        for r, values in enumerate(
            ws.iter_rows(min_row=NATIONAL_FIRST_DATA_ROW, max_col=width, values_only=True),
            start=NATIONAL_FIRST_DATA_ROW,
        ):
            values = list(values) + [None] * (width - len(values))
            cells = [
                _text(merged.get((r, c + 1), v) if v is None else v) for c, v in enumerate(values)
            ]
            if not any(cells):
                continue
            (seq, l1, l2, content, basis, limit, subject, channels, *ticks) = cells
            d = {"domain": name, "_where": (name, r)}
            if not seq.isdigit() or int(seq) < 1:
                errors.add(name, r, "序号", f"应为正整数，实为“{seq or '（空）'}”")
            d["order"] = int(seq) if seq.isdigit() else 0
            if not l1:
                errors.add(name, r, "一级事项", "不能为空")
            d["level1"], d["level2"], d["content"] = l1, l2, content
            key = (l1, l2)
            if l1 and key in seen:
                errors.add(name, r, "二级事项", f"与第{seen[key]}行的事项重复")
            seen.setdefault(key, r)
            try:
                d["citations"] = R.parse_citations(basis)
            except ValueError as exc:
                errors.add(name, r, "公开依据", str(exc))
            if not limit:
                errors.add(name, r, "公开时限", "不能为空")
            d["time_limit_text"] = limit
            d["time_limit_kind"], d["time_limit_days"] = R.derive_time_limit(limit)
            if not subject:
                errors.add(name, r, "公开主体", "不能为空")
            agency = lookups.agencies.get(subject)
            if agency is not None:
                d["agency"] = agency.code
                d["agency_name"] = agency.name
            d["subject"] = "" if agency is not None and subject == agency.name else subject
            try:
                d["carriers"], d["carrier_other"] = R.parse_carriers(channels)
            except ValueError as exc:
                errors.add(name, r, "公开渠道和载体", str(exc))
            keys = [
                "audience_public",
                "audience_specific",
                "mode_proactive",
                "mode_on_request",
                "level_county",
                "level_township",
            ]
            tick_errors = len(errors.items)
            for k, value, (group, sub) in zip(keys, ticks, NATIONAL_COLUMNS[8:], strict=True):
                d[k] = _tick(value, ws, r, f"{group}-{sub}", errors)
            if len(errors.items) == tick_errors and not (
                d["mode_proactive"] or d["mode_on_request"]
            ):
                errors.add(name, r, "公开方式", "“主动”和“依申请”至少勾选一项")
            items.append(d)
    return items


def _read_nine(wb, errors, lookups, known_domains) -> list[dict]:
    if NINE_SHEET not in wb.sheetnames:
        errors.add(NINE_SHEET, None, None, "文件中缺少此工作表")
        return []
    ws = wb[NINE_SHEET]
    if not _check_headers(ws, errors, 1, NINE_HEADERS):
        return []
    kinds = {label: value for value, label in TimeLimitKind.choices}
    items, seen_codes = [], {}
    width = len(NINE_HEADERS)
    for r, values in enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        cells = dict(zip(NINE_HEADERS, [_text(v) for v in values], strict=False))
        if not any(cells.values()):
            continue

        def err(col, msg, r=r):
            errors.add(ws.title, r, col, msg)

        def parse(col, func, *args, cells=cells, err=err):
            try:
                return func(cells.get(col, ""), *args)
            except ValueError as exc:
                err(col, str(exc))
                return None

        d = {"_where": (ws.title, r), "code": cells["事项编码"]}
        code = cells["事项编码"]
        if code:
            if len(code) > 40:
                err("事项编码", "不能超过40个字符")
            if code in seen_codes:
                err("事项编码", f"“{code}”与第{seen_codes[code]}行重复")
            seen_codes.setdefault(code, r)
        d["domain"] = cells["领域"]
        if d["domain"] not in known_domains:
            err("领域", f"领域“{d['domain'] or '（空）'}”不存在")
        seq = cells["序号"]
        if not seq.isdigit() or int(seq) < 1:
            err("序号", f"应为正整数，实为“{seq or '（空）'}”")
        d["order"] = int(seq) if seq.isdigit() else 0
        d["level1"], d["level2"] = cells["一级事项"], cells["二级事项"]
        if not d["level1"]:
            err("一级事项", "不能为空")
        d["content"] = cells["公开内容（要素）"]
        d["subject"] = cells["公开主体"]
        agency_name = cells["责任单位"]
        d["agency"], d["agency_name"] = "", ""
        if agency_name:
            if agency_name in lookups.agencies:
                d["agency"] = lookups.agencies[agency_name].code
                d["agency_name"] = lookups.agencies[agency_name].name
            else:
                err("责任单位", f"找不到单位“{agency_name}”")
        if not d["subject"] and not agency_name:
            err("公开主体", "公开主体和责任单位不能都为空")
        d["attribute"] = parse("公开属性", R.parse_attribute)
        partial = parse("部分公开情况", R.parse_partial) or (False, "")
        d["partial"], d["partial_note"] = partial
        d.update(
            parse("公开理由", R.parse_reason)
            or {"art20_item": None, "art21_item": "", "withholding_ground": "", "reason_note": ""}
        )
        if (d["attribute"] == DisclosureAttribute.WITHHELD or d["partial"]) and not d[
            "withholding_ground"
        ]:
            err(
                "公开理由",
                "不予公开或部分公开的事项须写明不予公开理由（"
                + "、".join(WithholdingGround.labels)
                + "）",
            )
        d["citations"] = parse("公开依据", R.parse_citations) or []
        d["forms"] = (
            parse("公开形式", R.parse_choice_list, R.DisclosureForm.choices, "公开形式") or []
        )
        d["time_limit_text"] = cells["公开时限"]
        rule = cells["时限规则"]
        days = cells["时限天数"]
        if rule:
            if rule not in kinds:
                err("时限规则", f"应为{'、'.join(kinds)}之一")
            d["time_limit_kind"] = kinds.get(rule, TimeLimitKind.STATUTORY)
            if days and not days.isdigit():
                err("时限天数", "应为正整数或留空")
            d["time_limit_days"] = int(days) if days.isdigit() else None
            if d["time_limit_kind"] == TimeLimitKind.WORKDAYS and not d["time_limit_days"]:
                err("时限天数", "时限规则为工作日时须填写天数")
        else:
            d["time_limit_kind"], d["time_limit_days"] = R.derive_time_limit(d["time_limit_text"])
        if not d["time_limit_text"] and not rule:
            err("公开时限", "公开时限和时限规则不能都为空")
        d["platforms"] = []
        for p in R._split_list(cells["公开平台"]):
            if p not in lookups.platforms:
                err("公开平台", f"平台“{p}”不存在，请先在后台“公开平台”中添加")
            else:
                d["platforms"].append(p)
        carriers = parse("公开载体", R.parse_carriers) or ([], "")
        d["carriers"], d["carrier_other"] = carriers
        pairs = [
            ("公开对象", ("全社会", "特定群体"), "audience_public", "audience_specific"),
            ("公开方式", ("主动", "依申请"), "mode_proactive", "mode_on_request"),
            ("公开层级", ("县级", "乡级"), "level_county", "level_township"),
        ]
        for col, labels, a, b in pairs:
            d[a], d[b] = parse(col, R.parse_pair, labels, col) or (False, False)
        items.append(d)
    return items


# --- planning ----------------------------------------------------------------------------------


def current_items(domain_names=None) -> list[Item]:
    qs = (
        Item.objects.active()
        .select_related("domain", "agency")
        .prefetch_related("citations", "platforms")
    )
    if domain_names is not None:
        qs = qs.filter(domain__name__in=domain_names)
    return list(qs)


def _changed_fields(old: dict, new: dict, fields: list[str]) -> list[str]:
    out = []
    for f in fields:
        if f not in new:
            continue
        if old.get(f) != new[f]:
            out.append(f)
    return out


def plan_import(parsed: ParsedCatalog) -> Plan:
    """Compare a parsed file with the catalogue: what an import would add, change and remove."""
    plan = Plan(parsed=parsed)
    existing_domains = {d.name: d for d in Domain.objects.prefetch_related("agencies")}
    for row in parsed.domains:
        d = existing_domains.get(row["name"])
        if d is None:
            plan.domain_adds.append(row)
            continue
        old = {
            "code": d.code,
            "kind": d.kind,
            "order": d.order,
            "agencies": sorted(a.code for a in d.agencies.all()),
            "not_applicable": d.not_applicable,
            "not_applicable_note": d.not_applicable_note,
        }
        new = {k: row[k] for k in old}
        new["agencies"] = sorted(new["agencies"])
        fields = [k for k in old if old[k] != new[k]]
        if fields:
            plan.domain_changes.append((d, row, fields))

    fields = NATIONAL_FIELDS if parsed.layout == "national" else NINE_FIELDS
    items = current_items(parsed.scope)
    by_key = {(i.domain.name, i.level1, i.level2): i for i in items}
    # Codes are unique across the whole catalogue: a code may name an item of a domain outside
    # the file's scope (it moves) or an item removed earlier (it comes back).
    codes = [d["code"] for d in parsed.items if d.get("code")]
    by_code = {
        i.code: i
        for i in Item.objects.filter(code__in=codes)
        .select_related("domain", "agency")
        .prefetch_related("citations", "platforms")
    }
    # A removed item whose row reappears in a national file comes back too.
    withdrawn_by_key = {
        (i.domain.name, i.level1, i.level2): i
        for i in Item.objects.filter(is_active=False, domain__name__in=parsed.scope)
        .select_related("domain", "agency")
        .prefetch_related("citations", "platforms")
    }
    matched: set[int] = set()
    for new in parsed.items:
        if parsed.layout == "nine":
            item = by_code.get(new["code"]) if new["code"] else None
        else:
            key = (new["domain"], new["level1"], new["level2"])
            item = by_key.get(key) or withdrawn_by_key.get(key)
        if item is None or item.pk in matched:
            plan.adds.append(new)
            continue
        matched.add(item.pk)
        new["code"] = item.code
        old = R.item_to_dict(item)
        owned = list(fields)
        if parsed.layout == "national" and "agency" in new:
            owned.append("agency")
        changed = _changed_fields(old, new, owned)
        if not item.is_active:
            new["is_active"] = True
            changed.append("is_active")
        if changed:
            plan.changes.append((item, new, changed))
        else:
            plan.unchanged += 1
    plan.removes = [i for i in items if i.pk not in matched]
    return plan


# --- writing -----------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


def export_workbook(*, layout: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The whole active catalogue as an .xlsx file in ``layout``."""
    if layout not in LAYOUTS:
        raise ValueError(f"未知的文件格式“{layout}”")
    wb = Workbook()
    _write_domain_sheet(wb.active)
    dicts = [R.item_to_dict(i) for i in current_items()]
    if layout == "national":
        by_domain: dict[str, list[dict]] = {}
        for d in dicts:
            by_domain.setdefault(d["domain"], []).append(d)
        for domain in Domain.objects.all():
            if domain.name in by_domain:
                _write_national_sheet(wb.create_sheet(domain.name), domain, by_domain[domain.name])
    else:
        _write_nine_sheet(wb.create_sheet(NINE_SHEET), dicts)
    for sheet in wb.worksheets:
        protect_formulas(sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_domain_sheet(ws) -> None:
    ws.title = DOMAIN_SHEET
    ws.append(DOMAIN_HEADERS)
    for d in Domain.objects.prefetch_related("agencies"):
        ws.append(
            [
                d.code,
                d.name,
                d.get_kind_display(),
                d.order,
                "、".join(a.name for a in d.agencies.all()),
                "是" if d.not_applicable else "否",
                d.not_applicable_note,
            ]
        )
    for cell in ws[1]:
        cell.font = _BOLD
    for col, width in zip("ABCDEFG", (16, 20, 18, 8, 40, 8, 40), strict=True):
        ws.column_dimensions[col].width = width


def _write_national_sheet(ws, domain: Domain, dicts: list[dict]) -> None:
    width = len(NATIONAL_COLUMNS)
    last = get_column_letter(width)
    ws.append([f"{domain.name}领域基层政务公开标准目录"] + [None] * (width - 1))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = _CENTER
    ws.append(
        [
            h if i == 0 or NATIONAL_COLUMNS[i - 1][0] != h else None
            for i, (h, _) in enumerate(NATIONAL_COLUMNS)
        ]
    )
    ws.append([sub for _, sub in NATIONAL_COLUMNS])
    # Merge each group header over its sub-columns, and single headers over both rows.
    col = 1
    while col <= width:
        head, sub = NATIONAL_COLUMNS[col - 1]
        span = 1
        while col + span <= width and NATIONAL_COLUMNS[col + span - 1][0] == head and sub:
            span += 1
        if sub is None:
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        else:
            ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + span - 1)
        col += span
    for row in ws.iter_rows(min_row=2, max_row=3, max_col=width):
        for cell in row:
            cell.font = _BOLD
            cell.alignment = _CENTER
            cell.border = _BORDER
    dicts = sorted(dicts, key=lambda d: (d["order"], d["code"]))
    for d in dicts:
        ticks = [
            d["audience_public"],
            d["audience_specific"],
            d["mode_proactive"],
            d["mode_on_request"],
            d["level_county"],
            d["level_township"],
        ]
        ws.append(
            [
                d["order"],
                d["level1"],
                d["level2"] or None,
                d["content"] or None,
                R.print_citations(d) or None,
                R.print_time_limit(d),
                R.print_subject(d),
                R.print_carrier_checklist(d),
                *[TICK if t else None for t in ticks],
            ]
        )
    # Merge runs of the same 一级事项, as printed catalogues do.
    start = NATIONAL_FIRST_DATA_ROW
    for i in range(1, len(dicts) + 1):
        if (
            i == len(dicts)
            or dicts[i]["level1"] != dicts[start - NATIONAL_FIRST_DATA_ROW]["level1"]
        ):
            end = NATIONAL_FIRST_DATA_ROW + i - 1
            if end > start:
                ws.merge_cells(start_row=start, start_column=2, end_row=end, end_column=2)
            start = end + 1
    for row in ws.iter_rows(min_row=NATIONAL_FIRST_DATA_ROW, max_col=width):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = _CENTER if cell.column in (1, *range(9, 15)) else _WRAP
    for c, w in enumerate((6, 16, 20, 30, 40, 20, 16, 26, 7, 7, 7, 7, 7, 7), start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A4"


def _write_nine_sheet(ws, dicts: list[dict]) -> None:
    ws.append(NINE_HEADERS)
    for cell in ws[1]:
        cell.font = _BOLD
        cell.alignment = _CENTER
    orders = {dom.name: (dom.order, dom.pk) for dom in Domain.objects.all()}
    dicts = sorted(dicts, key=lambda d: (orders.get(d["domain"], (0, 0)), d["order"], d["code"]))
    for d in dicts:
        elements = dict(R.nine_elements(d))
        national = dict(R.national_columns(d))
        ws.append(
            [
                d["code"],
                d["domain"],
                d["order"],
                d["level1"],
                d["level2"] or None,
                d["content"] or None,
                d["subject"] or None,
                d["agency_name"] or None,
                elements["公开属性"],
                elements["部分公开情况"],
                elements["公开理由"] or None,
                elements["公开依据"] or None,
                elements["公开形式"] or None,
                d["time_limit_text"] or None,
                TimeLimitKind(d["time_limit_kind"]).label,
                d["time_limit_days"],
                elements["公开平台"] or None,
                elements["公开载体"] or None,
                national["公开对象"] or None,
                national["公开方式"] or None,
                national["公开层级"] or None,
            ]
        )
    for c, w in enumerate(
        (16, 12, 6, 16, 20, 30, 16, 18, 10, 14, 30, 40, 12, 20, 16, 8, 24, 30, 12, 12, 12),
        start=1,
    ):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "B2"
