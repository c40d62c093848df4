"""No full identity number, phone number or address of a natural person on any public surface."""

from __future__ import annotations

import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.core.management import call_command
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


# --- names in free text (遮蔽自然人姓名) -------------------------------------------------------

NAME = "张三丰"
OPERATOR = "李小龙"  # 经营者 of an 个体工商户, entered as 法定代表人
CARD = "6225880137705431"  # 16 digits that pass the Luhn check


@pytest.fixture
def search_index(settings, tmp_path):
    from gongkai.search.engine import reset_backend

    settings.SEARCH_BACKEND = "tantivy"
    settings.SEARCH_DIR = str(tmp_path / "search")
    reset_backend()
    yield
    reset_backend()


@pytest.fixture
def named(clerk, agency, search_index, django_capture_on_commit_callbacks):
    """A natural person, an 个体工商户 and a company whose names recur in their free text."""
    from .factories import xlsx_bytes

    person = person_penalty_row(
        agency,
        1,
        违法事实=f"经查，当事人{NAME}于2026年2月在居民楼内违规经营群租房。{NAME}对上述事实无异议。",
        处罚内容=f"对{NAME}警告，并处罚款人民币5000元",
        备注=f"{NAME}已缴纳罚款",
    )
    shop = penalty_row(
        agency,
        2,
        行政相对人名称=f"示范区{OPERATOR}小吃店",
        行政相对人类别="个体工商户",
        法定代表人=OPERATOR,
        违法事实=f"经查，经营者{OPERATOR}在小吃店内违规使用瓶装液化气。",
    )
    company = penalty_row(agency, 3, 违法事实="经查，法定代表人陈建国未组织消防演练。")
    licence = licence_row(
        agency,
        1,
        行政相对人名称=NAME,
        行政相对人类别="自然人",
        **{"行政相对人代码_1（统一社会信用代码）": ""},
        法定代表人="",
        法定代表人证件类型="",
        法定代表人证件号码="",
        证件类型="身份证",
        证件号码=make_id_card("31010719850612123"),
        许可内容=f"准予{NAME}在示范区开设养老服务站",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_file(
            actor=clerk,
            kind="penalty",
            filename="p.xlsx",
            data=xlsx_bytes("penalty", [person, shop, company]),
        )
        services.import_file(
            actor=clerk, kind="licence", filename="l.xlsx", data=xlsx_bytes("licence", [licence])
        )


@pytest.fixture
def masking_on(district_office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_policy(actor=district_office, mask_person_name=True)


def _public_texts(client, tmp_path) -> dict[str, str]:
    """Every public page, API response and export (XLSX and CSV) as text."""
    texts = {}
    for url, body in _crawl(client).items():
        text = _xlsx_text(body) if ".xlsx" in url else body.decode()
        if url.startswith("/api/"):
            text = text.encode().decode("unicode_escape") if "\\u" in text else text
        texts[url] = text
    for kind in ("penalty", "licence"):
        out = tmp_path / f"{kind}.csv"
        call_command("publicity", "export", "--kind", kind, "-o", str(out), "--public")
        texts[f"cli:{kind}.csv"] = out.read_text(encoding="utf-8-sig")
    return texts


def _search_hits(query: str):
    from gongkai.search.api import search

    return search(query, per_page=100).hits


def _search_keys(query: str) -> set[str]:
    return {hit.key for hit in _search_hits(query)}


def test_masked_names_do_not_reappear_in_free_text_anywhere(client, named, masking_on, tmp_path):
    from gongkai.publicity.models import Penalty

    texts = _public_texts(client, tmp_path)
    assert any(u.startswith("/api/v1/penalties/") for u in texts)
    assert any(".xlsx" in u for u in texts) and "cli:penalty.csv" in texts
    for url, text in texts.items():
        assert NAME not in text, url
        assert OPERATOR not in text, url
    person = Penalty.objects.get(subject_name=NAME)
    detail = client.get(person.get_absolute_url()).content.decode()
    assert "经查，当事人张*丰于2026年2月" in detail and "对张*丰警告" in detail
    api = client.get(f"/api/v1/penalties/{person.pk}").json()
    assert api["subject_name"] == "张*丰" and api["facts"].startswith("经查，当事人张*丰于")
    shop = client.get("/api/v1/penalties", {"q": "小吃店"}).json()["items"][0]
    assert shop["legal_rep"] == "李*龙" and shop["subject_name"] == "示范区李*龙小吃店"
    assert "经营者李*龙在小吃店内" in shop["facts"]
    # a company's 法定代表人 is public registration data: field and text stay as they are
    company = client.get("/api/v1/penalties", {"q": "示民罚〔2026〕3号"}).json()["items"][0]
    assert company["legal_rep"] == "陈建国" and "法定代表人陈建国未组织" in company["facts"]
    # the search index holds the masked text only
    assert _search_keys(NAME) == set() and _search_keys(OPERATOR) == set()
    hit = _search_hits("群租房")[0]
    assert hit.title.startswith("张*丰") and NAME not in hit.snippet
    html = client.get("/search/", {"q": "群租房"}).content.decode()
    assert "张*丰" in html and NAME not in html
    for q in (NAME, "群租房", "液化气"):
        page = client.get("/api/v1/search", {"q": q}).json()
        assert all(NAME not in h["snippet"] + h["title"] for h in page["hits"])
        assert all(OPERATOR not in h["snippet"] + h["title"] for h in page["hits"])


def test_without_name_masking_names_are_shown_as_before(client, named, tmp_path):
    from gongkai.publicity.models import Penalty

    person = Penalty.objects.get(subject_name=NAME)
    detail = client.get(person.get_absolute_url()).content.decode()
    assert f"经查，当事人{NAME}于2026年2月" in detail
    shop = client.get("/api/v1/penalties", {"q": "小吃店"}).json()["items"][0]
    assert shop["legal_rep"] == OPERATOR and f"经营者{OPERATOR}在" in shop["facts"]
    assert f"penalty:{person.pk}" in _search_keys(NAME)
    texts = _public_texts(client, tmp_path)
    assert NAME in texts["cli:penalty.csv"] and NAME in texts["cli:licence.csv"]


def test_switching_masking_on_reindexes_the_individual_business(named, masking_on):
    from gongkai.publicity.models import Penalty

    shop = Penalty.objects.get(legal_rep=OPERATOR)
    assert _search_keys("液化气") == {f"penalty:{shop.pk}"}
    assert _search_keys(OPERATOR) == set()


def test_staff_keep_the_full_names(login, clerk, named, masking_on):
    from gongkai.publicity.models import Penalty

    person = Penalty.objects.get(subject_name=NAME)
    client = login(clerk)
    url = reverse("staff_publicity:record", args=["penalty", person.pk])
    assert f"当事人{NAME}于" in client.post(url, {"action": "reveal"}).content.decode()
    export = client.get(reverse("staff_publicity:export", args=["penalty", "csv"]))
    assert f"当事人{NAME}于" in export.content.decode("utf-8-sig")
    person.refresh_from_db()
    assert person.facts.startswith(f"经查，当事人{NAME}于")  # stored unmasked


def test_a_one_character_name_does_not_blank_the_text(agency):
    from gongkai.publicity.masking import public_row
    from gongkai.publicity.models import Penalty

    record = Penalty(
        subject_name="晓", subject_category="natural_person", facts="当事人晓在晓市经营"
    )
    record.kind = "penalty"
    policy = Policy(mask_person_name=True)
    assert public_row(record, policy)["facts"] == "当事人晓在晓市经营"
    assert public_row(record, policy)["subject_name"] == "*"


# --- numbers in free text ---------------------------------------------------------------------


def _digit_uscc() -> str:
    """A valid 统一社会信用代码 made of digits only (as many older ones are)."""
    from gongkai.orgs.uscc import make_uscc

    return next(code for n in range(100) if (code := make_uscc(f"913101070000{n:05d}")).isdigit())


def test_bank_card_masked_uscc_and_decision_number_visible():
    uscc = _digit_uscc()
    number = "沪市监普处〔2026〕072026000123号"
    text = (
        f"当事人通过银行卡{CARD}收款，另以6225-8801-3770-5431转账；"
        f"相关单位统一社会信用代码{uscc}、91310120MA1K00123B，原决定书文号{number}。"
    )
    masked = mask_free_text(text, personal_addresses=True)
    assert CARD not in masked and "6225-8801" not in masked
    assert masked.count("************5431") == 2
    assert uscc in masked and "91310120MA1K00123B" in masked and number in masked


def test_e_mail_in_free_text_is_masked():
    masked = mask_free_text("当事人通过邮箱zhangsf@example.cn接单", personal_addresses=False)
    assert "zhangsf" not in masked and "邮箱z***@example.cn接单" == masked[5:]


# --- hints for what cannot be masked automatically -------------------------------------------


def test_staff_see_hints_for_other_peoples_names(login, clerk, agency, masking_on):
    from .factories import xlsx_bytes

    facts = (
        "经查，当事人张三丰雇佣员工李四在店内无证经营，证人王某某在场，当事人对事实无异议。"
        "李四，男，1990年1月1日出生。"
    )
    row = person_penalty_row(agency, 1, 违法事实=facts)
    client = login(clerk)
    upload = _upload("hints.xlsx", xlsx_bytes("penalty", [penalty_row(agency, 2), row]))
    client.post(reverse("staff_publicity:import"), {"kind": "penalty", "file": upload})
    from gongkai.publicity.models import ImportBatch, Penalty

    batch = ImportBatch.objects.get()
    preview = client.get(reverse("staff_publicity:import_preview", args=[batch.pk]))
    html = preview.content.decode()
    assert "公示前请核对：2 处文字可能含有个人信息" in html
    assert "<li>第 3 行「违法事实」：…当事人张*丰雇佣员工李四在店内无证经营，…</li>" in html
    assert "<li>第 3 行「违法事实」：…事实无异议。李四，男，1990年1月1日出生。</li>" in html
    client.post(reverse("staff_publicity:import_preview", args=[batch.pk]))
    person = Penalty.objects.get(subject_name="张三丰")
    detail = client.get(reverse("staff_publicity:record", args=["penalty", person.pk]))
    assert "员工李四" in detail.content.decode() and "请核对" in detail.content.decode()
    company = Penalty.objects.exclude(pk=person.pk).get()
    detail = client.get(reverse("staff_publicity:record", args=["penalty", company.pk]))
    assert "请核对" not in detail.content.decode()


@pytest.mark.parametrize("mask", [True, False])
def test_hints_leave_out_the_partys_own_names(mask):
    from gongkai.publicity.masking import review_hints
    from gongkai.publicity.models import Penalty

    person = Penalty(
        subject_name=NAME,
        subject_category="natural_person",
        facts=f"经查，当事人{NAME}在居民楼内违规经营群租房，对上述事实无异议。",
        basis="证人李四称其于去年入住",
    )
    assert review_hints(person, Policy(mask_person_name=mask)) == [
        ("处罚依据", "证人李四称其于去年入住")
    ]
    company = Penalty(
        subject_name="示范区好味道餐饮有限公司",
        subject_category="legal_person",
        legal_rep="陈建国",
        facts="经查，负责人陈建国未组织演练，员工安全培训未开展。",
    )
    assert review_hints(company, Policy(mask_person_name=mask)) == []


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
