"""Staff writes on agencies and memberships, each audited in its own transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.core.audit import diff, record_event, snapshot

from .access import has_role, is_district_office
from .models import Agency, Membership, Role, User


def _require_district_office(actor) -> None:
    if not is_district_office(actor):
        raise PermissionDenied("只有区政务公开办可以管理机构和人员。")


CONTACT_FIELDS = [
    "office_name",
    "address",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "postcode",
]


@transaction.atomic
def update_agency(agency: Agency, *, actor, **changes) -> Agency:
    """Change an agency. The district office may change anything; the agency's own head may
    change its contact block (the 政府信息公开指南 details)."""
    if not is_district_office(actor):
        if not (set(changes) <= set(CONTACT_FIELDS) and has_role(actor, agency, Role.HEAD)):
            raise PermissionDenied("只有区政务公开办或本机构负责人可以修改机构信息。")
    before = snapshot(agency)
    for field, value in changes.items():
        setattr(agency, field, value)
    agency.full_clean()
    agency.save()
    old, new = diff(before, snapshot(agency))
    record_event(actor=actor, action="agency.update", target=agency, before=old, after=new)
    return agency


@transaction.atomic
def create_user(*, actor, username: str, display_name: str, password: str, phone: str = "") -> User:
    _require_district_office(actor)
    user = User(username=username, display_name=display_name, phone=phone, is_staff=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_event(
        actor=actor,
        action="user.create",
        target=user,
        after={"username": username, "display_name": display_name},
    )
    return user


@transaction.atomic
def set_user_active(user: User, *, actor, active: bool) -> User:
    _require_district_office(actor)
    before = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        target=user,
        before={"is_active": before},
        after={"is_active": active},
    )
    return user


@transaction.atomic
def grant_role(*, actor, user: User, agency: Agency, role: str) -> Membership:
    _require_district_office(actor)
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if created:
        record_event(
            actor=actor,
            action="membership.grant",
            target=membership,
            agency=agency,
            after={"user": user.username, "agency": agency.code, "role": role},
        )
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, actor) -> None:
    _require_district_office(actor)
    record_event(
        actor=actor,
        action="membership.revoke",
        target=membership,
        agency=membership.agency,
        before={
            "user": membership.user.username,
            "agency": membership.agency.code,
            "role": membership.role,
        },
    )
    membership.delete()
