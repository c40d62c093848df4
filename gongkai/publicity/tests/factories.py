"""Rows in the 790号 layout for tests (column label → value)."""

from __future__ import annotations

import io

import openpyxl

from gongkai.orgs.uscc import make_uscc
from gongkai.publicity import standard
from gongkai.publicity.standard import make_id_card

PERSON_ID = make_id_card("31010719850612123")
REP_ID = make_id_card("31010519700101567")
COMPANY_USCC = make_uscc("91310120MA1K00123")


def penalty_row(agency, n: int = 1, **overrides) -> dict:
    row = {
        "行政相对人名称": "示范区好味道餐饮有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1（统一社会信用代码）": COMPANY_USCC,
        "法定代表人": "陈建国",
        "法定代表人证件类型": "身份证",
        "法定代表人证件号码": REP_ID,
        "行政处罚决定书文号": f"示民罚〔2026〕{n}号",
        "违法行为类型": "未按规定公示收费标准",
        "违法事实": "经查，当事人未在经营场所显著位置公示收费标准。",
        "处罚依据": "《养老机构管理办法》第四十六条",
        "处罚类别": "警告；罚款",
        "处罚内容": "警告，并处罚款人民币5000元",
        "罚款金额（万元）": "0.5",
        "处罚决定日期": "2026-03-02",
        "处罚机关": agency.name,
        "处罚机关统一社会信用代码": agency.uscc,
    }
    row.update(overrides)
    return row


def person_penalty_row(agency, n: int = 1, **overrides) -> dict:
    row = penalty_row(agency, n)
    row.update(
        {
            "行政相对人名称": "张三丰",
            "行政相对人类别": "自然人",
            "行政相对人代码_1（统一社会信用代码）": "",
            "法定代表人": "",
            "法定代表人证件类型": "",
            "法定代表人证件号码": "",
            "证件类型": "身份证",
            "证件号码": PERSON_ID,
        }
    )
    row.update(overrides)
    return row


def licence_row(agency, n: int = 1, **overrides) -> dict:
    row = {
        "行政相对人名称": "示范区康乐养老服务有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1（统一社会信用代码）": COMPANY_USCC,
        "法定代表人": "陈建国",
        "法定代表人证件类型": "身份证",
        "法定代表人证件号码": REP_ID,
        "行政许可决定文书名称": "准予养老机构备案决定书",
        "行政许可决定文书号": f"示民许〔2026〕{n}号",
        "许可类别": "登记",
        "许可证书名称": "养老机构备案回执",
        "许可编号": f"YL2026{n:05d}",
        "许可内容": "床位 120 张",
        "许可决定日期": "2026-03-02",
        "有效期自": "2026-03-02",
        "有效期至": "2029-03-01",
        "许可机关": agency.name,
        "许可机关统一社会信用代码": agency.uscc,
        "当前状态": "1",
    }
    row.update(overrides)
    return row


def table(kind: str, rows: list[dict]) -> list[list]:
    labels = [label for _, label in standard.COLUMNS[kind]]
    return [labels] + [[row.get(label, "") for label in labels] for row in rows]


def xlsx_bytes(kind: str, rows: list[dict]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in table(kind, rows):
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(kind: str, rows: list[dict]) -> bytes:
    import csv

    out = io.StringIO(newline="")
    csv.writer(out).writerows(table(kind, rows))
    return out.getvalue().encode("utf-8")
