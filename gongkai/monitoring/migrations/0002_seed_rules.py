"""Seed the freshness classes and the 扣分 lines with their defaults (rules.py)."""

from django.db import migrations

# Frozen copies of the defaults at the time of this migration (rules.py may change later).
RULES = [
    ("news", "动态、要闻类", "column", 14, "day", "国办秘函〔2019〕19号：2周内应有更新", 1),
    (
        "notice_policy",
        "通知公告、政策文件类",
        "column",
        6,
        "month",
        "国办秘函〔2019〕19号：6个月内应有更新",
        2,
    ),
    (
        "long",
        "人事、规划计划等应定期更新类",
        "column",
        12,
        "month",
        "2015年普查问答将人事、规划计划类栏目列为“应更新但长期不更新”；期限1年为通行做法，未见原文 [U]",
        3,
    ),
    (
        "irregular",
        "不定期更新类（只检查是否空白）",
        "column",
        None,
        "day",
        "按需发布的栏目没有固定更新周期，只检查是否为空白栏目",
        4,
    ),
    (
        "item_monthly",
        "按月公开的目录事项",
        "item",
        2,
        "month",
        "本区默认：上月信息在次月内公开，因此最新信息不得早于2个月前 [U]",
        5,
    ),
    (
        "item_quarterly",
        "按季度公开的目录事项",
        "item",
        4,
        "month",
        "本区默认：季度信息在下一季度第一个月内公开 [U]",
        6,
    ),
    (
        "item_yearly",
        "按年度公开的目录事项",
        "item",
        13,
        "month",
        "本区默认：年度信息每年公开一次，留1个月余量 [U]",
        7,
    ),
    (
        "item_event",
        "按事件公开的目录事项（实时、及时、工作日时限、法定期限）",
        "item",
        None,
        "day",
        "信息何时形成无法从数据判断，只检查事项是否从未关联任何已公开信息",
        8,
    ),
]
DEDUCTIONS = [
    ("channel_home_stale", "栏目首页两周未更新", 20, 20, 1),
    ("stale_column", "栏目未按期更新（每个）", 3, 30, 2),
    ("blank_column", "空白栏目（每个）", 3, 30, 3),
    ("time_anomaly", "发布时间缺失或异常（每条）", 1, 10, 4),
    ("stale_item", "目录事项未按期更新（每项）", 1, 20, 5),
    ("broken_link", "错链断链（每处）", 1, 10, 6),
    ("minor_wording", "错别字（经核实，每处）", 1, 10, 7),
    ("application_late", "依申请公开逾期答复（每件）", 2, 10, 8),
]


def seed(apps, schema_editor):
    FreshnessRule = apps.get_model("monitoring", "FreshnessRule")
    Deduction = apps.get_model("monitoring", "Deduction")
    for code, label, scope, period, unit, basis, order in RULES:
        FreshnessRule.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "scope": scope,
                "period": period,
                "unit": unit,
                "basis": basis,
                "order": order,
            },
        )
    for code, label, points, cap, order in DEDUCTIONS:
        Deduction.objects.get_or_create(
            code=code, defaults={"label": label, "points": points, "cap": cap, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
