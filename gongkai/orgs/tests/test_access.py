"""Cross-agency access is refused; the district office supervises every agency."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from gongkai.orgs import access
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_clerk_sees_only_own_agency(clerk, agency, other_agency):
    assert list(access.visible_agencies(clerk)) == [agency]
    assert access.can_see_agency(clerk, agency)
    assert not access.can_see_agency(clerk, other_agency)


def test_other_agency_is_404_not_403(clerk, other_agency):
    with pytest.raises(Http404):
        access.get_agency_for_staff(_request(clerk), other_agency.code)


def test_district_office_sees_all(district_office, agency, other_agency, district):
    assert set(access.visible_agencies(district_office)) == {district, agency, other_agency}
    assert access.has_role(district_office, other_agency, Role.HEAD)


def test_roles_are_per_agency(clerk, head, agency, other_agency):
    assert access.has_role(head, agency, Role.HEAD)
    assert not access.has_role(clerk, agency, Role.HEAD)
    assert not access.has_role(head, other_agency, Role.HEAD)
    with pytest.raises(PermissionDenied) as exc:
        access.require_role(clerk, agency, Role.HEAD)
    assert "机构负责人" in str(exc.value)


def test_anonymous_sees_nothing(agency):
    from django.contrib.auth.models import AnonymousUser

    assert not access.visible_agencies(AnonymousUser()).exists()
    assert not access.has_role(AnonymousUser(), agency, Role.CLERK)


def test_clerk_cannot_open_user_management(login, clerk):
    response = login(clerk).get("/staff/users/")
    assert response.status_code == 403


def test_audit_view_hides_other_agencies_events(
    login, clerk, other_clerk, district_office, other_agency
):
    from gongkai.orgs import services

    services.update_agency(other_agency, actor=district_office, phone="021-11112222")
    page = login(clerk).get("/staff/audit/")
    assert page.status_code == 200
    assert "agency.update" not in page.content.decode()
    page = login(district_office).get("/staff/audit/")
    assert "agency.update" in page.content.decode()
