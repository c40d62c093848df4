"""`gongkai demo`: load the fictional 示范区 with data for every app (idempotent)."""

from django.core.management.base import BaseCommand

from gongkai.core.plugins import app_modules


class Command(BaseCommand):
    help = "载入示范区演示数据（可重复执行）。Load the demo district's data; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help="load a reduced data set (for tests and quick looks)",
        )

    def handle(self, *args, **options):
        for app, module in app_modules("demo"):
            self.stdout.write(f"== {app}")
            module.load(stdout=self.stdout, options=options)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
