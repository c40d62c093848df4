"""The public `?q=` filter (lists, their XLSX export, the API) matches only what the public sees.

With 遮蔽自然人姓名 on, someone who knows a person's name, 证件号码 or phone number must not be
able to confirm that a (masked) decision against them exists; the masked form and the words of
the facts still find it. Staff search the stored data.
"""

from __future__ import annotations

import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.publicity import services
from gongkai.publicity.models import Licence, Penalty
from gongkai.publicity.standard import make_id_card

from .factories import licence_row, penalty_row, person_penalty_row, xlsx_bytes

pytestmark = pytest.mark.django_db

NAME = "张三丰"
OPERATOR = "李小龙"  # 经营者 of an 个体工商户
PERSON_ID = make_id_card("31011019900101234")
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 3, 6, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def people(clerk, agency):
    person = person_penalty_row(
        agency,
        1,
        证件号码=PERSON_ID,
        违法事实=f"经查，当事人{NAME}（联系电话{PHONE}）在居民楼内违规经营群租房。",
        处罚内容=f"对{NAME}警告，并处罚款人民币5000元",
    )
    shop = penalty_row(
        agency,
        2,
        行政相对人名称=f"示范区{OPERATOR}小吃店",
        行政相对人类别="个体工商户",
        法定代表人=OPERATOR,
        违法事实="经查，当事人在店内违规使用瓶装液化气。",
    )
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
        证件号码=PERSON_ID,
        许可内容="准予开设社区养老服务站",
    )
    services.import_file(
        actor=clerk,
        kind="penalty",
        filename="p.xlsx",
        data=xlsx_bytes("penalty", [person, shop, penalty_row(agency, 3)]),
    )
    services.import_file(
        actor=clerk, kind="licence", filename="l.xlsx", data=xlsx_bytes("licence", [licence])
    )


@pytest.fixture
def masking_on(people, district_office):
    services.update_policy(actor=district_office, mask_person_name=True)


def _found(client, kind: str, q: str) -> dict[str, set[str]]:
    """The decision numbers each public surface returns for `q`."""
    plural = {"penalty": "penalties", "licence": "licences"}[kind]
    model = Penalty if kind == "penalty" else Licence
    numbers = list(model.objects.values_list("pk", model.NUMBER_FIELDS[0]))
    page = client.get(f"/publicity/{plural}/", {"q": q}).content.decode()
    api = client.get(f"/api/v1/{plural}", {"q": q}).json()
    export = client.get(f"/publicity/export/{kind}.xlsx", {"q": q}).content
    sheet = openpyxl.load_workbook(io.BytesIO(export), read_only=True).worksheets[0]
    cells = {str(c) for row in sheet.iter_rows(min_row=2, values_only=True) for c in row if c}
    by_pk = dict(numbers)
    return {
        "page": {n for _, n in numbers if f">{n}</a>" in page},
        "api": {by_pk[item["id"]] for item in api["items"]},
        "export": {n for _, n in numbers if n in cells},
    }


def _all(found: dict[str, set[str]]) -> set[str]:
    assert found["page"] == found["api"] == found["export"], found
    return found["page"]


def test_masked_person_is_not_found_by_what_the_page_hides(client, masking_on):
    for q in (NAME, PERSON_ID, PHONE, PHONE[3:], OPERATOR):
        assert _all(_found(client, "penalty", q)) == set(), q
    for q in (NAME, PERSON_ID):
        assert _all(_found(client, "licence", q)) == set(), q


def test_masked_person_is_found_by_what_the_page_shows(client, masking_on):
    assert _all(_found(client, "penalty", "张*丰")) == {"示民罚〔2026〕1号"}
    assert _all(_found(client, "penalty", "群租房")) == {"示民罚〔2026〕1号"}
    assert _all(_found(client, "penalty", "李*龙小吃店")) == {"示民罚〔2026〕2号"}
    assert _all(_found(client, "penalty", "示民罚〔2026〕1号")) == {"示民罚〔2026〕1号"}
    assert _all(_found(client, "licence", "张*丰")) == {"示民许〔2026〕1号"}
    # a company is found by its name as before
    assert _all(_found(client, "penalty", "好味道")) == {"示民罚〔2026〕3号"}


def test_without_masking_the_name_is_found_but_never_the_numbers(client, people):
    assert _all(_found(client, "penalty", NAME)) == {"示民罚〔2026〕1号"}
    assert _all(_found(client, "penalty", OPERATOR)) == {"示民罚〔2026〕2号"}
    assert _all(_found(client, "licence", NAME)) == {"示民许〔2026〕1号"}
    assert _all(_found(client, "penalty", "张*丰")) == set()
    for q in (PERSON_ID, PHONE):
        assert _all(_found(client, "penalty", q)) == set(), q


def test_staff_search_the_full_names(login, clerk, masking_on):
    client = login(clerk)
    home = reverse("staff_publicity:home")
    page = client.get(home, {"kind": "penalty", "q": NAME}).content.decode()
    assert "示民罚〔2026〕1号" in page and "示民罚〔2026〕3号" not in page
    page = client.get(home, {"kind": "licence", "q": NAME}).content.decode()
    assert "示民许〔2026〕1号" in page


def test_switching_the_rule_rewrites_nothing(client, people, district_office):
    stored = list(Penalty.objects.order_by("pk").values_list("public_text", "updated_at"))
    services.update_policy(actor=district_office, mask_person_name=True)
    assert _all(_found(client, "penalty", NAME)) == set()
    services.update_policy(actor=district_office, mask_person_name=False)
    assert _all(_found(client, "penalty", NAME)) == {"示民罚〔2026〕1号"}
    assert list(Penalty.objects.order_by("pk").values_list("public_text", "updated_at")) == stored


def test_refresh_command_rebuilds_the_public_text(client, masking_on):
    Penalty.objects.update(public_text="", public_text_names_masked="")
    assert _all(_found(client, "penalty", "群租房")) == set()
    out = io.StringIO()
    call_command("publicity", "refresh-public-text", stdout=out)
    assert "行政处罚：3 条" in out.getvalue()
    assert _all(_found(client, "penalty", "群租房")) == {"示民罚〔2026〕1号"}
    assert _all(_found(client, "penalty", NAME)) == set()
    person = Penalty.objects.get(subject_name=NAME)
    assert NAME not in person.public_text_names_masked and PHONE not in person.public_text
    company = Penalty.objects.get(decision_number="示民罚〔2026〕3号")
    assert company.public_text_names_masked == ""


def test_migration_fills_the_public_text_of_stored_rows(masking_on):
    import importlib

    from django.apps import apps as global_apps

    migration = importlib.import_module(
        "gongkai.publicity.migrations.0002_public_text_and_correction"
    )
    Penalty.objects.update(public_text="", public_text_names_masked="")
    migration.fill_public_text(global_apps, None)
    person = Penalty.objects.get(subject_name=NAME)
    assert "张*丰" in person.public_text_names_masked and "群租房" in person.public_text
