"""No full identity number, phone number or address of a natural person on any public surface."""

from __future__ import annotations

import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publicity import services
from gongkai.publicity.masking import mask_free_text
from gongkai.publicity.models import Policy
from gongkai.publicity.standard import make_id_card

from .factories import COMPANY_USCC, REP_ID, licence_row, penalty_row, person_penalty_row

pytestmark = pytest.mark.django_db

PLANTED_ID = make_id_card("31011019900101234")
PLANTED_PHONE = "13912345678"
PLANTED_LANDLINE = "021-52345678"
PLANTED_ADDRESS = "幸福路88弄6号502室"
PLANTED_BANK = "6222021001112223334"
SECRETS = [PLANTED_ID, PLANTED_PHONE, "52345678", PLANTED_ADDRESS, PLANTED_BANK, REP_ID]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 3, 6, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def planted(clerk, agency):
    facts = (
        f"当事人张三丰（身份证号{PLANTED_ID}，住址：示范区{PLANTED_ADDRESS}，"
        f"联系电话{PLANTED_PHONE}、{PLANTED_LANDLINE}，银行账号{PLANTED_BANK}）未按规定公示收费标准。"
    )
    person = person_penalty_row(
        agency, 1, 证件号码=PLANTED_ID, 违法事实=facts, 备注=f"家住{PLANTED_ADDRESS}"
    )
    company = penalty_row(agency, 2, 备注=f"法定代表人电话{PLANTED_PHONE}")
    data = {"penalty": [person, company], "licence": [licence_row(agency, 1, 许可内容=facts)]}
    from .factories import xlsx_bytes

    for kind, rows in data.items():
        services.import_file(actor=clerk, kind=kind, filename="x.xlsx", data=xlsx_bytes(kind, rows))


def _crawl(client) -> dict[str, bytes]:
    """Every public page reachable from /publicity/ plus the API and the XLSX exports."""
    seen: dict[str, bytes] = {}
    queue = [
        "/publicity/",
        "/publicity/withdrawals/",
        "/api/v1/licences",
        "/api/v1/penalties",
        "/api/v1/penalties?q=张三丰",
    ]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        seen[url] = body
        if response["Content-Type"].startswith("text/html"):
            for href in re.findall(r'href="([^"]+)"', body.decode()):
                href = href.replace("&amp;", "&")
                if href.startswith("/publicity/") and href not in seen:
                    queue.append(href)
        elif response["Content-Type"].startswith("application/json"):
            for path in re.findall(r'"url":\s*"([^"]+)"', body.decode()):
                queue.append(path)
                api = path.replace("/publicity/penalties/", "/api/v1/penalties/").replace(
                    "/publicity/licences/", "/api/v1/licences/"
                )
                queue.append(api.rstrip("/"))
    return seen


def _xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(c) for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row if c
    )


def test_crawl_finds_no_planted_personal_data(client, planted):
    pages = _crawl(client)
    assert any("/publicity/penalties/" in u and u.rstrip("/")[-1].isdigit() for u in pages)
    assert any(u.startswith("/api/v1/penalties/") for u in pages)
    assert any(u.endswith(".xlsx") or ".xlsx?" in u for u in pages)
    for url, body in pages.items():
        text = _xlsx_text(body) if ".xlsx" in url else body.decode()
        if url.startswith("/api/"):
            text = text.encode().decode("unicode_escape") if "\\u" in text else text
        for secret in SECRETS:
            assert secret not in text, (url, secret)
    detail = next(
        b
        for u, b in pages.items()
        if u.startswith("/publicity/penalties/") and "张三丰" in b.decode()
    )
    html = detail.decode()
    assert PLANTED_ID[:4] + "*" * 10 + PLANTED_ID[-4:] in html
    # company names and USCCs stay visible
    all_text = "".join(b.decode(errors="ignore") for b in pages.values())
    assert COMPANY_USCC in all_text and "示范区好味道餐饮有限公司" in all_text


def test_mask_pattern_is_configurable(client, planted, district_office):
    services.update_policy(actor=district_office, id_keep_start=6, id_keep_end=2)
    body = client.get("/api/v1/penalties?q=张三丰").json()
    assert body["items"][0]["id_number"] == PLANTED_ID[:6] + "*" * 10 + PLANTED_ID[-2:]
    assert Policy.current().id_keep_start == 6
    assert AuditEvent.objects.filter(action="publicity.policy.update").count() == 1


def test_staff_see_unmasked_values_only_on_request_and_it_is_audited(login, clerk, planted):
    from gongkai.publicity.models import Penalty

    penalty = Penalty.objects.get(subject_name="张三丰")
    client = login(clerk)
    url = reverse("staff_publicity:record", args=["penalty", penalty.pk])
    assert PLANTED_ID not in client.get(url).content.decode()
    revealed = client.post(url, {"action": "reveal"}).content.decode()
    assert PLANTED_ID in revealed
    event = AuditEvent.objects.get(action="publicity.penalty.view_personal_data")
    assert event.actor == clerk and event.target_id == str(penalty.pk)


def test_other_agency_staff_get_404(login, other_clerk, planted):
    from gongkai.publicity.models import Penalty

    penalty = Penalty.objects.get(subject_name="张三丰")
    url = reverse("staff_publicity:record", args=["penalty", penalty.pk])
    assert login(other_clerk).get(url).status_code == 404


@pytest.mark.parametrize(
    ("text", "personal", "hidden"),
    [
        ("电话 138-1234-5678", False, "1234"),
        ("身份证号码110101199003074512", False, "1990030745"),
        ("账号 6222 0210 0111 2223", False, "0210 0111"),
        ("住所地：示范区光明路12号", True, "光明路12号"),
        ("在长治路100弄3号楼1201室经营", True, "100弄"),
    ],
)
def test_free_text_masking(text, personal, hidden):
    assert hidden not in mask_free_text(text, personal_addresses=personal)


def test_company_address_stays_visible():
    text = "当事人在示范区光明路12号经营"
    assert mask_free_text(text, personal_addresses=False) == text


def test_codes_glued_to_letters_stay_visible():
    text = "吊销食品经营许可证 JY13101200012345，统一社会信用代码 91310120MA1K00123B"
    assert mask_free_text(text, personal_addresses=True) == text
