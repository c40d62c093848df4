"""`gongkai catalog import|export`: the catalogue as Excel files in the national or nine-element
layout. An import validates the whole file first and changes nothing if anything is wrong."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog import excel, services
from gongkai.orgs.models import Membership, Role, User


class Command(BaseCommand):
    help = "公开目录 Excel 导入导出。Import or export the disclosure catalogue as Excel."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="导入目录（全有或全无）")
        imp.add_argument("file", help="FILE.xlsx")
        imp.add_argument("--layout", choices=sorted(excel.LAYOUTS), required=True)
        imp.add_argument("--dry-run", action="store_true", help="只校验并列出变更，不写入")
        imp.add_argument(
            "--as-user",
            default="",
            help="以此用户名记入审计日志（须为区政务公开办）；默认取第一个区政务公开办账号",
        )
        exp = sub.add_parser("export", help="导出目录")
        exp.add_argument("--layout", choices=sorted(excel.LAYOUTS), required=True)
        exp.add_argument("-o", "--output", required=True, help="FILE.xlsx")

    def handle(self, *args, **options):
        if options["verb"] == "export":
            return self._export(options)
        return self._import(options)

    def _export(self, options):
        started = time.perf_counter()
        data = excel.export_workbook(layout=options["layout"])
        Path(options["output"]).write_bytes(data)
        self.stdout.write(
            f"已导出到 {options['output']}（{excel.LAYOUTS[options['layout']]}，"
            f"{len(data) // 1024} KB，{time.perf_counter() - started:.1f} 秒）"
        )

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        started = time.perf_counter()
        self.stdout.write(f"[1/3] 读取并校验 {path.name} …")
        try:
            parsed = excel.read_workbook(path.read_bytes(), layout=options["layout"])
        except excel.CatalogFileInvalid as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(f"文件有 {len(exc.errors)} 处错误，未导入任何内容。") from None
        self.stdout.write(f"      {len(parsed.items)} 个事项，{len(parsed.domains)} 个领域")
        self.stdout.write("[2/3] 与现有目录比对 …")
        plan = excel.plan_import(parsed)
        s = plan.summary()
        self.stdout.write(
            f"      新增领域 {s['domains_added']}，修改领域 {s['domains_changed']}；"
            f"新增事项 {s['added']}，修改 {s['changed']}，移除 {s['removed']}，未变 {s['unchanged']}"
        )
        for d in plan.adds[:20]:
            self.stdout.write(f"      + {d['domain']}：{d['level1']} / {d['level2']}")
        for item, _d, fields in plan.changes[:20]:
            labels = "、".join(excel.R.FIELD_LABELS[f] for f in fields)
            self.stdout.write(f"      ~ {item.code} {item}：{labels}")
        for item in plan.removes[:20]:
            self.stdout.write(f"      - {item.code} {item}")
        hidden = sum(max(0, len(x) - 20) for x in (plan.adds, plan.changes, plan.removes))
        if hidden:
            self.stdout.write(f"      （另有 {hidden} 项未逐条列出）")
        if options["dry_run"]:
            self.stdout.write("试运行：未写入任何内容。")
            return
        actor = self._actor(options["as_user"])

        def progress(stage, done, total):
            self.stdout.write(f"      {stage} {done}/{total}")
            sys.stdout.flush()

        self.stdout.write("[3/3] 写入 …")
        services.apply_import(plan, actor=actor, filename=path.name, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"导入完成，用时 {time.perf_counter() - started:.1f} 秒。")
        )

    def _actor(self, username: str):
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"找不到用户 {username}") from None
        m = Membership.objects.filter(role=Role.DISTRICT_OFFICE).select_related("user").first()
        if m is not None:
            return m.user
        admin = User.objects.filter(is_superuser=True).first()
        if admin is None:
            raise CommandError("没有区政务公开办账号或系统管理员，请用 --as-user 指定。")
        return admin
