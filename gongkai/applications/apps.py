from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.workdays import calendar

        from . import services

        # Stored deadlines are derived from the calendar: recompute them when it changes.
        calendar.register_recompute("applications", services.recompute)
