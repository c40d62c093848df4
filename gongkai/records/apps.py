from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "gongkai.records"
    label = "records"
    verbose_name = "政府信息"

    def ready(self):
        from gongkai.workdays import calendar

        from . import deadlines

        calendar.register_recompute("records", deadlines.recompute)
