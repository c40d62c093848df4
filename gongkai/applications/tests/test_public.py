"""The public form, its abuse defences, and the status page."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.core.cache import cache

from gongkai.applications import antispam
from gongkai.applications.models import Application, Status

from .factories import PLANTED_ID, PLANTED_NAME, PLANTED_PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _form(client, agency, **overrides):
    page = client.get("/apply/")
    token = re.search(r'name="challenge_token" value="([^"]+)"', page.content.decode()).group(1)
    answer = signing.TimestampSigner(salt=antispam.SALT).unsign_object(token)["a"]
    data = {
        "agency": agency.pk,
        "applicant_type": "natural_person",
        "applicant_name": PLANTED_NAME,
        "id_type": "resident_id",
        "id_number": PLANTED_ID,
        "phone": PLANTED_PHONE,
        "email": "a@example.invalid",
        "info_title": "2025年度最低生活保障资金发放情况",
        "extra_items": "2025年度临时救助资金发放情况",
        "info_form": "electronic",
        "delivery": "email",
        "challenge": str(answer),
        "challenge_token": token,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_has_no_purpose_field(client, agency):
    html = client.get("/apply/").content.decode()
    field_names = set(re.findall(r'name="([a-z_]+)"', html))
    assert not {n for n in field_names if "purpose" in n or "use" in n}
    assert "申请用途" not in html
    assert 'name="website"' in html  # honeypot


def test_apply_then_track(client, agency):
    response = client.post("/apply/", _form(client, agency))
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    numbers = re.findall(r"YSQ\d{14}", done)
    code = re.search(r'<strong class="tracking">([A-Z2-9]{8})</strong>', done).group(1)
    assert len(set(numbers)) == 2  # one application per item (一事一申请)
    first = Application.objects.get(tracking_number=numbers[0])
    assert first.status == Status.SUBMITTED and first.received_on is None
    assert first.split_parts.count() == 1
    # The code is shown once only.
    assert client.get("/apply/done/").status_code == 302
    status = client.post("/apply/track/", {"tracking_number": numbers[0], "query_code": code})
    page = status.content.decode()
    assert "待确认接收" in page and "提交申请" in page
    for planted in (PLANTED_NAME, PLANTED_ID, PLANTED_PHONE):
        assert planted not in page
    wrong = client.post("/apply/track/", {"tracking_number": numbers[0], "query_code": "WRONG123"})
    assert "不正确" in wrong.content.decode()


def test_honeypot_and_challenge_reject(client, agency):
    response = client.post("/apply/", _form(client, agency, website="http://spam.example"))
    assert response.status_code == 200 and not Application.objects.exists()
    response = client.post("/apply/", _form(client, agency, challenge="999"))
    assert "验证问题回答错误" in response.content.decode()
    assert not Application.objects.exists()
    # A token works once.
    data = _form(client, agency)
    assert client.post("/apply/", data).status_code == 302
    assert "验证问题回答错误" in client.post("/apply/", data).content.decode()


def test_rate_limit_per_phone(client, agency, settings):
    settings.GONGKAI_APPLY_PER_PHONE_PER_DAY = 2
    settings.GONGKAI_APPLY_PER_ADDRESS_PER_HOUR = 100
    for _ in range(2):
        assert client.post("/apply/", _form(client, agency, extra_items="")).status_code == 302
    response = client.post("/apply/", _form(client, agency, extra_items=""))
    assert "提交过于频繁" in response.content.decode()
    assert Application.objects.count() == 2


def test_rate_limit_per_address(client, agency, settings):
    settings.GONGKAI_APPLY_PER_ADDRESS_PER_HOUR = 1
    assert client.post("/apply/", _form(client, agency, extra_items="")).status_code == 302
    response = client.post("/apply/", _form(client, agency, extra_items="", phone="13800000000"))
    assert "提交过于频繁" in response.content.decode()


def test_missing_fields_are_named_in_chinese(client, agency):
    response = client.post("/apply/", _form(client, agency, info_title="", id_number="123"))
    html = response.content.decode()
    assert "居民身份证号码应为18位" in html
    assert "这个字段是必填项" in html or "必填" in html


def test_identity_number_check_digit_is_verified(client, agency):
    response = client.post("/apply/", _form(client, agency, id_number="110101199003071234"))
    assert "身份证号码校验位错误：第 18 位应为 3，实际为 4" in response.content.decode()
