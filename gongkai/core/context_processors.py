"""Template context shared by every page."""

from django.conf import settings

ELDERLY_COOKIE = "gk_elderly"


def site(request):
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "district_name": settings.GONGKAI_DISTRICT_NAME,
        "site_code": settings.GONGKAI_SITE_CODE,
        "site_icp": settings.GONGKAI_ICP,
        "site_psr": settings.GONGKAI_PUBLIC_SECURITY_RECORD,
        "elderly_mode": request.COOKIES.get(ELDERLY_COOKIE) == "1",
        "staff_is_district_office": _is_district_office(request),
    }


def _is_district_office(request) -> bool:
    from gongkai.orgs.access import is_district_office

    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and is_district_office(user))
