"""Personal-data patterns shared by every app: bank cards (Luhn) and e-mail inside Chinese text."""

from __future__ import annotations

import pytest

from gongkai.core.masking import BANK_CARD_RE, EMAIL_RE, is_bank_card, luhn_valid, mask_bank_card


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("79927398713", True), ("79927398710", False), ("4111111111111111", True), ("12a4", False)],
)
def test_luhn(digits, valid):
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize(
    ("value", "card"),
    [
        ("6225880137705431", True),  # 16 digits, Luhn
        ("6225 8801 3770 5431", True),  # grouped
        ("6225-8801-3770-5431", True),
        ("6225880137705434", False),  # check digit wrong
        ("622588013770543", False),  # 15 digits
        ("62258801377054340000", False),  # 20 digits
    ],
)
def test_is_bank_card(value, card):
    assert is_bank_card(value) is card


def test_bank_card_pattern_finds_cards_in_text_not_inside_codes():
    text = "收款卡号6225 8801 3770 5431，许可证JY16225880137705431，批号6225880137705434000"
    candidates = [m.group(0) for m in BANK_CARD_RE.finditer(text)]
    assert candidates == ["6225 8801 3770 5431", "6225880137705434000"]  # not the JY… code
    assert [c for c in candidates if is_bank_card(c)] == ["6225 8801 3770 5431"]
    assert mask_bank_card(candidates[0]) == "************5431"


def test_email_pattern_stops_at_chinese_text():
    assert EMAIL_RE.search("联系邮箱zhang.sf@example.cn。").group(0) == "zhang.sf@example.cn"
