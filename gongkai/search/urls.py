"""Public URLs of the search slice: the search page, feeds, sitemap and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_page

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("feeds/records.atom", feeds.RecordFeed(), name="feed"),
    path("feeds/agencies/<slug:code>.atom", feeds.AgencyFeed(), name="agency_feed"),
    path("feeds/types/<str:record_type>.atom", feeds.RecordTypeFeed(), name="type_feed"),
    path(
        "sitemap.xml",
        cache_page(3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "search:sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
