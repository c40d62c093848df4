"""Atom feeds of published records: the whole site, one agency, one record type.

Only `Record.objects.public()` rows appear. While the records app has no Record model the
feeds answer 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from gongkai.orgs.models import Agency

from . import text as T
from .records_public import public_records

FEED_SIZE = 50


class RecordFeed(Feed):
    feed_type = Atom1Feed
    link = "/"

    def __call__(self, request, *args, **kwargs):
        if public_records() is None:
            raise Http404("政府信息尚未启用。")
        response = super().__call__(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def title(self, obj=None):
        return f"{settings.GONGKAI_SITE_NAME}政府信息公开"

    def subtitle(self, obj=None):
        return "最新主动公开的政府信息"

    def records(self, obj=None):
        return public_records()

    def items(self, obj=None):
        return (
            self.records(obj)
            .exclude(published_at=None)
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = T.html_to_text(item.body)
        return text[:300] + ("…" if len(text) > 300 else "")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.index_no or item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.agency.name

    def item_categories(self, item):
        getter = getattr(item, "get_record_type_display", None)
        return [str(getter() if getter else item.record_type)]


class AgencyFeed(RecordFeed):
    def get_object(self, request, code):
        return get_object_or_404(Agency, code=code)

    def title(self, obj=None):
        return f"{obj.name}政府信息公开"

    def link(self, obj=None):
        return f"/open/agencies/{obj.code}/"

    def records(self, obj=None):
        return public_records().filter(agency=obj)


class RecordTypeFeed(RecordFeed):
    def get_object(self, request, record_type):
        return record_type

    def title(self, obj=None):
        return f"{settings.GONGKAI_SITE_NAME}政府信息公开：{obj}"

    def records(self, obj=None):
        return public_records().filter(record_type=obj)
