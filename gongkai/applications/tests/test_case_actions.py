"""The case page's actions end to end through the web (the explicit action table)."""

from __future__ import annotations

import datetime

import pytest

from gongkai.applications.models import Application, Status
from gongkai.core.legal import ResultRow
from gongkai.core.models import AuditEvent

from .factories import register
from .test_deadlines import at

D = datetime.date
pytestmark = pytest.mark.django_db


def test_fax_confirm_correction_reply_through_the_web(login, clerk, head, agency):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21), channel="fax")
        client = login(clerk)
        url = f"/staff/applications/{application.pk}/act/"
        client.post(url + "confirm/", {"received_on": "2026-09-21"})
        application.refresh_from_db()
        assert application.due_on == D(2026, 10, 26)
        client.post(
            url + "correction/",
            {"on": "2026-09-21", "reply_by": "2026-09-30", "items": "请写明年份"},
        )
        response = client.post(
            url + "correction/",
            {"on": "2026-09-21", "reply_by": "2026-09-30", "items": "再补"},
            follow=True,
        )
        assert "不在" in response.content.decode() or "一次性" in response.content.decode()
    with at(D(2026, 9, 28)):
        # Sessions expire after 30 idle minutes: log in again after travelling in time.
        login(clerk).post(url + "receive_correction/", {"on": "2026-09-28"})
        application.refresh_from_db()
        assert application.status == Status.PROCESSING
        assert application.due_on == D(2026, 10, 30)  # 20 WD from 28 Sep across 国庆
    with at(D(2026, 10, 9)):
        login(head).post(
            url + "delay/", {"on": "2026-10-09", "due_on": "2026-12-01", "reason": "申请数量大"}
        )
        application.refresh_from_db()
        assert application.due_on == D(2026, 12, 1)
        response = login(clerk).post(
            url + "reply/", {"on": "2026-10-09", "reply_type": "withheld"}, follow=True
        )
        assert "法定理由" in response.content.decode()
        login(clerk).post(
            url + "reply/",
            {"on": "2026-10-09", "reply_type": "withheld", "ground": "enforcement_file"},
        )
    application.refresh_from_db()
    assert application.result_row == ResultRow.WITHHELD_ENFORCEMENT_FILE
    kinds = list(application.letters.values_list("kind", flat=True))
    assert kinds == ["receipt", "correction", "reply"]
    actions = set(
        AuditEvent.objects.filter(target_id=str(application.pk)).values_list("action", flat=True)
    )
    assert {
        "application.confirm_receipt",
        "application.request_correction",
        "application.reply",
    } <= actions
    assert Application.objects.count() == 1
