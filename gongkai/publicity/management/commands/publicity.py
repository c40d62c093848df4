"""`gongkai publicity import|export|expire`: 双公示 files from the command line.

gongkai publicity import penalties.xlsx --kind penalty --user clerk [--check]
gongkai publicity export --kind licence --agency scjgj -o licences.xlsx [--public]
gongkai publicity expire
gongkai publicity refresh-public-text
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.orgs.models import Agency, User
from gongkai.publicity import exporting, services, standard
from gongkai.publicity.importing import ImportRejected, parse_file
from gongkai.publicity.masking import public_row, refresh_public_text, staff_row
from gongkai.publicity.models import Licence, Penalty

MODELS = {"licence": Licence, "penalty": Penalty}


class Command(BaseCommand):
    help = "双公示数据的导入、导出和到期撤下。Import, export and expire licences and penalties."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入 XLSX/CSV（全部成功或全部不导入）")
        imp.add_argument("file")
        imp.add_argument("--kind", choices=list(MODELS), required=True)
        imp.add_argument("--user", required=True, help="以该工作人员的身份导入（用户名）")
        imp.add_argument("--check", action="store_true", help="只校验，不导入")
        exp = sub.add_parser("export", help="按标准格式导出")
        exp.add_argument("--kind", choices=list(MODELS), required=True)
        exp.add_argument("--agency", help="机构代码，不填为全部")
        exp.add_argument("-o", "--output", required=True, help="输出文件（.xlsx 或 .csv）")
        exp.add_argument(
            "--public", action="store_true", help="只导出公示中的信息并去标识化（对外发布用）"
        )
        exp.add_argument("--user", help="完整信息导出须记录审计：操作人用户名")
        sub.add_parser("expire", help="撤下公示期满的行政处罚（与 gongkai tick 相同）")
        sub.add_parser(
            "refresh-public-text",
            help="重新计算公开检索所用的去标识化文本（遮蔽规则的代码更新后运行）",
        )

    def handle(self, *args, **options):
        getattr(self, f"_{options['action'].replace('-', '_')}")(options)

    def _user(self, username):
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"用户“{username}”不存在或已停用。") from None

    def _progress(self, done: int, total: int) -> None:
        sys.stderr.write(f"\r校验中：{done}/{total} 行")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = self._user(options["user"])
        data = path.read_bytes()
        kind = options["kind"]
        if options["check"]:
            result = parse_file(kind, data, path.name, actor=actor, progress=self._progress)
            if result.errors:
                self._fail(result.errors)
            self.stdout.write(self.style.SUCCESS(f"校验通过：{len(result.objects)} 行。"))
            return
        try:
            result = services.import_file(
                actor=actor, kind=kind, filename=path.name, data=data, progress=self._progress
            )
        except ImportRejected as exc:
            self._fail(exc.errors)
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {len(result.objects)} 条{standard.KIND_LABELS[kind]}信息"
                f"（逾期公示 {result.late_count} 条，不予公示 {result.withheld_count} 条）。"
            )
        )

    def _fail(self, errors):
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(f"共 {len(errors)} 处错误，未导入任何数据。")

    def _export(self, options):
        kind, output = options["kind"], Path(options["output"])
        fmt = output.suffix.lstrip(".").lower()
        if fmt not in exporting.WRITERS:
            raise CommandError("输出文件须以 .xlsx 或 .csv 结尾。")
        agency = None
        qs = MODELS[kind].objects.order_by("decided_on", "id")
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"机构代码“{options['agency']}”不存在。")
            qs = qs.filter(agency=agency)
        if options["public"]:
            rows = [public_row(obj) for obj in qs.public()]
        else:
            if not options["user"]:
                raise CommandError(
                    "导出完整信息须用 --user 指定操作人（记录审计日志），或用 --public。"
                )
            actor = self._user(options["user"])
            rows = [staff_row(obj) for obj in qs]
            services.audit_staff_export(actor=actor, kind=kind, agency=agency, count=len(rows))
        writer, _ = exporting.WRITERS[fmt]
        output.write_bytes(writer(kind, rows))
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(rows)} 条到 {output}。"))

    def _expire(self, options):
        count = services.expire_penalties(today=timezone.localdate())
        self.stdout.write(f"{count} 条行政处罚公示期满，已撤下。")

    def _refresh_public_text(self, options):
        for kind, model in MODELS.items():
            count = refresh_public_text(model.objects.all())
            self.stdout.write(f"{standard.KIND_LABELS[kind]}：{count} 条的公开检索文本已更新。")
