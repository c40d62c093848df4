"""The scorecard as an XLSX workbook: per-agency scores, the site's 单项否决 results, and every
column that needs attention."""

from __future__ import annotations

import io

from django.utils import timezone

from gongkai.core.spreadsheets import xlsx_cell

from .checks import SiteReport

SCORE_HEADERS = [
    "序号",
    "单位",
    "层级",
    "栏目数",
    "未按期更新栏目",
    "空白栏目",
    "栏目最新发布日期",
    "发布时间异常",
    "目录事项未按期更新",
    "错链断链",
    "错敏词待核实",
    "严重表述错误（已核实）",
    "错别字（已核实）",
    "依申请公开逾期未答复",
    "近一年逾期答复",
    "扣分",
    "得分",
    "否决项",
    "结论",
]
VETO_HEADERS = ["序号", "单项否决指标", "结果", "说明"]
COLUMN_HEADERS = ["单位", "栏目", "更新周期类别", "更新周期", "最新发布日期", "信息条数", "问题"]


def _date(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else "—"


def score_rows(report: SiteReport) -> list[list]:
    rows = []
    for n, a in enumerate(report.agencies, start=1):
        rows.append(
            [
                n,
                a.agency.name,
                a.agency.get_level_display(),
                len(a.columns),
                len(a.stale_columns),
                len(a.blank_columns),
                _date(a.channel_latest),
                a.anomaly_total,
                len(a.items),
                a.broken_links,
                a.hits_open,
                a.hits_severe,
                a.hits_minor,
                a.applications_overdue,
                a.applications_late,
                float(sum(line.points for line in a.deductions)),
                float(a.score),
                "、".join(a.vetoes),
                a.verdict,
            ]
        )
    return rows


def write_scorecard(report: SiteReport) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    checked = timezone.localtime(report.now).strftime("%Y-%m-%d %H:%M")

    sheet = workbook.create_sheet("各单位得分")
    sheet.append([f"网站监测得分表（检查时间：{checked}；合格分数线：{report.pass_mark}分）"])
    sheet.append(SCORE_HEADERS)
    for row in score_rows(report):
        sheet.append([xlsx_cell(sheet, v) for v in row])

    sheet = workbook.create_sheet("单项否决")
    sheet.append(
        [f"国办秘函〔2019〕19号单项否决指标（检查时间：{checked}；结论：{report.verdict}）"]
    )
    sheet.append(VETO_HEADERS)
    for veto in report.vetoes:
        detail = " ".join([veto.detail, *veto.notes])
        sheet.append([veto.number, veto.label, veto.state_label, xlsx_cell(sheet, detail)])

    sheet = workbook.create_sheet("问题栏目")
    sheet.append(COLUMN_HEADERS)
    for column in report.all_columns():
        if column.state == "ok":
            continue
        sheet.append(
            [
                xlsx_cell(sheet, column.agency.name if column.agency else "区政府门户网站"),
                xlsx_cell(sheet, column.label),
                column.rule.label,
                column.rule.period_label,
                _date(column.latest),
                column.count,
                column.state_label,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
