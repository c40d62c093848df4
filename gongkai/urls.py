"""Root URLs. Each domain app contributes public URLs (`<app>/urls.py`), back-office URLs
(`<app>/staff_urls.py`) and API endpoints (`<app>/api.py`); the shells come last so a domain
app's page replaces a shell placeholder at the same path."""

from django.contrib import admin
from django.urls import include, path

from gongkai.api.v1 import api

DOMAIN_APPS = [
    "workdays",
    "catalog",
    "records",
    "search",
    "applications",
    "publicity",
    "participation",
    "reports",
    "services",
    "monitoring",
]

urlpatterns = [
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    *[path("staff/", include(f"gongkai.{app}.staff_urls")) for app in DOMAIN_APPS],
    path("staff/", include("gongkai.backoffice.urls")),
    *[path("", include(f"gongkai.{app}.urls")) for app in DOMAIN_APPS],
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.page_not_found"
handler403 = "gongkai.portal.views.permission_denied"
handler500 = "gongkai.portal.views.server_error"
