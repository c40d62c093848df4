"""The published State Council holiday notices bundled with Gongkai, as plain text.

They are the fixtures that prove the parser against `chinese_calendar`, and the demo loads the
current one so the back office shows a stored arrangement with its provenance. Each file is the
notice as printed (title, 文号, addressees, items, closing, signature, date).
"""

from __future__ import annotations

from importlib import resources

# Where each notice is published on www.gov.cn (provenance shown in the back office).
URLS = {
    2023: "https://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm",
    2024: "https://www.gov.cn/zhengce/content/202310/content_6911527.htm",
    2025: "https://www.gov.cn/zhengce/content/202411/content_6986382.htm",
    2026: "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
}


def available() -> list[int]:
    return sorted(
        int(entry.name.removesuffix(".txt"))
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".txt")
    )


def text(year: int) -> str:
    """The bundled notice for `year`; FileNotFoundError when none is bundled."""
    return resources.files(__name__).joinpath(f"{year}.txt").read_text(encoding="utf-8")
