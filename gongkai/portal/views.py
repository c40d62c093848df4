"""Public portal views. Thin: they read through QuerySet methods of the domain apps."""

from __future__ import annotations

from django.apps import apps
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.core.context_processors import ELDERLY_COOKIE
from gongkai.orgs.models import Agency, AgencyLevel

SECTIONS = {
    "policies": ("政策文件", "规章、行政规范性文件和其他文件将在这里按机构、类别和年份发布。"),
    "apply": (
        "依申请公开",
        "公民、法人或者其他组织可以向行政机关申请获取政府信息。在线申请功能即将开放。",
    ),
    "interact": ("互动交流", "重大行政决策意见征集、在线访谈和政府开放日将在这里发布。"),
    "services": ("办事服务", "办事指南、便民服务地图将在这里提供。"),
}


def home(request):
    from gongkai.records.models import POLICY_TYPES, Record, RecordType

    departments = Agency.objects.active().filter(level=AgencyLevel.DEPARTMENT)
    subdistricts = Agency.objects.active().filter(level=AgencyLevel.SUBDISTRICT)
    public = Record.objects.public().select_related("agency").order_by("-published_at", "-id")
    return render(
        request,
        "portal/home.html",
        {
            "departments": departments,
            "subdistricts": subdistricts,
            "latest_notices": public.exclude(record_type__in=POLICY_TYPES)[:8],
            "latest_policies": public.filter(
                record_type__in=[RecordType.RULE, RecordType.NORMATIVE, RecordType.INTERPRETATION]
            )[:8],
            "consultations": _open_consultations(),
            "services": _service_counts(),
        },
    )


#: Open consultations listed on the home page (the rest are on /interact/).
HOME_CONSULTATIONS = 5


def _open_consultations() -> list | None:
    """Decisions open for comment today, soonest close first, each with its days left
    (None without the participation app)."""
    if not apps.is_installed("gongkai.participation"):
        return None
    from gongkai.participation.models import Decision

    today = timezone.localdate()
    decisions = (
        Decision.objects.public()
        .open_on(today)
        .select_related("agency", "consultation")
        .order_by("consultation__closes_on", "id")[:HOME_CONSULTATIONS]
    )
    return [(d, d.consultation.days_left(today)) for d in decisions]


def _service_counts() -> dict | None:
    """How many guides and service points the public can see (None without the services app)."""
    if not apps.is_installed("gongkai.services"):
        return None
    from gongkai.services.models import Guide, ServicePoint

    return {
        "guides": Guide.objects.public().count(),
        "points": ServicePoint.objects.public().count(),
    }


def open_government(request):
    district = Agency.objects.filter(level=AgencyLevel.DISTRICT).first()
    return render(request, "portal/open.html", {"district": district})


def agency_list(request):
    agencies = Agency.objects.disclosing().select_related("parent")
    groups = [
        (label, [a for a in agencies if a.level == level])
        for level, label in AgencyLevel.choices
        if level != AgencyLevel.COMMUNITY
    ]
    return render(request, "portal/agencies.html", {"groups": groups})


def agency_guide(request, code: str):
    """The agency's 政府信息公开指南 (条例 Art. 12): classification, arrangement, how to obtain
    information, and the contact block of its disclosure office."""
    from gongkai.records.models import COLUMNS

    try:
        agency = Agency.objects.active().get(code=code)
    except Agency.DoesNotExist:
        raise Http404("未找到该机构。") from None
    return render(
        request,
        "portal/agency_guide.html",
        {"agency": agency, "columns": COLUMNS, "has_column": agency.level != AgencyLevel.COMMUNITY},
    )


#: Topic 综合政务\政务公开: the district's own rules on disclosure work.
DISCLOSURE_RULES_TOPIC = "0201"


def disclosure_rules(request):
    """政府信息公开制度: the statutes and the district's own rules on disclosure work."""
    from django.core.paginator import Paginator

    from gongkai.records.models import Record

    rules = (
        Record.objects.public()
        .filter(topic__code=DISCLOSURE_RULES_TOPIC)
        .select_related("agency")
        .order_by("-published_at", "-id")
    )
    page = Paginator(rules, 20).get_page(request.GET.get("page"))
    return render(request, "portal/rules.html", {"page": page})


def section(request, section: str):
    title, text = SECTIONS[section]
    return render(request, "portal/section.html", {"title": title, "text": text})


def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_POST
def toggle_elderly(request):
    """Switch the elderly-friendly mode (适老化) on or off; remembered for a year."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    turn_on = request.POST.get("mode") == "on"
    response.set_cookie(
        ELDERLY_COOKIE,
        "1" if turn_on else "0",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


def page_not_found(request, exception=None):
    return render(
        request,
        "portal/error.html",
        {"code": 404, "message": "您访问的页面不存在或已被移除。"},
        status=404,
    )


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限访问此页面。"
    return render(request, "portal/error.html", {"code": 403, "message": message}, status=403)


def server_error(request):
    return render(
        request,
        "portal/error.html",
        {"code": 500, "message": "服务器暂时无法处理您的请求，请稍后再试。"},
        status=500,
    )
