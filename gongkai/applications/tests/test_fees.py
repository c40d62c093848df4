"""信息处理费: both schedules of 国办函〔2020〕109号, never both at once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongkai.applications import fees, services
from gongkai.applications.models import Application
from gongkai.applications.services import ProcedureError

from .factories import applicant, register, request_info
from .test_deadlines import at

D = datetime.date


def test_per_item_schedule():
    assert fees.per_item_fee(10) == 0
    assert fees.per_item_fee(11) == 100
    assert fees.per_item_fee(30) == 100
    assert fees.per_item_fee(31) == 200
    assert fees.per_item_fee(41) == 300
    assert fees.per_item_fee(45) == Decimal(300)
    assert fees.per_item_total(45) == Decimal(5500)


def test_per_page_schedule():
    assert fees.per_page_fee(30) == 0
    assert fees.per_page_fee(31) == 10
    assert fees.per_page_fee(100) == 700
    assert fees.per_page_fee(101) == 720
    assert fees.per_page_fee(2219) == Decimal(83460)


@pytest.mark.django_db
def test_the_45th_application_of_a_month_costs_300(agency, clerk, other_clerk, other_agency):
    with at(D(2026, 3, 31)):
        apps = [
            register(agency, clerk, D(2026, 3, 2) + datetime.timedelta(days=i % 28))
            for i in range(45)
        ]
        # Other applicants and other agencies do not count towards this applicant's month.
        register(agency, clerk, D(2026, 3, 2), applicant=applicant(id_number="110101198001010011"))
        register(other_agency, other_clerk, D(2026, 3, 2))
        register(agency, clerk, D(2026, 2, 27))
    numbers = sorted(services.month_item_number(a) for a in apps)
    assert numbers == list(range(1, 46))
    last = max(apps, key=services.month_item_number)
    assert services.month_item_number(last) == 45
    with at(D(2026, 3, 31)):
        fee = services.issue_fee_notice(
            last,
            schedule="per_item",
            on=D(2026, 3, 31),
            notice_received_on=D(2026, 3, 31),
            actor=clerk,
        )
    assert fee.amount == 300 and fee.item_number == 45
    assert sum(fees.per_item_fee(services.month_item_number(a)) for a in apps) == 5500
    assert "人民币300元" in last.letters.get(kind="fee").body


@pytest.mark.django_db
def test_no_fee_notice_below_the_free_threshold(agency, clerk):
    with at(D(2026, 3, 2)):
        application = register(agency, clerk, D(2026, 3, 2), request_info=request_info())
        with pytest.raises(ProcedureError, match="免费额度"):
            services.issue_fee_notice(
                application,
                schedule="per_page",
                pages=30,
                on=D(2026, 3, 2),
                notice_received_on=D(2026, 3, 2),
                actor=clerk,
            )
    assert not Application.objects.get().fees.exists()
