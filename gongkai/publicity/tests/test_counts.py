"""`decision_counts(agency, year)` for annual-report table 二, and the staff form / coercion entry."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publicity import services
from gongkai.publicity.models import Coercion, Licence, Penalty, State
from gongkai.publicity.services import decision_counts

from .factories import COMPANY_USCC, licence_row, penalty_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 3, 6, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False
    )


def test_decision_counts_by_year_including_ended_and_withheld(clerk, agency, other_agency):
    services.import_file(
        actor=clerk,
        kind="licence",
        filename="l.xlsx",
        data=xlsx_bytes(
            "licence",
            [
                licence_row(agency, 1),
                licence_row(agency, 2, 许可决定日期="2025-12-31", 有效期自="2025-12-31"),
                licence_row(agency, 3),
            ],
        ),
    )
    services.import_file(
        actor=clerk,
        kind="penalty",
        filename="p.xlsx",
        data=xlsx_bytes(
            "penalty",
            [penalty_row(agency, 1), penalty_row(agency, 2, 处罚决定日期="2025-01-02")],
        ),
    )
    services.withdraw_record(
        Licence.objects.get(document_number="示民许〔2026〕3号"),
        actor=clerk,
        reason="撤销",
        changed_on=datetime.date(2026, 3, 5),
    )
    assert Penalty.objects.get(decision_number="示民罚〔2026〕2号").state == State.PUBLISHED
    services.record_coercion(
        actor=clerk,
        agency=agency,
        kind="measure",
        decision_number="示民强〔2026〕1号",
        subject_name="示范区某公司",
        subject_category="legal_person",
        content="查封场所",
        decided_on=datetime.date(2026, 2, 2),
    )
    assert decision_counts(agency, 2026) == {"licence": 2, "penalty": 1, "coercion": 1}
    assert decision_counts(agency, 2025) == {"licence": 1, "penalty": 1, "coercion": 0}
    assert decision_counts(other_agency, 2026) == {"licence": 0, "penalty": 0, "coercion": 0}


def test_staff_form_publishes_and_names_bad_fields(login, clerk, agency):
    client = login(clerk)
    url = reverse("staff_publicity:new", args=["penalty"])
    data = {
        "agency": agency.pk,
        "subject_name": "示范区好味道餐饮有限公司",
        "subject_category": "legal_person",
        "code_uscc": COMPANY_USCC[:-1] + "0",
        "legal_rep": "陈建国",
        "decision_number": "示民罚〔2026〕9号",
        "violation_type": "未按规定公示收费标准",
        "facts": "经查……",
        "basis": "《养老机构管理办法》第四十六条",
        "categories": ["罚款"],
        "content": "罚款人民币5000元",
        "fine": "0.5",
        "decided_on": "2026-03-02",
    }
    page = client.post(url, data).content.decode()
    assert "统一社会信用代码校验位错误" in page
    assert not Penalty.objects.exists()
    data["code_uscc"] = COMPANY_USCC
    response = client.post(url, data)
    penalty = Penalty.objects.get()
    assert response.status_code == 302
    assert penalty.agency == agency and penalty.agency_uscc == agency.uscc
    assert penalty.source_agency == agency
    assert AuditEvent.objects.filter(action="publicity.penalty.create").count() == 1


def test_coercion_page(login, clerk, agency):
    client = login(clerk)
    response = client.post(
        reverse("staff_publicity:coercions"),
        {
            "agency": agency.pk,
            "kind": "enforcement",
            "decision_number": "示民强执〔2026〕1号",
            "subject_name": "某公司",
            "subject_category": "legal_person",
            "content": "代履行",
            "decided_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    assert Coercion.objects.get().kind == "enforcement"
