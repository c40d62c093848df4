"""Reading and validating licence and penalty rows in the 790号 column layout.

One `RowParser` validates a row of column values (from a file or the staff form) and returns an
unsaved model instance with its derived fields (7-working-day due date, publicity period, minor
check), or the list of problems, each naming its column in Chinese. `parse_file` runs it over a
whole XLSX or CSV file and collects every problem of every row, so a rejected import names them
all at once.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from gongkai.core.spreadsheets import from_csv_text
from gongkai.orgs.access import has_role
from gongkai.orgs.models import Agency
from gongkai.orgs.uscc import uscc_problem

from . import rules, standard
from .models import Licence, Penalty, Policy, State, WithheldReason
from .standard import SubjectCategory

MAX_ROWS = 200_000
DATE_FIELDS = {"decided_on", "valid_from", "valid_to", "penalty_valid_to", "publicity_end"}
DECIMAL_FIELDS = {"fine", "confiscation"}
CODE_FIELDS = [
    "code_uscc",
    "code_business_reg",
    "code_org",
    "code_tax",
    "code_institution",
    "code_social_org",
]
REQUIRED = {
    "licence": [
        "subject_name",
        "subject_category",
        "document_name",
        "licence_category",
        "content",
        "decided_on",
        "valid_from",
        "agency_name",
        "agency_uscc",
    ],
    "penalty": [
        "subject_name",
        "subject_category",
        "decision_number",
        "violation_type",
        "facts",
        "basis",
        "categories",
        "content",
        "decided_on",
        "agency_name",
        "agency_uscc",
    ],
}
MAX_LENGTHS = {
    f.name: f.max_length
    for model in (Licence, Penalty)
    for f in model._meta.concrete_fields
    if getattr(f, "max_length", None) and f.get_internal_type() == "CharField"
}


class ImportRejected(Exception):
    """An import with problems: nothing was saved. `errors` names every problem."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"导入失败，共 {len(errors)} 处错误，未导入任何数据。")


@dataclass(frozen=True)
class RowError:
    row: int  # line number in the file (the header is line 1); 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        return (
            f"{where}「{self.column}」：{self.message}"
            if self.column
            else f"{where}：{self.message}"
        )


@dataclass
class ParseResult:
    kind: str
    objects: list = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line in the file of each object
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.objects)

    @property
    def late_count(self) -> int:
        return sum(1 for o in self.objects if o.is_late)

    @property
    def withheld_count(self) -> int:
        return sum(1 for o in self.objects if o.state == State.WITHHELD)

    @property
    def expired_count(self) -> int:
        return sum(1 for o in self.objects if o.state == State.EXPIRED)


