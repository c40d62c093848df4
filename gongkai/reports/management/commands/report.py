"""`gongkai report annual --agency CODE --year 2026 --format json|xlsx|docx [-o FILE]`.

Exports the latest version of the agency's report for the year; when no report exists yet, the
tables are computed from live data (figures without a source are then zero and marked entered).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.models import Agency
from gongkai.reports import drafting, exports
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import compute_figures

FORMATS = ("json", "xlsx", "docx")


class Command(BaseCommand):
    help = "导出政府信息公开工作年度报告。Export an agency's annual report (JSON, XLSX or DOCX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        annual = sub.add_parser("annual", help="政府信息公开工作年度报告")
        annual.add_argument("--agency", required=True, help="机构代码，例如 mzj")
        annual.add_argument("--year", required=True, type=int, help="报告年度，例如 2026")
        annual.add_argument("--format", choices=FORMATS, default="json", dest="fmt")
        annual.add_argument("-o", "--output", help="输出文件（默认标准输出；xlsx/docx 必须指定）")

    def handle(self, *args, verb, agency, year, fmt, output=None, **options):
        try:
            agency_obj = Agency.objects.get(code=agency)
        except Agency.DoesNotExist:
            raise CommandError(f"--agency：未找到机构代码“{agency}”。") from None
        report = (
            AnnualReport.objects.filter(agency=agency_obj, year=year).order_by("-version").first()
        )
        if report is None:
            report = AnnualReport(agency=agency_obj, year=year)
            figures = compute_figures(agency_obj, year)
            report.tables = figures.as_tables()
            report.origin = figures.origin
            report.fees_collected = figures.fees_collected
            report.overview = drafting.overview(report)
            report.problems = drafting.problems(report)
        if fmt == "json":
            data = (exports.to_json(report) + "\n").encode()
        elif fmt == "xlsx":
            data = exports.to_xlsx(report)
        else:
            data = exports.to_docx(report)
        if output:
            with open(output, "wb") as fh:
                fh.write(data)
            self.stderr.write(f"已写入 {output}")
        elif fmt == "json":
            self.stdout.write(data.decode(), ending="")
        else:
            if sys.stdout.isatty():
                raise CommandError(f"--format {fmt} 是二进制文件，请用 -o 指定输出文件。")
            sys.stdout.buffer.write(data)
