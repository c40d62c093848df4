"""`gongkai monitoring probe|scan|report`: website monitoring from the command line.

gongkai monitoring probe [--force]          visit the availability targets that are due (all with --force)
gongkai monitoring scan [--links] [--words] [--external]
gongkai monitoring report [-o scorecard.xlsx]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.monitoring import checks, exporting
from gongkai.monitoring.links import scan_links
from gongkai.monitoring.probes import run_probes
from gongkai.monitoring.words import scan_words


class Command(BaseCommand):
    help = "网站监测：可用性探测、错链和错敏词检查、得分表。Website monitoring."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        probe = sub.add_parser("probe", help="探测到期的监测地址（与 gongkai tick 相同）")
        probe.add_argument("--force", action="store_true", help="不论间隔，立即探测全部地址")
        scan = sub.add_parser("scan", help="检查已公开信息的错链和错敏词")
        scan.add_argument("--links", action="store_true", help="只检查链接")
        scan.add_argument("--words", action="store_true", help="只检查错敏词")
        scan.add_argument(
            "--external", action="store_true", help="本次也检查外部链接（不论监测设置）"
        )
        report = sub.add_parser("report", help="输出单项否决结论和各单位得分")
        report.add_argument("-o", "--output", help="同时写出 Excel 得分表")

    def handle(self, *args, **options):
        actions = {"probe": self._probe, "scan": self._scan, "report": self._report}
        actions[options["action"]](options)

    def _probe(self, options):
        probes = run_probes(force=options["force"])
        if not probes:
            self.stdout.write("没有到期的监测地址。")
        for probe in probes:
            result = "成功" if probe.ok else f"失败：{probe.error}"
            self.stdout.write(
                f"{probe.target.name} {probe.target.url} {probe.elapsed_ms}ms {result}"
            )

    def _scan(self, options):
        both = not options["links"] and not options["words"]
        if options["words"] or both:
            summary = scan_words().summary
            self.stdout.write(
                f"错敏词：命中 {summary['hits']} 处（新增 {summary['new']}，已消除 {summary['resolved']}）。"
            )
        if options["links"] or both:
            summary = scan_links(external=True if options["external"] else None).summary
            self.stdout.write(
                f"错链：链接 {summary['links']} 个，失效 {summary['broken']} 个，"
                f"未检查的外部链接 {summary['unchecked']} 个。"
            )

    def _report(self, options):
        report = checks.evaluate()
        self.stdout.write(f"检查时间：{timezone.localtime(report.now):%Y-%m-%d %H:%M}")
        self.stdout.write(f"门户网站结论：{report.verdict}")
        for veto in report.vetoes:
            self.stdout.write(f"  {veto.number}. {veto.label}：{veto.state_label}。{veto.detail}")
        failing = report.failing_agencies
        self.stdout.write(f"不合格单位 {len(failing)} 个（共 {len(report.agencies)} 个）：")
        for row in failing:
            vetoes = f"；否决项：{'、'.join(row.vetoes)}" if row.vetoes else ""
            self.stdout.write(f"  {row.agency.name}：{row.score} 分{vetoes}")
        if options.get("output"):
            Path(options["output"]).write_bytes(exporting.write_scorecard(report))
            self.stdout.write(f"已写出 {options['output']}")
