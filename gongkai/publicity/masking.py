"""The public view of a licence or penalty: every public surface (pages, API, XLSX and CSV
exports, the search index) reads records only through `public_row`, which masks personal data
(legal-rules §7.5).

* identity numbers of natural persons and legal representatives: keep the first and last few
  characters (`Policy.id_keep_start` / `id_keep_end`, default 4 and 4);
* in free text (违法事实, 处罚内容, 许可内容, 备注, ...): identity numbers, mobile and landline
  numbers, e-mail addresses, bank cards and other account numbers, and labelled home addresses
  (住址, 家住, 户籍地, ...) are masked for every subject; any other address is masked when the
  subject is a natural person or an 个体工商户 (a company's 住所 is public);
* names of natural persons optionally (`Policy.mask_person_name`): the name field of a natural
  person and the 法定代表人 (经营者) of an 个体工商户 show 张*丰, and so does every occurrence of
  that name in the other text columns, so free text never shows a name its field hides;
* USCCs (also all-digit ones), decision numbers, the other organisation codes and company names
  stay visible.

Names of other natural persons (witnesses, employees, ...) cannot be told from other words:
`review_hints` lists the public text fragments that look like they hold one, for staff to check.

Minors are never published at all: `public()` querysets exclude them (state 不予公示).
"""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai.core.idcard import id_card_problem
from gongkai.core.masking import (
    BANK_CARD_RE,
    EMAIL_RE,
    ID_NUMBER_RE,
    LANDLINE_RE,
    MOBILE_RE,
    is_bank_card,
    mask_bank_card,
    mask_email,
    mask_id_number,
    mask_name,
)
from gongkai.orgs.uscc import is_valid_uscc

from . import standard
from .models import Policy

# Any other run of 12+ digits may be an account: an organisation's need not pass the Luhn check.
_LONG_DIGITS_RE = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){11,22}(?![0-9A-Za-z])")
# A run of digits between "〔2026〕" (or 字, 第) and 号 is the number of a decision or licence
# (沪市监普处〔2026〕072026000123号).
_NUMBER_BEFORE = "〕］]）)字第"
# A home address is personal whoever the subject is; a 住所/地址 is a company's registered office
# unless the subject is a person.
_HOME_LABELS = "家庭住址|家庭地址|现住址|住址|居住地|户籍地|户籍所在地|家住|住在|居住在|暂住"
_SITE_LABELS = "住所地|住所|联系地址|地址"
_VALUE = r"[:：为是在于]?)([^，,。；;、（）()\s]{2,60})"
_HOME_RE = re.compile(r"((?:" + _HOME_LABELS + ")" + _VALUE)
_SITE_RE = re.compile(r"((?:" + _SITE_LABELS + ")" + _VALUE)
_ADDRESS_RE = re.compile(
    r"[\u4e00-\u9fa5]{0,12}(?:路|街|弄|巷|胡同|大道|村|小区|公寓|花园|新村|苑)"
    r"[0-9一二三四五六七八九十百零〇]+(?:弄|号|栋|幢|号楼|单元|室|层|组)"
    r"(?:[0-9一二三四五六七八九十百零〇]+(?:弄|号|栋|幢|号楼|单元|室|层|组))*"
)
_MASK = "****"


def mask_free_text(
    text: str, *, personal_addresses: bool, names: dict[str, str] | None = None
) -> str:
    """Mask identity numbers, phones, e-mail, bank accounts (and addresses) inside free text,
    and replace each of `names` (name → masked form, see `masked_names`)."""
    if not text:
        return text
    text = mask_names(text, names)
    text = ID_NUMBER_RE.sub(_unless_code(lambda run: mask_id_number(run, 4, 4)), text)
    text = BANK_CARD_RE.sub(_unless_code(_mask_bank_card), text)
    text = MOBILE_RE.sub(_unless_code(lambda run: _keep_ends(run, 3, 4)), text)
    text = LANDLINE_RE.sub(_unless_code(lambda run: _keep_ends(run, 4, 2)), text)
    text = _LONG_DIGITS_RE.sub(_unless_code(lambda run: _keep_ends(run, 0, 4)), text)
    text = EMAIL_RE.sub(lambda m: mask_email(m.group(0)), text)
    text = _HOME_RE.sub(lambda m: m.group(1) + _MASK, text)
    if personal_addresses:
        text = _SITE_RE.sub(lambda m: m.group(1) + _MASK, text)
        text = _ADDRESS_RE.sub(_MASK, text)
    return text


def mask_names(text: str, names: dict[str, str] | None) -> str:
    """Replace every occurrence of each name by its masked form (longest names first)."""
    if not text or not names:
        return text
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.sub(pattern, lambda m: names[m.group(0)], text)


def _is_code(m: re.Match) -> bool:
    """Whether a run of digits is a decision number or a 统一社会信用代码, not personal data."""
    text, start, end, run = m.string, m.start(), m.end(), m.group(0)
    if start > 0 and text[start - 1] in _NUMBER_BEFORE and text[end : end + 1] == "号":
        return True
    # Many older USCCs are all digits (or end in X): one that passes GB 32100 and cannot be a
    # 身份证号码 stays visible.
    return len(run) == 18 and is_valid_uscc(run) and id_card_problem(run) is not None


