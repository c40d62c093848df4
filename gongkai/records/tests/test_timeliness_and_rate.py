"""The 20-working-day limit (late list) and the proactive disclosure rate, against a worked
example computed by hand from the 2026 holiday arrangement (劳动节 5月1日—5日放假，5月9日上班)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from gongkai.core.legal import DisclosureAttribute, WithholdingGround
from gongkai.records import services, stats
from gongkai.records.models import Record, RecordType
from gongkai.workdays import calendar

from .helpers import draft, reviewed

pytestmark = pytest.mark.django_db
TZ = timezone.get_fixed_timezone(8 * 60)


def _at(y, m, d, h=10):
    return datetime.datetime(y, m, d, h, 0, tzinfo=TZ)


@time_machine.travel(_at(2026, 6, 1), tick=False)
def test_late_list_matches_hand_computed_example(agency, clerk, reviewer, client, login):
    # Formed Mon 2026-04-20: working days 4/21–24 (4), 4/27–30 (8), 5/6–9 (12, 5/9 is a
    # make-up working Saturday), 5/11–15 (17), 5/18–20 (20) -> due Wed 2026-05-20.
    on_time = reviewed(agency, clerk, reviewer, title="按时", formed_on=datetime.date(2026, 4, 20))
    late_pub = reviewed(agency, clerk, reviewer, title="迟发", formed_on=datetime.date(2026, 4, 20))
    assert on_time.due_on == datetime.date(2026, 5, 20)
    services.publish_record(on_time, actor=clerk, now=_at(2026, 5, 20, 17))
    services.publish_record(late_pub, actor=clerk, now=_at(2026, 5, 21, 9))
    # Formed Mon 2026-03-02 -> due Mon 2026-03-30; still a draft on 2026-06-01: late.
    overdue = draft(agency, clerk, title="未发", formed_on=datetime.date(2026, 3, 2))
    assert overdue.due_on == datetime.date(2026, 3, 30)
    # Formed 2026-05-25: due in June, not late yet.
    draft(agency, clerk, title="未到期", formed_on=datetime.date(2026, 5, 25))
    # Not proactive: the limit does not apply.
    draft(
        agency,
        clerk,
        title="不公开",
        formed_on=datetime.date(2026, 3, 2),
        attribute=DisclosureAttribute.WITHHELD,
        withholding_ground=WithholdingGround.INTERNAL_AFFAIRS,
        attribute_basis="内部事务",
    )
    late = Record.objects.filter(agency=agency).late(today=datetime.date(2026, 6, 1))
    assert sorted(late.values_list("title", flat=True)) == ["未发", "迟发"]

    page = login(reviewer).get("/staff/records/late/?year=2026").content.decode()
    assert "迟发" in page and "未发" in page and "按时" not in page and "未到期" not in page


def test_unknown_calendar_year_is_an_alarm_not_a_guess(agency, clerk, reviewer, login):
    year = max(calendar.known_years()) + 1
    record = draft(agency, clerk, title="明年的信息", formed_on=datetime.date(year, 1, 5))
    assert record.due_on is None
    assert Record.objects.due_unknown().filter(pk=record.pk).exists()
    page = login(reviewer).get(f"/staff/records/late/?year={year}").content.decode()
    assert "无法计算" in page and "明年的信息" in page


def test_recompute_fills_due_dates_when_calendar_changes(agency, clerk):
    from gongkai.workdays.models import Arrangement

    year = max(calendar.known_years()) + 1
    record = draft(agency, clerk, formed_on=datetime.date(year, 3, 2))
    assert record.due_on is None
    Arrangement.objects.create(year=year)  # a loaded year with no special days: plain weekdays
    result = calendar.recompute_open_deadlines({year})
    record.refresh_from_db()
    assert result["records"] >= 1
    expected, counted = datetime.date(year, 3, 2), 0
    while counted < 20:  # a year without special days: plain Monday–Friday working days
        expected += datetime.timedelta(days=1)
        counted += expected.weekday() < 5
    assert record.due_on == expected


def test_disclosure_rate_matches_hand_computed_example(
    agency, other_agency, clerk, reviewer, other_clerk, login
):
    d = datetime.date(2026, 4, 1)
    for i in range(3):
        draft(agency, clerk, title=f"主动{i}", written_on=d)
    draft(
        agency,
        clerk,
        title="依申请",
        written_on=d,
        attribute=DisclosureAttribute.ON_REQUEST,
        withholding_ground=WithholdingGround.THIRD_PARTY,
        attribute_basis="涉及第三方",
    )
    # Not counted in 2026: written in 2025; an interpretation is not a registered document.
    draft(agency, clerk, title="去年", written_on=datetime.date(2025, 12, 30))
    policy = draft(agency, clerk, title="政策", written_on=d, record_type=RecordType.NORMATIVE)
    draft(
        agency,
        clerk,
        title="解读甲件",
        written_on=d,
        record_type=RecordType.INTERPRETATION,
        interprets=policy,
    )
    draft(
        other_agency,
        other_clerk,
        title="他局",
        written_on=d,
        attribute=DisclosureAttribute.WITHHELD,
        withholding_ground=WithholdingGround.PROCESS_INFO,
        attribute_basis="过程性信息",
    )
    # agency: 5 registered in 2026 (3 proactive + 依申请 + 政策), 4 proactive -> 80.0%
    row = stats.disclosure_rate(agency, 2026)
    assert (row.registered, row.proactive, str(row.rate)) == (5, 4, "80.0")
    other = stats.disclosure_rate(other_agency, 2026)
    assert (other.registered, other.proactive, str(other.rate)) == (1, 0, "0.0")
    assert stats.disclosure_rate(agency, 2024).rate is None

    page = login(reviewer).get("/staff/records/rate/?year=2026&agency=mzj").content.decode()
    assert "80.0%" in page
    assert "依申请" in page and "主动0" in page and "去年" not in page and "解读甲件" not in page
    # An agency's staff see only their own agency; the district office sees both.
    assert "区人力资源和社会保障局" not in page


@time_machine.travel(_at(2026, 6, 1), tick=False)
def test_catalogue_item_limit_overrides_the_default(agency, clerk):
    from gongkai.catalog.models import Domain, Item, TimeLimitKind

    domain = Domain.objects.create(code="shjz", name="社会救助")
    five = Item.objects.create(
        domain=domain,
        code="shjz-1",
        level1="最低生活保障",
        level2="审批结果",
        time_limit_kind=TimeLimitKind.WORKDAYS,
        time_limit_days=5,
    )
    realtime = Item.objects.create(
        domain=domain,
        code="shjz-2",
        level1="最低生活保障",
        level2="政策文件",
        time_limit_kind=TimeLimitKind.REALTIME,
    )
    # Formed Mon 2026-04-20: five working days later is Mon 4/27; the default 20 is 5/20.
    with_limit = draft(agency, clerk, formed_on=datetime.date(2026, 4, 20))
    services.update_record(with_limit, actor=clerk, data={}, catalog_items=[five, realtime])
    with_limit.refresh_from_db()
    assert with_limit.due_on == datetime.date(2026, 4, 27)
    plain = draft(agency, clerk, formed_on=datetime.date(2026, 4, 20))
    assert plain.due_on == datetime.date(2026, 5, 20)
    # Unlinking the item restores the default, and recomputation agrees with the services.
    services.update_record(with_limit, actor=clerk, data={}, catalog_items=[realtime])
    with_limit.refresh_from_db()
    assert with_limit.due_on == datetime.date(2026, 5, 20)
    calendar.recompute_open_deadlines()
    with_limit.refresh_from_db()
    assert with_limit.due_on == datetime.date(2026, 5, 20)
