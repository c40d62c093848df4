"""The canonical form of a catalogue item as a plain dict, shared by the Excel layouts, the import
preview, edition snapshots and the API. Printing functions turn it into the texts shown on pages
and written into Excel cells, and parsing functions read those texts back (lossless)."""

from __future__ import annotations

import re

from gongkai.core.legal import Art20Item, DisclosureAttribute, WithholdingGround

from .models import (
    Art21Item,
    Carrier,
    CitationType,
    DisclosureForm,
    Item,
    TimeLimitKind,
    split_codes,
)

#: Fields of the canonical dict with their Chinese labels (used in change lists).
FIELD_LABELS = {
    "domain": "领域",
    "order": "序号",
    "level1": "一级事项",
    "level2": "二级事项",
    "content": "公开内容（要素）",
    "agency": "责任单位",
    "subject": "公开主体",
    "attribute": "公开属性",
    "partial": "部分公开",
    "partial_note": "部分公开情况",
    "art20_item": "公开理由（第二十条）",
    "art21_item": "公开理由（第二十一条）",
    "withholding_ground": "公开理由（不予公开理由）",
    "reason_note": "公开理由说明",
    "forms": "公开形式",
    "time_limit_kind": "时限规则",
    "time_limit_days": "时限天数",
    "time_limit_text": "公开时限",
    "platforms": "公开平台",
    "carriers": "公开载体",
    "carrier_other": "其他载体",
    "audience_public": "公开对象：全社会",
    "audience_specific": "公开对象：特定群体",
    "mode_proactive": "公开方式：主动",
    "mode_on_request": "公开方式：依申请",
    "level_county": "公开层级：县级",
    "level_township": "公开层级：乡级",
    "citations": "公开依据",
    "is_active": "恢复到目录",
}

SCALAR_FIELDS = [
    "order",
    "level1",
    "level2",
    "content",
    "subject",
    "attribute",
    "partial",
    "partial_note",
    "art20_item",
    "art21_item",
    "withholding_ground",
    "reason_note",
    "time_limit_kind",
    "time_limit_days",
    "time_limit_text",
    "carrier_other",
    "audience_public",
    "audience_specific",
    "mode_proactive",
    "mode_on_request",
    "level_county",
    "level_township",
]


def item_to_dict(item: Item, *, platform_names=None) -> dict:
    """Canonical dict of a saved item. Prefetch ``citations`` and ``platforms`` for lists."""
    d = {name: getattr(item, name) for name in SCALAR_FIELDS}
    d["code"] = item.code
    d["domain"] = item.domain.name
    d["agency"] = item.agency.code if item.agency_id else ""
    d["agency_name"] = item.agency.name if item.agency_id else ""
    d["forms"] = split_codes(item.form_codes)
    d["carriers"] = split_codes(item.carrier_codes)
    d["platforms"] = [p.name for p in item.platforms.all()]
    d["citations"] = [[c.kind, c.title, c.document_number, c.article] for c in item.citations.all()]
    return d


# --- printing ----------------------------------------------------------------------------------


def print_citation(c) -> str:
    kind, title, number, article = c
    number = f"（{number}）" if number else ""
    return f"【{CitationType(kind).label}】《{title}》{number}{article}"


def print_citations(d) -> str:
    return "\n".join(print_citation(c) for c in d["citations"])


def print_partial(d) -> str:
    if not d["partial"]:
        return "否"
    return f"是：{d['partial_note']}" if d["partial_note"] else "是"


def print_reason(d) -> str:
    lines = []
    if d["art20_item"]:
        lines.append(Art20Item(d["art20_item"]).label)
    if d["art21_item"]:
        lines.append(Art21Item(d["art21_item"]).label)
    if d["withholding_ground"]:
        lines.append(WithholdingGround(d["withholding_ground"]).label)
    if d["reason_note"]:
        lines.append(f"说明：{d['reason_note']}")
    return "\n".join(lines)


def print_forms(d) -> str:
    return "、".join(DisclosureForm(c).label for c in d["forms"])


def print_time_limit(d) -> str:
    if d["time_limit_text"]:
        return d["time_limit_text"]
    if d["time_limit_kind"] == TimeLimitKind.WORKDAYS and d["time_limit_days"]:
        return f"信息形成或者变更之日起{d['time_limit_days']}个工作日内"
    return TimeLimitKind(d["time_limit_kind"]).label


def print_carriers(d) -> str:
    labels = []
    for code in d["carriers"]:
        label = Carrier(code).label
        if code == Carrier.OTHER and d["carrier_other"]:
            label = f"{label}：{d['carrier_other']}"
        labels.append(label)
    return "、".join(labels)


def print_carrier_checklist(d) -> str:
    """The national 公开渠道和载体 cell: every box of the checklist, ticked (■) or not (□)."""
    lines = []
    for code, label in Carrier.choices:
        mark = "■" if code in d["carriers"] else "□"
        if code == Carrier.OTHER and d["carrier_other"]:
            label = f"{label}：{d['carrier_other']}"
        lines.append(f"{mark}{label}")
    return "\n".join(lines)


def print_subject(d) -> str:
    return d["subject"] or d.get("agency_name", "")


def print_pair(d, first: str, second: str, labels: tuple[str, str]) -> str:
    return "、".join(label for key, label in zip((first, second), labels, strict=True) if d[key])


def nine_elements(d) -> list[tuple[str, str]]:
    """The nine elements with their Chinese labels, in the order the district prints them."""
    return [
        ("公开主体", print_subject(d)),
        ("公开属性", DisclosureAttribute(d["attribute"]).label),
        ("部分公开情况", print_partial(d)),
        ("公开理由", print_reason(d)),
        ("公开依据", print_citations(d)),
        ("公开形式", print_forms(d)),
        ("公开时限", print_time_limit(d)),
        ("公开平台", "、".join(d["platforms"])),
        ("公开载体", print_carriers(d)),
    ]


