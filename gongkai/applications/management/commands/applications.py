"""`gongkai applications import FILE.jsonl` / `gongkai applications export FILE.jsonl`."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications import transfer
from gongkai.applications.models import Application


class Command(BaseCommand):
    help = "导入或导出依申请公开申请（JSON Lines，格式见 docs/applications.md）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="导入（全部成功或全部不导入）")
        imp.add_argument("file")
        exp = sub.add_parser("export", help="导出（含个人信息，请妥善保管）")
        exp.add_argument("file", help="输出文件，- 表示标准输出")
        exp.add_argument("--agency", help="只导出该机关代码的申请")
        exp.add_argument("--year", type=int, help="只导出该年提交的申请")

    def handle(self, *args, verb, **options):
        if verb == "import":
            try:
                with open(options["file"], encoding="utf-8") as handle:
                    count = transfer.import_lines(handle, actor="命令行导入")
            except FileNotFoundError as exc:
                raise CommandError(f"找不到文件：{options['file']}") from exc
            except transfer.ImportError_ as exc:
                raise CommandError(
                    "导入失败，未写入任何数据：\n" + "\n".join(exc.problems)
                ) from exc
            self.stdout.write(self.style.SUCCESS(f"已导入 {count} 件申请。"))
            return
        qs = Application.objects.all()
        if options.get("agency"):
            qs = qs.filter(agency__code=options["agency"])
        if options.get("year"):
            qs = qs.filter(submitted_at__year=options["year"])
        count = 0
        out = sys.stdout if options["file"] == "-" else open(options["file"], "w", encoding="utf-8")  # noqa: SIM115
        try:
            for line in transfer.export_lines(qs):
                out.write(line + "\n")
                count += 1
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(f"已导出 {count} 件申请。")
