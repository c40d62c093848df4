from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.workdays import calendar

        from . import services
        from .corrections import services as corrections

        # Stored deadlines are derived from the calendar: recompute them when it changes.
        calendar.register_recompute("applications", services.recompute)
        calendar.register_recompute("corrections", corrections.recompute)
