import logging

from django.apps import AppConfig

log = logging.getLogger(__name__)


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.catalog.models import Item

        from . import indexing

        post_save.connect(indexing.on_catalog_item_saved, sender=Item, dispatch_uid="search-item")
        post_delete.connect(
            indexing.on_catalog_item_deleted, sender=Item, dispatch_uid="search-item-del"
        )
        # The records app is built in parallel: connect to its signal when it exists. Until
        # then search works without records (the lead finishes this wiring on merge).
        try:
            from gongkai.records.signals import record_changed
        except ImportError:
            log.debug("gongkai.records.signals not available yet; records are not indexed live")
        else:
            record_changed.connect(indexing.on_record_changed, dispatch_uid="search-records")