def _unless_code(mask):
    """A replacement function for `re.sub`: `mask` applied to a run unless it is a code."""
    return lambda m: m.group(0) if _is_code(m) else mask(m.group(0))


def _mask_bank_card(run: str) -> str:
    return mask_bank_card(run) if is_bank_card(run) else run


def _keep_ends(value: str, start: int, end: int) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[:start] + "*" * max(len(digits) - start - end, 4) + digits[-end:]


#: Fields with free text that may carry personal data.
FREE_TEXT_FIELDS = {
    "facts",
    "content",
    "remarks",
    "basis",
    "licence_affected",
    "violation_type",
    "certificate_name",
    "document_name",
    "withdrawal_reason",
}
IDENTITY_FIELDS = {"id_number", "legal_rep_id_number"}
NAME_FIELDS = {"subject_name", "legal_rep"}
#: Codes, numbers and the deciding agency: shown as stored.
IDENTIFIER_FIELDS = {
    "code_uscc",
    "code_business_reg",
    "code_org",
    "code_tax",
    "code_institution",
    "code_social_org",
    "document_number",
    "licence_number",
    "decision_number",
    "agency_name",
    "agency_uscc",
    "source_name",
    "source_uscc",
}


def plain_amount(amount: Decimal | None) -> Decimal | None:
    """0.070000 → 0.07 and 100.000000 → 100 (never 1E+2)."""
    if amount is None:
        return None
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def _masked_name_fields(record, policy: Policy) -> set[str]:
    """Which of 行政相对人名称 / 法定代表人 the public sees masked (张*丰).

    The name of a natural person when `Policy.mask_person_name` is on; the 经营者 of an
    个体工商户 (entered as 法定代表人) likewise; a 法定代表人 entered for a natural person always.
    A company's 法定代表人 is public registration data and stays visible.
    """
    category = record.subject_category
    if category == standard.SubjectCategory.NATURAL_PERSON:
        return {"subject_name", "legal_rep"} if policy.mask_person_name else {"legal_rep"}
    if category == standard.SubjectCategory.INDIVIDUAL_BUSINESS and policy.mask_person_name:
        return {"legal_rep"}
    return set()


def masked_names(record, policy: Policy) -> dict[str, str]:
    """Name → masked form for every name whose own field the public sees masked."""
    names = (getattr(record, f).strip() for f in _masked_name_fields(record, policy))
    # A one-character "name" would blank that character all over the text.
    return {name: mask_name(name) for name in names if len(name) >= 2}


def public_value(record, field: str, policy: Policy, names: dict[str, str] | None = None):
    """The public form of one column; `names` (from `masked_names`) saves work in a loop."""
    value = getattr(record, field)
    if value in (None, ""):
        return value
    if isinstance(value, Decimal):
        return plain_amount(value)
    if field in IDENTITY_FIELDS:
        return mask_id_number(str(value), policy.id_keep_start, policy.id_keep_end)
    if field in NAME_FIELDS and field in _masked_name_fields(record, policy):
        return mask_name(value)
    if not isinstance(value, str) or field in IDENTIFIER_FIELDS:
        return value
    # Every other text column: a masked name must not reappear in it ("当事人张三丰于……").
    if names is None:
        names = masked_names(record, policy)
    if field in FREE_TEXT_FIELDS:
        return mask_free_text(value, personal_addresses=record.has_personal_identity, names=names)
    if field == "subject_name":
        return mask_free_text(value, personal_addresses=False, names=names)
    return mask_names(value, names)


def public_row(record, policy: Policy | None = None) -> dict:
    """Column field → public (masked) value for every column of the standard.

    The one place that decides what the public sees: pages, API, public exports, the withdrawal
    list, the import preview and the search index all read this.
    """
    policy = policy or Policy.current()
    names = masked_names(record, policy)
    row = {
        name: public_value(record, name, policy, names) for name, _ in standard.COLUMNS[record.kind]
    }
    row["subject_category"] = record.get_subject_category_display()
    return row


# --- what automatic masking cannot find ---------------------------------------------------------
# legal-rules §7.5 wants the names of natural persons other than the party redacted too, and
# their 健康状况. No pattern tells a name from other words, so staff get hints instead: a word
# that introduces a person followed by a common surname ("证人李四", "雇员王五"), a personal
# header (男，/ 1980年1月1日出生) or a health term, in the text as the public will see it.
_PERSON_CUES = (
    "证人|举报人|投诉人|受害人|被害人|委托代理人|代理人|监护人|雇员|员工|从业人员|工作人员|店员|"
    "厨师|司机|驾驶员|驾驶人|租户|承租人|出租人|房东|业主|户主|妻子|丈夫|其妻|其夫|儿子|女儿|"
    "父亲|母亲|亲属|家属|联系人|负责人|经营者|店主|股东|顾客|消费者|患者|学生|家长|购买人|"
    "现场人员|当事人"
)
# Common surnames, leaving out those that are also frequent words after a cue (安, 和, 时, 于 ...).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝辛靳柴蒙鲍喻祁蒲房滕屈饶牟艾尤穆卓"
    "缪褚娄窦戚岑费卜晏卫柏瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘苑迟邝"
)
_COMPOUND_SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|令狐|司徒|夏侯|宇文|端木"
_REVIEW_RE = re.compile(
    rf"(?:{_PERSON_CUES})[：:（(，,、\s]?(?P<who>(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])(?![某*＊])"
    r"[\u4e00-\u9fa5])"
    r"|(?:^|[，,、（(\s])[男女][，,、）)]"
    r"|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?:出)?生|出生于"
    r"|患有|确诊|诊断为|病历|病史|残疾"
)
_CONTEXT = 8


