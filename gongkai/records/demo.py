"""Demo records: about 17,000 published items of the demo agencies over 2025–2026.

Realistic titles, 文号, dates, types and topics; every 行政规范性文件 with its 政策解读; a share of
records registered as 依申请公开 or 不予公开 (so the proactive disclosure rate is about 85%); a few
late publications, corrections, withdrawals and repeals; drafts waiting for review in 区民政局
(the demo personas' agency). Everything is built in memory and written with bulk_create; 索引号
are numbered per agency and year in publication order and the counters are set to match.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from gongkai.core.legal import DisclosureAttribute, WithholdingGround
from gongkai.orgs.models import Agency, AgencyLevel, User
from gongkai.workdays import calendar

from .models import (
    IndexCounter,
    NoticeKind,
    Record,
    RecordNotice,
    RecordType,
    Status,
    Topic,
    Validity,
)
from .services import format_index_no

FULL_PUBLISHED = 17_000
SMALL_PUBLISHED = 40
FIRST_DAY = datetime.date(2025, 1, 2)
LAST_DAY = datetime.date(2026, 12, 31)

# code: (文号代字, topic codes, themes)
PROFILES: dict[str, tuple[str, list[str], list[str]]] = {
    "district": (
        "示府",
        ["0201", "0202", "0301"],
        ["营商环境优化", "政务公开", "民生实事项目", "城市更新", "数字政府建设"],
    ),
    "fgw": (
        "示发改",
        ["0301", "0306", "0304"],
        ["重大建设项目", "价格监测", "社会信用体系建设", "节能降耗"],
    ),
    "jw": (
        "示教",
        ["1102"],
        ["义务教育招生入学", "学前教育", "校园安全", "教师队伍建设", "课后服务"],
    ),
    "kw": (
        "示科",
        ["1101", "1103"],
        ["科技创新券", "高新技术企业认定", "科普活动", "知识产权保护"],
    ),
    "gxw": (
        "示经",
        ["0706", "0712"],
        ["产业园区发展", "企业技术改造", "中小企业服务", "软件和信息服务业"],
    ),
    "mzj": (
        "示民",
        ["1703", "1705", "1701"],
        ["最低生活保障", "临时救助", "养老服务补贴", "社会组织管理", "殡葬管理"],
    ),
    "sfj": ("示司", ["1603"], ["法律援助", "人民调解", "公共法律服务", "普法宣传", "社区矫正"]),
    "czj": ("示财", ["0401", "0402"], ["预算绩效管理", "政府采购", "财政资金直达", "国有资产管理"]),
    "rsj": (
        "示人社",
        ["1501", "1502"],
        ["就业创业补贴", "职业技能培训", "劳动保障监察", "稳岗返还", "社会保险"],
    ),
    "ghzyj": (
        "示规资",
        ["1001", "0501"],
        ["控制性详细规划", "国有建设用地出让", "不动产登记", "规划许可"],
    ),
    "sthjj": (
        "示环",
        ["1003", "1004"],
        ["大气污染防治", "建设项目环评审批", "水环境治理", "噪声污染防治"],
    ),
    "jsglw": (
        "示建",
        ["1002", "0306"],
        ["建筑工地扬尘治理", "旧住房更新改造", "建设工程质量安全", "道路管线工程"],
    ),
    "fgj": (
        "示房",
        ["1002"],
        ["保障性租赁住房", "物业服务管理", "房屋征收与补偿", "老旧小区加装电梯"],
    ),
    "swj": ("示商", ["0802", "0801"], ["消费券发放", "商业网点规划", "外贸稳增长", "夜间经济"]),
    "whlyj": (
        "示文旅",
        ["1201", "0805", "1202"],
        ["公共文化服务", "文物保护", "旅游市场秩序", "非遗传承"],
    ),
    "wjw": (
        "示卫",
        ["1301", "1302"],
        ["家庭医生签约服务", "传染病防控", "医疗机构监管", "妇幼健康"],
    ),
    "tyjrj": (
        "示退役",
        ["1702", "1504"],
        ["退役军人就业", "优抚对象补助", "双拥共建", "烈士纪念设施"],
    ),
    "yjglj": (
        "示应急",
        ["0203", "0905"],
        ["安全生产检查", "防汛防台", "危险化学品监管", "应急演练"],
    ),
    "sjj": ("示审", ["0408"], ["预算执行审计", "经济责任审计", "审计整改", "政府投资项目审计"]),
    "scjgj": (
        "示市监",
        ["0901", "0904", "0902"],
        ["食品安全抽检", "市场主体登记", "特种设备安全", "价格监督检查"],
    ),
    "tjj": ("示统", ["0303"], ["国民经济主要指标", "经济普查", "人口抽样调查", "统计执法检查"]),
    "ybj": (
        "示医保",
        ["1502", "1302"],
        ["医保基金监管", "长期护理保险", "医保定点机构管理", "门诊共济"],
    ),
    "tyj": ("示体", ["1303"], ["全民健身", "体育场馆开放", "青少年体育", "社区运动会"]),
    "lhsrj": (
        "示绿容",
        ["1002", "1004"],
        ["生活垃圾分类", "公园绿地建设", "户外广告设施管理", "市容环境整治"],
    ),
    "swuj": ("示水", ["0603", "0503"], ["河长制", "防汛排涝", "供水水质", "排水管网改造"]),
    "cgzfj": (
        "示城管",
        ["1002", "1606"],
        ["违法建筑治理", "占道经营整治", "渣土运输管理", "城管执法检查"],
    ),
    "zwfwb": (
        "示政服",
        ["0204", "0201"],
        ["一网通办", "政务服务中心窗口服务", "好差评", "帮办代办"],
    ),
    "gzw": ("示国资", ["0305"], ["国有企业改革", "国有资本经营预算", "国企负责人薪酬", "国资监管"]),
    "jrb": ("示金", ["0403", "0407"], ["防范非法集资", "企业上市培育", "普惠金融", "金融风险排查"]),
    "mzzjw": (
        "示民宗",
        ["1801", "1802"],
        ["民族团结进步创建", "宗教活动场所管理", "少数民族服务", "宗教政策宣传"],
    ),
    "gajfj": ("示公", ["1601"], ["户籍管理", "交通安全整治", "电信网络诈骗防范", "出入境服务"]),
}
SUBDISTRICT_PROFILE = (
    ["0201", "1703", "1002"],
    ["社区治理", "为老服务", "生活垃圾分类", "平安建设", "文明创建", "“15分钟社区生活圈”"],
)

# record type: weight (per agency)
TYPE_WEIGHTS = [
    (RecordType.NEWS, 34),
    (RecordType.NOTICE, 24),
    (RecordType.OTHER_DOC, 9),
    (RecordType.PLAN, 5),
    (RecordType.BUDGET, 3),
    (RecordType.PERSONNEL, 8),
    (RecordType.STATISTICS, 5),
    (RecordType.EMERGENCY, 2),
    (RecordType.NORMATIVE, 2),
]
FIXED_TOPIC = {
    RecordType.BUDGET: "0401",
    RecordType.PERSONNEL: "1503",
    RecordType.STATISTICS: "0303",
    RecordType.EMERGENCY: "0203",
    RecordType.FUNCTION: "0201",
}
GROUNDS = [
    (
        WithholdingGround.PROCESS_INFO,
        "内部请示报告、讨论记录，属于过程性信息（《条例》第十六条第二款）。",
    ),
    (
        WithholdingGround.INTERNAL_AFFAIRS,
        "人事管理、后勤管理等内部事务信息（《条例》第十六条第一款）。",
    ),
    (WithholdingGround.THIRD_PARTY, "涉及第三方商业秘密和个人隐私（《条例》第十五条）。"),
    (WithholdingGround.ENFORCEMENT_FILE, "行政执法案卷信息（《条例》第十六条第二款）。"),
]
MONTH_WORDS = "一二三四五六七八九十"


def _title(rng, rtype, agency, short, theme, day: datetime.date) -> str:
    y = day.year
    if rtype == RecordType.NEWS:
        pattern = rng.choice(
            [
                "{s}召开{y}年{t}工作推进会",
                "{s}开展{t}专项检查",
                "{s}组织{t}业务培训",
                "{s}赴基层调研{t}工作",
                "{s}部署{t}重点任务",
                "{t}工作取得阶段性成效",
            ]
        )
    elif rtype == RecordType.NOTICE:
        pattern = rng.choice(
            [
                "关于开展{y}年度{t}工作的通知",
                "关于{t}有关事项的公告",
                "{s}关于{t}的公示",
                "关于做好{y}年{t}工作的通知",
                "关于征集{t}意见建议的公告",
            ]
        )
    elif rtype == RecordType.OTHER_DOC:
        pattern = rng.choice(
            [
                "关于印发《{y}年{t}工作要点》的通知",
                "关于进一步加强{t}工作的意见",
                "关于印发《{t}实施方案》的通知",
            ]
        )
    elif rtype == RecordType.NORMATIVE:
        pattern = rng.choice(
            [
                "关于印发《示范区{t}管理办法》的通知",
                "关于印发《示范区{t}实施细则》的通知",
                "示范区{t}若干规定",
            ]
        )
    elif rtype == RecordType.PLAN:
        pattern = rng.choice(
            ["{s}{y}年{t}工作计划", "示范区{t}三年行动计划（{y}—{y2}年）", "{s}{y}年工作要点"]
        )
    elif rtype == RecordType.BUDGET:
        if day.month <= 4:
            options = ["{n}{y}年部门预算", "{n}{y}年“三公”经费预算情况说明"]
        elif 6 <= day.month <= 9:
            options = ["{n}{py}年部门决算", "{n}{py}年“三公”经费决算情况说明"]
        else:
            options = ["{n}{y}年{m}月政府采购意向公开", "{s}{y}年预算绩效目标公开"]
        pattern = rng.choice(options)
    elif rtype == RecordType.PERSONNEL:
        pattern = rng.choice(
            [
                "{s}{y}年公开招聘工作人员公告",
                "{s}{y}年度公务员拟录用人员公示",
                "{s}事业单位公开招聘拟聘用人员公示",
            ]
        )
    elif rtype == RecordType.STATISTICS:
        pattern = rng.choice(["{y}年{m}月{t}统计数据", "{s}{y}年{m}月{t}情况"])
    elif rtype == RecordType.EMERGENCY:
        if 5 <= day.month <= 9:
            options = ["关于做好{y}年汛期安全防范工作的紧急通知", "关于防御台风的紧急通知"]
        elif day.month in (12, 1, 2):
            options = [
                "关于做好低温雨雪冰冻天气防范应对工作的通知",
                "关于加强冬季消防安全工作的通知",
            ]
        else:
            options = ["{s}突发事件应急预案（{y}年修订）", "关于加强节假日期间安全生产工作的通知"]
        pattern = rng.choice(options)
    else:
        pattern = "{n}机构职能"
    return pattern.format(s=short, n=agency.name, t=theme, y=y, y2=y + 2, py=y - 1, m=day.month)


def _prefix(agency) -> str:
    if agency.code in PROFILES:
        return PROFILES[agency.code][0]
    return agency.short_name[:2] + "街" if agency.level == AgencyLevel.SUBDISTRICT else "示"


def _workdays_between_bounds() -> list[datetime.date]:
    days, d = [], FIRST_DAY
    while d <= LAST_DAY:
        if calendar.is_workday(d):
            days.append(d)
        d += datetime.timedelta(days=1)
    return days


def _due(workdays, index, day):
    if index + 20 < len(workdays):
        return workdays[index + 20]
    try:
        return calendar.add_workdays(day, 20)
    except calendar.UnknownYearError:
        return None


def _body(title: str, agency_name: str, theme: str) -> str:
    return (
        f"<p>为切实做好{theme}相关工作，根据有关法律法规和上级部门工作部署，{agency_name}"
        f"结合本区实际，制定本文件。</p><p>一、总体要求。坚持以人民为中心，依法依规、公开透明，"
        f"确保各项任务落到实处。</p><p>二、主要内容。（略）</p><p>三、工作要求。各有关单位要高度重视，"
        f"加强协调配合，及时报送工作进展。</p><p>特此通知。</p>"
    )


@transaction.atomic
def load(*, stdout, options) -> None:
    if Record.objects.exists():
        stdout.write(f"已有政府信息 {Record.objects.count()} 条，跳过。")
        return
    agencies = list(Agency.objects.disclosing().order_by("order", "id"))
    if not agencies:
        stdout.write("没有公开主体，请先载入 orgs 演示数据。")
        return
    small = bool(options.get("small"))
    target = SMALL_PUBLISHED if small else FULL_PUBLISHED
    rng = random.Random(2026)
    topics = {t.code: t for t in Topic.objects.all()}
    workdays = _workdays_between_bounds()
    now = timezone.now()
    today = timezone.localdate()
    last_index = max(i for i, d in enumerate(workdays) if d <= today)
    tz = timezone.get_current_timezone()

    weights = {
        a.pk: 2.0 if a.level == AgencyLevel.DISTRICT else (1.0 if a.code in PROFILES else 0.55)
        for a in agencies
    }
    if small:
        agencies = [
            a for a in agencies if a.code in ("district", "mzj", "rsj", "cyjd")
        ] or agencies[:3]
    total_weight = sum(weights[a.pk] for a in agencies)
    types, type_w = zip(*TYPE_WEIGHTS, strict=True)

    records: list[Record] = []
    interpretations: list[tuple[Record, Record]] = []  # (policy, interpretation)
    docno_seq: dict[tuple[str, int], int] = defaultdict(int)

    def make(agency, rtype, day_index, *, attribute=DisclosureAttribute.PROACTIVE, publish=True):
        code = agency.code
        if code in PROFILES:
            _, topic_codes, themes = PROFILES[code]
        else:
            topic_codes, themes = SUBDISTRICT_PROFILE
        short = agency.short_name or agency.name
        theme = rng.choice(themes)
        day = workdays[day_index]
        title = _title(rng, rtype, agency, short, theme, day)
        topic = topics.get(FIXED_TOPIC.get(rtype) or rng.choice(topic_codes))
        docno = ""
        if rtype in (RecordType.NORMATIVE, RecordType.OTHER_DOC, RecordType.PLAN) or (
            rtype == RecordType.NOTICE and rng.random() < 0.3
        ):
            kind = (
                "规" if rtype == RecordType.NORMATIVE else ("办发" if rng.random() < 0.2 else "发")
            )
            docno = _prefix(agency) + kind  # numbered below, in order of 成文日期
        record = Record(
            title=title,
            body=_body(title, agency.name, theme),
            record_type=rtype,
            agency=agency,
            document_number=docno,
            written_on=day,
            formed_on=day,
            topic=topic,
            keywords=theme,
            attribute=attribute,
            validity=Validity.VALID,
            due_on=_due(workdays, day_index, day),
            status=Status.REVIEWED,
            secrecy_checked=True,
        )
        if rtype == RecordType.NORMATIVE:
            record.effective_on = day + datetime.timedelta(days=30)
            record.expires_on = record.effective_on.replace(year=record.effective_on.year + 5)
        if attribute != DisclosureAttribute.PROACTIVE:
            ground, basis = rng.choice(GROUNDS)
            record.withholding_ground = ground
            record.attribute_basis = basis
            publish = False
        if publish:
            roll = rng.random()
            delay = (
                rng.randint(0, 5)
                if roll < 0.85
                else (rng.randint(6, 18) if roll < 0.97 else rng.randint(21, 32))
            )
            pub_index = day_index + delay
            pub_day = workdays[pub_index] if pub_index < len(workdays) else day
            at = datetime.datetime.combine(
                pub_day, datetime.time(rng.randint(9, 16), rng.randint(0, 59)), tz
            )
            if at <= now:
                record.status = Status.PUBLISHED
                record.published_at = at
            elif pub_index <= last_index + 10:
                record.scheduled_at = at  # reviewed, waiting for `gongkai tick`
        records.append(record)
        return record

    for agency in agencies:
        count = max(1, round(target * weights[agency.pk] / total_weight))
        # 机构职能 once, at the start of the period.
        make(agency, RecordType.FUNCTION, 0)
        for n in range(count - 1):
            rtype = rng.choices(types, type_w)[0]
            if small and n < 2:
                rtype = (
                    RecordType.NORMATIVE
                )  # the small set still shows policies with interpretations
            if rtype == RecordType.NORMATIVE and agency.level == AgencyLevel.SUBDISTRICT:
                rtype = RecordType.NOTICE
            record = make(agency, rtype, rng.randint(0, last_index))
            if rtype == RecordType.NORMATIVE:
                interp = make(agency, RecordType.INTERPRETATION, workdays.index(record.written_on))
                interp.title = (
                    "《" + record.title.split("《")[-1].split("》")[0] + "》政策解读"
                    if "《" in record.title
                    else f"{record.title}政策解读"
                )
                interp.document_number = ""
                interp.topic = record.topic
                interp.status, interp.published_at = record.status, record.published_at
                interp.scheduled_at = record.scheduled_at
                interp.body = (
                    f"<h3>一、制定背景</h3><p>{record.title}的出台背景和依据。</p>"
                    "<h3>二、主要内容</h3><p>明确了适用范围、申请条件、办理程序和保障措施。</p>"
                    "<h3>三、问答</h3><p>问：哪些人可以申请？答：符合条件的本区居民。</p>"
                )
                interpretations.append((record, interp))
        # Registered but not proactive: about 15% of registrations.
        for _ in range(max(1, round(count * 0.15))):
            make(
                agency,
                rng.choice([RecordType.OTHER_DOC, RecordType.NOTICE]),
                rng.randint(0, last_index),
                attribute=rng.choice(
                    [DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD]
                ),
            )

    # 文号 numbered per 代字 and year in order of 成文日期.
    for record in sorted((r for r in records if r.document_number), key=lambda r: r.written_on):
        key = (record.document_number, record.written_on.year)
        docno_seq[key] += 1
        record.document_number = f"{key[0]}〔{key[1]}〕{docno_seq[key]}号"

    # 索引号 in publication order per agency and year; counters set to match.
    published = sorted(
        (r for r in records if r.status == Status.PUBLISHED),
        key=lambda r: (r.agency_id, r.published_at, id(r)),
    )
    last = {}
    for record in published:
        year = timezone.localtime(record.published_at, tz).year
        key = (record.agency_id, year)
        last[key] = last.get(key, 0) + 1
        record.index_year, record.index_serial = year, last[key]
        record.index_no = format_index_no(record.agency, year, last[key])

    Record.objects.bulk_create(records, batch_size=1000)
    for policy, interp in interpretations:
        interp.interprets_id = policy.pk
    Record.objects.bulk_update([i for _, i in interpretations], ["interprets"], batch_size=1000)
    IndexCounter.objects.bulk_create(
        [IndexCounter(agency_id=a, year=y, last=n) for (a, y), n in last.items()]
    )
    _extras(rng, records, interpretations, agencies, topics, small)
    _catalog_links(rng, records)
    public = Record.objects.public().count()
    stdout.write(
        f"政府信息 {Record.objects.count()} 条（已公开 {public} 条，政策解读 {len(interpretations)} 条）"
    )


def _extras(rng, records, interpretations, agencies, topics, small) -> None:
    """Corrections, withdrawals, repeals and drafts in review for the demo personas."""
    published = [
        r
        for r in records
        if r.status == Status.PUBLISHED and r.record_type != RecordType.INTERPRETATION
    ]
    notices = []
    for record in rng.sample(published, min(5, len(published))):
        notices.append(
            RecordNotice(
                record=record, kind=NoticeKind.CORRECTION, text="原文附件有误，已更换为正确版本。"
            )
        )
    news = [r for r in published if r.record_type == RecordType.NOTICE]
    for record in rng.sample(news, min(3, len(news))):
        record.status = Status.WITHDRAWN
        record.save(update_fields=["status"])
        notices.append(
            RecordNotice(
                record=record,
                kind=NoticeKind.WITHDRAWAL,
                text="因活动安排调整，原通知撤回，具体安排另行通知。",
            )
        )
    policies = sorted(
        (p for p, _ in interpretations if p.status == Status.PUBLISHED),
        key=lambda p: p.published_at,
    )
    by_agency = defaultdict(list)
    for p in policies:
        by_agency[p.agency_id].append(p)
    repealed = 0
    for items in by_agency.values():
        if (
            len(items) >= 2
            and repealed < 6
            and items[0].published_at.year < items[-1].published_at.year
        ):
            old, new = items[0], items[-1]
            old.validity = Validity.REPEALED
            old.repealed_on = new.effective_on
            old.repealed_by = new
            old.save(update_fields=["validity", "repealed_on", "repealed_by"])
            notices.append(
                RecordNotice(
                    record=old,
                    kind=NoticeKind.REPEAL,
                    text=f"本文件自{new.effective_on:%Y年%m月%d日}起废止。",
                )
            )
            repealed += 1
    RecordNotice.objects.bulk_create(notices)

    mzj = Agency.objects.filter(code="mzj").first()
    clerk = User.objects.filter(username="clerk").first()
    if mzj is None:
        return
    today = timezone.localdate()
    topic = topics.get("1703")
    drafts = [
        (
            "关于调整本区最低生活保障标准的通知",
            RecordType.NOTICE,
            Status.SUBMITTED,
            "示民发〔{y}〕{n}号",
        ),
        ("关于开展{y}年度冬季送温暖活动的通知", RecordType.NOTICE, Status.SUBMITTED, ""),
        ("区民政局召开养老服务机构安全工作会议", RecordType.NEWS, Status.SUBMITTED, ""),
        ("关于公布{y}年养老服务补贴发放情况的公告", RecordType.NOTICE, Status.DRAFT, ""),
        (
            "关于印发《示范区困难群众临时救助实施办法》的通知",
            RecordType.NORMATIVE,
            Status.SUBMITTED,
            "示民规〔{y}〕{n}号",
        ),
        ("区民政局{y}年社会组织年检结果公示", RecordType.NOTICE, Status.DRAFT, ""),
    ]
    rows = []
    for i, (title, rtype, status, docno) in enumerate(drafts):
        formed = today - datetime.timedelta(days=3 + i * 4)
        rows.append(
            Record(
                title=title.format(y=today.year),
                body=_body(title, mzj.name, "社会救助"),
                record_type=rtype,
                agency=mzj,
                document_number=docno.format(y=today.year, n=90 + i) if docno else "",
                written_on=formed,
                formed_on=formed,
                topic=topic,
                keywords="社会救助",
                attribute=DisclosureAttribute.PROACTIVE,
                status=status,
                created_by=clerk,
                submitted_by=clerk if status == Status.SUBMITTED else None,
                due_on=_safe_due(formed),
            )
        )
    Record.objects.bulk_create(rows)


def _safe_due(day):
    try:
        return calendar.add_workdays(day, 20)
    except calendar.UnknownYearError:
        return None


def _catalog_links(rng, records) -> None:
    """Link some records to catalogue items when the catalogue has any (loaded before us)."""
    from gongkai.catalog.models import Item

    items = list(Item.objects.values_list("pk", flat=True))
    if not items:
        return
    through = Record.catalog_items.through
    links = [
        through(record_id=r.pk, item_id=rng.choice(items))
        for r in records
        if r.status == Status.PUBLISHED
        and r.record_type in (RecordType.NOTICE, RecordType.OTHER_DOC, RecordType.NORMATIVE)
    ]
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
