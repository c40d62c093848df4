"""The State Council notice parser: real notices reproduce `chinese_calendar` exactly; malformed
notices are rejected line by line."""

import datetime
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.workdays import notices
from gongkai.workdays.calendar import package_holiday_name
from gongkai.workdays.notice import NoticeError, parse_notice

D = datetime.date
SYNTHETIC_2027 = (Path(__file__).parent / "notices" / "2027-synthetic.txt").read_text("utf-8")


def _package(year):
    holidays = sorted(
        (d, package_holiday_name(n)) for d, n in chinese_calendar.holidays.items() if d.year == year
    )
    workdays = sorted(
        (d, package_holiday_name(n)) for d, n in chinese_calendar.workdays.items() if d.year == year
    )
    return holidays, workdays


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_real_notice_gives_exactly_the_package_days(year):
    notice = parse_notice(notices.text(year))
    holidays, workdays = _package(year)
    assert notice.year == year
    assert [d for d, _ in notice.holidays] == [d for d, _ in holidays]
    assert [d for d, _ in notice.workdays] == [d for d, _ in workdays]
    # Names agree wherever the notice names a single festival (2025 merges 国庆节、中秋节 in
    # one item; the package splits that range by the lunar date).
    for (day, name), (_, expected) in zip(
        notice.holidays + notice.workdays, holidays + workdays, strict=True
    ):
        if "、" not in name:
            assert name == expected, day


def test_2026_details_and_provenance():
    notice = parse_notice(notices.text(2026))
    assert notice.title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert notice.number == "国办发明电〔2025〕7号"
    assert notice.signed_on == D(2025, 11, 4)
    spring = next(i for i in notice.items if i.name == "春节")
    assert spring.holidays[0] == D(2026, 2, 15) and spring.holidays[-1] == D(2026, 2, 23)
    assert spring.workdays == [D(2026, 2, 14), D(2026, 2, 28)]
    assert "共9天与日期区间一致" in spring.checks
    assert "2月15日是星期日" in spring.checks
    assert notice.as_json()["workdays"] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    assert notice.warnings == []


def test_2025_range_crossing_a_month_and_combined_item():
    notice = parse_notice(notices.text(2025))
    dragon = next(i for i in notice.items if i.name == "端午节")
    assert dragon.holidays == [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]
    combined = next(i for i in notice.items if "国庆节" in i.name)
    assert combined.name == "国庆节、中秋节"
    assert len(combined.holidays) == 8


def test_2023_range_crossing_a_year():
    notice = parse_notice(notices.text(2023))
    new_year = notice.items[0]
    assert new_year.holidays == [D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 2)]
    holidays, workdays = _package(2023)
    # 30–31 Dec 2023 are in the package from the 2024 notice ("1月1日放假，与周末连休").
    expected = [d for d, _ in holidays if d < D(2023, 12, 30)]
    assert [d for d, _ in notice.holidays if d.year == 2023] == expected
    assert [d for d, _ in notice.workdays] == [d for d, _ in workdays]
    assert chinese_calendar.is_holiday(D(2022, 12, 31))


def test_2017_day_off_in_lieu():
    notice = parse_notice(notices.text(2017))
    assert notice.items[0].holidays == [D(2017, 1, 1), D(2017, 1, 2)]
    holidays, workdays = _package(2017)
    assert [d for d, _ in notice.holidays] == [d for d, _ in holidays]
    assert [d for d, _ in notice.workdays] == [d for d, _ in workdays]


def test_synthetic_2027_parses():
    notice = parse_notice(SYNTHETIC_2027)
    assert notice.year == 2027
    assert len(notice.items) == 7
    assert notice.holidays[0] == (D(2027, 1, 1), "元旦")
    assert D(2027, 2, 20) in [d for d, _ in notice.workdays]
    assert any("合成样例" in text for _, text in notice.prose)


