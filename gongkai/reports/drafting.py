"""Generated first drafts of the narrative sections, stating the year's figures.

Staff edit the drafts freely; the figures in them come from the report's own tables so the text
and the tables agree when the draft is generated.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from . import tables


def _t3(report) -> tables.Table3:
    return report.table3()


def _sum_group(t3: tables.Table3, prefix: str) -> int:
    return sum(t3.get(k, "total") for k, _ in tables.t3_result_rows(t3.fmt) if k.startswith(prefix))


def proactive_sentence(report) -> str:
    """(一) 主动公开: normative documents (table 二) and what was published in the year."""
    from gongkai.records.models import Record

    t2 = report.table2()
    published = (
        Record.objects.public().filter(agency=report.agency, published_at__year=report.year).count()
    )
    return (
        f"{report.year}年，本机关主动公开政府信息{published}条；"
        f"制发行政规范性文件{t2.get('normative', 'issued')}件，"
        f"废止{t2.get('normative', 'repealed')}件，现行有效{t2.get('normative', 'in_force')}件。"
    )


def figures_sentence(report) -> str:
    """(二) 依申请公开: the table 三 and 四 totals."""
    t3, t4 = _t3(report), report.table4()
    new, cin = t3.get("new", "total"), t3.get("carried_in", "total")
    done, cout = t3.get("total", "total"), t3.get("carried_out", "total")
    granted, partial = t3.get("granted", "total"), t3.get("partial", "total")
    reviews = t4.get("reconsideration", "total")
    suits = t4.get("litigation_direct", "total") + t4.get("litigation_after_review", "total")
    corrected = sum(t4.get(g, "corrected") for g, _ in tables.T4_GROUPS)
    return (
        f"本年新收政府信息公开申请{new}件，上年结转{cin}件，办结{done}件"
        f"（其中予以公开{granted}件、部分公开{partial}件、不予公开{_sum_group(t3, 'withheld.')}件、"
        f"无法提供{_sum_group(t3, 'unable.')}件、不予处理{_sum_group(t3, 'not_processed.')}件、"
        f"其他处理{_sum_group(t3, 'other')}件），结转下年度继续办理{cout}件；"
        f"因政府信息公开工作被申请行政复议{reviews}件、被提起行政诉讼{suits}件，"
        f"其中结果纠正{corrected}件。"
    )


#: Marks text that staff must still write; a report containing it cannot be approved.
PLACEHOLDER = "（请填写"


def requests_sentence(report) -> str:
    """(二) 依申请公开: channels and timeliness of the year's applications, from live data."""
    from django.db.models import Count, F, Q

    from gongkai.applications.models import Application, Channel

    rows = Application.objects.filter(agency=report.agency, received_on__year=report.year)
    by_channel = dict(
        rows.values_list("channel").annotate(n=Count("id")).values_list("channel", "n")
    )
    closed = rows.filter(closed_on__year=report.year, due_on__isnull=False).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(closed_on__lte=F("due_on")))
    )
    parts = [
        f"{Channel(c).label}{n}件" for c, n in sorted(by_channel.items(), key=lambda kv: -kv[1])
    ]
    text = figures_sentence(report)
    if parts:
        text += f"本年新收申请按渠道分：{'、'.join(parts)}"
    if closed["n"]:
        rate = closed["on_time"] * 100 / closed["n"]
        text += (
            f"；本年新收申请中年内办结{closed['n']}件，按期答复{closed['on_time']}件，"
            f"按期答复率{rate:.1f}%"
        )
    return text + ("。" if parts or closed["n"] else "")


def records_sentence(report) -> str:
    """(三) 政府信息管理: registration with a disclosure attribute, the proactive rate, lateness."""
    from gongkai.records import stats
    from gongkai.records.models import Record

    rate = stats.disclosure_rate(report.agency, report.year)
    end = datetime.date(report.year, 12, 31)
    late = (
        Record.objects.filter(agency=report.agency, formed_on__year=report.year)
        .late(today=end)
        .count()
    )
    text = f"本年度登记政府信息{rate.registered}件，均在拟制时确定公开属性，其中主动公开{rate.proactive}件"
    if rate.rate is not None:
        text += f"，主动公开率{rate.rate}%"
    return text + f"；超过法定期限公开{late}件。"


def platform_sentence(report) -> str:
    """(四) 平台建设: the catalogue the agency maintains on the platform."""
    from gongkai.catalog.models import Item

    items = Item.objects.active().filter(agency=report.agency).count()
    return (
        "依托区政府门户网站政府信息公开平台集中发布政府信息，按照政务公开标准目录维护公开事项"
        f"{items}项，提供信息检索、查阅、下载功能。"
    )


def overview(report) -> str:
    return "\n".join(
        [
            f"{report.agency.name}深入贯彻落实《中华人民共和国政府信息公开条例》，"
            f"现将{report.year}年度政府信息公开工作情况报告如下。",
            "（一）主动公开方面",
            proactive_sentence(report),
            "（二）依申请公开方面",
            requests_sentence(report),
            "（三）政府信息管理",
            records_sentence(report),
            "（四）政府信息公开平台建设",
            platform_sentence(report),
            "（五）监督保障",
            f"{PLACEHOLDER}工作考核、社会评议和责任追究结果情况。）",
        ]
    )


def unfinished_sections(report) -> list[str]:
    """Headings of the narrative sections that still contain text to be written."""
    sections = [
        ("一、总体情况", report.overview),
        ("五、存在的主要问题及改进情况", report.problems),
        ("六、其他需要报告的事项", report.other_matters),
    ]
    return [heading for heading, text in sections if PLACEHOLDER in (text or "")]


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
