"""`gongkai tick`: periodic work of every app. Cron-friendly and idempotent."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.core.plugins import app_modules


class Command(BaseCommand):
    help = "执行周期任务（提醒、到期下架、告警）。Run every app's periodic work once."

    def handle(self, *args, **options):
        now = timezone.now()
        for app, module in app_modules("tick"):
            self.stdout.write(f"== {app}")
            module.run(now=now, stdout=self.stdout)
