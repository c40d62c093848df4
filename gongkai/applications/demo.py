"""Demo data: about 1,800 applications over 2025–2026 (options["small"]: a few dozen), with a
realistic spread of channels, applicant types, corrections, consultations, extensions, fees,
outcomes and review cases. All personal data is fictional. Idempotent: a second run adds nothing.

Bulk-created for speed: events are generated here, the derived fields come from the same
`procedure.derive` the services use.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.core.idcard import make_id_card
from gongkai.core.legal import ApplicantType, ReviewOutcome, WithholdingGround
from gongkai.orgs.models import Agency, AgencyLevel, User
from gongkai.workdays import calendar

from . import fees, letters, procedure, services
from .models import (
    Application,
    ApplicationEvent,
    Channel,
    EventKind,
    FeeNotice,
    ReplyType,
    ReviewCase,
    Status,
)

SEED = 20250101
MARKER = "YSQ20250102000001"
FULL, SMALL = 1800, 40

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂兰",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "文博",
    "雨桐",
    "子涵",
]
COMPANIES = [
    "示范区恒达置业有限公司",
    "示范区联合律师事务所",
    "示范区城市规划研究院",
    "示范区绿色家园环保协会",
    "示范区新华物业管理有限公司",
    "示范区德信律师事务所",
    "示范区明远科技有限公司",
]
ORG_TYPES = {
    "示范区恒达置业有限公司": ApplicantType.BUSINESS,
    "示范区联合律师事务所": ApplicantType.LEGAL_SERVICE,
    "示范区城市规划研究院": ApplicantType.RESEARCH,
    "示范区绿色家园环保协会": ApplicantType.PUBLIC_WELFARE,
    "示范区新华物业管理有限公司": ApplicantType.BUSINESS,
    "示范区德信律师事务所": ApplicantType.LEGAL_SERVICE,
    "示范区明远科技有限公司": ApplicantType.BUSINESS,
}
TOPICS = {
    "mzj": [
        "最低生活保障审批材料",
        "临时救助资金发放明细",
        "养老服务补贴发放名单",
        "社会组织登记材料",
        "婚姻登记档案",
    ],
    "fgj": [
        "旧住房综合改造项目方案",
        "房屋征收补偿方案",
        "公有住房租赁合同",
        "保障性住房分配结果",
        "物业维修资金使用情况",
    ],
    "ghzyj": [
        "控制性详细规划调整批复",
        "建设工程规划许可证",
        "土地出让合同",
        "国有土地使用权证",
        "征地批复文件",
    ],
    "rsj": ["工伤认定决定书", "劳动保障监察案卷", "社会保险缴费记录", "人才引进落户名单"],
    "jsglw": ["道路建设项目立项批复", "施工许可证", "拆除违法建筑决定"],
    "sthjj": ["建设项目环境影响评价批复", "企业排污许可证", "环境行政处罚决定书"],
    "scjgj": ["企业登记档案", "食品安全抽检结果", "行政处罚决定书"],
    "cgzfj": ["违法建筑认定材料", "行政处罚案卷"],
    "czj": ["部门预算执行情况", "政府采购合同"],
    "wjw": ["医疗机构执业许可", "医疗事故处理材料"],
    "gajfj": ["户籍迁移审批材料", "交通事故处理材料"],
    "subdistrict": [
        "旧区改造征收补偿安置方案",
        "居委会换届选举材料",
        "公共服务设施建设项目情况",
        "房屋征收评估报告",
        "违法建筑拆除决定",
    ],
}
AGENCY_WEIGHTS = {
    "mzj": 10,
    "fgj": 16,
    "ghzyj": 14,
    "rsj": 8,
    "jsglw": 6,
    "sthjj": 5,
    "scjgj": 5,
    "cgzfj": 5,
    "czj": 2,
    "wjw": 3,
    "gajfj": 3,
}
CHANNELS = [
    (Channel.ONLINE, 55),
    (Channel.SIGNED_POST, 20),
    (Channel.IN_PERSON, 15),
    (Channel.ORDINARY_POST, 5),
    (Channel.FAX, 2),
    (Channel.ORAL, 3),
]
OUTCOMES = [
    ("granted", 33),
    ("already_public", 10),
    ("partial", 8),
    ("withheld", 6),
    ("not_found", 17),
    ("not_ours", 8),
    ("needs_creation", 3),
    ("petition", 4),
    ("repeated", 3),
    ("publication", 1),
    ("excessive", 1),
    ("confirmation", 1),
    ("special_law", 1),
    ("still_unclear", 0),
    ("withdrawn", 2),
    ("no_correction", 2),
    ("fee_unpaid", 0),
]
GROUNDS = [
    (WithholdingGround.THIRD_PARTY, 35),
    (WithholdingGround.PROCESS_INFO, 25),
    (WithholdingGround.INTERNAL_AFFAIRS, 10),
    (WithholdingGround.ENFORCEMENT_FILE, 12),
    (WithholdingGround.ADMIN_QUERY, 8),
    (WithholdingGround.PROHIBITED_BY_LAW, 5),
    (WithholdingGround.THREE_SECURITIES, 3),
    (WithholdingGround.STATE_SECRET, 2),
]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _id_number(rng, born: datetime.date) -> str:
    return make_id_card(f"310107{born:%Y%m%d}{rng.randrange(100, 999)}")


def _wd(day, n):
    return calendar.add_workdays(day, n)


class _Builder:
    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        self.ref = 0
        from gongkai.records.models import Record

        # "Already public" replies point at real public records of the demo district.
        public = Record.objects.public().order_by("id").only("id", "index_no")[:500]
        self.public_records = [(r.index_no, r.get_absolute_url()) for r in public]

    def event(self, events, kind, on, **data):
        self.ref += 1
        events.append(procedure.EventView(kind=kind, on=on, data=data, id=self.ref))
        return self.ref

    def history(self, submitted: datetime.date, channel: str):
        """Events of one application up to `today`, plus its fee and review case plans."""
        rng, today = self.rng, self.today
        events: list[procedure.EventView] = []
        fee = None
        self.event(events, EventKind.SUBMITTED, submitted)
        if channel in (Channel.ONLINE, Channel.FAX, Channel.ORDINARY_POST):
            received = (
                _wd(submitted, rng.choice([0, 1, 1, 1, 2]))
                if calendar.is_workday(submitted)
                else _wd(submitted, 1)
            )
        else:
            received = submitted
        if channel == Channel.ONLINE and (today - submitted).days <= 3:
            received = today + datetime.timedelta(days=1)  # not yet confirmed by staff
        if received > today:
            return events, fee
        self.event(events, EventKind.RECEIVED, received, rule=channel)
        start = received
        outcome = _pick(rng, OUTCOMES)
        cursor = received
        if outcome in ("no_correction", "still_unclear") or rng.random() < 0.07:
            notice = _wd(received, rng.randint(1, 6))
            reply_by = _wd(notice, 10)
            if notice > today:
                return events, fee
            self.event(
                events,
                EventKind.CORRECTION_REQUESTED,
                notice,
                reply_by=reply_by.isoformat(),
                items="请明确所需信息的名称、文号或时间范围。",
            )
            if outcome == "no_correction":
                lapse = reply_by + datetime.timedelta(days=1)
                if lapse <= today:
                    self.event(events, EventKind.CORRECTION_LAPSED, lapse)
                return events, fee
            corrected = _wd(notice, rng.randint(2, 9))
            if corrected > today:
                return events, fee
            self.event(events, EventKind.CORRECTION_RECEIVED, corrected)
            start = cursor = corrected
            if rng.random() < 0.3:
                outcome = "still_unclear"
        if outcome in ("partial", "withheld") and rng.random() < 0.5 or rng.random() < 0.03:
            sent = _wd(cursor, rng.randint(2, 6))
            party = "third_party" if rng.random() < 0.7 else "other_agency"
            if sent > today:
                return events, fee
            reply_by = _wd(sent, 15)
            ref = self.event(
                events,
                EventKind.CONSULTATION_STARTED,
                sent,
                party=party,
                party_name="示范区某某公司" if party == "third_party" else "区财政局",
                delivered_on=sent.isoformat(),
                reply_by=reply_by.isoformat(),
                matters="",
            )
            answered = min(_wd(sent, rng.randint(3, 16)), reply_by)
            if answered > today:
                return events, fee
            self.event(
                events,
                EventKind.CONSULTATION_ANSWERED,
                answered,
                consultation=ref,
                outcome=rng.choice(["objects", "consents", "no_answer"]),
            )
            cursor = answered
        state = procedure.derive(events)
        if rng.random() < 0.1:
            on = min(_wd(cursor, rng.randint(5, 12)), state.due_on or cursor)
            if on > today:
                return events, fee
            self.event(
                events,
                EventKind.EXTENDED,
                on,
                days=20,
                reason="需要调取和审查的档案数量较多",
                approved_by=None,
            )
            cursor = on
        if outcome == "fee_unpaid" or (outcome in ("granted", "partial") and rng.random() < 0.02):
            on = _wd(cursor, 3)
            if on > today:
                return events, fee
            pages = rng.randint(150, 2400)
            notice_received = _wd(on, 1) if calendar.is_workday(on) else on
            pay_by = procedure.fee_pay_by(notice_received)
            fee = {
                "schedule": "per_page",
                "pages": pages,
                "amount": fees.per_page_fee(pages),
                "issued_on": on,
                "notice_received_on": notice_received,
                "pay_by": pay_by,
                "paid_on": None,
            }
            self.event(
                events,
                EventKind.FEE_NOTICE,
                on,
                schedule="per_page",
                amount=str(fee["amount"]),
                pay_by=pay_by.isoformat(),
                pauses_clock=True,
            )
            if outcome == "fee_unpaid" or rng.random() < 0.4:
                lapse = pay_by + datetime.timedelta(days=1)
                if lapse <= today:
                    self.event(events, EventKind.FEE_LAPSED, lapse)
                return events, fee
            paid = _wd(notice_received, rng.randint(3, 15))
            if paid > today:
                return events, fee
            fee["paid_on"] = paid
            self.event(events, EventKind.FEE_PAID, paid)
            cursor = paid
        state = procedure.derive(events)
        due = state.due_on or _wd(start, 20)
        if outcome == "withdrawn":
            on = _wd(cursor, rng.randint(1, 8))
            if on <= today:
                self.event(events, EventKind.WITHDRAWN, on)
            return events, fee
        span = max(calendar.workdays_between(cursor, due), 1)
        late = rng.random() < 0.01
        on = _wd(due, 1) if late else _wd(cursor, rng.randint(max(1, span // 4), span))
        if on > today:
            return events, fee
        reply_type = outcome if outcome in ReplyType.values else "granted"
        pointer = ("", "")
        if reply_type == "already_public":
            pointer = rng.choice(self.public_records) if self.public_records else ("", "/policies/")
        ground = _pick(rng, GROUNDS) if reply_type in ("withheld", "partial") else ""
        self.event(
            events,
            EventKind.REPLIED,
            on,
            reply_type=reply_type,
            result_row=services.result_row_for(reply_type, ground or "third_party"),
            ground=ground,
            provided="",
            public_index_no=pointer[0],
            public_url=pointer[1],
            competent_agency="区房屋管理局，电话021-66880012" if reply_type == "not_ours" else "",
            reasons="",
            on_time=not late,
        )
        return events, fee


def load(*, stdout, options) -> None:
    from .corrections import demo as corrections_demo

    _load_applications(stdout=stdout, options=options)
    corrections_demo.load(stdout=stdout, options=options)


@transaction.atomic
def _load_applications(*, stdout, options) -> None:
    if Application.objects.filter(tracking_number=MARKER).exists():
        stdout.write("依申请公开演示数据已存在，跳过。")
        return
    rng = random.Random(SEED)
    count = SMALL if options.get("small") else FULL
    today = min(timezone.localdate(), datetime.date(2026, 12, 31))
    first = datetime.date(2025, 1, 2)
    agencies = {a.code: a for a in Agency.objects.disclosing()}
    if "mzj" not in agencies:
        stdout.write("缺少演示机构（请先载入 orgs 演示数据），跳过依申请公开演示数据。")
        return
    subdistricts = [a for a in agencies.values() if a.level == AgencyLevel.SUBDISTRICT]
    weighted = [(agencies[c], w) for c, w in AGENCY_WEIGHTS.items() if c in agencies]
    weighted += [(s, 3) for s in subdistricts]
    clerk = User.objects.filter(username="clerk").first()
    builder = _Builder(rng, today)
    span_days = (today - first).days
    # A few regulars file many requests (fees, Art. 35, Art. 44 repetition).
    regulars = [
        (
            f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
            _id_number(rng, datetime.date(1970 + i, 3, 1 + i)),
            f"139{rng.randrange(10**7, 10**8)}",
        )
        for i in range(6)
    ]
    apps, plans = [], []
    for i in range(count):
        submitted = first + datetime.timedelta(days=int(span_days * (i / count) ** 0.97))
        agency = _pick(rng, weighted) if i else agencies["mzj"]
        topics = TOPICS.get(agency.code) or TOPICS["subdistrict"]
        topic = rng.choice(topics)
        channel = _pick(rng, CHANNELS)
        if rng.random() < 0.15:
            name, id_number, phone = rng.choice(regulars)
            kind = ApplicantType.NATURAL_PERSON
        elif rng.random() < 0.16:
            name = rng.choice(COMPANIES)
            kind = ORG_TYPES[name]
            id_number = f"91310107MA1{rng.randrange(10**6, 10**7)}X"
            phone = f"021-6{rng.randrange(10**6, 10**7)}"
        else:
            name = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}"
            kind = ApplicantType.NATURAL_PERSON
            id_number = _id_number(
                rng, datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 20000))
            )
            phone = f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}"
        id_type = "resident_id" if kind == ApplicantType.NATURAL_PERSON else "uscc"
        year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
        events, fee = builder.history(submitted, channel)
        state = procedure.derive(events)
        number = MARKER if i == 0 else f"YSQ{submitted:%Y%m%d}{i + 1:06d}"
        application = Application(
            agency=agency,
            tracking_number=number,
            query_code_hash=services.query_code_digest(number, "DEMO2026"),
            channel=channel,
            applicant_type=kind,
            applicant_name=name,
            contact_person=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}"
            if kind != ApplicantType.NATURAL_PERSON
            else "",
            id_type=id_type,
            id_number=id_number,
            phone=phone,
            email="",
            address=f"示范区{rng.choice(['幸福', '光明', '和平', '新华', '建设'])}路{rng.randint(1, 999)}号",
            postcode="200000",
            applicant_key=services.applicant_key(id_type, id_number, name, phone),
            info_title=f"{year}年{topic}",
            info_document_number=f"示{agency.display_short[1:3]}〔{year}〕{rng.randint(1, 60)}号"
            if rng.random() < 0.3
            else "",
            info_description="",
            info_form=rng.choice(["paper", "electronic", "electronic", "viewing"]),
            delivery=rng.choice(["post", "email", "collect", "online"]),
            submitted_at=timezone.make_aware(
                datetime.datetime.combine(submitted, datetime.time(9 + i % 8, (i * 7) % 60))
            ),
            status=state.status,
            received_on=state.received_on,
            clock_start=state.clock_start,
            due_on=state.due_on,
            party_due_on=state.party_due_on,
            paused=state.paused,
            extended=state.extended,
            deadline_alarm=state.alarm,
            closed_on=state.closed_on,
            result_row=state.result_row,
            reply_type=state.reply_type,
        )
        if state.status == Status.REPLIED and rng.random() < 0.05:
            application.docket_published = True
            application.docket_title = f"关于申请公开{topic}的答复"
            application.docket_summary = f"申请人申请公开{topic}相关信息，本机关依法作出答复。"
        apps.append(application)
        plans.append((events, fee))
    Application.objects.bulk_create(apps, batch_size=500)
    # Events: first everything but consultation answers (which point at the started event).
    rows, answers = [], []
    for application, (events, _fee) in zip(apps, plans, strict=True):
        for ev in events:
            target = answers if ev.kind == EventKind.CONSULTATION_ANSWERED else rows
            target.append((application, ev))
    created = ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=a,
                kind=ev.kind,
                on=ev.on,
                data=ev.data,
                actor_name="clerk" if ev.kind != EventKind.SUBMITTED else "申请人",
            )
            for a, ev in rows
        ],
        batch_size=1000,
    )
    ref_to_pk = {id(ev): obj.pk for (_a, ev), obj in zip(rows, created, strict=True)}
    by_ref = {}
    for _a, ev in rows:
        by_ref[ev.id] = ref_to_pk[id(ev)]
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=a,
                kind=ev.kind,
                on=ev.on,
                data={**ev.data, "consultation": by_ref[ev.data["consultation"]]},
                actor_name="clerk",
            )
            for a, ev in answers
        ],
        batch_size=1000,
    )
    fee_rows, cases = [], []
    for application, (_events, fee) in zip(apps, plans, strict=True):
        if fee is not None:
            fee_rows.append(FeeNotice(application=application, **fee))
        if (
            application.status == Status.REPLIED
            and application.reply_type
            in ("withheld", "partial", "not_found", "not_ours", "petition")
            and rng.random() < 0.12
        ):
            kind = _pick(
                rng,
                [
                    ("reconsideration", 70),
                    ("litigation_direct", 15),
                    ("litigation_after_review", 15),
                ],
            )
            filed = application.closed_on + datetime.timedelta(days=rng.randint(10, 55))
            if filed > today:
                continue
            concluded = filed + datetime.timedelta(days=rng.randint(40, 150))
            outcome = _pick(
                rng,
                [
                    (ReviewOutcome.UPHELD, 70),
                    (ReviewOutcome.CORRECTED, 10),
                    (ReviewOutcome.OTHER, 8),
                ],
            )
            if concluded > today:
                outcome, concluded = ReviewOutcome.PENDING, None
            cases.append(
                ReviewCase(
                    application=application,
                    agency=application.agency,
                    kind=kind,
                    filed_on=filed,
                    outcome=outcome,
                    concluded_on=concluded,
                    case_number=f"示府复〔{filed.year}〕{len(cases) + 1}号"
                    if kind == "reconsideration"
                    else f"（{filed.year}）沪0107行初{len(cases) + 1}号",
                    body="示范区人民政府" if kind == "reconsideration" else "示范区人民法院",
                )
            )
    FeeNotice.objects.bulk_create(fee_rows)
    ReviewCase.objects.bulk_create(cases)
    # Letters for the most recent applications, rendered from the templates like the services do.
    recent = Application.objects.filter(
        tracking_number__in=[a.tracking_number for a in apps[-30:]]
    ).select_related("agency", "agency__parent")
    issued = 0
    for application in recent:
        for event in application.events.all():
            kind = {
                EventKind.RECEIVED: "receipt",
                EventKind.CORRECTION_REQUESTED: "correction",
                EventKind.EXTENDED: "extension",
                EventKind.REPLIED: "reply",
            }.get(event.kind)
            if kind:
                letters.issue_letter(application, kind=kind, actor=clerk, event=event, audit=False)
                issued += 1
    stdout.write(
        f"依申请公开申请 {len(apps)} 件（事项 {len(rows) + len(answers)} 条，收费 {len(fee_rows)} 件，"
        f"复议诉讼 {len(cases)} 件，文书 {issued} 份；演示查询码 DEMO2026）。"
    )


__all__ = ["load", "Decimal"]
