"""Art. 44 prompts, 一事一申请 splitting, the public docket API, the dashboard widget."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application

from .factories import applicant, register, request_info

pytestmark = pytest.mark.django_db


def test_repeated_requests_prompt_proactive_disclosure(login, clerk, agency):
    today = timezone.localdate()
    info = request_info(info_title="示范区养老机构名录", info_document_number="示民〔2025〕3号")
    first = register(agency, clerk, today, request_info=info)
    register(agency, clerk, today, request_info=info)  # same applicant: not a second applicant
    assert services.repeated_requests(first).count() == 0
    register(
        agency,
        clerk,
        today,
        request_info=request_info(
            info_title="养老机构名录", info_document_number="示民〔2025〕3号"
        ),
        applicant=applicant(id_number="110101198001010011"),
    )
    assert services.repeated_requests(first).count() == 1
    html = login(clerk).get(f"/staff/applications/{first.pk}/").content.decode()
    assert "第四十四条" in html
    services.suggest_proactive_disclosure(
        first, index_no="MZJ-2026-00031", url="/policies/31/", actor=clerk
    )
    first.refresh_from_db()
    assert first.proactive_suggested and first.proactive_record_index_no == "MZJ-2026-00031"


def test_split_gives_each_item_its_own_clock(clerk, agency):
    today = timezone.localdate()
    application = register(agency, clerk, today)
    parts = services.split_application(
        application, titles=["第二项信息", "", "第三项信息"], actor=clerk
    )
    assert [p.info_title for p in parts] == ["第二项信息", "第三项信息"]
    for part in parts:
        assert part.parent == application
        assert part.received_on == application.received_on
        assert part.due_on == application.due_on
    assert Application.objects.count() == 3


def test_docket_api_shows_published_replies_only(client, clerk, agency):
    today = timezone.localdate()
    shown, hidden = register(agency, clerk, today), register(agency, clerk, today)
    for application in (shown, hidden):
        services.reply_to_application(application, on=today, reply_type="granted", actor=clerk)
    services.set_docket(
        shown,
        publish=True,
        title="关于申请公开低保名单的答复",
        summary="已向申请人提供所需信息。",
        actor=clerk,
    )
    data = client.get("/api/v1/applications/docket").json()
    assert [row["tracking_number"] for row in data] == [shown.tracking_number]
    assert set(data[0]) >= {"agency", "title", "reply_type", "result_row", "summary"}
    assert data[0]["title"] == "关于申请公开低保名单的答复"
    assert "info_title" not in data[0]
    assert "applicant_name" not in data[0] and "phone" not in data[0]
    assert client.get(f"/api/v1/applications/docket/{hidden.tracking_number}").status_code == 404
    assert client.get("/api/v1/applications/docket", {"offset": -1}).status_code == 422


def test_dashboard_widget(login, clerk, agency):
    register(agency, clerk, timezone.localdate(), channel="ordinary_post")
    html = login(clerk).get("/staff/").content.decode()
    assert "依申请公开" in html and "待确认接收" in html
