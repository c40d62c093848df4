"""The public view of a licence or penalty: every public surface (pages, API, XLSX export) reads
records only through `public_row`, which masks personal data (legal-rules §7.5).

* identity numbers of natural persons and legal representatives: keep the first and last few
  characters (`Policy.id_keep_start` / `id_keep_end`, default 4 and 4);
* in free text (违法事实, 处罚内容, 许可内容, 备注, ...): identity numbers, mobile and landline
  numbers, bank account numbers and labelled home addresses (住址, 家住, 户籍地, ...) are masked
  for every subject; any other address is masked when the subject is a natural person or an
  个体工商户 (a company's 住所 is public);
* names of natural persons optionally (`Policy.mask_person_name`);
* USCCs, the other organisation codes and company names stay visible.

Minors are never published at all: `public()` querysets exclude them (state 不予公示).
"""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai.core.masking import ID_NUMBER_RE, LANDLINE_RE, MOBILE_RE, mask_id_number, mask_name

from . import standard
from .models import Policy

_LONG_DIGITS_RE = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){11,22}(?![0-9A-Za-z])")  # accounts
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


def mask_free_text(text: str, *, personal_addresses: bool) -> str:
    """Mask identity numbers, phones and bank accounts (and addresses) inside free text."""
    if not text:
        return text
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(1), 4, 4), text)
    text = MOBILE_RE.sub(lambda m: _keep_ends(m.group(0), 3, 4), text)
    text = LANDLINE_RE.sub(lambda m: _keep_ends(m.group(0), 4, 2), text)
    text = _LONG_DIGITS_RE.sub(lambda m: _keep_ends(m.group(0), 0, 4), text)
    text = _HOME_RE.sub(lambda m: m.group(1) + _MASK, text)
    if personal_addresses:
        text = _SITE_RE.sub(lambda m: m.group(1) + _MASK, text)
        text = _ADDRESS_RE.sub(_MASK, text)
    return text


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


def plain_amount(amount: Decimal | None) -> Decimal | None:
    """0.070000 → 0.07 and 100.000000 → 100 (never 1E+2)."""
    if amount is None:
        return None
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def public_value(record, field: str, policy: Policy):
    value = getattr(record, field)
    if value in (None, ""):
        return value
    if isinstance(value, Decimal):
        return plain_amount(value)
    personal = record.has_personal_identity
    if field in IDENTITY_FIELDS:
        return mask_id_number(str(value), policy.id_keep_start, policy.id_keep_end)
    if field in FREE_TEXT_FIELDS:
        return mask_free_text(str(value), personal_addresses=personal)
    if field == "subject_name":
        if record.is_natural_person and policy.mask_person_name:
            return mask_name(value)
        return mask_free_text(value, personal_addresses=False)
    if field == "legal_rep" and record.subject_category == standard.SubjectCategory.NATURAL_PERSON:
        return mask_name(value)
    return value


def public_row(record, policy: Policy | None = None) -> dict:
    """Column field → public (masked) value for every column of the standard."""
    policy = policy or Policy.current()
    row = {name: public_value(record, name, policy) for name, _ in standard.COLUMNS[record.kind]}
    row["subject_category"] = record.get_subject_category_display()
    return row


def staff_row(record) -> dict:
    """Unmasked column values, for the staff view and the export reported to 信用中国."""
    row = {name: getattr(record, name) for name, _ in standard.COLUMNS[record.kind]}
    for name in ("fine", "confiscation"):
        if name in row:
            row[name] = plain_amount(row[name])
    row["subject_category"] = record.get_subject_category_display()
    return row
