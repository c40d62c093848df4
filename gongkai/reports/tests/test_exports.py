"""Exports: the CLI JSON shape, the XLSX (openpyxl, merged headers, cells equal to the JSON) and
the DOCX (the six section headings in order)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from gongkai.reports import exports, services, tables
from gongkai.reports.models import AnnualReport

YEAR = 2026

# These tests exercise the staff-entered path; test_live.py covers computed figures.
pytestmark = pytest.mark.usefixtures("no_live_sources")

ENTERED = {
    "二": {
        "第二十条第（一）项/行政规范性文件": {
            "本年制发件数": 4,
            "本年废止件数": 1,
            "现行有效件数": 23,
        },
        "第二十条第（五）项/行政许可": {"本年处理决定数量": 312},
        "第二十条第（六）项/行政处罚": {"本年处理决定数量": 45},
        "第二十条第（八）项/行政事业性收费": {"本年收费金额（单位：万元）": "3.5"},
    },
    "三": {
        "一、本年新收政府信息公开申请数量": {"自然人": 20, "商业企业": 3, "法律服务机构": 2},
        "二、上年结转政府信息公开申请数量": {"自然人": 2},
        "三、本年度办理结果/（一）予以公开": {"自然人": 10, "商业企业": 2},
        "三、本年度办理结果/（三）不予公开/1.属于国家秘密": {"自然人": 1},
        "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息": {
            "自然人": 6,
            "法律服务机构": 2,
        },
        "三、本年度办理结果/（六）其他处理/3.其他": {"商业企业": 1},
        "四、结转下年度继续办理": {"自然人": 5},
    },
    "四": {"行政复议": {"结果维持": 1, "结果纠正": 1}, "行政诉讼/复议后起诉": {"尚未审结": 1}},
}


@pytest.fixture
def report(clerk, agency):
    r = services.create_report(agency=agency, year=YEAR, actor=clerk)
    return services.enter_figures(r, actor=clerk, data=ENTERED, fees_collected="120.00")


def cli_json(agency) -> dict:
    out = io.StringIO()
    call_command(
        "report",
        "annual",
        "--agency",
        agency.code,
        "--year",
        str(YEAR),
        "--format",
        "json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_cli_json_shape(report, agency):
    data = cli_json(agency)
    assert list(data) == ["二", "三", "四"]
    t3 = data["三"]
    assert t3["一、本年新收政府信息公开申请数量"] == {
        "自然人": 20,
        "商业企业": 3,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 2,
        "其他": 0,
        "总计": 25,
    }
    assert t3["三、本年度办理结果/（三）不予公开/1.属于国家秘密"]["总计"] == 1
    assert t3["三、本年度办理结果/（七）总计"]["总计"] == 22
    assert len(t3) == 2 + 21 + 2
    assert data["二"]["第二十条第（五）项/行政许可"] == {"本年处理决定数量": 312}
    assert data["二"]["第二十条第（八）项/行政事业性收费"] == {"本年收费金额（单位：万元）": 3.5}
    assert data["四"]["行政复议"] == {
        "结果维持": 1,
        "结果纠正": 1,
        "其他结果": 0,
        "尚未审结": 0,
        "总计": 2,
    }
    assert report.failed_checks() == []


def test_cli_computes_when_no_report_exists(agency, tmp_path):
    out = io.StringIO()
    call_command("report", "annual", "--agency", agency.code, "--year", "2025", stdout=out)
    data = json.loads(out.getvalue())
    assert data["三"]["三、本年度办理结果/（七）总计"]["总计"] == 0
    target = tmp_path / "r.docx"
    call_command(
        "report",
        "annual",
        "--agency",
        agency.code,
        "--year",
        "2025",
        "--format",
        "docx",
        "-o",
        str(target),
        stderr=io.StringIO(),
    )
    assert target.stat().st_size > 0


def test_cli_unknown_agency(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="未找到机构代码“nope”"):
        call_command("report", "annual", "--agency", "nope", "--year", "2026")


def test_xlsx_opens_and_matches_json(report, agency, tmp_path):
    target = tmp_path / "r.xlsx"
    call_command(
        "report",
        "annual",
        "--agency",
        agency.code,
        "--year",
        str(YEAR),
        "--format",
        "xlsx",
        "-o",
        str(target),
        stderr=io.StringIO(),
    )
    wb = load_workbook(target)
    assert wb.sheetnames == exports.SHEETS
    ws3 = wb.worksheets[1]
    merged = {str(r) for r in ws3.merged_cells.ranges}
    # The template's header: the note over three rows and label columns, 申请人情况 over 7 columns,
    # 法人或其他组织 over its five sub-columns, 自然人 and 总计 over two rows.
    assert {"A3:C5", "D3:J3", "E4:I4", "D4:D5", "J4:J5"} <= merged
    assert ws3["A3"].value == tables.T3_NOTE
    assert ws3["A6"].value == "一、本年新收政府信息公开申请数量"
    # 三、本年度办理结果 spans every result row and （七）总计; （三）不予公开 spans its 8 sub-rows.
    assert "A8:A29" in merged
    assert "B10:B17" in merged
    assert ws3["C10"].value == "1.属于国家秘密"
    data = cli_json(agency)
    assert ws3["D6"].value == data["三"]["一、本年新收政府信息公开申请数量"]["自然人"]
    assert ws3["J29"].value == data["三"]["三、本年度办理结果/（七）总计"]["总计"]
    ws4 = wb.worksheets[2]
    assert {"A3:E4", "F3:O3", "F4:J4", "K4:O4"} <= {str(r) for r in ws4.merged_cells.ranges}
    # Every cell read back from the workbook equals the JSON.
    assert exports.read_xlsx(target.read_bytes()) == data


def test_docx_has_six_headings_in_order(report):
    doc = Document(io.BytesIO(exports.to_docx(report)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == tables.SECTION_HEADINGS
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本年度共收取信息处理费120.00元。" in text
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    assert t3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert t3.cell(3, 9).text == "25"


def test_historical_2019_report_exports(clerk, agency):
    r = services.create_historical_report(agency=agency, year=2020, fmt="2019", actor=clerk)
    r = services.enter_figures(
        r,
        actor=clerk,
        data={
            "三": {
                "一、本年新收政府信息公开申请数量": {"自然人": 3, "总计": 3},
                "三、本年度办理结果/（六）其他处理": {"自然人": 3, "总计": 3},
                "三、本年度办理结果/（七）总计": {"自然人": 3, "总计": 3},
            },
            "二": {"第二十条第（九）项/政府集中采购": {"采购项目数量": 2, "采购总金额": "15.5"}},
        },
    )
    assert AnnualReport.objects.get(pk=r.pk).failed_checks() == []
    data = r.export_dict()
    assert data["三"]["三、本年度办理结果/（六）其他处理"]["总计"] == 3
    assert exports.read_xlsx(exports.to_xlsx(r), fmt="2019") == data
