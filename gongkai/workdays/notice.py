"""Parser for the State Council's annual holiday notice (《国务院办公厅关于20XX年部分节假日安排的通知》).

The notice is pasted as published. Each holiday item is one line such as::

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

and is read sentence by sentence (split at "。"):

* a holiday sentence: ``DATE[至DATE]放假[调休][N天]`` followed by clauses ``共N天``, ``与周末连休``,
  ``不调休``, ``DATE补休`` (a day off in lieu, older notices);
* a makeup working-day sentence: ``DATE、DATE…上班``;
* any other sentence without 放假/上班/补休 (e.g. "鼓励各单位……安排职工在除夕休息") is a remark.

DATE is ``[YYYY年][M月]D日[（…）]``; a missing month or year is carried from the start of a range,
so ranges may cross a month ("5月31日至6月2日") or a year ("2022年12月31日至2023年1月2日"). The
brackets may hold lunar dates and a weekday (周日/星期日); the weekday must match the date.

Checks (each failure is reported with its line number, in Chinese): every date exists; a range
does not run backwards; "共N天"/"放假N天" equals the days of the range; weekdays in brackets match;
makeup working days fall on a Saturday or Sunday; no date is listed twice or as both a holiday and
a working day; dates belong to the notice's year (a range may start in December of the year
before); every statutory festival of 《全国年节及纪念日放假办法》 has an item. Lines that are
neither an item nor its continuation (address, preamble, closing remarks, signature) are kept as
prose and shown in the preview but not interpreted. Warnings (not errors): a run of more than six
consecutive working days (Art. 7 of the 放假办法 says "原则上不超过6天").

`parse_notice(text)` returns a `ParsedNotice` or raises `NoticeError` with every error found.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

Date = datetime.date

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_ALIASES = {
    "清明": "清明节",
    "端午": "端午节",
    "中秋": "中秋节",
    "五一": "劳动节",
    "国庆": "国庆节",
}
WEEKDAYS = "一二三四五六日"
_CN_NUMERALS = "一二三四五六七八九十"

# After NFKC normalisation full-width brackets, commas and colons are ASCII.
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:\((?P<{p}note>[^)]*)\))?"
_ONE_DATE = re.compile(_DATE.format(p=""))
_RANGE = re.compile(
    "^"
    + _DATE.format(p="a")
    + r"(?:至"
    + _DATE.format(p="b")
    + r")?放假(?P<swap>调休)?(?:(?P<n>\d+)天)?$"
)
_ITEM = re.compile(
    rf"^(?:(?P<no>[{_CN_NUMERALS}]+)[、.．]\s*)?(?P<name>[^:，,。]{{1,20}}?):(?P<body>.*)$"
)
_TITLE_YEAR = re.compile(r"关于(\d{4})年部分节假日安排的通知")
_BODY_YEAR = re.compile(r"现将(\d{4})年")
_NUMBER = re.compile(r"国办发明电〔\d{4}〕\d+号")
_SIGNED = re.compile(r"^(?:成文日期:)?(\d{4})年(\d{1,2})月(\d{1,2})日(?:\(.*\))?$")
_STARTS_WITH_DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日")
_WEEKDAY_NOTE = re.compile(r"^(?:周|星期)([一二三四五六日天])$")


class NoticeError(ValueError):
    """The notice could not be read; `errors` lists (line number or None, message)."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        # Line by line in text order; problems of the whole notice last.
        self.errors = sorted(errors, key=lambda e: (e[0] is None, e[0] or 0))
        super().__init__("\n".join(format_error(line, msg) for line, msg in errors))


def format_error(line: int | None, message: str) -> str:
    return f"第{line}行：{message}" if line else message


@dataclass
class Item:
    """One holiday item of the notice ("二、春节：……")."""

    line: int
    text: str
    name: str
    holidays: list[Date] = field(default_factory=list)
    workdays: list[Date] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # consistency checks that passed
    remarks: list[str] = field(default_factory=list)  # sentences read as remarks
    continuation_lines: list[int] = field(default_factory=list)


