"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

18 characters from a 31-symbol alphabet (digits and upper-case letters without I, O, S, V, Z);
the 18th is a check character computed from the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """A Chinese explanation of what is wrong with `value`, or None when it is valid."""
    if len(value) != 18:
        return f"统一社会信用代码应为 18 位，实际为 {len(value)} 位"
    bad = sorted({ch for ch in value if ch not in _VALUE})
    if bad:
        return (
            "统一社会信用代码含有不允许的字符："
            + "、".join(bad)
            + "（不使用 I、O、S、V、Z 及小写字母）"
        )
    expected = check_character(value[:17])
    if value[17] != expected:
        return f"统一社会信用代码校验位错误：第 18 位应为 {expected}，实际为 {value[17]}"
    return None


def is_valid_uscc(value: str) -> bool:
    return uscc_problem(value) is None


def make_uscc(first17: str) -> str:
    """Complete 17 characters with their check character (used by demo data and tests)."""
    return first17 + check_character(first17)