# -- reading files ---------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[list]:
    """All rows of the first sheet (XLSX) or of a CSV file (UTF-8, UTF-8 with BOM or GB18030)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValueError(f"无法读取 Excel 文件：{exc}") from exc
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("无法识别 CSV 文件的编码，请保存为 UTF-8 编码")
        return list(csv.reader(io.StringIO(text, newline="")))
    raise ValueError("只支持 .xlsx 或 .csv 文件")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return from_csv_text(str(value).strip())


# -- one row ----------------------------------------------------------------------------------------


class RowParser:
    """Validates rows of one kind for one actor. Caches agencies and the policy."""

    def __init__(self, kind: str, *, actor, today: datetime.date | None = None):
        self.kind = kind
        self.model = Licence if kind == "licence" else Penalty
        self.labels = dict(standard.COLUMNS[kind])
        self.actor = actor
        self.today = today or timezone.localdate()
        self.policy = Policy.current()
        self._by_uscc: dict[str, Agency] = {}
        self._by_name: dict[str, list[Agency]] = {}
        for agency in Agency.objects.exclude(uscc=""):
            self._by_uscc[agency.uscc] = agency
        for agency in Agency.objects.all():
            for name in {agency.name, agency.short_name} - {""}:
                self._by_name.setdefault(name, []).append(agency)
        self._allowed: dict[int, bool] = {}

    # each check returns the cleaned value or appends to `errors` and returns None
    def parse(self, raw: dict) -> tuple[object | None, list[tuple[str, str]]]:
        errors: list[tuple[str, str]] = []
        values: dict = {}
        for name, _label in standard.COLUMNS[self.kind]:
            value = raw.get(name)
            if name in DATE_FIELDS:
                values[name] = self._date(name, value, errors)
            elif name in DECIMAL_FIELDS:
                values[name] = self._decimal(name, value, errors)
            else:
                text = _text(value)
                limit = MAX_LENGTHS.get(name)
                if limit and len(text) > limit:
                    errors.append((name, f"长度不能超过 {limit} 个字符"))
                values[name] = text
        for name in REQUIRED[self.kind]:
            if values.get(name) in (None, "") and not any(f == name for f, _ in errors):
                errors.append((name, "必填"))
        self._subject(values, errors)
        agency = self._agency(values, "agency_name", "agency_uscc", errors, required=True)
        if not values["source_name"] and not values["source_uscc"]:
            source = agency
            if agency is not None:
                values["source_name"], values["source_uscc"] = agency.name, agency.uscc
        else:
            source = self._agency(values, "source_name", "source_uscc", errors, required=True)
        if agency is not None and not self._may_publish_for(agency):
            errors.append(("agency_name", f"您没有“{agency.name}”的岗位，不能为其公示"))
        decided_on = values.get("decided_on")
        if decided_on and decided_on > self.today:
            errors.append(("decided_on", "决定日期不能晚于今天"))
        if self.kind == "licence":
            self._licence(values, errors)
        else:
            self._penalty(values, errors)
        if errors:
            return None, errors
        obj = self.model(**values, agency=agency, source_agency=source)
        self._derive(obj)
        return obj, []

    def _date(self, name, value, errors):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(
            r"(\d{4})(\d{2})(\d{2})", text
        )
        if match:
            try:
                return datetime.date(*map(int, match.groups()))
            except ValueError:
                pass
        errors.append((name, f"日期“{text}”无效，应为 YYYY-MM-DD 格式"))
        return None

    def _decimal(self, name, value, errors):
        if value in (None, ""):
            return None
        text = _text(value) if not isinstance(value, float) else repr(value)
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            errors.append((name, f"金额“{text}”不是数字（单位：万元）"))
            return None
        if not amount.is_finite() or amount < 0:
            errors.append((name, "金额不能为负数"))
            return None
        if amount != amount.quantize(Decimal("0.000001")):
            errors.append((name, "金额（万元）最多保留 6 位小数"))
            return None
        return amount.quantize(Decimal("0.000001")).normalize() if amount else Decimal(0)

    def _subject(self, v, errors):
        category_label = v["subject_category"]
        by_label = {c.label: c.value for c in SubjectCategory}
        if category_label in by_label:
            v["subject_category"] = category = by_label[category_label]
        elif category_label in by_label.values():
            category = category_label
        else:
            if category_label:
                errors.append(("subject_category", "应为" + "、".join(by_label) + "之一"))
            return
        if v["code_uscc"]:
            v["code_uscc"] = v["code_uscc"].upper()
            problem = uscc_problem(v["code_uscc"])
            if problem:
                errors.append(("code_uscc", problem))
        if v["code_org"]:
            v["code_org"] = v["code_org"].upper().replace("-", "")
            if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", v["code_org"]):
                errors.append(("code_org", "组织机构代码应为 9 位数字或大写字母"))
            elif v["code_uscc"] and v["code_uscc"][8:17] != v["code_org"]:
                errors.append(("code_org", "与统一社会信用代码第 9—17 位不一致"))
        if v["code_business_reg"] and not re.fullmatch(r"\d{13}|\d{15}", v["code_business_reg"]):
            errors.append(("code_business_reg", "工商注册号应为 13 或 15 位数字"))
        codes = [v[c] for c in CODE_FIELDS]
        if category == SubjectCategory.NATURAL_PERSON:
            if any(codes):
                errors.append(("code_uscc", "行政相对人类别为自然人时，行政相对人代码应为空"))
            if v["legal_rep"] or v["legal_rep_id_type"] or v["legal_rep_id_number"]:
                errors.append(("legal_rep", "行政相对人类别为自然人时，法定代表人各项应为空"))
            for name in ("id_type", "id_number"):
                if not v[name]:
                    errors.append((name, "行政相对人类别为自然人时必填"))
            self._identity(v, "id_type", "id_number", errors)
        else:
            if not any(codes):
                errors.append(
                    ("code_uscc", "法人及非法人组织、个体工商户须至少填写一项行政相对人代码")
                )
            elif category == SubjectCategory.LEGAL_PERSON and not (v["code_uscc"] or v["code_org"]):
                # [U] 790号: 法人 must carry the USCC, or the 组织机构代码 when it has none yet.
                errors.append(("code_uscc", "法人及非法人组织须填写统一社会信用代码"))
            if not v["legal_rep"]:
                label = (
                    "经营者" if category == SubjectCategory.INDIVIDUAL_BUSINESS else "法定代表人"
                )
                errors.append(("legal_rep", f"必填（{label}姓名）"))
            if v["id_type"] or v["id_number"]:
                errors.append(("id_number", "证件类型、证件号码仅在行政相对人类别为自然人时填写"))
            self._identity(v, "legal_rep_id_type", "legal_rep_id_number", errors)

    def _identity(self, v, type_field, number_field, errors):
        id_type, number = v[type_field], v[number_field].upper()
        v[number_field] = number
        if number and not id_type:
            errors.append((type_field, "填写了证件号码时必填"))
        if id_type:
            problem = standard.id_type_problem(id_type)
            if problem:
                errors.append((type_field, problem))
        if id_type == standard.ID_CARD and number:
            problem = standard.id_card_problem(number)
            if problem:
                errors.append((number_field, problem))

    def _agency(self, v, name_field, uscc_field, errors, *, required) -> Agency | None:
        name, uscc = v[name_field], v[uscc_field].upper()
        v[uscc_field] = uscc
        if not uscc:
            if required and not any(f == uscc_field for f, _ in errors):
                errors.append((uscc_field, "必填"))
            return None
        problem = uscc_problem(uscc)
        if problem:
            errors.append((uscc_field, problem))
            return None
        agency = self._by_uscc.get(uscc)
        if agency is None:
            errors.append((uscc_field, f"系统中没有统一社会信用代码为 {uscc} 的机构"))
            return None
        if name and name not in (agency.name, agency.short_name):
            errors.append((name_field, f"与统一社会信用代码不符，该代码属于“{agency.name}”"))
            return None
        v[name_field] = name or agency.name
        return agency

    def _may_publish_for(self, agency: Agency) -> bool:
        if agency.pk not in self._allowed:
            self._allowed[agency.pk] = has_role(self.actor, agency, "clerk", "reviewer", "head")
        return self._allowed[agency.pk]

    def _licence(self, v, errors):
        if not v["document_number"]:
            if v["licence_number"]:
                v["document_number"] = v["licence_number"]  # the standard's rule for no 文书号
            else:
                errors.append(("document_number", "必填（无文书号的，填写许可编号）"))
        if v["licence_category"]:
            problem = standard.category_problem(v["licence_category"], standard.LICENCE_CATEGORIES)
            if problem:
                errors.append(("licence_category", problem))
        if v["valid_from"] and v["valid_to"] and v["valid_to"] < v["valid_from"]:
            errors.append(("valid_to", "有效期至不能早于有效期自"))
        status = v["licence_status"] or standard.LicenceStatus.VALID
        by_label = {c.label: c.value for c in standard.LicenceStatus}
        if status in by_label:
            status = by_label[status]
        if status not in by_label.values():
            errors.append(("licence_status", "应为 1（有效）或 2（无效）"))
        v["licence_status"] = status

    def _penalty(self, v, errors):
        categories = standard.split_categories(v["categories"])
        for category in categories:
            problem = standard.category_problem(category, standard.PENALTY_CATEGORIES)
            if problem:
                errors.append(
                    ("categories", f"“{category}”不是行政处罚法第九条规定的种类：{problem}")
                )
        v["categories"] = "；".join(categories)
        if "罚款" in categories and v["fine"] is None and not any(f == "fine" for f, _ in errors):
            errors.append(("fine", "处罚类别含罚款时必填"))
        if v["fine"] and "罚款" not in categories:
            errors.append(("fine", "处罚类别不含罚款时应为空"))
        confiscating = {"没收违法所得", "没收非法财物"} & set(categories)
        if v["confiscation"] and not confiscating:
            errors.append(("confiscation", "处罚类别不含没收违法所得、没收非法财物时应为空"))
        if {"暂扣许可证件", "吊销许可证件"} & set(categories) and not v["licence_affected"]:
            errors.append(("licence_affected", "处罚类别含暂扣或吊销许可证件时必填"))
        decided_on = v.get("decided_on")
        if v["penalty_valid_to"] and decided_on and v["penalty_valid_to"] < decided_on:
            errors.append(("penalty_valid_to", "处罚有效期不能早于处罚决定日期"))
        if decided_on and categories and not any(f == "categories" for f, _ in errors):
            period = rules.penalty_period(
                decided_on=decided_on,
                categories=categories,
                violation_type=v["violation_type"],
                basis=v["basis"],
                policy=self.policy,
            )
            end = v["publicity_end"]
            if end is None:
                v["publicity_end"] = period.max_end
            elif not period.min_end <= end <= period.max_end:
                errors.append(
                    (
                        "publicity_end",
                        f"应在 {period.min_end:%Y-%m-%d} 至 {period.max_end:%Y-%m-%d} 之间"
                        "（最短、最长公示期）",
                    )
                )
            v["publicity_min_end"] = period.min_end

    def _derive(self, obj) -> None:
        obj.published_on = self.today
        obj.publish_due = rules.publish_due(obj.decided_on)
        number = obj.id_number if obj.is_natural_person else ""
        if obj.id_type == standard.ID_CARD and number:
            age = standard.age_on(number, obj.decided_on)
            obj.is_minor = age is not None and age < 18
        if obj.is_minor:
            obj.state, obj.withheld_reason = State.WITHHELD, WithheldReason.MINOR
            obj.published_on = None
        elif (
            isinstance(obj, Penalty)
            and not self.policy.publish_reputational
            and rules.is_reputational_only(obj.category_list)
        ):
            obj.state, obj.withheld_reason = State.WITHHELD, WithheldReason.WARNING_ONLY
            obj.published_on = None
        elif isinstance(obj, Penalty) and obj.publicity_end < self.today:
            obj.state, obj.ended_on = State.EXPIRED, obj.publicity_end


# -- whole files ------------------------------------------------------------------------------------


def _number_key(kind: str, obj) -> tuple:
    if kind == "licence":
        return (obj.agency_id, obj.document_number, obj.licence_number)
    return (obj.agency_id, obj.decision_number)


def parse_rows(
    kind: str,
    table: list[list],
    *,
    actor,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParseResult:
    result = ParseResult(kind)
    labels = dict(standard.COLUMNS[kind])
    by_label = {label: name for name, label in standard.COLUMNS[kind]}
    if not table or not any(_text(c) for c in table[0]):
        result.errors.append(RowError(0, "", "文件为空，第 1 行应为标准字段名"))
        return result
    header = [_text(c) for c in table[0]]
    while header and not header[-1]:
        header.pop()
    positions: dict[str, int] = {}
    for i, label in enumerate(header):
        if label not in by_label:
            result.errors.append(RowError(1, label or f"第 {i + 1} 列", "不是标准字段名"))
        elif by_label[label] in positions:
            result.errors.append(RowError(1, label, "字段名重复"))
        else:
            positions[by_label[label]] = i
    for name in REQUIRED[kind]:
        if name not in positions:
            result.errors.append(RowError(1, labels[name], "缺少此列"))
    if result.errors:
        return result
    body = table[1:]
    if len(body) > MAX_ROWS:
        result.errors.append(RowError(0, "", f"一次最多导入 {MAX_ROWS} 行"))
        return result
    parser = RowParser(kind, actor=actor, today=today)
    seen: dict[tuple, int] = {}
    lines = result.lines
    for index, row in enumerate(body, start=2):
        if not any(_text(c) for c in row):
            continue
        raw = {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
        obj, problems = parser.parse(raw)
        result.rows += 1
        for name, message in problems:
            result.errors.append(RowError(index, labels[name], message))
        if obj is not None:
            key = _number_key(kind, obj)
            number_label = labels["document_number" if kind == "licence" else "decision_number"]
            if key in seen:
                result.errors.append(RowError(index, number_label, f"与第 {seen[key]} 行重复"))
            else:
                seen[key] = index
                result.objects.append(obj)
                lines.append(index)
        if progress and result.rows % 1000 == 0:
            progress(result.rows, len(body))
    if progress:
        progress(result.rows, len(body))
    _check_existing(kind, result, lines, labels)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", "文件中没有数据行"))
    return result


def _check_existing(kind, result: ParseResult, lines: list[int], labels) -> None:
    """Numbers already published by the same agency are duplicates (one query per agency)."""
    model = Licence if kind == "licence" else Penalty
    wanted: dict[int, set] = {}
    for obj in result.objects:
        wanted.setdefault(obj.agency_id, set()).add(obj.number)
    existing: set[tuple] = set()
    number_field = "document_number" if kind == "licence" else "decision_number"
    for agency_id, numbers in wanted.items():
        fields = [number_field, "licence_number"] if kind == "licence" else [number_field]
        for chunk in _chunks(sorted(numbers), 500):
            for values in model.objects.filter(
                agency_id=agency_id, **{f"{number_field}__in": chunk}
            ).values_list(*fields):
                existing.add((agency_id, *values))
    if not existing:
        return
    for obj, line in zip(result.objects, lines, strict=True):
        if _number_key(kind, obj) in existing:
            result.errors.append(RowError(line, labels[number_field], "该机构已公示过此文号"))


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def parse_file(kind: str, data: bytes, filename: str, *, actor, today=None, progress=None):
    try:
        table = read_table(data, filename)
    except ValueError as exc:
        result = ParseResult(kind)
        result.errors.append(RowError(0, "", str(exc)))
        return result
    return parse_rows(kind, table, actor=actor, today=today, progress=progress)
