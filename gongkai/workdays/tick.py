"""`gongkai tick` for the working-day calendar: log the alarm for a year that is not loaded.

From 1 November a missing next-year arrangement is logged as a warning (and printed), as is
every recorded computation that reached an unknown year. Idempotent; run it daily from cron.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from . import alarms

logger = logging.getLogger("gongkai.workdays")


def run(*, now, stdout) -> list[int]:
    today = timezone.localdate(now)
    missing = alarms.missing_years(today)
    for year in missing:
        message = (
            f"{year}年节假日安排尚未载入：请区政务公开办导入国务院办公厅关于{year}年部分节假日安排的通知"
            f"（gongkai workdays import NOTICE.txt，或后台“工作日历”）。"
        )
        logger.warning("workdays: year %s is not loaded", year)
        stdout.write(f"告警：{message}")
    for alarm in alarms.open_alarms():
        logger.warning(
            "workdays: %s deadline computations reached year %s, which is not loaded",
            alarm.hits,
            alarm.year,
        )
        stdout.write(f"告警：{alarm.hits} 次期限计算因{alarm.year}年安排未载入而无法完成。")
    if not missing:
        stdout.write("工作日历：所需年份均已载入。")
    return missing
