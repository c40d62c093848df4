"""更正: staff of the deciding agency correct a published (or withheld) licence or penalty.

Validation is the import's own; one audit event keeps before and after; the public page, the
public filter and the site search follow after commit; a failed correction changes nothing.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.core.audit import snapshot
from gongkai.core.models import AuditEvent
from gongkai.publicity import services
from gongkai.publicity.forms import CorrectionForm
from gongkai.publicity.models import Licence, Penalty, State
from gongkai.publicity.standard import make_id_card

from .factories import PERSON_ID, licence_row, penalty_row, person_penalty_row, xlsx_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 6)
PHONE = "13912345678"
LEAKY_FACTS = "经查，当事人张三丰雇佣员工李四（电话13912345678）在居民楼内违规经营群租房。"
FIXED_FACTS = "经查，当事人张三丰在居民楼内违规经营群租房。"
MINOR_ID = make_id_card("31010120100101123")  # born 2010: 16 on the decision date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 3, 6, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def search_index(settings, tmp_path):
    from gongkai.search.engine import reset_backend

    settings.SEARCH_BACKEND = "tantivy"
    settings.SEARCH_DIR = str(tmp_path / "search")
    reset_backend()
    yield
    reset_backend()


@pytest.fixture
def records(clerk, agency, district_office, search_index, django_capture_on_commit_callbacks):
    rows = [
        person_penalty_row(agency, 1, 违法事实=LEAKY_FACTS),
        penalty_row(agency, 2),
        person_penalty_row(agency, 3, 证件号码=MINOR_ID),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_policy(actor=district_office, mask_person_name=True)
        services.import_file(
            actor=clerk, kind="penalty", filename="p.xlsx", data=xlsx_bytes("penalty", rows)
        )
        services.import_file(
            actor=clerk,
            kind="licence",
            filename="l.xlsx",
            data=xlsx_bytes("licence", [licence_row(agency, 1, 当前状态="有效")]),
        )
    return {
        "person": Penalty.objects.get(decision_number="示民罚〔2026〕1号"),
        "company": Penalty.objects.get(decision_number="示民罚〔2026〕2号"),
        "minor": Penalty.objects.get(decision_number="示民罚〔2026〕3号"),
        "licence": Licence.objects.get(),
    }


def _post_data(record, reason="", **changes) -> dict:
    """The correction form as the browser posts it, filled with the stored values."""
    data = {}
    for name, value in CorrectionForm.initial_values(record).items():
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes, reason=reason)
    return data


@pytest.fixture
def public():
    """An anonymous visitor (`client` is the one `login` logs in)."""
    return Client()


def _url(record):
    return reverse("staff_publicity:correct", args=[record.kind, record.pk])


def _search_keys(query: str) -> set[str]:
    from gongkai.search.api import search

    return {hit.key for hit in search(query, per_page=100).hits}


def test_clerk_corrects_a_leak_and_the_public_follows(
    login, clerk, public, records, django_capture_on_commit_callbacks
):
    person = records["person"]
    staff = login(clerk)
    form = staff.get(_url(person)).content.decode()
    assert PERSON_ID in form and LEAKY_FACTS in form  # the full stored values, to edit
    assert 'name="decided_on" value="2026-03-02"' in form  # ISO, or the date picker is empty
    assert AuditEvent.objects.filter(action="publicity.penalty.view_personal_data").count() == 1
    assert _search_keys("员工李四") == {f"penalty:{person.pk}"}

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            _url(person),
            _post_data(person, reason="误将证人姓名和电话写入违法事实", facts=FIXED_FACTS),
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.facts == FIXED_FACTS and person.corrected_on == TODAY
    assert person.state == State.PUBLISHED and person.published_on == TODAY
    event = AuditEvent.objects.get(action="publicity.penalty.correct")
    assert event.actor == clerk and event.target_id == str(person.pk)
    assert event.after["fields"] == ["违法事实"] and event.after["reason"].startswith("误将证人")
    assert "员工李四" in event.before["facts"] and "李四" not in event.after["facts"]
    assert PHONE not in str(event.before)  # the audit log is not a copy of the personal data
    assert event.after["corrected_on"] == "2026-03-06"

    page = public.get(person.get_absolute_url()).content.decode()
    assert "已更正（2026-03-06）" in page and "李四" not in page and "误将" not in page
    assert public.get("/api/v1/penalties", {"q": "员工"}).json()["count"] == 0
    assert public.get("/api/v1/penalties", {"q": "群租房"}).json()["items"][0]["id"] == person.pk
    api = public.get(f"/api/v1/penalties/{person.pk}").json()
    assert api["corrected_on"] == "2026-03-06"
    assert _search_keys("员工李四") == set()
    assert _search_keys("群租房") == {f"penalty:{person.pk}"}
    detail = staff.get(reverse("staff_publicity:record", args=["penalty", person.pk]))
    assert "误将证人姓名和电话写入违法事实" in detail.content.decode()  # staff see the reason


def test_an_unchanged_form_round_trips_to_no_change(login, clerk, records):
    staff = login(clerk)
    for record in (records["person"], records["company"], records["licence"]):
        before = snapshot(record)
        page = staff.post(_url(record), _post_data(record, reason="核对"))
        assert page.status_code == 200
        assert "没有修改任何字段" in page.content.decode(), record
        record.refresh_from_db()
        assert snapshot(record) == before
    assert not AuditEvent.objects.filter(action__endswith=".correct").exists()


def test_a_bad_correction_names_the_fields_and_changes_nothing(login, clerk, records):
    company = records["company"]
    before = snapshot(company)
    good = company.legal_rep_id_number
    bad_id = good[:-1] + ("0" if good[-1] != "0" else "1")
    page = login(clerk).post(
        _url(company),
        _post_data(company, reason="更正罚款", fine="", legal_rep_id_number=bad_id),
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "身份证号码校验位错误" in html and "处罚类别含罚款时必填" in html
    company.refresh_from_db()
    assert snapshot(company) == before
    assert not AuditEvent.objects.filter(action="publicity.penalty.correct").exists()
    # no reason: refused before anything is validated
    page = login(clerk).post(_url(company), _post_data(company, content="警告"))
    assert "更正原因" in page.content.decode() and page.status_code == 200
    company.refresh_from_db()
    assert snapshot(company) == before


def test_a_number_already_used_by_the_agency_is_refused(login, clerk, records):
    company = records["company"]
    data = _post_data(company, reason="文号有误", decision_number="示民罚〔2026〕1号")
    page = login(clerk).post(_url(company), data).content.decode()
    assert "该机构已公示过此文号" in page
    company.refresh_from_db()
    assert company.decision_number == "示民罚〔2026〕2号"


def test_other_agency_gets_404_and_changes_nothing(login, other_clerk, records):
    person = records["person"]
    before = snapshot(person)
    client = login(other_clerk)
    assert client.get(_url(person)).status_code == 404
    response = client.post(_url(person), _post_data(person, reason="x", facts="经查，无。"))
    assert response.status_code == 404
    person.refresh_from_db()
    assert snapshot(person) == before
    with pytest.raises(PermissionDenied):
        services.correct_record(person, actor=other_clerk, data={}, reason="x")


def test_correcting_to_a_minor_takes_the_record_off_public_view(
    login, clerk, public, records, django_capture_on_commit_callbacks
):
    person = records["person"]
    with django_capture_on_commit_callbacks(execute=True):
        login(clerk).post(
            _url(person), _post_data(person, reason="证件号码有误", id_number=MINOR_ID)
        )
    person.refresh_from_db()
    assert person.state == State.WITHHELD and person.is_minor and person.ended_on == TODAY
    assert public.get(person.get_absolute_url()).status_code == 404
    assert _search_keys("群租房") == set()


def test_a_withheld_record_is_published_by_its_correction(login, clerk, public, records):
    minor = records["minor"]
    assert minor.state == State.WITHHELD
    staff = login(clerk)
    assert (
        "更正（"
        in staff.get(reverse("staff_publicity:record", args=["penalty", minor.pk])).content.decode()
    )
    response = staff.post(
        _url(minor), _post_data(minor, reason="出生年份录错", id_number=PERSON_ID)
    )
    assert response.status_code == 302
    minor.refresh_from_db()
    assert minor.state == State.PUBLISHED and not minor.is_minor
    assert minor.published_on == TODAY and minor.corrected_on is None  # never public before
    page = public.get(minor.get_absolute_url()).content.decode()
    assert "已更正" not in page


def test_a_licence_correction(login, clerk, public, records):
    licence = records["licence"]
    login(clerk).post(
        _url(licence),
        _post_data(licence, reason="床位数有误", content="床位 150 张", valid_to="2029-03-02"),
    )
    licence.refresh_from_db()
    assert licence.content == "床位 150 张" and licence.valid_to == datetime.date(2029, 3, 2)
    event = AuditEvent.objects.get(action="publicity.licence.correct")
    assert event.after["fields"] == ["许可内容", "有效期至"]
    assert public.get("/api/v1/licences", {"q": "150"}).json()["count"] == 1


def test_ended_records_cannot_be_corrected(login, clerk, records):
    company = services.withdraw_record(
        records["company"], actor=clerk, reason="经复议撤销", changed_on=TODAY
    )
    response = login(clerk).get(_url(company))
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="已撤回"):
        services.correct_record(company, actor=clerk, data={}, reason="x")
