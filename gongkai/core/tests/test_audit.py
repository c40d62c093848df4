"""Every staff write leaves exactly one audit event, and the log is append-only."""

import pytest
from django.db import transaction

from gongkai.core.audit import record_event
from gongkai.core.models import AuditEvent, AuditLogIsAppendOnly
from gongkai.orgs.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def test_create_user_through_the_back_office_leaves_one_event(login, district_office):
    before = AuditEvent.objects.count()
    response = login(district_office).post(
        "/staff/users/new/",
        {"username": "newclerk", "display_name": "新同事", "password": "Strong-Pass-2026"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "user.create"
    assert event.actor == district_office
    assert event.client_address == "10.1.2.3"
    assert event.after == {"username": "newclerk", "display_name": "新同事"}
    assert "password" not in str(event.after)


def test_grant_and_revoke_each_leave_one_event(login, district_office, clerk, other_agency):
    client = login(district_office)
    count = AuditEvent.objects.count()
    client.post(
        f"/staff/users/{clerk.pk}/",
        {"action": "grant", "agency": other_agency.pk, "role": Role.REVIEWER},
    )
    assert AuditEvent.objects.count() == count + 1
    membership = Membership.objects.get(user=clerk, agency=other_agency)
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.agency) == ("membership.grant", other_agency)
    client.post(f"/staff/users/{clerk.pk}/memberships/{membership.pk}/revoke/")
    assert AuditEvent.objects.count() == count + 2
    assert AuditEvent.objects.latest("id").action == "membership.revoke"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_deactivate_records_before_and_after(login, district_office, clerk):
    login(district_office).post(f"/staff/users/{clerk.pk}/", {"action": "deactivate"})
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.before == {"is_active": True}
    assert event.after == {"is_active": False}
    clerk.refresh_from_db()
    assert not clerk.is_active


def test_failed_write_leaves_no_event(login, district_office):
    count = AuditEvent.objects.count()
    response = login(district_office).post(
        "/staff/users/new/", {"username": "weak", "display_name": "弱密码", "password": "short"}
    )
    assert response.status_code == 200
    assert "至少" in response.content.decode()
    assert AuditEvent.objects.count() == count
    assert not User.objects.filter(username="weak").exists()


def test_log_is_append_only(district_office):
    with transaction.atomic():
        event = record_event(actor=district_office, action="test.action")
    event.action = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(action="x")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_event_outside_transaction_is_a_bug(district_office):
    # With ATOMIC_REQUESTS off, record_event must be called inside the write's own transaction.
    with pytest.raises(RuntimeError):
        record_event(actor=district_office, action="test.action")


def test_audit_admin_is_read_only(admin_user, client):
    client.force_login(admin_user)
    assert client.get("/django-admin/core/auditevent/add/").status_code == 403


def test_audit_filter_by_action(login, district_office, clerk):
    client = login(district_office)
    client.post(f"/staff/users/{clerk.pk}/", {"action": "deactivate"})
    page = client.get("/staff/audit/", {"action": "user.deactivate"}).content.decode()
    assert "user.deactivate" in page
    page = client.get("/staff/audit/", {"action": "membership"}).content.decode()
    assert "没有符合条件的审计事件" in page


def test_admin_writes_are_audited(admin_user, client, agency):
    client.force_login(admin_user)
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "code": agency.code,
        "uscc": agency.uscc,
        "level": agency.level,
        "parent": agency.parent_id,
        "order": 5,
        "is_active": "on",
        "office_name": agency.office_name,
        "address": "示范区新地址1号",
        "office_hours": "",
        "phone": agency.phone,
        "fax": "",
        "email": "",
        "website": "",
        "postcode": "",
    }
    count = AuditEvent.objects.count()
    response = client.post(f"/django-admin/orgs/agency/{agency.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEvent.objects.count() == count + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "admin.agency.change"
    assert event.before["address"] == "示范区政务路105号"
    assert event.after["address"] == "示范区新地址1号"


def test_every_admin_that_can_write_is_audited():
    """No Gongkai model can be changed through /django-admin/ without an audit event."""
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from gongkai.core.admin_audit import AuditedModelAdmin

    request = RequestFactory().get("/django-admin/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    unaudited = []
    for model, model_admin in django_admin.site._registry.items():
        if not model.__module__.startswith("gongkai.") or model is AuditEvent:
            continue
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if writes and not isinstance(model_admin, AuditedModelAdmin):
            unaudited.append(model._meta.label)
    assert unaudited == []