@dataclass
class ParsedNotice:
    year: int
    title: str
    number: str
    signed_on: Date | None
    items: list[Item]
    prose: list[tuple[int, str]]  # lines kept as text, not interpreted
    warnings: list[str]

    @property
    def holidays(self) -> list[tuple[Date, str]]:
        """(date, festival name), ascending."""
        return sorted((d, item.name) for item in self.items for d in item.holidays)

    @property
    def workdays(self) -> list[tuple[Date, str]]:
        """(date, festival name of the item that moved it), ascending."""
        return sorted((d, item.name) for item in self.items for d in item.workdays)

    def as_json(self) -> dict:
        """The CLI's ``--json`` shape."""
        return {
            "year": self.year,
            "holidays": [{"date": d.isoformat(), "name": n} for d, n in self.holidays],
            "workdays": [d.isoformat() for d, _ in self.workdays],
        }


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # Pasted web pages carry odd spaces; Chinese text has none that matter.
    return re.sub(r"[\s\u200b\ufeff]+", "", text)


def _festival_names(raw: str) -> list[str] | None:
    names = []
    for part in re.split(r"[、和及]", raw):
        name = _ALIASES.get(part, part)
        if name not in FESTIVALS:
            return None
        names.append(name)
    return names


class _Reader:
    def __init__(self, year: int):
        self.year = year
        self.errors: list[tuple[int | None, str]] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append((line, message))

    def date(self, line, y, m, d, *, default_year, default_month) -> Date | None:
        year = int(y) if y else default_year
        month = int(m) if m else default_month
        if month is None:
            self.error(line, f"日期“{d}日”缺少月份。")
            return None
        try:
            return Date(year, month, int(d))
        except ValueError:
            self.error(line, f"日期“{year}年{month}月{d}日”不存在。")
            return None

    def check_note(self, line, day: Date, note: str | None, item: Item) -> None:
        if not note:
            return
        for token in note.split("、"):
            match = _WEEKDAY_NOTE.match(token)
            if not match:
                continue  # lunar date (农历腊月二十八) or other annotation
            stated = "日" if match.group(1) == "天" else match.group(1)
            actual = WEEKDAYS[day.weekday()]
            label = f"{day.month}月{day.day}日"
            if stated != actual:
                self.error(line, f"{label}标注为“{token}”，但{day.year}年{label}是星期{actual}。")
            else:
                item.checks.append(f"{label}是星期{actual}")

    def holiday_sentence(self, line: int, sentence: str, item: Item) -> None:
        clauses = sentence.split(",")
        match = _RANGE.match(clauses[0])
        if not match:
            self.error(line, f"无法识别放假日期：“{clauses[0]}”。应为“X月X日至X日放假”的形式。")
            return
        g = match.groupdict()
        end_given_year = g["by"]
        start = self.date(
            line, g["ay"], g["am"], g["ad"], default_year=self.year, default_month=None
        )
        if start is None:
            return
        end = start
        if g["bd"]:
            end = self.date(
                line,
                g["by"],
                g["bm"],
                g["bd"],
                default_year=start.year,
                default_month=start.month,
            )
            if end is None:
                return
            if end < start and start.month == 12 and not g["ay"] and not end_given_year:
                # "12月31日至1月2日" in the notice for year Y starts in December of Y-1.
                start = start.replace(year=self.year - 1)
        self.check_note(line, start, g["anote"], item)
        if g["bd"]:
            self.check_note(line, end, g["bnote"], item)
        if end < start:
            self.error(line, f"放假区间{_label(start)}至{_label(end)}的结束日期早于开始日期。")
            return
        days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
        if len(days) > 31:
            self.error(line, f"放假区间{_label(start)}至{_label(end)}超过31天，请检查日期。")
            return
        item.holidays.extend(days)
        counts = [int(g["n"])] if g["n"] else []
        for clause in clauses[1:]:
            if m := re.fullmatch(r"共(\d+)天", clause):
                counts.append(int(m.group(1)))
            elif clause in ("与周末连休", "不调休", "调休"):
                continue
            elif m := re.fullmatch(_ONE_DATE.pattern + r"补休", clause):
                extra = self.date(
                    line,
                    m.group("y"),
                    m.group("m"),
                    m.group("d"),
                    default_year=start.year,
                    default_month=start.month,
                )
                if extra is not None:
                    self.check_note(line, extra, m.group("note"), item)
                    item.holidays.append(extra)
            else:
                self.error(line, f"无法识别“{clause}”。")
        for count in counts:
            if count != len(days):
                self.error(
                    line,
                    f"通知写“共{count}天”，但{_label(start)}至{_label(end)}实为{len(days)}天。",
                )
            else:
                item.checks.append(f"共{count}天与日期区间一致")

    def workday_sentence(self, line: int, sentence: str, item: Item) -> None:
        body = sentence.removesuffix("上班")
        parts = body.split("、")
        month = None
        year = self.year
        found = []
        for part in parts:
            match = _ONE_DATE.fullmatch(part)
            if not match:
                self.error(line, f"无法识别调休上班日期：“{part}”。应为“X月X日（星期X）”的形式。")
                return
            day = self.date(
                line,
                match.group("y"),
                match.group("m"),
                match.group("d"),
                default_year=year,
                default_month=month,
            )
            if day is None:
                return
            year, month = day.year, day.month
            self.check_note(line, day, match.group("note"), item)
            found.append(day)
        for day in found:
            if day.weekday() < 5:
                self.error(
                    line,
                    f"{_label(day)}是星期{WEEKDAYS[day.weekday()]}，本来就是工作日，不能作为调休上班日。",
                )
            else:
                item.checks.append(f"{day.month}月{day.day}日为周末，调休上班")
        item.workdays.extend(found)

    def item(self, item: Item, body: str) -> None:
        sentences = [s for s in body.split("。") if s]
        if not sentences:
            self.error(item.line, f"“{item.name}”后没有放假安排。")
        for sentence in sentences:
            if "放假" in sentence:
                self.holiday_sentence(item.line, sentence, item)
            elif sentence.endswith("上班"):
                self.workday_sentence(item.line, sentence, item)
            elif "上班" in sentence or "补休" in sentence:
                self.error(item.line, f"无法识别“{sentence}”。")
            else:
                item.remarks.append(sentence)
        if not item.holidays:
            self.error(item.line, f"“{item.name}”没有放假日期。")


