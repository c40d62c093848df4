"""Generated first drafts of the narrative sections, stating the year's figures.

Staff edit the drafts freely; the figures in them come from the report's own tables so the text
and the tables agree when the draft is generated.
"""

from __future__ import annotations

from decimal import Decimal

from . import tables


def _t3(report) -> tables.Table3:
    return report.table3()


def _sum_group(t3: tables.Table3, prefix: str) -> int:
    return sum(t3.get(k, "total") for k, _ in tables.t3_result_rows(t3.fmt) if k.startswith(prefix))


def figures_sentence(report) -> str:
    t2, t3, t4 = report.table2(), _t3(report), report.table4()
    new, cin = t3.get("new", "total"), t3.get("carried_in", "total")
    done, cout = t3.get("total", "total"), t3.get("carried_out", "total")
    granted, partial = t3.get("granted", "total"), t3.get("partial", "total")
    reviews = t4.get("reconsideration", "total")
    suits = t4.get("litigation_direct", "total") + t4.get("litigation_after_review", "total")
    corrected = sum(t4.get(g, "corrected") for g, _ in tables.T4_GROUPS)
    return (
        f"{report.year}年，本机关制发行政规范性文件{t2.get('normative', 'issued')}件，"
        f"废止{t2.get('normative', 'repealed')}件，现行有效{t2.get('normative', 'in_force')}件；"
        f"本年新收政府信息公开申请{new}件，上年结转{cin}件，办结{done}件"
        f"（其中予以公开{granted}件、部分公开{partial}件、不予公开{_sum_group(t3, 'withheld.')}件、"
        f"无法提供{_sum_group(t3, 'unable.')}件、不予处理{_sum_group(t3, 'not_processed.')}件、"
        f"其他处理{_sum_group(t3, 'other')}件），结转下年度继续办理{cout}件；"
        f"因政府信息公开工作被申请行政复议{reviews}件、被提起行政诉讼{suits}件，"
        f"其中结果纠正{corrected}件。"
    )


def overview(report) -> str:
    return "\n".join(
        [
            f"{report.agency.name}深入贯彻落实《中华人民共和国政府信息公开条例》，"
            f"现将{report.year}年度政府信息公开工作情况报告如下。",
            "（一）主动公开方面",
            figures_sentence(report),
            "（二）依申请公开方面",
            "（请填写依申请公开工作的主要做法。）",
            "（三）政府信息管理",
            "（请填写政府信息管理情况。）",
            "（四）政府信息公开平台建设",
            "（请填写平台建设情况。）",
            "（五）监督保障",
            "（请填写工作考核、社会评议和责任追究结果情况。）",
        ]
    )


def problems(report) -> str:
    t3, t4 = _t3(report), report.table4()
    corrected = sum(t4.get(g, "corrected") for g, _ in tables.T4_GROUPS)
    lines = [
        f"{report.year}年度办结政府信息公开申请{t3.get('total', 'total')}件，"
        f"结转下年度继续办理{t3.get('carried_out', 'total')}件；"
        f"行政复议、行政诉讼结果纠正{corrected}件。",
        "存在的主要问题：（请填写。）",
        "改进情况：（请填写。）",
    ]
    return "\n".join(lines)


def fees_sentence(report) -> str:
    amount = report.fees_collected
    if amount is None:
        return "本年度收取信息处理费情况：（尚未填报）。"
    if amount == 0:
        return "本年度未收取信息处理费。"
    return f"本年度共收取信息处理费{_yuan(amount)}元。"


def other_matters(report) -> str:
    return "（请填写其他需要报告的事项；本年度收取信息处理费的情况由系统自动列出。）"


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"
