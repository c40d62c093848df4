from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "gongkai.publicity"
    label = "publicity"
    verbose_name = "双公示"

    def ready(self):
        from gongkai.workdays import calendar

        from .rules import recompute_deadlines

        calendar.register_recompute("publicity", recompute_deadlines)
