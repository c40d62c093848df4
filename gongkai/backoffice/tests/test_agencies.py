"""Agency contact blocks: edited by the district office or the agency's own head, audited."""

import pytest

from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CONTACT = {
    "office_name": "区民政局办公室",
    "address": "示范区民政路8号",
    "office_hours": "工作日 9:00—17:00",
    "phone": "021-66880105",
    "fax": "",
    "email": "",
    "website": "",
    "postcode": "200001",
}


def test_head_edits_own_contact_block_once_audited(login, head, agency):
    count = AuditEvent.objects.count()
    response = login(head).post(f"/staff/agencies/{agency.code}/", CONTACT)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.address == "示范区民政路8号"
    assert AuditEvent.objects.count() == count + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "agency.update"
    assert event.before == {"address": "示范区政务路105号", "office_hours": "", "postcode": ""}


def test_clerk_cannot_edit_and_other_agency_is_hidden(login, clerk, head, other_agency, agency):
    assert login(clerk).post(f"/staff/agencies/{agency.code}/", CONTACT).status_code == 403
    assert login(head).get(f"/staff/agencies/{other_agency.code}/").status_code == 404


def test_district_office_gets_uscc_error_in_chinese(login, district_office, agency, district):
    data = {
        **CONTACT,
        "name": agency.name,
        "short_name": agency.short_name,
        "uscc": agency.uscc[:17] + ("0" if agency.uscc[17] != "0" else "1"),
        "level": agency.level,
        "parent": district.pk,
        "order": 1,
        "is_active": "on",
    }
    count = AuditEvent.objects.count()
    page = login(district_office).post(f"/staff/agencies/{agency.code}/", data).content.decode()
    assert "校验位错误" in page
    assert AuditEvent.objects.count() == count
