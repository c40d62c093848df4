"""Who may see and do what. One helper per protected object lives with its app; these are
the agency-level building blocks they share.

Rules:

* a system administrator (superuser) and any holder of the 区政务公开办 role see every agency;
* everyone else sees the agencies they hold a role in;
* an action that needs a role (审核, 负责人审批) needs that role in the object's agency, except
  that the district office supervises every agency.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Agency, Membership, Role


def is_district_office(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_gk_is_district_office", None)
    if cache is None:
        cache = Membership.objects.filter(user=user, role=Role.DISTRICT_OFFICE).exists()
        user._gk_is_district_office = cache
    return cache


def roles_in(user, agency: Agency) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_gk_roles", None)
    if cache is None:
        cache = {}
        for agency_id, role in Membership.objects.filter(user=user).values_list(
            "agency_id", "role"
        ):
            cache.setdefault(agency_id, set()).add(role)
        user._gk_roles = cache
    return set(cache.get(agency.pk, set()))


def has_role(user, agency: Agency, *roles: str) -> bool:
    """True when `user` holds one of `roles` in `agency` (the district office holds all)."""
    if is_district_office(user):
        return True
    return bool(roles_in(user, agency) & set(roles))


def visible_agencies(user):
    """Agencies whose non-public work `user` may see."""
    if is_district_office(user):
        return Agency.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user).distinct()


def can_see_agency(user, agency: Agency) -> bool:
    return is_district_office(user) or bool(roles_in(user, agency))


def require_role(user, agency: Agency, *roles: str) -> None:
    if not has_role(user, agency, *roles):
        labels = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"需要“{agency.name}”的{labels}岗位才能执行此操作。")


def get_agency_for_staff(request, code: str) -> Agency:
    """The agency named by `code` if the user may see its work; 404 otherwise (no existence leak)."""
    try:
        agency = Agency.objects.get(code=code)
    except Agency.DoesNotExist:
        raise Http404("未找到该机构。") from None
    if not can_see_agency(request.user, agency):
        raise Http404("未找到该机构。")
    return agency