def national_columns(d) -> list[tuple[str, str]]:
    return [
        ("公开对象", print_pair(d, "audience_public", "audience_specific", ("全社会", "特定群体"))),
        ("公开方式", print_pair(d, "mode_proactive", "mode_on_request", ("主动", "依申请"))),
        ("公开层级", print_pair(d, "level_county", "level_township", ("县级", "乡级"))),
    ]


# --- parsing (each raises ValueError with a Chinese message) ------------------------------------

_CITATION_RE = re.compile(
    r"^【(?P<kind>[^】]+)】《(?P<title>[^》]+)》(?:（(?P<number>[^）]*)）)?(?P<article>.*)$"
)
_KIND_BY_LABEL = {label: code for code, label in CitationType.choices}


def parse_citations(text: str) -> list[list[str]]:
    result = []
    for n, line in enumerate([ln.strip() for ln in text.splitlines() if ln.strip()], start=1):
        m = _CITATION_RE.match(line)
        if not m:
            raise ValueError(
                f"第{n}条依据“{line[:30]}”格式不正确，应为“【类型】《名称》（文号）条款”，"
                "例如“【法律】《中华人民共和国社会保险法》（主席令第35号）第八十条”"
            )
        kind = _KIND_BY_LABEL.get(m["kind"])
        if kind is None:
            raise ValueError(
                f"第{n}条依据的类型“{m['kind']}”无效，可选：{'、'.join(_KIND_BY_LABEL)}"
            )
        result.append([kind, m["title"], m["number"] or "", m["article"].strip()])
    return result


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、,，;；\n]", text or "") if p.strip()]


def parse_choice_list(text: str, choices, what: str) -> list[str]:
    by_label = {label: code for code, label in choices}
    codes = []
    for part in _split_list(text):
        if part not in by_label:
            raise ValueError(f"{what}“{part}”无效，可选：{'、'.join(by_label)}")
        if by_label[part] not in codes:
            codes.append(by_label[part])
    order = [code for code, _ in choices]
    return sorted(codes, key=order.index)


def parse_carriers(text: str) -> tuple[list[str], str]:
    """Either the national checklist (■/□ lines) or a plain list of ticked labels."""
    by_label = {label: code for code, label in Carrier.choices}
    text = (text or "").strip()
    if not text:
        return [], ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    checklist = all(ln[0] in "■□☑☐√" for ln in lines)
    parts = lines if checklist else _split_list(text)
    codes, other = [], ""
    for part in parts:
        ticked = True
        if checklist:
            ticked = part[0] in "■☑√"
            part = part[1:].strip()
        label, _, extra = part.partition("：")
        if label not in by_label:
            raise ValueError(
                f"公开载体“{label}”不在全国标准载体清单中，可选：{'、'.join(by_label)}"
            )
        if ticked:
            codes.append(by_label[label])
            if by_label[label] == Carrier.OTHER:
                other = extra.strip()
    order = [code for code, _ in Carrier.choices]
    return sorted(set(codes), key=order.index), other


def parse_partial(text: str) -> tuple[bool, str]:
    text = (text or "").strip()
    if text in ("", "否"):
        return False, ""
    if text == "是":
        return True, ""
    if text.startswith("是：") or text.startswith("是:"):
        return True, text[2:].strip()
    raise ValueError("应填“否”、“是”或“是：被保留的部分”")


_REASON_LABELS = {
    **{label: ("art20_item", value) for value, label in Art20Item.choices},
    **{label: ("art21_item", value) for value, label in Art21Item.choices},
    **{label: ("withholding_ground", value) for value, label in WithholdingGround.choices},
}


def parse_reason(text: str) -> dict:
    out = {"art20_item": None, "art21_item": "", "withholding_ground": "", "reason_note": ""}
    notes = []
    for line in [ln.strip() for ln in (text or "").splitlines() if ln.strip()]:
        if line in _REASON_LABELS:
            key, value = _REASON_LABELS[line]
            out[key] = value
        elif line.startswith("说明："):
            notes.append(line[3:])
        else:
            raise ValueError(
                f"“{line[:30]}”无法识别：每行应为条例第二十条事项（如“（十一）……”）、"
                "“第二十一条：社会救助”、不予公开理由（如“属于国家秘密”）或以“说明：”开头的文字"
            )
    out["reason_note"] = "\n".join(notes)
    return out


def derive_time_limit(text: str) -> tuple[str, int | None]:
    """The structured rule implied by a printed 公开时限."""
    m = re.search(r"(\d+)\s*个工作日", text)
    if m:
        return TimeLimitKind.WORKDAYS, int(m.group(1))
    for words, kind in (
        (("实时",), TimeLimitKind.REALTIME),
        (("及时",), TimeLimitKind.PROMPT),
        (("每月", "按月", "月度"), TimeLimitKind.MONTHLY),
        (("季度",), TimeLimitKind.QUARTERLY),
        (("每年", "按年", "年度"), TimeLimitKind.YEARLY),
    ):
        if any(w in text for w in words):
            return kind, None
    return TimeLimitKind.STATUTORY, None


def parse_attribute(text: str) -> str:
    for value, label in DisclosureAttribute.choices:
        if text == label:
            return value
    raise ValueError(f"应为{'、'.join(DisclosureAttribute.labels)}之一")


def parse_pair(text: str, labels: tuple[str, str], what: str) -> tuple[bool, bool]:
    parts = _split_list(text)
    for p in parts:
        if p not in labels:
            raise ValueError(f"{what}“{p}”无效，可选：{'、'.join(labels)}")
    return labels[0] in parts, labels[1] in parts
