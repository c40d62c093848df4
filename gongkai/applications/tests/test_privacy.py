"""No applicant data on any public page, the API, feeds or log lines."""

from __future__ import annotations

import logging
import re
from collections import deque

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.applications import services, tick

from .factories import PLANTED_ID, PLANTED_NAME, PLANTED_PHONE, applicant, register, request_info

pytestmark = pytest.mark.django_db

PLANTED = [
    PLANTED_NAME,
    PLANTED_ID,
    PLANTED_PHONE,
    "慕容秋水",
    "310101198512120027",
    "13687654321",
    "qinglan@example.invalid",
    "梧桐路88弄",
]


@pytest.fixture
def planted(agency, clerk):
    cache.clear()
    today = timezone.localdate()
    first = register(agency, clerk, today)
    second = register(
        agency,
        clerk,
        today,
        applicant=applicant(
            applicant_name="慕容秋水", id_number="310101198512120027", phone="13687654321"
        ),
        # Applicants put their own data into the request text too: it must never be published.
        request_info=request_info(
            info_title="慕容秋水（梧桐路88弄）的养老服务补贴发放名单",
            info_description="本人慕容秋水，电话13687654321，住梧桐路88弄，请提供补贴名单。",
        ),
    )
    services.submit_application(agency=agency, applicant=applicant(), request_info=request_info())
    for application in (first, second):
        services.reply_to_application(
            application, on=today, reply_type="already_public", public_url="/open/", actor=clerk
        )
        services.set_docket(
            application,
            publish=True,
            title="关于申请公开养老服务补贴发放情况的答复",
            summary="申请人申请公开低保资金发放情况，已告知获取途径。",
            actor=clerk,
        )
    return [first, second]


@pytest.mark.parametrize(
    "title, summary, named",
    [
        ("{name}的申请", "已告知获取途径。", "申请人姓名或名称"),
        ("养老补贴发放名单", "申请人住梧桐路88弄。", "通讯地址"),
        ("养老补贴发放名单", "请致电13912345678。", "手机号码"),
        ("养老补贴发放名单", "证件110101199003071234。", "身份证号码"),
        ("养老补贴发放名单", "回复至someone@example.invalid。", "电子邮箱"),
    ],
)
def test_docket_refuses_personal_data(agency, clerk, title, summary, named):
    today = timezone.localdate()
    application = register(agency, clerk, today, applicant=applicant(address="示范区梧桐路88弄3号"))
    services.reply_to_application(application, on=today, reply_type="granted", actor=clerk)
    title = title.format(name=application.applicant_name)
    with pytest.raises(services.ProcedureError, match=named):
        services.set_docket(application, publish=True, title=title, summary=summary, actor=clerk)
    application.refresh_from_db()
    assert not application.docket_published
    with pytest.raises(services.ProcedureError, match="公布标题"):
        services.set_docket(application, publish=True, title="", summary="已答复。", actor=clerk)


def _crawl(client, starts, limit=300):
    seen, queue, pages = set(), deque(starts), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(("/staff", "/django-admin", "/static", "/media")):
            continue
        seen.add(url)
        response = client.get(url)
        if (
            response.status_code != 200
            or "text/html" not in response.get("Content-Type", "")
            and "json" not in response.get("Content-Type", "")
            and "xml" not in response.get("Content-Type", "")
        ):
            continue
        body = response.content.decode("utf-8", errors="replace")
        pages[url] = body
        for href in re.findall(r'href="(/[^"#]*)"', body):
            queue.append(href.replace("&amp;", "&"))
    return pages


def test_crawl_of_public_site_and_api_finds_no_planted_data(client, planted):
    pages = _crawl(
        client,
        ["/", "/apply/", "/apply/docket/", "/api/v1/applications/docket", "/api/v1/openapi.json"]
        + [f"/api/v1/applications/docket/{a.tracking_number}" for a in planted],
    )
    assert "/apply/docket/" in pages
    assert any(a.tracking_number in pages["/apply/docket/"] for a in planted)
    assert len(pages) >= 5
    for url, body in pages.items():
        for value in PLANTED:
            assert value not in body, f"{value} leaked on {url}"


def test_logs_carry_no_personal_data(agency, clerk, caplog, client):
    caplog.set_level(logging.DEBUG)
    cache.clear()
    today = timezone.localdate()
    application = register(agency, clerk, today)
    from gongkai.applications.models import Application

    # Make the reply due today so that tick sends a reminder.
    Application.objects.filter(pk=application.pk).update(due_on=today)
    tick.run(now=timezone.now(), stdout=_Sink())
    text = caplog.text
    assert application.tracking_number in text  # the reminder was logged
    for value in PLANTED:
        assert value not in text


class _Sink:
    def write(self, *_args, **_kwargs):
        pass
