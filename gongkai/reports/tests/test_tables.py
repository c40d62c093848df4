"""The pure table core: building table 三/四 from counts, and the 勾稽 rules catching errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core.legal import RESULT_ROWS
from gongkai.reports import tables

NP, BIZ, RES, NGO, LAW, OTH = (
    "natural_person",
    "business",
    "research",
    "public_welfare",
    "legal_service",
    "other_org",
)


def known_table3() -> tables.Table3:
    return tables.build_table3(
        new={NP: 10, BIZ: 4, LAW: 1},
        carried_in={NP: 2, RES: 1},
        results={
            (NP, "granted"): 5,
            (NP, "withheld.state_secret"): 1,
            (NP, "other.fee_unpaid"): 2,
            (BIZ, "partial"): 3,
            (RES, "unable.not_held"): 1,
            (LAW, "not_processed.repeated"): 1,
        },
        carried_out={NP: 4, BIZ: 1},
    )


def test_build_table3_computes_totals_column_and_row():
    t = known_table3()
    assert t.get("new", "total") == 15
    assert t.get("carried_in", "total") == 3
    assert t.get("total", NP) == 8
    assert t.get("total", "total") == 13
    assert t.get("carried_out", "total") == 5
    assert t.get("withheld.state_secret", "total") == 1
    assert t.get("other.fee_unpaid", NP) == 2
    assert [c for c in tables.validate_table3(t) if not c.passed] == []


def test_build_table3_rejects_unknown_keys():
    with pytest.raises(ValueError, match="未知的办理结果行"):
        tables.build_table3(new={}, carried_in={}, results={(NP, "nope"): 1}, carried_out={})
    with pytest.raises(ValueError, match="未知的申请人类型"):
        tables.build_table3(new={"alien": 1}, carried_in={}, results={}, carried_out={})


def test_printed_shape_has_every_row_and_the_seven_columns():
    d = tables.table3_to_dict(known_table3())
    labels = list(d)
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[1] == "二、上年结转政府信息公开申请数量"
    assert labels[2:-2] == [p for _, p in RESULT_ROWS]
    assert labels[-2] == "三、本年度办理结果/（七）总计"
    assert labels[-1] == "四、结转下年度继续办理"
    assert list(d[labels[0]]) == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert d["三、本年度办理结果/（三）不予公开/1.属于国家秘密"]["自然人"] == 1
    # Round trip through the printed shape keeps every cell.
    assert tables.table3_from_dict(d).cells == known_table3().cells


def test_broken_table_is_caught_with_offending_cells():
    d = tables.table3_to_dict(known_table3())
    # A typing error in one leaf: 予以公开 for 自然人 6 instead of 5, totals left as they were.
    d["三、本年度办理结果/（一）予以公开"]["自然人"] = 6
    # And a row total that does not add up.
    d["四、结转下年度继续办理"]["总计"] = 7
    failed = [c for c in tables.validate_table3(tables.table3_from_dict(d)) if not c.passed]
    messages = [c.message for c in failed]
    assert any("（七）总计为8，各项办理结果之和为9" in m for m in messages)
    assert any(
        "“三、本年度办理结果/（一）予以公开”行：总计为5，各申请人列之和为6" in m for m in messages
    )
    assert any("“四、结转下年度继续办理”行：总计为7，各申请人列之和为5" in m for m in messages)
    # The 总计 column's balance is broken by the wrong 四 total.
    assert any(
        c.rule == "第一项加第二项之和等于第三项加第四项之和"
        and "四、结转下年度继续办理 × 总计" in c.cells
        for c in failed
    )
    cells = {cell for c in failed for cell in c.cells}
    assert "三、本年度办理结果/（一）予以公开 × 总计" in cells


def test_balance_rule_per_column():
    d = tables.table3_to_dict(known_table3())
    d["二、上年结转政府信息公开申请数量"]["商业企业"] = 1
    d["二、上年结转政府信息公开申请数量"]["总计"] = 4
    failed = [c for c in tables.validate_table3(tables.table3_from_dict(d)) if not c.passed]
    assert {c.message for c in failed if c.rule.startswith("第一项")} == {
        "商业企业列：一（4）+ 二（1）= 5，而三（七）总计（3）+ 四（1）= 4。",
        "总计列：一（15）+ 二（4）= 19，而三（七）总计（13）+ 四（5）= 18。",
    }


def test_carried_in_must_equal_last_years_carried_out():
    last_year = tables.build_table3(
        new={NP: 3}, carried_in={}, results={}, carried_out={NP: 2, RES: 1}
    )
    failed = [
        c
        for c in tables.validate_table3(known_table3(), previous_carried_out=last_year)
        if not c.passed
    ]
    assert failed == []
    last_year.cells["carried_out"][NP] = 1
    last_year.cells["carried_out"]["total"] = 2
    failed = [
        c
        for c in tables.validate_table3(known_table3(), previous_carried_out=last_year)
        if not c.passed
    ]
    assert {c.message for c in failed} == {
        "自然人列：上年结转为2，上年度报告结转下年度为1。",
        "总计列：上年结转为3，上年度报告结转下年度为2。",
    }


def test_table4_totals_and_broken_group():
    t = tables.build_table4({("reconsideration", "upheld"): 2, ("reconsideration", "pending"): 1})
    assert t.get("reconsideration", "total") == 3
    assert all(c.passed for c in tables.validate_table4(t))
    d = tables.table4_to_dict(t)
    assert list(d) == ["行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"]
    assert list(d["行政复议"]) == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    d["行政诉讼/复议后起诉"]["总计"] = 1
    failed = [c for c in tables.validate_table4(tables.table4_from_dict(d)) if not c.passed]
    assert [c.message for c in failed] == ["行政诉讼/复议后起诉：总计为1，各项之和为0。"]


def test_table2_shape_and_input_errors_name_the_cell():
    t = tables.table2_from_dict(
        {
            "第二十条第（一）项/行政规范性文件": {
                "本年制发件数": "3",
                "本年废止件数": 1,
                "现行有效件数": 12,
            },
            "第二十条第（八）项/行政事业性收费": {"本年收费金额（单位：万元）": "12.3456"},
        }
    )
    d = tables.table2_to_dict(t)
    assert d["第二十条第（一）项/行政规范性文件"] == {
        "本年制发件数": 3,
        "本年废止件数": 1,
        "现行有效件数": 12,
    }
    assert d["第二十条第（五）项/行政许可"] == {"本年处理决定数量": 0}
    assert d["第二十条第（八）项/行政事业性收费"] == {"本年收费金额（单位：万元）": 12.3456}
    assert t.get("fee", "amount") == Decimal("12.3456")
    assert all(c.passed for c in tables.validate_table2(t))
    with pytest.raises(
        tables.TableInputError, match="表二“行政许可”的“本年处理决定数量”：“三”不是整数"
    ):
        tables.table2_from_dict({"第二十条第（五）项/行政许可": {"本年处理决定数量": "三"}})
    negative = tables.table2_from_dict({"第二十条第（五）项/行政许可": {"本年处理决定数量": -1}})
    assert [c.message for c in tables.validate_table2(negative) if not c.passed] == [
        "“行政许可”的“本年处理决定数量”数值“-1”格式不正确。"
    ]


def test_2019_trial_format_rows():
    rows = tables.t3_rows(tables.FORMAT_2019)
    labels = [label for _, label in rows]
    assert "三、本年度办理结果/（六）其他处理" in labels
    assert not any(label.startswith("三、本年度办理结果/（六）其他处理/") for label in labels)
    t2 = [r.path for r in tables.t2_rows(tables.FORMAT_2019)]
    assert "第二十条第（五）项/其他对外管理服务事项" in t2
    assert "第二十条第（九）项/政府集中采购" in t2
    t = tables.build_table3(
        new={NP: 2}, carried_in={}, results={(NP, "other"): 2}, carried_out={}, fmt="2019"
    )
    assert all(c.passed for c in tables.validate_table3(t))
