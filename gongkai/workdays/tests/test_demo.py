"""The demo stores the real 2026 notice (same days as the package) and can run twice."""

import io

import pytest

from gongkai.workdays import calendar, demo
from gongkai.workdays.models import Arrangement

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_changes_no_working_day():
    before = [calendar.is_workday(d) for d in _days_2026()]
    demo.load(stdout=io.StringIO(), options={"small": True})
    out = io.StringIO()
    demo.load(stdout=out, options={"small": True})
    assert "已载入" in out.getvalue()
    stored = Arrangement.objects.get()
    assert (stored.year, stored.notice_number) == (2026, "国办发明电〔2025〕7号")
    assert stored.notice_url.startswith("https://www.gov.cn/")
    assert [calendar.is_workday(d) for d in _days_2026()] == before


def _days_2026():
    import datetime

    day = datetime.date(2026, 1, 1)
    while day.year == 2026:
        yield day
        day += datetime.timedelta(days=1)