def review_hints(record, policy: Policy | None = None) -> list[tuple[str, str]]:
    """(column label, fragment) of public free text that may still hold personal data.

    The fragments are taken from the masked text, so listing them shows staff nothing more
    than the public page does.
    """
    policy = policy or Policy.current()
    names = masked_names(record, policy)
    # The party's own names are governed by the policy (and a company's 法定代表人 is public).
    own = [n for n in (record.subject_name.strip(), record.legal_rep.strip()) if len(n) >= 2]
    fields = [name for name, _ in standard.COLUMNS[record.kind] if name in FREE_TEXT_FIELDS]
    hints = []
    for field in [*fields, "withdrawal_reason"]:
        text = public_value(record, field, policy, names)
        if not text:
            continue
        label = record._meta.get_field(field).verbose_name
        spans: list[list[int]] = []  # overlapping contexts make one fragment
        for m in _REVIEW_RE.finditer(text):
            if m["who"] and any(text.startswith(n, m.start("who")) for n in own):
                continue
            start, end = max(m.start() - _CONTEXT, 0), min(m.end() + _CONTEXT, len(text))
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
        for start, end in spans:
            fragment = text[start:end].strip()
            hints.append(
                (label, ("…" if start else "") + fragment + ("…" if end < len(text) else ""))
            )
    return hints


def staff_row(record) -> dict:
    """Unmasked column values, for the staff view and the export reported to 信用中国."""
    row = {name: getattr(record, name) for name, _ in standard.COLUMNS[record.kind]}
    for name in ("fine", "confiscation"):
        if name in row:
            row[name] = plain_amount(row[name])
    row["subject_category"] = record.get_subject_category_display()
    return row


# --- what the public `?q=` filter matches -------------------------------------------------------
# The public lists, their XLSX export and the API filter `?q=` may only match what the public
# sees: the stored name of a natural person (or a phone number in the facts) would otherwise
# confirm a decision against someone whose name the page masks. Numbers and codes are never
# masked and are matched on their own columns; every other searchable text is kept, already
# masked, in two stored columns (`Subject.public_text`, `public_text_names_masked`), so that a
# change of 遮蔽自然人姓名 only switches the column the filter reads and rewrites nothing.

#: The columns (besides numbers and codes) whose public form the `?q=` filter matches.
PUBLIC_TEXT_FIELDS = {
    "licence": (
        "subject_name",
        "document_name",
        "licence_category",
        "certificate_name",
        "content",
        "remarks",
    ),
    "penalty": (
        "subject_name",
        "violation_type",
        "facts",
        "basis",
        "categories",
        "content",
        "licence_affected",
        "remarks",
    ),
}
_NAMES_AS_ENTERED = Policy(mask_person_name=False)
_NAMES_MASKED = Policy(mask_person_name=True)


def _public_text(record, kind: str, policy: Policy) -> str:
    names = masked_names(record, policy)
    values = (public_value(record, field, policy, names) for field in PUBLIC_TEXT_FIELDS[kind])
    return "\n".join(str(v) for v in values if v)


def set_public_text(record) -> None:
    """Fill the two public-text columns of an unsaved or changed record (before saving it).

    `public_text` is the public form with 遮蔽自然人姓名 off; `public_text_names_masked` the form
    with it on, and empty when the subject is an organisation (nothing to mask, the first
    applies). Neither depends on any other rule of the policy.
    """
    kind = record.kind
    record.public_text = _public_text(record, kind, _NAMES_AS_ENTERED)
    record.public_text_names_masked = (
        _public_text(record, kind, _NAMES_MASKED) if record.has_personal_identity else ""
    )


def refresh_public_text(queryset, *, batch_size: int = 1000) -> int:
    """Recompute the public-text columns of every row of `queryset` (after a change of the
    masking code: `gongkai publicity refresh-public-text`). Returns the number of rows changed."""
    changed, batch = 0, []
    model = queryset.model
    for record in queryset.order_by("pk").iterator(chunk_size=batch_size):
        old = (record.public_text, record.public_text_names_masked)
        set_public_text(record)
        if (record.public_text, record.public_text_names_masked) != old:
            batch.append(record)
        if len(batch) >= batch_size:
            model.objects.bulk_update(batch, ["public_text", "public_text_names_masked"])
            changed, batch = changed + len(batch), []
    if batch:
        model.objects.bulk_update(batch, ["public_text", "public_text_names_masked"])
        changed += len(batch)
    return changed
