"""Dashboard widgets contributed by the domain apps.

An app may provide ``<app>/dashboard.py`` with ``widgets(request) -> list[Widget]``; the
dashboard shows them in the order of ``settings.GONGKAI_APPS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.core.plugins import app_modules


@dataclass
class Widget:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    alarm: bool = False


def collect(request) -> list[Widget]:
    widgets: list[Widget] = []
    for _app, module in app_modules("dashboard"):
        widgets.extend(module.widgets(request))
    return widgets
