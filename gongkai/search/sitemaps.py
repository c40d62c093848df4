"""sitemap.xml: an index of sections, each split into pages of at most 50,000 URLs (Django's
sitemap framework does the splitting). Records appear only through `Record.objects.public()`.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from gongkai.orgs.models import Agency

from .records_public import public_records


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 50_000

    def items(self):
        qs = public_records()
        return qs.order_by("pk") if qs is not None else []

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.published_at


class PortalSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            "/",
            "/open/",
            "/open/agencies/",
            "/policies/",
            "/apply/",
            "/interact/",
            "/services/",
        ]

    def location(self, item):
        return item


class AgencySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Agency.objects.active()

    def location(self, item):
        return f"/open/agencies/{item.code}/"


SITEMAPS = {"portal": PortalSitemap, "agencies": AgencySitemap, "records": RecordSitemap}
