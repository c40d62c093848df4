"""Template context shared by every page."""

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

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
        "site_contact": SimpleLazyObject(_site_contact),
    }


def _site_contact() -> dict:
    """The district government's contact block for the footer (cached for five minutes)."""
    contact = cache.get("gk:site_contact")
    if contact is None:
        from gongkai.orgs.models import Agency, AgencyLevel

        district = Agency.objects.filter(level=AgencyLevel.DISTRICT).order_by("order", "id").first()
        contact = {
            "office": district.office_name if district else "",
            "address": district.address if district else "",
            "postcode": district.postcode if district else "",
            "phone": district.phone if district else "",
        }
        cache.set("gk:site_contact", contact, 300)
    return contact


def _is_district_office(request) -> bool:
    from gongkai.orgs.access import is_district_office

    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and is_district_office(user))
