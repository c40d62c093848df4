"""Demo annual reports: last year's reports published (a few late or missing, so the roll-up has
something to show), this year's draft for 区民政局, and a 2020 trial-format report entered by hand.

Where a source slice is installed its live data is used; figures without a source are filled
with plausible, balanced numbers and marked as entered, exactly as staff would enter them.
"""

from __future__ import annotations

import datetime
import random
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Agency, AgencyLevel, User

from . import drafting, services, tables
from .models import AnnualReport


def _balanced_table3(rng: random.Random, carried_in: dict[str, int], fmt: str = "2021") -> dict:
    """Printed-label table 三 whose columns balance, continuing last year's carry-over."""
    labels = dict(tables.t3_rows(fmt))
    weights = {
        "natural_person": 12,
        "business": 4,
        "research": 0,
        "public_welfare": 1,
        "legal_service": 2,
        "other_org": 1,
    }
    common = [
        "granted",
        "partial",
        "unable.not_held",
        "withheld.third_party",
        "not_processed.repeated",
    ]
    out: dict[str, dict[str, int]] = {}
    col_labels = dict(tables.T3_COLUMNS)
    result_keys = [k for k, _ in tables.t3_result_rows(fmt)]
    for column, weight in weights.items():
        new = rng.randint(0, weight * 3) if weight else 0
        cin = carried_in.get(column, 0)
        cout = rng.randint(0, min(2, new))
        to_close = new + cin - cout
        for _ in range(to_close):
            key = rng.choice(common) if rng.random() < 0.85 else rng.choice(result_keys)
            label = labels[key]
            out.setdefault(label, {})
            out[label][col_labels[column]] = out[label].get(col_labels[column], 0) + 1
        out.setdefault(labels["new"], {})[col_labels[column]] = new
        out.setdefault(labels["carried_in"], {})[col_labels[column]] = cin
        out.setdefault(labels["carried_out"], {})[col_labels[column]] = cout
    return out


def _entered(rng: random.Random, report: AnnualReport, carried_in: dict[str, int]) -> dict:
    data: dict = {}
    origin = report.origin or {}
    t2 = {}
    for row in tables.T2_ROWS_2021:
        if origin.get("二", {}).get(row.path) != services.ENTERED:
            continue
        if row.key in ("rule",):
            values = {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}
        elif row.key == "normative":
            issued = rng.randint(0, 6)
            values = {
                "本年制发件数": issued,
                "本年废止件数": rng.randint(0, 2),
                "现行有效件数": issued + rng.randint(5, 30),
            }
        elif row.key == "fee":
            values = {"本年收费金额（单位：万元）": "0"}
        else:
            values = {row.columns[0][1]: rng.randint(0, 400)}
        t2[row.path] = values
    data["二"] = t2
    if origin.get("三") == services.ENTERED:
        data["三"] = _balanced_table3(rng, carried_in)
    if origin.get("四") == services.ENTERED:
        n = rng.randint(0, 2)
        data["四"] = {"行政复议": {"结果维持": n, "尚未审结": rng.randint(0, 1)}}
    return data


def _carried_out(report: AnnualReport | None) -> dict[str, int]:
    if report is None:
        return {}
    t3 = report.table3()
    return {c: t3.get("carried_out", c) for c in tables.T3_APPLICANT_KEYS}


#: What the demo agencies write where the generated draft leaves text to staff.
STAFF_TEXT = {
    "工作考核、社会评议和责任追究结果情况": (
        "将政务公开工作纳入年度绩效考核，组织开展政务公开社会评议，本年度未发生因政务公开工作"
        "被责任追究的情况。"
    ),
    "": "按要求完成。",
}
PROBLEMS_TEXT = (
    "存在的主要问题：政策解读形式较为单一，部分栏目更新不够及时。\n"
    "改进情况：推行图解、问答等多样化解读，建立栏目更新提醒和月度自查机制。"
)


def _write_staff_text(report, actor):
    """Replace the draft's 请填写 markers the way an agency's staff would."""

    def fill(match):
        return STAFF_TEXT.get(match.group(1), STAFF_TEXT[""])

    pattern = re.compile(re.escape(drafting.PLACEHOLDER) + r"([^）]*?)。?）")
    problems = report.problems
    if drafting.PLACEHOLDER in problems:
        head = problems.split("\n")[0]
        problems = f"{head}\n{PROBLEMS_TEXT}"
    return services.update_sections(
        report,
        actor=actor,
        overview=pattern.sub(fill, report.overview),
        problems=problems,
        other_matters=pattern.sub(lambda m: "本年度无其他需要报告的事项。", report.other_matters),
    )


