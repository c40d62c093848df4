"""Rules of public participation: the consultation period, the feedback limit, and the masking of
personal data that people type into their comments and questions.

Comment period. 《重大行政决策程序暂行条例》(国务院令第713号, 2019) requires a public consultation
period of generally not less than 30 days; a shorter period must be explained when the draft is
published (commonly cited as Art. 14 — verify the article number and wording before relying on
it). The minimum is the setting ``GONGKAI_CONSULTATION_MIN_DAYS`` (default 30), so a district can
follow a stricter local rule. Days are counted as 民法典 Art. 201 counts periods: the opening day
is not counted, so the earliest allowed close date is ``opens_on + minimum days``; comments are
accepted through the whole of the close date.

Feedback limit. How soon the 意见采纳情况反馈 must follow the close is set by local practice, not
by the 条例: ``GONGKAI_CONSULTATION_FEEDBACK_DAYS`` (default 30 calendar days after the close
date) only drives the staff dashboard alarm.
"""

from __future__ import annotations

import datetime
import os
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from gongkai.core.masking import (
    EMAIL_RE,
    ID_NUMBER_RE,
    LANDLINE_RE,
    MOBILE_RE,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
)

DEFAULT_MIN_DAYS = 30
DEFAULT_FEEDBACK_DAYS = 30
#: A consultation closing within this many days shows on the staff dashboard.
CLOSING_SOON_DAYS = 7


class Refused(ValidationError):
    """A refused operation, with a Chinese message (or a dict of messages per field)."""


MOBILE_NUMBER_RE = re.compile(r"^1[3-9]\d{9}$")
PHONE_NUMBER_RE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$")


def _days_setting(name: str, default: int) -> int:
    """A Django setting of that name, else the environment variable, else `default`."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "").strip() or default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ImproperlyConfigured(f"{name} 应为正整数（收到 {value!r}）。")
    return number


def min_consultation_days() -> int:
    return _days_setting("GONGKAI_CONSULTATION_MIN_DAYS", DEFAULT_MIN_DAYS)


def feedback_days() -> int:
    return _days_setting("GONGKAI_CONSULTATION_FEEDBACK_DAYS", DEFAULT_FEEDBACK_DAYS)


def earliest_close(opens_on: datetime.date) -> datetime.date:
    return opens_on + datetime.timedelta(days=min_consultation_days())


def feedback_due(closes_on: datetime.date) -> datetime.date:
    return closes_on + datetime.timedelta(days=feedback_days())


def check_period(
    opens_on: datetime.date | None, closes_on: datetime.date | None, shortened_reason: str = ""
) -> None:
    """Raise a ValidationError naming the field when the consultation period is not allowed."""
    errors: dict[str, str] = {}
    if opens_on is None:
        errors["opens_on"] = "请填写征求意见开始日期。"
    if closes_on is None:
        errors["closes_on"] = "请填写征求意见截止日期。"
    if errors:
        raise Refused(errors)
    if closes_on <= opens_on:
        raise Refused({"closes_on": "征求意见截止日期必须晚于开始日期。"})
    minimum = min_consultation_days()
    earliest = earliest_close(opens_on)
    if closes_on < earliest and not (shortened_reason or "").strip():
        days = (closes_on - opens_on).days
        raise Refused(
            {
                "closes_on": (
                    f"征求意见截止日期过早：征求意见期限一般不少于{minimum}日，"
                    f"自{opens_on:%Y年%m月%d日}开始的，截止日期不得早于{earliest:%Y年%m月%d日}"
                    f"（当前仅{days}日）。因情况紧急等原因需要缩短期限的，请在“缩短期限的理由”中说明，"
                    "该理由将随草案一并公开。"
                )
            }
        )


def days_left(closes_on: datetime.date, today: datetime.date) -> int:
    """Whole days from today to the close date (0: closes today; negative: closed)."""
    return (closes_on - today).days


# -- personal data in free text -------------------------------------------------------------------

PII_LABELS = {
    "id_number": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话",
    "email": "电子邮箱",
    "name": "本人姓名",
}


#: Full-width forms of the characters that make up numbers and e-mail addresses (a Chinese input
#: method in full-width mode types １３９… and ＠), mapped to ASCII so the patterns see them.
_FULL_WIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    ord("＠"): "@",
    ord("．"): ".",
    ord("－"): "-",
    ord("＋"): "+",
    ord("＿"): "_",
    ord("\u3000"): " ",
}


def ascii_forms(value: str) -> str:
    """`value` with full-width digits, letters and ＠．－＋ written in ASCII (for phone numbers,
    registration numbers and codes typed in full-width mode)."""
    return (value or "").translate(_FULL_WIDTH)


def mask_personal_data(text: str, *, names: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """(masked text, kinds of personal data found). Used on every comment and question before
    it can be shown: the moderator sees what was masked and may hold the item instead.
    Full-width digits, letters and ＠．－＋ are first written as their ASCII forms."""
    found: list[str] = []

    def sub(pattern, kind, fn, value):
        def repl(match):
            if kind not in found:
                found.append(kind)
            return fn(match)

        return pattern.sub(repl, value)

    text = (text or "").translate(_FULL_WIDTH)
    names = tuple((n or "").translate(_FULL_WIDTH) for n in names)
    text = sub(ID_NUMBER_RE, "id_number", lambda m: mask_id_number(m.group(1), 4, 4), text)
    text = sub(EMAIL_RE, "email", lambda m: mask_email(m.group(0)), text)
    text = sub(MOBILE_RE, "mobile", lambda m: mask_phone(m.group(0)), text)
    text = sub(LANDLINE_RE, "landline", lambda m: mask_phone(m.group(0)), text)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2 and name in text:
            found.append("name")
            text = text.replace(name, mask_name(name))
    return text, found


def personal_data_in(text: str) -> list[str]:
    """Kinds of personal data still present in `text` (for a moderator's edited public text)."""
    return mask_personal_data(text)[1]


def public_name(name: str) -> str:
    """How a contributor is named in public: masked, or 网友 when no name was given."""
    return mask_name(name) if (name or "").strip() else "网友"
