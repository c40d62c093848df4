"""Masking of personal data for lists and public pages (个人信息去标识化).

Unmasked values live only in the staff case view. Patterns follow common Chinese practice:
张*, 张*三, 138****5678, 1101********1234, ***************1234 (bank card).
"""

from __future__ import annotations

import re

# Personal data found inside free text. Runs glued to letters are codes (许可编号 JY131...,
# USCCs), not identity or phone numbers.
#: 18-digit 身份证 (or 15-digit old form), not part of a longer run.
ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])"
)
LANDLINE_RE = re.compile(r"(?<![0-9A-Za-z])0\d{2,3}[- ]?\d{7,8}(?![0-9A-Za-z])")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+", re.ASCII)  # ASCII: "邮箱a@b.cn" → a@b.cn
#: A candidate bank card number (银行卡号): 16–19 digits, possibly in groups separated by spaces
#: or hyphens. Many other numbers have that shape: confirm with `is_bank_card` (Luhn check).
BANK_CARD_RE = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){15,18}(?![0-9A-Za-z])")


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 7:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return "*" * len(digits)


def mask_id_number(value: str, keep_start: int = 4, keep_end: int = 4) -> str:
    value = (value or "").strip()
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check that bank card numbers carry in their last digit."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def is_bank_card(value: str) -> bool:
    """16–19 digits (separators allowed) that pass the Luhn check."""
    digits = re.sub(r"[ -]", "", value or "")
    return 16 <= len(digits) <= 19 and luhn_valid(digits)


def mask_bank_card(value: str) -> str:
    """Keep the last 4 digits only: 6222 0210 0111 2223 334 → ***************3334."""
    digits = re.sub(r"\D", "", value or "")
    return "*" * max(len(digits) - 4, 4) + digits[-4:]


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    if not domain:
        return mask_id_number(email, 1, 0)
    return (local[:1] + "***@" + domain) if local else "***@" + domain


def mask_address(address: str, keep: int = 6) -> str:
    address = (address or "").strip()
    if len(address) <= keep:
        return address[:2] + "*" * max(len(address) - 2, 0)
    return address[:keep] + "****"