def _publish(report, actor, when: datetime.datetime) -> bool:
    """Approve and publish; a report whose live data fails a check stays a draft (as it would)."""
    report = _write_staff_text(report, actor)
    try:
        with transaction.atomic():
            services.approve_report(report, actor=actor)
    except ValidationError:
        return False
    services.publish_report(report, actor=actor)
    AnnualReport.objects.filter(pk=report.pk).update(approved_at=when, published_at=when)
    return True


def load(*, stdout, options) -> None:
    actor = User.objects.filter(username="office").first()
    if actor is None:
        stdout.write("reports: 未找到演示账号 office，跳过。")
        return
    today = timezone.localdate()
    year = today.year - 1
    agencies = list(Agency.objects.disclosing().order_by("order", "id"))
    if options.get("small"):
        agencies = [a for a in agencies if a.code in {"district", "mzj", "rsj", "cyjd"}]
    created = held = 0
    tz = timezone.get_current_timezone()
    for index, agency in enumerate(agencies):
        rng = random.Random(f"{agency.code}-{year}")
        with transaction.atomic():
            previous = None
            for y in (year - 1, year):
                existing = (
                    AnnualReport.objects.filter(agency=agency, year=y).order_by("-version").first()
                )
                if existing is not None:
                    previous = existing
                    continue
                if y == year and index % 9 == 8:
                    continue  # a few agencies have not started: "missing" in the roll-up
                report = services.create_report(agency=agency, year=y, actor=actor)
                report = services.enter_figures(
                    report,
                    actor=actor,
                    data=_entered(rng, report, _carried_out(previous)),
                    fees_collected="0",
                )
                if y == year and index % 7 == 6:
                    previous = report  # left as a draft
                    created += 1
                    continue
                day = 20 if agency.level != AgencyLevel.DISTRICT else 28
                month = 1 if agency.level != AgencyLevel.DISTRICT else 3
                if y == year and index % 11 == 10:
                    month, day = 2, 10  # published late
                if not _publish(report, actor, datetime.datetime(y + 1, month, day, 10, tzinfo=tz)):
                    held += 1
                previous = report
                created += 1
        if agency.code == "mzj":
            created += _load_mzj_extras(agency, actor, year, rng)
    note = f"，其中{held}份因数据未通过校验保留为草稿" if held else ""
    stdout.write(f"年度报告 {created} 份（{year - 1}–{year + 1}年度）{note}。")


def _load_mzj_extras(agency, actor, year, rng) -> int:
    created = 0
    with transaction.atomic():
        if not AnnualReport.objects.filter(agency=agency, year=2020).exists():
            report = services.create_historical_report(
                agency=agency, year=2020, fmt="2019", actor=actor
            )
            t3 = _balanced_table3(rng, {}, fmt="2019")
            t3_obj = tables.table3_from_dict(t3, "2019")
            counts = {c: t3_obj.get("new", c) for c in tables.T3_APPLICANT_KEYS}
            full = tables.build_table3(
                new=counts,
                carried_in={c: t3_obj.get("carried_in", c) for c in tables.T3_APPLICANT_KEYS},
                results={
                    (c, k): t3_obj.get(k, c)
                    for k, _ in tables.t3_result_rows("2019")
                    for c in tables.T3_APPLICANT_KEYS
                },
                carried_out={c: t3_obj.get("carried_out", c) for c in tables.T3_APPLICANT_KEYS},
                fmt="2019",
            )
            data = {
                "二": {
                    "第二十条第（一）项/规范性文件": {
                        "本年新制作数量": 3,
                        "本年新公开数量": 3,
                        "对外公开总数量": 41,
                    },
                    "第二十条第（五）项/行政许可": {
                        "上一年项目数量": 12,
                        "本年增/减": -1,
                        "处理决定数量": 208,
                    },
                },
                "三": tables.table3_to_dict(full),
                "四": {"行政复议": {"结果维持": 1, "总计": 1}},
            }
            report = services.enter_figures(report, actor=actor, data=data, fees_collected="0")
            services.update_sections(
                report,
                actor=actor,
                overview="2020年，区民政局认真贯彻落实《中华人民共和国政府信息公开条例》，（本报告按已发布原文录入）。",
                problems="（按已发布原文录入。）",
            )
            _publish(
                report,
                actor,
                datetime.datetime(2021, 1, 25, 10, tzinfo=timezone.get_current_timezone()),
            )
            created += 1
        if (
            not AnnualReport.objects.filter(agency=agency, year=year + 1).exists()
            and year + 1 <= timezone.localdate().year
        ):
            services.create_report(agency=agency, year=year + 1, actor=actor)
            created += 1
    return created
