"""Publicity periods, expiry by `gongkai tick`, credit repair and Art. 48 withdrawal."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publicity import rules, services
from gongkai.publicity.models import Penalty, Policy, State

from .factories import penalty_row, xlsx_bytes

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(time_machine, day: datetime.date):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9), SHANGHAI), tick=False)


def _import(clerk, *rows):
    services.import_file(
        actor=clerk, kind="penalty", filename="p.xlsx", data=xlsx_bytes("penalty", list(rows))
    )


def test_default_periods():
    day = datetime.date(2026, 3, 31)
    general = rules.penalty_period(decided_on=day, categories=["罚款"])
    assert (general.min_end, general.max_end) == (
        datetime.date(2026, 6, 30),
        datetime.date(2029, 3, 31),
    )
    special = rules.penalty_period(
        decided_on=day, categories=["罚款"], basis="《中华人民共和国消防法》第六十条"
    )
    assert special.special and special.min_end == datetime.date(2027, 3, 31)
    warning = rules.penalty_period(decided_on=day, categories=["警告"])
    assert warning.reputational_only and warning.max_end == datetime.date(2026, 6, 30)
    assert rules.add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


def test_warning_only_penalties_can_be_kept_off_line(time_machine, clerk, district_office, agency):
    _at(time_machine, datetime.date(2026, 3, 6))
    services.update_policy(actor=district_office, publish_reputational=False)
    _import(clerk, penalty_row(agency, 1, 处罚类别="警告", **{"罚款金额（万元）": ""}))
    penalty = Penalty.objects.get()
    assert penalty.state == State.WITHHELD
    assert not Penalty.objects.public().exists()


def test_penalty_past_its_end_leaves_public_view_after_tick(
    time_machine, client, login, clerk, agency
):
    _at(time_machine, datetime.date(2026, 3, 6))
    _import(clerk, penalty_row(agency, 1, 公示截止期="2026-06-02"), penalty_row(agency, 2))
    expiring = Penalty.objects.get(decision_number="示民罚〔2026〕1号")
    staying = Penalty.objects.get(decision_number="示民罚〔2026〕2号")
    public_urls = [
        expiring.get_absolute_url(),
        f"/api/v1/penalties/{expiring.pk}",
    ]
    for url in public_urls:
        assert client.get(url).status_code == 200
    assert "示民罚〔2026〕1号" in client.get("/publicity/penalties/").content.decode()
    assert (
        "2026年6月2日" in client.get(expiring.get_absolute_url()).content.decode()
    )  # 公示截止期 shown

    _at(time_machine, datetime.date(2026, 6, 3))
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "1 条行政处罚公示期满" in out.getvalue()
    expiring.refresh_from_db()
    assert expiring.state == State.EXPIRED and expiring.ended_on == datetime.date(2026, 6, 3)
    for url in public_urls:
        assert client.get(url).status_code == 404
    listing = client.get("/publicity/penalties/").content.decode()
    assert "示民罚〔2026〕1号" not in listing and "示民罚〔2026〕2号" in listing
    api = client.get("/api/v1/penalties").json()
    assert [item["id"] for item in api["items"]] == [staying.pk]
    assert list(Penalty.objects.public()) == [staying]
    # the staff view keeps it
    staff = login(clerk)
    page = staff.get(reverse("staff_publicity:record", args=["penalty", expiring.pk]))
    assert page.status_code == 200 and "公示期满" in page.content.decode()
    assert "示民罚〔2026〕1号" in staff.get(reverse("staff_publicity:home")).content.decode()
    # idempotent: a second run changes nothing and writes no second event
    call_command("tick", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="publicity.penalty.expire").count() == 1


def test_credit_repair_only_after_the_minimum(time_machine, client, clerk, agency):
    _at(time_machine, datetime.date(2026, 3, 6))
    _import(clerk, penalty_row(agency, 1))
    penalty = Penalty.objects.get()
    with pytest.raises(ValidationError, match="最短公示期至 2026年06月02日 届满"):
        services.repair_penalty(penalty, actor=clerk, decision="示信修〔2026〕1号")
    _at(time_machine, datetime.date(2026, 6, 2))
    services.repair_penalty(penalty, actor=clerk, decision="示信修〔2026〕1号：准予信用修复")
    penalty.refresh_from_db()
    assert penalty.state == State.REPAIRED and penalty.repair_decision.startswith("示信修")
    assert client.get(penalty.get_absolute_url()).status_code == 404
    event = AuditEvent.objects.get(action="publicity.penalty.repair")
    assert event.after["state"] == "repaired"


def test_withdrawal_publishes_the_reason_and_flags_lateness(
    time_machine, client, login, clerk, agency
):
    _at(time_machine, datetime.date(2026, 3, 6))
    _import(clerk, penalty_row(agency, 1), penalty_row(agency, 2))
    first, second = Penalty.objects.order_by("decision_number")
    _at(time_machine, datetime.date(2026, 4, 10))
    staff = login(clerk)
    staff.post(
        reverse("staff_publicity:withdraw", args=["penalty", first.pk]),
        {"changed_on": "2026-04-08", "reason": "该行政处罚决定经行政复议被撤销。"},
    )
    first.refresh_from_db()
    assert first.state == State.WITHDRAWN
    assert first.withdraw_due == datetime.date(
        2026, 4, 13
    )  # 3 working days after 04-08 (清明 04-04..06 before)
    assert not first.withdrawal_late
    services.withdraw_record(
        second,
        actor=clerk,
        reason="经人民法院判决确认违法。",
        changed_on=datetime.date(2026, 3, 20),
    )
    second.refresh_from_db()
    assert second.withdrawal_late
    page = client.get("/publicity/withdrawals/").content.decode()
    assert "该行政处罚决定经行政复议被撤销。" in page and "示民罚〔2026〕1号" in page
    assert client.get(first.get_absolute_url()).status_code == 404
    assert AuditEvent.objects.filter(action="publicity.penalty.withdraw").count() == 2


def test_other_agency_cannot_repair_or_withdraw(time_machine, clerk, other_clerk, agency):
    _at(time_machine, datetime.date(2026, 3, 6))
    _import(clerk, penalty_row(agency, 1))
    penalty = Penalty.objects.get()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.withdraw_record(
            penalty, actor=other_clerk, reason="x", changed_on=datetime.date(2026, 3, 5)
        )


def test_policy_page_is_for_the_district_office(login, clerk, district_office):
    assert login(clerk).get(reverse("staff_publicity:policy")).status_code == 403
    client = login(district_office)
    response = client.post(
        reverse("staff_publicity:policy"),
        {
            "id_keep_start": 4,
            "id_keep_end": 4,
            "min_months": 3,
            "max_months": 24,
            "special_min_months": 12,
            "special_keywords": "特种设备,安全生产,消防",
            "publish_reputational": "on",
            "reputational_months": 3,
        },
    )
    assert response.status_code == 302
    assert Policy.current().max_months == 24
