from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        # Every source (built-in, or from an app's search_sources.py) connects the signals that
        # keep its kind of object up to date in the index.
        from .sources import sources

        for source in sources().values():
            source.connect()
