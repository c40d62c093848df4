import pytest
from django.core.exceptions import ValidationError

from gongkai.orgs.uscc import check_character, is_valid_uscc, make_uscc, uscc_problem
from gongkai.orgs.validators import validate_uscc

# Published codes of real bodies (from their public registration pages).
REAL = [
    "91350100M000100Y43",  # the GB 32100 worked example
    "11100000000013127D",  # 国务院办公厅
]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_validate(code):
    assert is_valid_uscc(code), uscc_problem(code)


def test_wrong_check_character_is_named():
    code = "91350100M000100Y44"
    assert uscc_problem(code) == "统一社会信用代码校验位错误：第 18 位应为 3，实际为 4"


def test_length_and_alphabet():
    assert "18 位" in uscc_problem("9135010")
    assert "不允许的字符" in uscc_problem("91350100M000100I43")
    assert "不允许的字符" in uscc_problem("91350100m000100y43")


def test_make_uscc_round_trips():
    for first17 in ["11310120000000010", "5331012000000001X"[:17], "12100000400010398"]:
        assert is_valid_uscc(make_uscc(first17))
        assert check_character(first17) == make_uscc(first17)[-1]


def test_django_validator_raises_chinese_message():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y44")
    assert "校验位错误" in exc.value.messages[0]
