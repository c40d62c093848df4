"""Back-office shell views. Each view checks access through gongkai.orgs.access."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.models import AuditEvent
from gongkai.orgs import services as org_services
from gongkai.orgs.access import get_agency_for_staff, has_role, is_district_office, visible_agencies
from gongkai.orgs.models import Agency, Membership, Role, User

from . import widgets
from .forms import AgencyContactForm, AgencyForm, AuditFilterForm, GrantRoleForm, UserCreateForm


def _require_district_office(request) -> None:
    if not is_district_office(request.user):
        raise PermissionDenied("只有区政务公开办可以访问此页面。")


@login_required
def dashboard(request):
    memberships = Membership.objects.filter(user=request.user).select_related("agency")
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "memberships": memberships,
            "is_district_office": is_district_office(request.user),
            "widgets": widgets.collect(request),
        },
    )


@login_required
def audit_log(request):
    agencies = visible_agencies(request.user)
    events = AuditEvent.objects.select_related("agency")
    if not is_district_office(request.user):
        events = events.filter(Q(agency__in=agencies) | Q(actor=request.user))
    form = AuditFilterForm(request.GET or None)
    form.fields["agency"].queryset = agencies.exclude(level="community")
    if form.is_valid():
        data = form.cleaned_data
        if data["agency"]:
            events = events.filter(agency=data["agency"])
        if data["actor"]:
            events = events.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            events = events.filter(
                created_at__gte=datetime.datetime.combine(data["date_from"], datetime.time.min, tz)
            )
        if data["date_to"]:
            events = events.filter(
                created_at__lt=datetime.datetime.combine(
                    data["date_to"] + datetime.timedelta(days=1), datetime.time.min, tz
                )
            )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "backoffice/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def user_list(request):
    _require_district_office(request)
    users = User.objects.prefetch_related("memberships__agency").order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/users.html", {"page": page, "q": q})


@login_required
def user_create(request):
    _require_district_office(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = org_services.create_user(actor=request.user, **form.cleaned_data)
        messages.success(request, f"已创建用户 {user.username}。")
        return redirect("backoffice:user_detail", pk=user.pk)
    return render(request, "backoffice/user_form.html", {"form": form})


@login_required
def user_detail(request, pk: int):
    _require_district_office(request)
    user = get_object_or_404(User, pk=pk)
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "grant" and form.is_valid():
            org_services.grant_role(actor=request.user, user=user, **form.cleaned_data)
            messages.success(request, "已授予岗位。")
            return redirect("backoffice:user_detail", pk=user.pk)
        if action in ("activate", "deactivate"):
            if user == request.user:
                messages.error(request, "不能停用自己的账号。")
            else:
                org_services.set_user_active(user, actor=request.user, active=action == "activate")
                messages.success(request, "已更新账号状态。")
            return redirect("backoffice:user_detail", pk=user.pk)
    return render(
        request,
        "backoffice/user_detail.html",
        {"subject": user, "form": form, "memberships": user.memberships.select_related("agency")},
    )


@login_required
@require_POST
def membership_revoke(request, pk: int, membership_pk: int):
    _require_district_office(request)
    membership = get_object_or_404(Membership, pk=membership_pk, user_id=pk)
    org_services.revoke_role(membership, actor=request.user)
    messages.success(request, "已撤销岗位。")
    return redirect("backoffice:user_detail", pk=pk)


@login_required
def agency_list(request):
    agencies = visible_agencies(request.user).exclude(level="community").select_related("parent")
    return render(request, "backoffice/agencies.html", {"agencies": agencies})


@login_required
def agency_edit(request, code: str):
    agency = get_agency_for_staff(request, code)
    if is_district_office(request.user):
        form_class = AgencyForm
    elif has_role(request.user, agency, Role.HEAD):
        form_class = AgencyContactForm
    else:
        raise PermissionDenied("只有区政务公开办或本机构负责人可以修改机构信息。")
    form = form_class(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if changes:
            org_services.update_agency(agency, actor=request.user, **changes)
            messages.success(request, "机构信息已保存。")
        return redirect("backoffice:agencies")
    return render(request, "backoffice/agency_form.html", {"agency": agency, "form": form})