def _label(day: Date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _notice_year(lines: list[str]) -> tuple[int | None, str]:
    for text in lines:
        if m := _TITLE_YEAR.search(text):
            return int(m.group(1)), f"国务院办公厅关于{m.group(1)}年部分节假日安排的通知"
    for text in lines:
        if m := _BODY_YEAR.search(text):
            return int(m.group(1)), f"国务院办公厅关于{m.group(1)}年部分节假日安排的通知"
    return None, ""


def parse_notice(text: str, *, expected_year: int | None = None) -> ParsedNotice:
    """Parse the notice text; raise `NoticeError` listing every problem (nothing is partial)."""
    raw_lines = text.splitlines()
    lines = [_normalise(line) for line in raw_lines]
    year, title = _notice_year(lines)
    if year is None:
        raise NoticeError(
            [
                (
                    None,
                    "未找到通知年份：请粘贴包括标题“国务院办公厅关于XXXX年部分节假日安排的通知”的全文。",
                )
            ]
        )
    reader = _Reader(year)
    if expected_year is not None and expected_year != year:
        reader.error(None, f"这是{year}年的通知，不是{expected_year}年的。")
    number = ""
    signed_on = None
    items: list[Item] = []
    prose: list[tuple[int, str]] = []
    bodies: dict[int, list[str]] = {}
    current: Item | None = None
    for number_in_text, (raw, line) in enumerate(zip(raw_lines, lines, strict=True), start=1):
        if not line:
            continue
        if m := _NUMBER.search(line):
            number = number or m.group(0)
        if m := _SIGNED.match(line):
            try:
                signed_on = Date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                reader.error(number_in_text, f"落款日期“{line}”不存在。")
            current = None
            prose.append((number_in_text, raw.strip()))
            continue
        match = _ITEM.match(line)
        if match:
            names = _festival_names(match.group("name"))
            if names is None and match.group("no"):
                reader.error(
                    number_in_text,
                    f"无法识别的节日名称“{match.group('name')}”（应为{'、'.join(FESTIVALS)}之一）。",
                )
                current = None
                continue
            if names is not None:
                current = Item(line=number_in_text, text=raw.strip(), name="、".join(names))
                items.append(current)
                bodies[id(current)] = [match.group("body")]
                continue
        if _STARTS_WITH_DATE.match(line):
            if current is None:
                reader.error(number_in_text, f"“{raw.strip()}”以日期开头，但不属于任何节日安排。")
            else:
                # The item was wrapped onto a second line.
                current.continuation_lines.append(number_in_text)
                current.text += raw.strip()
                bodies[id(current)].append(line)
            continue
        current = None
        prose.append((number_in_text, raw.strip()))
    for item in items:
        reader.item(item, "。".join(bodies[id(item)]))
    _check_whole(reader, items)
    if reader.errors:
        raise NoticeError(reader.errors)
    notice = ParsedNotice(
        year=year,
        title=title,
        number=number,
        signed_on=signed_on,
        items=items,
        prose=prose,
        warnings=[],
    )
    notice.warnings = _warnings(notice)
    return notice


def _check_whole(reader: _Reader, items: list[Item]) -> None:
    year = reader.year
    if not items:
        reader.error(None, "没有找到任何节日安排（如“一、元旦：1月1日放假……”）。")
        return
    named = {name for item in items for name in item.name.split("、")}
    for festival in FESTIVALS:
        if festival not in named:
            reader.error(None, f"通知中没有“{festival}”的放假安排。")
    seen: dict[Date, tuple[int, str]] = {}
    for item in items:
        for day in item.holidays:
            _claim(reader, seen, day, item.line, "放假")
            if day.year not in (year - 1, year):
                reader.error(item.line, f"放假日期{_label(day)}不在{year}年。")
            elif day.year == year - 1 and (day.month != 12 or item.holidays[-1].year != year):
                reader.error(
                    item.line,
                    f"放假日期{_label(day)}不在{year}年（仅跨年放假区间可以从上一年12月开始）。",
                )
        for day in item.workdays:
            _claim(reader, seen, day, item.line, "上班")
            if day.year != year:
                reader.error(item.line, f"调休上班日{_label(day)}不在{year}年。")


def _claim(reader, seen, day, line, kind) -> None:
    previous = seen.get(day)
    if previous is not None:
        where = "同一行" if previous[0] == line else f"第{previous[0]}行"
        if previous[1] == kind:
            reader.error(line, f"{_label(day)}在{where}已经列为{kind}日。")
        else:
            reader.error(line, f"{_label(day)}在{where}列为{previous[1]}日，不能同时列为{kind}日。")
    else:
        seen[day] = (line, kind)


def _warnings(notice: ParsedNotice) -> list[str]:
    """Runs of more than six consecutive working days in the notice's year (放假办法 Art. 7)."""
    off = {d for d, _ in notice.holidays}
    on = {d for d, _ in notice.workdays}
    warnings = []
    day = Date(notice.year, 1, 1)
    end = Date(notice.year, 12, 31)
    run_start, run = None, 0
    touches_arrangement = False
    while day <= end + datetime.timedelta(days=1):
        working = day <= end and (day in on or (day.weekday() < 5 and day not in off))
        if working:
            if run == 0:
                run_start = day
                touches_arrangement = False
            run += 1
            touches_arrangement = touches_arrangement or day in on
        else:
            if run > 6 and touches_arrangement:
                last = day - datetime.timedelta(days=1)
                warnings.append(
                    f"{run_start.month}月{run_start.day}日至{last.month}月{last.day}日连续工作{run}天"
                    f"（《全国年节及纪念日放假办法》第七条：调休后连续工作原则上不超过6天）。"
                )
            run = 0
        day += datetime.timedelta(days=1)
    return warnings
