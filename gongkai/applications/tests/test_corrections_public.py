"""政府信息更正申请, public side: the form and its messages, evidence checks, the receipt, the
status page, and no personal data anywhere public."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core import signing
from django.core.cache import cache

from gongkai.applications import antispam
from gongkai.applications.corrections import services
from gongkai.applications.corrections.models import CorrectionRequest

from . import correction_factories as cf
from .factories import PLANTED_ID, PLANTED_NAME, PLANTED_PHONE
from .test_deadlines import at
from .test_privacy import _crawl

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


def _form(client, agency, **overrides):
    page = client.get("/apply/correction/")
    assert page.status_code == 200
    token = re.search(r'name="challenge_token" value="([^"]+)"', page.content.decode()).group(1)
    answer = signing.TimestampSigner(salt=antispam.SALT).unsign_object(token)["a"]
    data = {
        "agency": agency.pk,
        **cf.applicant(),
        **cf.info(),
        "challenge": str(answer),
        "challenge_token": token,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_missing_fields_are_named_in_chinese(client, agency):
    data = _form(
        client,
        agency,
        applicant_name="",
        info_title="",
        inaccurate_content="",
        correct_content="",
        consent=None,
    )
    html = client.post("/apply/correction/", data).content.decode()
    assert "请填写“姓名或名称”" in html
    assert "请填写“不准确的内容”" in html
    assert "请填写“要求更正为”" in html
    assert "请至少填写所涉政府信息的索引号、文号、名称或特征性描述中的一项" in html
    assert "请勾选“确认声明”" in html
    # The summary at the top names each field too.
    assert "不准确的内容：请填写“不准确的内容”。" in html
    assert not CorrectionRequest.objects.exists()


def test_identity_and_delivery_checks_name_the_field(client, agency):
    html = client.post(
        "/apply/correction/",
        _form(client, agency, id_number="110101199003071234", delivery="email", email=""),
    ).content.decode()
    assert "身份证号码校验位错误" in html
    assert "选择电子邮件送达告知书时，请填写“电子邮箱”" in html
    assert not CorrectionRequest.objects.exists()


def test_evidence_is_checked_by_content_and_size(client, agency, settings):
    fake = cf.pdf_upload("证明.pdf", b"MZ\x90\x00 this is a program, not a PDF")
    html = client.post("/apply/correction/", {**_form(client, agency), "evidence": fake}).content
    html = html.decode()
    assert "证据材料“证明.pdf”的类型不受支持：只接受 PDF 文件和 JPG、PNG 图片" in html
    assert "需要重新选择" in html
    settings.GONGKAI_CORRECTION_EVIDENCE_MAX_MB = 1
    big = cf.pdf_upload("扫描件.pdf", cf.PDF + b"0" * (1024 * 1024 + 10))
    html = client.post("/apply/correction/", {**_form(client, agency), "evidence": big}).content
    assert "证据材料“扫描件.pdf”过大" in html.decode()
    settings.GONGKAI_CORRECTION_EVIDENCE_MAX_FILES = 1
    two = [cf.pdf_upload("a.pdf"), cf.pdf_upload("b.pdf")]
    html = client.post("/apply/correction/", {**_form(client, agency), "evidence": two}).content
    assert "证据材料最多上传 1 个文件" in html.decode()
    assert not CorrectionRequest.objects.exists()


def test_submit_receipt_and_status_page(client, agency, clerk):
    # A PNG uploaded under a .pdf name is stored as what it is.
    files = [cf.pdf_upload("身份证明.pdf"), cf.pdf_upload("户口簿.pdf", cf.png())]
    with at(D(2026, 9, 18)):
        response = client.post("/apply/correction/", {**_form(client, agency), "evidence": files})
        assert response.status_code == 302
        done = client.get(response["Location"]).content.decode()
    number = re.search(r"GZ\d{14}", done).group(0)
    code = re.search(r'<strong class="tracking">([A-Z2-9]{8})</strong>', done).group(1)
    assert client.get("/apply/correction/done/").status_code == 302  # shown once
    correction = CorrectionRequest.objects.get(tracking_number=number)
    assert correction.status == "submitted" and correction.received_on is None
    assert sorted(e.kind for e in correction.evidence.all()) == ["pdf", "png"]
    assert {e.name for e in correction.evidence.all()} == {"身份证明.pdf", "户口簿.png"}
    with at(D(2026, 9, 21)):
        services.confirm_correction_receipt(correction, received_on=D(2026, 9, 21), actor=clerk)
        page = client.post(
            "/apply/correction/track/", {"tracking_number": number, "query_code": code}
        ).content.decode()
    assert "办理中" in page and "2026年10月26日" in page and "确认收到申请" in page
    for planted in (PLANTED_NAME, PLANTED_ID, PLANTED_PHONE, "4800元"):
        assert planted not in page
    wrong = client.post(
        "/apply/correction/track/", {"tracking_number": number, "query_code": "WRONG234"}
    )
    assert "申请编号或查询码不正确" in wrong.content.decode()


def test_honeypot_and_challenge_reject(client, agency):
    client.post("/apply/correction/", _form(client, agency, website="http://spam.example"))
    html = client.post("/apply/correction/", _form(client, agency, challenge="999")).content
    assert "验证问题回答错误" in html.decode()
    assert not CorrectionRequest.objects.exists()


@pytest.fixture
def planted(agency, other_agency, clerk):
    """Requests in every public-facing state, with personal data in every free-text field."""
    with at(D(2026, 9, 21)):
        submitted, code = services.submit_correction(
            agency=agency,
            applicant=cf.applicant(),
            info=cf.info(correct_content=f"应为{PLANTED_NAME}，电话{PLANTED_PHONE}"),
            files=[cf.pdf_upload()],
        )
        transferred = cf.register(agency, clerk, D(2026, 9, 21))
        services.transfer_correction(
            transferred, on=D(2026, 9, 21), to_agency=other_agency, actor=clerk
        )
        refused = cf.register(agency, clerk, D(2026, 9, 21))
        services.refuse_correction(
            refused,
            on=D(2026, 9, 21),
            reason="other",
            text=f"{PLANTED_NAME}名下有登记",
            actor=clerk,
        )
    return submitted, code


def test_crawl_of_public_site_and_api_finds_no_applicant_data(client, planted):
    submitted, code = planted
    pages = _crawl(client, ["/", "/apply/", "/apply/correction/", "/api/v1/openapi.json"])
    assert "/apply/correction/" in pages and "/apply/correction/track/" in pages
    api_paths = json.loads(pages["/api/v1/openapi.json"])["paths"]
    assert api_paths and not [p for p in api_paths if "correction" in p]  # no API: personal data
    status = client.post(
        "/apply/correction/track/",
        {"tracking_number": submitted.tracking_number, "query_code": code},
    )
    pages["status"] = status.content.decode()
    assert submitted.tracking_number in pages["status"]
    for url, body in pages.items():
        for value in (PLANTED_NAME, PLANTED_ID, PLANTED_PHONE, "qinglan@example.invalid"):
            assert value not in body, f"{value} leaked on {url}"
