"""Demo data: the 2026 arrangement stored from the published notice, so the back office shows a
year with its provenance. The package already covers the demo years; the stored days are
identical, so no deadline changes."""

from __future__ import annotations

from . import notices, services
from .models import Arrangement
from .notice import parse_notice

DEMO_YEAR = 2026


def load(*, stdout, options) -> None:
    if Arrangement.objects.filter(year=DEMO_YEAR).exists():
        stdout.write(f"{DEMO_YEAR}年节假日安排已载入。")
        return
    text = notices.text(DEMO_YEAR)
    services.save_parsed_notice(
        parse_notice(text),
        actor="演示数据",
        text=text,
        notice_url=notices.URLS[DEMO_YEAR],
    )
    stdout.write(f"已载入{DEMO_YEAR}年节假日安排（国务院办公厅通知）。")
