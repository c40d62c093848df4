"""Server-rendered SVG bar charts: no JavaScript, no third-party host, no inline styles.

Charts are decorative companions of a data table (the table is what screen readers use); the SVG
still carries a <title> and <desc> and role="img". Colours are presentation attributes, which the
Content-Security-Policy allows (it forbids only `style` attributes and blocks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b5121b", "#0b4a8b", "#2e7d32", "#e08e0b", "#6a1b9a", "#00838f", "#5d4037", "#757575"]

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64


@dataclass
class Series:
    name: str
    values: list[float | int | Decimal]


def _nice_max(value: float) -> float:
    """The top of the axis: four gridline steps of 1, 2, 2.5 or 5 × 10^k covering `value`."""
    if value <= 0:
        return 4
    step = 10 ** math.floor(math.log10(value / 4)) if value >= 4 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if 4 * step * factor >= value:
            return 4 * step * factor
    return value


def _fmt(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(
    *, chart_id: str, title: str, categories: list[str], series: list[Series], unit: str = "件"
) -> SafeString:
    """A stacked bar chart of `series` over `categories` (one series is a plain bar chart)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(float(s.values[i]) for s in series) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    n = max(len(categories), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.7, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(title)}（单位：{escape(unit)}），数据见旁边的表格。</desc>',
    ]
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
            f"{_fmt(round(value, 2))}</text>"
        )
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar_w) / 2
        base = TOP + plot_h
        for k, s in enumerate(series):
            value = float(s.values[i])
            if value <= 0:
                continue
            h = plot_h * value / top
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(category)} {escape(s.name)}：'
                f"{_fmt(value)}{escape(unit)}</title></rect>"
            )
        if n <= 12 or i % max(n // 12, 1) == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
                f'font-size="11" fill="#333">{escape(category)}</text>'
            )
    if len(series) > 1:
        x = LEFT
        y = HEIGHT - 20
        for k, s in enumerate(series):
            parts.append(
                f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{PALETTE[k % len(PALETTE)]}"/>'
                f'<text x="{x + 16}" y="{y}" font-size="12" fill="#333">{escape(s.name)}</text>'
            )
            x += 24 + 13 * len(s.name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text node above is escaped
