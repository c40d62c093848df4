"""`gongkai records import FILE.jsonl`: import records from an existing site (all or nothing)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.models import User
from gongkai.records.importer import ImportFailed, import_records

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "政府信息：导入（import）。Records: import FILE.jsonl (schema in docs/records.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser(
            "import", help="从 JSON Lines 文件导入政府信息（全部成功或全部不导入）"
        )
        imp.add_argument("file", help="JSON Lines 文件，每行一个对象，UTF-8 编码")
        imp.add_argument("--actor", help="记入审计日志的操作人用户名（默认：系统）")

    def handle(self, *args, **options):
        if options["verb"] == "import":
            self._import(options)

    def _import(self, options):
        actor = None
        if options.get("actor"):
            actor = User.objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"用户“{options['actor']}”不存在。")
        path = options["file"]
        try:
            handle = open(path, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"无法打开文件 {path}：{exc.strerror}") from None
        try:
            with handle:
                count = import_records(handle, actor=actor, stdout=self.stdout, source=path)
        except UnicodeDecodeError:
            raise CommandError(f"{path} 不是 UTF-8 编码的文本文件，未导入任何信息。") from None
        except ImportFailed as exc:
            shown = exc.errors[:MAX_ERRORS_SHOWN]
            for line in shown:
                self.stderr.write(line)
            more = len(exc.errors) - len(shown)
            if more:
                self.stderr.write(f"……另有 {more} 处错误")
            raise CommandError(f"发现 {len(exc.errors)} 处错误，未导入任何信息。") from None
        self.stdout.write(self.style.SUCCESS(f"已导入 {count} 条政府信息。"))
