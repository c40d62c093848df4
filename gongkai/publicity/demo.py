"""Demo data: licences and penalties of several 示范区 departments, with natural persons (valid
身份证 numbers, phones and addresses planted in the free text to show masking), companies (valid
USCCs), late publications, expired, repaired and withdrawn penalties, and a few minors."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Agency
from gongkai.orgs.uscc import make_uscc
from gongkai.workdays import calendar

from . import masking, rules
from .models import Coercion, Licence, Penalty, Policy, State, WithheldReason
from .standard import CoercionKind, LicenceStatus, SubjectCategory, make_id_card

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞红建国志文海燕鹏辉斌宇浩凯俊峰晨欣雪琳婷颖慧佳怡"
TRADES = [
    "贸易",
    "餐饮管理",
    "建筑工程",
    "物业管理",
    "科技",
    "商贸",
    "食品",
    "医疗器械",
    "环保科技",
    "物流",
    "装饰工程",
    "化工",
    "印务",
    "酒店管理",
    "汽车维修",
]
BRANDS = "鑫源华盛恒达瑞丰嘉禾宏远隆泰永安博雅天成金鼎新锐东方汇通百佳华联德润信诚中和"
ROADS = [
    "幸福路",
    "光明路",
    "和平街",
    "建设大道",
    "文苑路",
    "湖滨路",
    "云山路",
    "长治路",
    "桃浦路",
    "青石路",
]
REGIONS = ["310107", "310105", "310104", "310110", "310115", "320102", "330106", "340104"]

PENALTY_PLANS = {
    # agency code: (abbreviation, [(violation type, basis, categories, fine range in 元, natural person share)])
    "scjgj": (
        "示市监处",
        [
            (
                "销售不符合食品安全标准的食品",
                "《中华人民共和国食品安全法》第一百二十四条第一款",
                ["罚款", "没收违法所得"],
                (5000, 100000),
                0.2,
            ),
            (
                "未取得食品经营许可从事食品经营",
                "《中华人民共和国食品安全法》第一百二十二条第一款",
                ["罚款", "没收非法财物"],
                (5000, 50000),
                0.4,
            ),
            (
                "虚假宣传",
                "《中华人民共和国反不正当竞争法》第二十条第一款",
                ["罚款"],
                (20000, 200000),
                0.0,
            ),
            ("未按规定公示年度报告", "《企业信息公示暂行条例》第十八条", ["警告"], None, 0.0),
            (
                "特种设备未经定期检验继续使用",
                "《中华人民共和国特种设备安全法》第八十四条",
                ["罚款", "责令停产停业"],
                (30000, 300000),
                0.0,
            ),
        ],
    ),
    "cgzfj": (
        "示城管罚",
        [
            (
                "擅自占用道路堆物、设摊经营",
                "《城市市容和环境卫生管理条例》第三十六条",
                ["罚款"],
                (200, 2000),
                0.8,
            ),
            (
                "违法搭建建筑物、构筑物",
                "《中华人民共和国城乡规划法》第六十四条",
                ["罚款"],
                (10000, 80000),
                0.6,
            ),
            ("未按规定分类投放生活垃圾", "《城市生活垃圾管理办法》第四十二条", ["警告"], None, 0.9),
            (
                "擅自设置户外广告",
                "《城市市容和环境卫生管理条例》第三十六条",
                ["罚款"],
                (1000, 10000),
                0.3,
            ),
        ],
    ),
    "wjw": (
        "示卫罚",
        [
            (
                "未取得医疗机构执业许可证擅自执业",
                "《医疗机构管理条例》第四十三条",
                ["罚款", "没收违法所得", "没收非法财物"],
                (10000, 100000),
                0.7,
            ),
            (
                "公共场所卫生检测不合格",
                "《公共场所卫生管理条例实施细则》第三十六条",
                ["警告", "罚款"],
                (500, 5000),
                0.2,
            ),
            (
                "生活饮用水卫生不符合标准",
                "《中华人民共和国传染病防治法》第七十三条",
                ["罚款"],
                (5000, 20000),
                0.0,
            ),
        ],
    ),
    "sthjj": (
        "示环罚",
        [
            (
                "超过大气污染物排放标准排放大气污染物",
                "《中华人民共和国大气污染防治法》第九十九条",
                ["罚款", "责令停产停业"],
                (100000, 1000000),
                0.0,
            ),
            (
                "未依法进行环境影响评价擅自开工建设",
                "《中华人民共和国环境影响评价法》第三十一条",
                ["罚款"],
                (50000, 500000),
                0.0,
            ),
            (
                "夜间施工噪声扰民",
                "《中华人民共和国噪声污染防治法》第七十七条",
                ["罚款"],
                (2000, 20000),
                0.1,
            ),
        ],
    ),
    "yjglj": (
        "示应急罚",
        [
            (
                "未按规定对从业人员进行安全生产教育和培训",
                "《中华人民共和国安全生产法》第九十七条",
                ["罚款"],
                (10000, 100000),
                0.0,
            ),
            (
                "未按规定配备消防设施器材",
                "《中华人民共和国消防法》第六十条",
                ["罚款"],
                (5000, 50000),
                0.1,
            ),
            (
                "危险化学品储存不符合规定",
                "《危险化学品安全管理条例》第八十条",
                ["罚款", "吊销许可证件"],
                (50000, 200000),
                0.0,
            ),
        ],
    ),
}

LICENCE_PLANS = {
    "scjgj": (
        "示市监许",
        [
            (
                "食品经营许可",
                "食品经营许可证",
                "核准",
                "JY",
                "预包装食品销售、热食类食品制售",
                0.25,
            ),
            ("药品零售许可", "药品经营许可证", "核准", "沪CB", "中成药、化学药制剂零售", 0.0),
        ],
    ),
    "wjw": (
        "示卫许",
        [
            ("医疗机构执业登记", "医疗机构执业许可证", "登记", "PDY", "诊疗科目：内科、外科", 0.1),
            ("公共场所卫生许可", "卫生许可证", "普通", "示卫公证字", "住宿业、美容美发", 0.3),
        ],
    ),
    "sthjj": (
        "示环许",
        [
            (
                "建设项目环境影响报告表审批",
                "建设项目环境影响评价批复",
                "普通",
                "示环评",
                "同意按报告表所列内容建设",
                0.0,
            ),
            ("排污许可", "排污许可证", "普通", "91310120PW", "废气、废水排放许可", 0.0),
        ],
    ),
    "jsglw": (
        "示建许",
        [
            (
                "建筑工程施工许可",
                "建筑工程施工许可证",
                "普通",
                "3101201",
                "新建厂房及配套工程施工",
                0.0,
            )
        ],
    ),
    "whlyj": (
        "示文旅许",
        [
            ("娱乐场所经营许可", "娱乐经营许可证", "普通", "3101200", "歌舞娱乐场所经营", 0.05),
            ("营业性演出许可", "营业性演出许可证", "普通", "示演", "营业性演出经营活动", 0.4),
        ],
    ),
    "yjglj": (
        "示应急许",
        [
            (
                "危险化学品经营许可",
                "危险化学品经营许可证",
                "特许",
                "沪示危化经",
                "危险化学品（不带储存设施）批发",
                0.0,
            )
        ],
    ),
    "cgzfj": (
        "示城管许",
        [
            (
                "临时占用城市道路许可",
                "临时占道许可决定书",
                "普通",
                "示占道",
                "临时占用人行道堆放建筑材料",
                0.5,
            )
        ],
    ),
}


class _Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.serial = 0

    def person_name(self) -> str:
        return self.r.choice(SURNAMES) + "".join(
            self.r.choice(GIVEN) for _ in range(self.r.choice((1, 2)))
        )

    def id_card(self, *, minor_on: datetime.date | None = None) -> str:
        if minor_on is not None:
            born = minor_on - datetime.timedelta(days=self.r.randint(15 * 365, 17 * 365))
        else:
            born = datetime.date(
                self.r.randint(1955, 2002), self.r.randint(1, 12), self.r.randint(1, 28)
            )
        return make_id_card(f"{self.r.choice(REGIONS)}{born:%Y%m%d}{self.r.randint(0, 999):03d}")

    def phone(self) -> str:
        return f"1{self.r.choice('3578')}{self.r.randint(0, 9)}{self.r.randint(10000000, 99999999)}"

    def address(self) -> str:
        return f"示范区{self.r.choice(ROADS)}{self.r.randint(1, 999)}弄{self.r.randint(1, 40)}号{self.r.randint(101, 1804)}室"

    def company(self) -> tuple[str, str]:
        self.serial += 1
        name = (
            f"示范区{self.r.choice(BRANDS)}{self.r.choice(BRANDS)}{self.r.choice(TRADES)}有限公司"
        )
        uscc = make_uscc(f"91310120{self.serial + 50000000:08d}{self.r.randint(0, 9)}")
        return name, uscc

    def subject(self, person_share: float, decided_on: datetime.date) -> dict:
        if self.r.random() < person_share:
            minor = self.r.random() < 0.01
            return {
                "subject_name": self.person_name(),
                "subject_category": SubjectCategory.NATURAL_PERSON,
                "id_type": "身份证",
                "id_number": self.id_card(minor_on=decided_on if minor else None),
            }
        name, uscc = self.company()
        individual = self.r.random() < 0.15
        if individual:
            name = name.replace("有限公司", "经营部")
        return {
            "subject_name": name,
            "subject_category": SubjectCategory.INDIVIDUAL_BUSINESS
            if individual
            else SubjectCategory.LEGAL_PERSON,
            "code_uscc": uscc,
            "legal_rep": self.person_name(),
            "legal_rep_id_type": "身份证",
            "legal_rep_id_number": self.id_card(),
        }

    def decided_on(self, first: datetime.date, last: datetime.date) -> datetime.date:
        while True:
            day = first + datetime.timedelta(days=self.r.randint(0, (last - first).days))
            if calendar.is_workday(day):
                return day

    def published_on(self, decided_on: datetime.date, today: datetime.date) -> datetime.date:
        lag = (
            self.r.choice((1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 7, 9, 12))
            if self.r.random() < 0.97
            else 20
        )
        try:
            return min(calendar.add_workdays(decided_on, lag), today)
        except calendar.UnknownYearError:
            return today


def _fine_text(fine_yuan: int | None) -> tuple[Decimal | None, str]:
    if fine_yuan is None:
        return None, ""
    return (Decimal(fine_yuan) / Decimal(10000)).normalize(), f"罚款人民币{fine_yuan}元"


@transaction.atomic
def load(*, stdout, options) -> None:
    if Licence.objects.exists() or Penalty.objects.exists():
        stdout.write("双公示：已有数据，跳过。")
        return
    small = bool(options.get("small"))
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=set(PENALTY_PLANS) | set(LICENCE_PLANS))
    }
    if not agencies:
        stdout.write("双公示：没有演示机构，跳过。")
        return
    today = timezone.localdate()
    first = datetime.date(max(today.year - 3, min(calendar.known_years())), 1, 1)
    yesterday = today - datetime.timedelta(days=1)
    gen = _Gen(20261130)
    policy = Policy.current()
    per_plan_penalties = 6 if small else 110
    per_plan_licences = 5 if small else 130

    penalties: list[Penalty] = []
    for code, (abbr, plans) in PENALTY_PLANS.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        serials: dict[int, int] = {}
        for violation, basis, categories, fine_range, person_share in plans:
            for _ in range(per_plan_penalties):
                decided = gen.decided_on(first, yesterday)
                serials[decided.year] = serials.get(decided.year, 0) + 1
                subject = gen.subject(person_share, decided)
                fine_yuan = (
                    gen.r.randrange(fine_range[0], fine_range[1], 100)
                    if fine_range and "罚款" in categories
                    else None
                )
                fine, fine_text = _fine_text(fine_yuan)
                confiscation = None
                parts = ["警告"] if "警告" in categories else []
                if fine_text:
                    parts.append(fine_text)
                if {"没收违法所得", "没收非法财物"} & set(categories):
                    confiscated = gen.r.randrange(500, 20000, 100)
                    confiscation = (Decimal(confiscated) / Decimal(10000)).normalize()
                    parts.append(f"没收违法所得（非法财物）折合人民币{confiscated}元")
                licence_affected = ""
                if "吊销许可证件" in categories:
                    licence_affected = f"危险化学品经营许可证 沪示危化经字〔{decided.year}〕{serials[decided.year]:04d}"
                    parts.append("吊销危险化学品经营许可证")
                if "责令停产停业" in categories:
                    parts.append("责令停产停业整顿三十日")
                if subject["subject_category"] == SubjectCategory.NATURAL_PERSON:
                    facts = (
                        f"经查，当事人{subject['subject_name']}（住址：{gen.address()}，联系电话{gen.phone()}）"
                        f"于{decided - datetime.timedelta(days=gen.r.randint(20, 90)):%Y年%m月%d日}{violation}，违反了相关规定。"
                    )
                else:
                    facts = f"经查，当事人于{decided - datetime.timedelta(days=gen.r.randint(20, 90)):%Y年%m月%d日}{violation}，违反了相关规定。"
                period = rules.penalty_period(
                    decided_on=decided,
                    categories=categories,
                    violation_type=violation,
                    basis=basis,
                    policy=policy,
                )
                obj = Penalty(
                    **subject,
                    decision_number=f"{abbr}〔{decided.year}〕{serials[decided.year]}号",
                    violation_type=violation,
                    facts=facts,
                    basis=basis,
                    categories="；".join(categories),
                    content="；".join(parts),
                    fine=fine,
                    confiscation=confiscation,
                    licence_affected=licence_affected,
                    decided_on=decided,
                    publicity_end=period.max_end,
                    publicity_min_end=period.min_end,
                    agency=agency,
                    agency_name=agency.name,
                    agency_uscc=agency.uscc,
                    source_agency=agency,
                    source_name=agency.name,
                    source_uscc=agency.uscc,
                    published_on=gen.published_on(decided, today),
                    publish_due=rules.publish_due(decided),
                )
                _life_cycle(obj, gen, today)
                masking.set_public_text(obj)
                penalties.append(obj)
    Penalty.objects.bulk_create(penalties, batch_size=500)

    licences: list[Licence] = []
    for code, (abbr, plans) in LICENCE_PLANS.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        serials = {}
        for doc_name, cert_name, category, prefix, content, person_share in plans:
            for _ in range(per_plan_licences):
                decided = gen.decided_on(first, yesterday)
                serials[decided.year] = serials.get(decided.year, 0) + 1
                subject = gen.subject(person_share, decided)
                years = gen.r.choice((1, 3, 5))
                valid_to = rules.add_months(decided, 12 * years) - datetime.timedelta(days=1)
                obj = Licence(
                    **subject,
                    document_name=f"准予{doc_name}决定书",
                    document_number=f"{abbr}〔{decided.year}〕{serials[decided.year]}号",
                    licence_category=category,
                    certificate_name=cert_name,
                    licence_number=f"{prefix}{decided.year}{serials[decided.year]:05d}",
                    content=content,
                    decided_on=decided,
                    valid_from=decided,
                    valid_to=valid_to,
                    licence_status=LicenceStatus.VALID
                    if valid_to >= today
                    else LicenceStatus.INVALID,
                    agency=agency,
                    agency_name=agency.name,
                    agency_uscc=agency.uscc,
                    source_agency=agency,
                    source_name=agency.name,
                    source_uscc=agency.uscc,
                    published_on=gen.published_on(decided, today),
                    publish_due=rules.publish_due(decided),
                )
                _withhold_minor(obj)
                masking.set_public_text(obj)
                licences.append(obj)
    Licence.objects.bulk_create(licences, batch_size=500)

    coercions = []
    for code in ("cgzfj", "scjgj", "sthjj"):
        agency = agencies.get(code)
        if agency is None:
            continue
        for i in range(3 if small else 25):
            decided = gen.decided_on(first, yesterday)
            name, _ = gen.company()
            kind = gen.r.choice(CoercionKind.values)
            coercions.append(
                Coercion(
                    agency=agency,
                    kind=kind,
                    decision_number=f"示{code}强〔{decided.year}〕{i + 1}号",
                    subject_name=name,
                    subject_category=SubjectCategory.LEGAL_PERSON,
                    content="查封涉案场所、设施"
                    if kind == CoercionKind.MEASURE
                    else "代履行拆除违法建筑",
                    basis="《中华人民共和国行政强制法》",
                    decided_on=decided,
                )
            )
    Coercion.objects.bulk_create(coercions)
    by_state = {s.label: 0 for s in State}
    for obj in penalties:
        by_state[obj.get_state_display()] += 1
    stdout.write(
        f"双公示：行政许可 {len(licences)} 条，行政处罚 {len(penalties)} 条（"
        + "，".join(f"{k} {v}" for k, v in by_state.items() if v)
        + f"），行政强制 {len(coercions)} 条。"
    )


def _withhold_minor(obj) -> None:
    if obj.subject_category == SubjectCategory.NATURAL_PERSON and obj.id_number:
        from .standard import age_on

        age = age_on(obj.id_number, obj.decided_on)
        if age is not None and age < 18:
            obj.is_minor = True
            obj.state, obj.withheld_reason, obj.published_on = (
                State.WITHHELD,
                WithheldReason.MINOR,
                None,
            )


def _life_cycle(obj: Penalty, gen: _Gen, today: datetime.date) -> None:
    _withhold_minor(obj)
    if obj.state != State.PUBLISHED:
        return
    if obj.publicity_end < today:
        obj.state, obj.ended_on = State.EXPIRED, obj.publicity_end
        return
    roll = gen.r.random()
    if roll < 0.03 and obj.publicity_min_end < today:
        obj.state, obj.ended_on = (
            State.REPAIRED,
            max(obj.publicity_min_end, today - datetime.timedelta(days=gen.r.randint(0, 60))),
        )
        obj.repair_decision = f"示范区信用修复决定书（{obj.ended_on:%Y}）第{gen.r.randint(1, 300)}号：当事人已履行行政处罚决定并完成整改，准予信用修复。"
    elif roll < 0.04:
        changed = obj.decided_on + datetime.timedelta(days=gen.r.randint(30, 200))
        if changed < today:
            obj.state, obj.changed_on = State.WITHDRAWN, changed
            obj.withdraw_due = rules.withdraw_due(changed)
            obj.ended_on = min(obj.withdraw_due or changed, today)
            obj.withdrawal_reason = gen.r.choice(
                [
                    "该行政处罚决定经行政复议被撤销。",
                    "该行政处罚决定经人民法院判决确认违法。",
                    "该行政处罚决定经本机关自行纠错予以变更，将重新公示变更后的决定。",
                ]
            )
