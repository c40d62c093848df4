"""居民身份证号码 (GB 11643-1999): check character, birth date, validation.

Shared by every app that takes identity numbers (applications, 双公示), so the rule lives once.
"""

from __future__ import annotations

import datetime
import re

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """The check character of a 居民身份证号码 (ISO 7064 MOD 11-2)."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_card_birth_date(value: str) -> datetime.date | None:
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def id_card_problem(value: str) -> str | None:
    """A Chinese explanation of what is wrong with an 18-digit 身份证号码, or None."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return "身份证号码应为 18 位，前 17 位为数字，末位为数字或大写 X"
    if id_card_birth_date(value) is None:
        return "身份证号码中的出生日期无效"
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return f"身份证号码校验位错误：第 18 位应为 {expected}，实际为 {value[17]}"
    return None


def make_id_card(first17: str) -> str:
    """Complete 17 digits with their check digit (demo data and tests)."""
    return first17 + id_check_digit(first17)
