"""信息处理费 schedules of 国办函〔2020〕109号 (Art. 3–5).

Both schedules are progressive on the excess. For one application the agency picks one schedule,
never both: per item (按件计收, by the applicant's running count of applications to the agency in
one calendar month) or per page (按量计收).
"""

from __future__ import annotations

import math
from decimal import Decimal

FREE_ITEMS = 10
FREE_PAGES = 30
#: (first page, last page or None, 元 per page)
PAGE_BANDS = [(31, 100, 10), (101, 200, 20), (201, None, 40)]


def per_item_fee(n: int) -> Decimal:
    """Fee for the n-th application of the same applicant in one calendar month (Art. 4)."""
    if n < 1:
        raise ValueError("件数必须是正整数。")
    if n <= FREE_ITEMS:
        return Decimal(0)
    if n <= 30:
        return Decimal(100)
    return Decimal(100 * (1 + math.ceil((n - 30) / 10)))


def per_item_total(count: int) -> Decimal:
    """Total of a month with `count` applications: e.g. 45 → 5,500 元."""
    return sum((per_item_fee(n) for n in range(1, count + 1)), Decimal(0))


def per_page_fee(pages: int) -> Decimal:
    """Fee for one application providing `pages` pages (Art. 5): e.g. 2,219 → 83,460 元."""
    if pages < 0:
        raise ValueError("页数不能为负数。")
    total = 0
    for first, last, rate in PAGE_BANDS:
        upper = pages if last is None else min(pages, last)
        if upper >= first:
            total += (upper - first + 1) * rate
    return Decimal(total)
