"""Fixtures of the reports tests."""

import pytest

from gongkai.reports import sources


@pytest.fixture
def no_live_sources(monkeypatch):
    """The installation without records, applications and publicity (or before they merged):
    every part of the report is entered by staff and marked as entered."""
    monkeypatch.setattr(sources, "get_model", lambda app_label, model_name: None)
    monkeypatch.setattr(sources, "publicity_counter", lambda: None)
