"""`gongkai workdays add|between|is|import`: working-day arithmetic and notice import.

    gongkai workdays add 2026-09-21 20          -> 2026-10-26
    gongkai workdays between 2026-09-30 2026-10-09
    gongkai workdays is 2026-10-10              -> workday
    gongkai workdays import NOTICE.txt [--dry-run] [--json]

An unknown year exits with status 1 and a message naming the year.
"""

from __future__ import annotations

import datetime
import json
import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.workdays import calendar
from gongkai.workdays.models import Arrangement
from gongkai.workdays.notice import NoticeError, format_error, parse_notice

OPERATOR = "命令行操作员"


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value!r}") from None


class Command(BaseCommand):
    help = "工作日计算与国务院办公厅节假日安排通知导入。Working-day arithmetic and notice import."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, metavar="add|between|is|import")
        add = sub.add_parser("add", help="the N-th working day after DATE (DATE not counted)")
        add.add_argument("date")
        add.add_argument("n", type=int)
        between = sub.add_parser(
            "between", help="working days after the first date up to and including the second"
        )
        between.add_argument("first")
        between.add_argument("second")
        is_ = sub.add_parser("is", help="print workday or holiday (and the holiday's name)")
        is_.add_argument("date")
        imp = sub.add_parser("import", help="parse a State Council notice (and save it)")
        imp.add_argument("notice", help="the notice as a UTF-8 text file, or - for stdin")
        imp.add_argument("--dry-run", action="store_true", help="parse and check; save nothing")
        imp.add_argument("--json", action="store_true", help="print the parsed days as JSON")
        imp.add_argument("--url", default="", help="where the notice is published (provenance)")
        imp.add_argument("--user", default="", help="username to record as the loader")

    def handle(self, *args, verb, **options):
        try:
            handler = {
                "add": self._add,
                "between": self._between,
                "is": self._is,
                "import": self._import,
            }[verb]
            return handler(**options)
        except calendar.UnknownYearError as exc:
            raise CommandError(
                f"{exc.year}年的节假日安排尚未载入（unknown year {exc.year}）。"
                f"请导入国务院办公厅关于{exc.year}年部分节假日安排的通知：gongkai workdays import NOTICE.txt"
            ) from None

    def _add(self, *, date, n, **_):
        self.stdout.write(calendar.add_workdays(_date(date), n).isoformat())

    def _between(self, *, first, second, **_):
        self.stdout.write(str(calendar.workdays_between(_date(first), _date(second))))

    def _is(self, *, date, **_):
        day = _date(date)
        if calendar.is_workday(day):
            self.stdout.write("workday")
        else:
            name = calendar.holiday_name(day)
            self.stdout.write(f"holiday {name}" if name else "holiday")

    def _import(self, *, notice, dry_run, json: bool, url, user, **_):
        from gongkai.workdays import services

        if notice == "-":
            text = sys.stdin.read()
        else:
            try:
                with open(notice, encoding="utf-8-sig") as fh:
                    text = fh.read()
            except OSError as exc:
                raise CommandError(f"无法读取文件 {notice}：{exc.strerror}") from None
            except UnicodeDecodeError:
                raise CommandError(f"文件 {notice} 不是 UTF-8 编码的文本。") from None
        try:
            parsed = parse_notice(text)
        except NoticeError as exc:
            for line, message in exc.errors:
                self.stderr.write(format_error(line, message))
            raise CommandError(
                f"通知无法解析（{len(exc.errors)}处错误），未保存任何数据。"
            ) from None
        if json:
            self.stdout.write(_json_dumps(parsed.as_json()))
        else:
            self._summary(parsed)
        for warning in parsed.warnings:
            self.stderr.write(f"提示：{warning}")
        if dry_run:
            if not json:
                self.stdout.write("（试运行，未保存。）")
            return
        actor = self._actor(user)
        replacing = Arrangement.objects.filter(year=parsed.year).exists()
        try:
            with transaction.atomic():
                arrangement = services.save_parsed_notice(
                    parsed, actor=actor, text=text, notice_url=url
                )
        except (PermissionDenied, services.ArrangementError) as exc:
            raise CommandError(f"未保存：{exc}") from None
        verb = "替换" if replacing else "载入"
        counts = ", ".join(f"{k}: {v}" for k, v in arrangement.recomputed.items()) or "无"
        (self.stderr if json else self.stdout).write(
            f"已{verb}{parsed.year}年节假日安排；重新计算的期限：{counts}。"
        )

    def _actor(self, username: str):
        if not username:
            return OPERATOR
        from gongkai.orgs.models import User

        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"用户 {username} 不存在。") from None

    def _summary(self, parsed):
        self.stdout.write(f"{parsed.title}（{parsed.year}年）")
        if parsed.number or parsed.signed_on:
            self.stdout.write(f"文号：{parsed.number or '—'}  日期：{parsed.signed_on or '—'}")
        for item in parsed.items:
            off = ", ".join(d.isoformat() for d in item.holidays)
            self.stdout.write(f"{item.name}：放假 {off}")
            if item.workdays:
                self.stdout.write("  调休上班 " + ", ".join(d.isoformat() for d in item.workdays))
        self.stdout.write(
            f"共 {len(parsed.holidays)} 个放假日，{len(parsed.workdays)} 个调休上班日。"
        )


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