def test_half_width_punctuation_and_wrapped_items():
    text = notices.text(2026).translate(str.maketrans("（），：", "(),:"))
    text = text.replace("共9天。2月14日", "共9天。\n2月14日")  # a line break inside an item
    notice = parse_notice(text)
    assert [d for d, _ in notice.workdays][:3] == [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28)]
    spring = next(i for i in notice.items if i.name == "春节")
    assert spring.continuation_lines


def _errors(text):
    with pytest.raises(NoticeError) as exc:
        parse_notice(text)
    return exc.value.errors


def _line_of(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_wrong_count_and_weekday_are_reported_on_their_lines():
    text = notices.text(2026)
    text = text.replace("放假调休，共9天", "放假调休，共8天").replace(
        "5月9日（周六）", "5月9日（周日）"
    )
    errors = _errors(text)
    assert (
        _line_of(text, "二、春节"),
        "通知写“共8天”，但2026年2月15日至2026年2月23日实为9天。",
    ) in errors
    assert (_line_of(text, "四、劳动节"), "5月9日标注为“周日”，但2026年5月9日是星期六。") in errors
    assert len(errors) == 2


def test_unreadable_lines_each_get_an_error():
    text = notices.text(2026)
    text = text.replace("4月4日（周六）至6日（周一）放假", "4月4日（周六）到6日（周一）放假")
    text = text.replace("七、国庆节：", "七、国庆中秋黄金周：")
    text = text.replace("9月20日（周日）、", "9月20日（周日）、10月32日（周六）、")
    errors = _errors(text)
    lines = {line for line, _ in errors}
    assert _line_of(text, "三、清明节") in lines
    assert _line_of(text, "国庆中秋黄金周") in lines
    messages = " ".join(m for _, m in errors)
    assert "无法识别放假日期" in messages
    assert "无法识别的节日名称“国庆中秋黄金周”" in messages
    assert "通知中没有“国庆节”的放假安排。" in messages
    # Line-numbered errors come first, in text order.
    numbered = [line for line, _ in errors if line]
    assert numbered == sorted(numbered)


def test_makeup_day_on_a_weekday_and_double_listing_are_refused():
    text = notices.text(2026).replace("5月9日（周六）上班", "5月8日（周五）上班")
    errors = _errors(text)
    assert any("5月8日是星期五，本来就是工作日" in m for _, m in errors)
    text = notices.text(2026).replace("5月9日（周六）上班", "5月2日（周六）上班")
    errors = _errors(text)
    assert any("不能同时列为上班日" in m for _, m in errors)


def test_date_starting_line_outside_an_item_and_missing_year():
    errors = _errors("2月14日（周六）上班。")
    assert errors[0][0] is None and "未找到通知年份" in errors[0][1]
    text = "国务院办公厅关于2026年部分节假日安排的通知\n各位：\n2月14日（周六）上班。\n"
    errors = _errors(text)
    assert (3, "“2月14日（周六）上班。”以日期开头，但不属于任何节日安排。") in errors


def test_backwards_range_and_nonexistent_date():
    text = notices.text(2026).replace(
        "6月19日（周五）至21日（周日）", "6月19日（周五）至6月1日（周一）"
    )
    errors = _errors(text)
    assert any("结束日期早于开始日期" in m for _, m in errors)
    text = notices.text(2026).replace("2月28日（周六）", "2月30日（周六）")
    errors = _errors(text)
    assert (_line_of(text, "二、春节"), "日期“2026年2月30日”不存在。") in errors


def test_expected_year_mismatch():
    with pytest.raises(NoticeError) as exc:
        parse_notice(notices.text(2026), expected_year=2027)
    assert "这是2026年的通知，不是2027年的。" in str(exc.value)


def test_long_runs_of_working_days_are_a_warning_not_an_error():
    text = SYNTHETIC_2027.replace(
        "1月31日（周日）、2月20日（周六）上班", "2月14日（周日）、2月20日（周六）上班"
    )
    notice = parse_notice(text)
    assert any("连续工作7天" in w for w in notice.warnings)
