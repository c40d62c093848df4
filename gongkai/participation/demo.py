"""Demo data of 互动交流: major decisions at every stage of their chain (a draft waiting for
approval, consultations upcoming, open and closing soon, comments being sorted, feedback overdue,
feedback published, decided with the decision document and its interpretation published in
`records`, implemented), online interviews (one with its transcript, one taking questions, one
draft) and open days (open, full, past with a report, cancelled).

Dates are relative to today so the demo always shows live consultations. Rows are written
directly (the services refuse back-dated openings); the decision documents go through the records
services so their 索引号 come from the counters. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Agency, User

from . import rules
from .models import (
    Channel,
    Comment,
    Consultation,
    Decision,
    Disposition,
    FeedbackTheme,
    Interview,
    InterviewGuest,
    InterviewQuestion,
    InterviewStatus,
    Moderation,
    OpenDay,
    OpenDayStatus,
    ProgressUpdate,
    Registration,
    RegistrationStatus,
    Stage,
    Step,
    TranscriptItem,
)
from .services import cancel_code_digest

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞红建国志文海燕鹏辉"

DRAFT_ELDERLY = """第一章 总则
第一条 为完善居家社区养老服务网络，推动养老服务设施均衡布局，根据《中华人民共和国老年人权益保障法》等法律法规，结合本区实际，制定本规划。
第二条 本规划范围为示范区全域，规划期限为2027年至2035年。
第二章 规划目标
第三条 到2030年，每个街镇至少建有1家综合为老服务中心，社区养老服务设施步行15分钟可达覆盖率达到95%以上。
第四条 到2035年，每千名老年人拥有养老床位数不少于40张，其中护理型床位占比不低于70%。
第三章 设施布局
第五条 新建住宅小区按照每百户不少于20平方米的标准配建社区养老服务用房，与住宅同步规划、同步建设、同步验收、同步交付。
第六条 老城区通过购置、置换、租赁等方式补齐养老服务设施，优先利用闲置的公有房屋。
第七条 社区长者食堂按照“一街镇多点”布局，为老年人提供助餐服务，并逐步向失能、独居老年人提供送餐上门服务。
第四章 实施保障
第八条 区民政局会同区规划资源局、区房管局建立规划实施年度评估机制，评估结果向社会公开。
第九条 本规划自发布之日起施行。"""

DRAFT_SCHOOL = """第一条 为规范义务教育阶段学校课后服务，减轻家长接送负担，制定本办法。
第二条 本区公办义务教育阶段学校在工作日下午放学后提供课后服务，服务结束时间原则上不早于当地正常下班时间。
第三条 课后服务坚持学生家长自愿原则，由家长提出申请，学校不得以任何方式强制或变相强制学生参加。
第四条 课后服务内容以指导学生完成作业、开展体育、艺术、科普活动和社团活动为主，不得讲授新课。
第五条 课后服务所需经费通过财政补贴、服务性收费或代收费等方式筹措，收费标准按程序报批后公示。
第六条 家庭经济困难学生参加课后服务的费用予以减免。
第七条 本办法自2027年2月1日起施行。"""

DRAFT_DOCTOR = """第一条 为做实做细家庭医生签约服务，提高居民健康获得感，制定本方案。
第二条 以社区卫生服务中心为平台，组建由全科医生、社区护士、公共卫生医师等组成的家庭医生团队。
第三条 优先覆盖老年人、孕产妇、儿童、残疾人以及高血压、糖尿病等慢性病患者。
第四条 签约居民可享受预约优先就诊、慢性病长处方、转诊绿色通道等服务。
第五条 到2027年底，全区常住人口家庭医生签约率达到45%以上，重点人群签约率达到80%以上。
第六条 本方案自印发之日起实施。"""

DRAFT_LIFT = """第一条 为改善老旧住宅居住条件，方便居民出行，根据有关规定，修订本办法。
第二条 本办法适用于本区行政区域内具备条件的既有多层住宅加装电梯项目。
第三条 对符合条件的加装电梯项目，区财政按照每台不超过30万元的标准给予补贴。
第四条 加装电梯应当经本单元房屋专有部分面积占比三分之二以上且人数占比三分之二以上的业主同意。
第五条 街道办事处、镇人民政府负责组织协调，为居民提供政策咨询和矛盾调处服务。
第六条 本办法自2027年1月1日起施行。"""

DRAFT_WASTE = """第一条 为推进生活垃圾分类，改善人居环境，根据《上海市生活垃圾管理条例》等规定，结合本区实际，制定本办法。
第二条 生活垃圾分为可回收物、有害垃圾、湿垃圾和干垃圾。
第三条 居住区按照“定时定点”方式投放，每个居住区至少设置一处误时投放点。
第四条 物业服务企业是居住区生活垃圾分类投放管理责任人。
第五条 区绿化市容局对生活垃圾分类实效开展季度测评，测评结果向社会公布。
第六条 本办法自发布之日起施行。"""

DRAFT_RELIEF = """第一条 为保障困难群众基本生活，建立基本生活救助标准与经济社会发展水平相适应的动态调整机制，制定本通知。
第二条 最低生活保障标准原则上每年调整一次，调整幅度参考上年度城镇居民人均消费支出增长情况确定。
第三条 特困人员基本生活标准不低于最低生活保障标准的1.3倍。
第四条 价格临时补贴与物价上涨挂钩联动，社会救助和保障标准与物价上涨挂钩联动机制启动条件达到时，及时足额发放。
第五条 本通知自2027年1月1日起施行。"""

DRAFT_PROJECTS = """一、推进15分钟社区生活圈建设，新建、改建社区综合服务设施10处。
二、新增公办幼儿园托班学位300个。
三、完成3个老旧小区雨污混接改造。
四、新建、改建市民健身步道5公里。
五、新建社区长者食堂8家。
六、实施50台既有多层住宅加装电梯。
七、新增公共停车泊位1000个。
八、改造提升农贸市场4家。
九、为1万户老年人家庭安装燃气安全装置。
十、完成全区公共厕所提升改造20座。"""

DRAFT_FUNERAL = """第一条 为统筹殡葬设施布局，满足群众基本殡葬服务需求，编制本规划。
第二条 规划期限为2027年至2035年。
第三条 到2030年，建成节地生态安葬为主的公益性骨灰安放设施2处。
第四条 倡导文明节俭治丧，推行海葬、树葬、草坪葬等节地生态安葬方式。"""

#: (agency code, decision body, title, summary, draft, stage plan)
DECISIONS = [
    (
        "mzj",
        "示范区人民政府",
        "示范区居家社区养老服务设施布局规划（2027—2035年）",
        "为应对人口老龄化，区民政局会同有关部门起草了《示范区居家社区养老服务设施布局规划（2027—2035年）（征求意见稿）》，现向社会公开征求意见。",
        DRAFT_ELDERLY,
        "open",
    ),
    (
        "mzj",
        "示范区人民政府",
        "示范区困难群众基本生活救助标准动态调整机制",
        "为建立健全社会救助标准动态调整机制，区民政局起草了《关于建立困难群众基本生活救助标准动态调整机制的通知（征求意见稿）》。",
        DRAFT_RELIEF,
        "decided",
    ),
    (
        "mzj",
        "示范区人民政府",
        "示范区殡葬设施专项规划（2027—2035年）",
        "区民政局正在编制《示范区殡葬设施专项规划（2027—2035年）》。",
        DRAFT_FUNERAL,
        "draft_pending",
    ),
    (
        "jw",
        "示范区人民政府",
        "示范区义务教育阶段学校课后服务实施办法",
        "为规范课后服务，区教育局起草了《示范区义务教育阶段学校课后服务实施办法（征求意见稿）》，现公开征求意见。",
        DRAFT_SCHOOL,
        "closing_soon",
    ),
    (
        "wjw",
        "示范区人民政府",
        "示范区家庭医生签约服务实施方案",
        "区卫生健康委起草了《示范区家庭医生签约服务实施方案（征求意见稿）》，拟于近期公开征求意见。",
        DRAFT_DOCTOR,
        "upcoming",
    ),
    (
        "jsglw",
        "示范区人民政府",
        "示范区既有多层住宅加装电梯财政补贴办法（修订）",
        "区建设管理委修订了《示范区既有多层住宅加装电梯财政补贴办法》，征求意见已结束，正在研究处理意见。",
        DRAFT_LIFT,
        "reviewing",
    ),
    (
        "lhsrj",
        "示范区人民政府",
        "示范区生活垃圾分类管理实施办法",
        "区绿化市容局起草了《示范区生活垃圾分类管理实施办法》，征求意见已结束，现公布意见采纳情况。",
        DRAFT_WASTE,
        "feedback",
    ),
    (
        "fgw",
        "示范区人民政府",
        "示范区2026年民生实事项目",
        "区发展改革委汇总各方建议形成《示范区2026年民生实事项目（征求意见稿）》，面向社会公开征求意见。",
        DRAFT_PROJECTS,
        "completed",
    ),
    (
        "mzj",
        "示范区人民政府",
        "示范区社区长者食堂运营补贴办法",
        "区民政局起草了《示范区社区长者食堂运营补贴办法（征求意见稿）》，征求意见已于上月结束。",
        "第一条 为支持社区长者食堂持续运营，制定本办法。\n第二条 对经认定的社区长者食堂按照服务人次给予运营补贴。\n第三条 本办法自发布之日起施行。",
        "overdue",
    ),
]

#: Opinions on the drafts: (theme, disposition, text); the theme answers are in THEMES.
OPINIONS = {
    "示范区居家社区养老服务设施布局规划（2027—2035年）": [
        (
            "设施布局",
            "",
            "建议在老城区优先利用闲置校舍改建综合为老服务中心，老城区老年人比例高，设施缺口最大。",
        ),
        ("助餐服务", "", "长者食堂希望能延长供餐时间，晚餐也能提供，很多独居老人晚上不方便做饭。"),
        ("设施布局", "", "第五条配建标准建议明确是建筑面积还是使用面积，避免开发商打折扣。"),
        ("护理床位", "", "护理型床位占比70%的目标很好，建议同步明确护理人员配备和培训要求。"),
        ("助餐服务", "", "送餐上门服务建议覆盖到高龄老人，不仅仅是失能和独居老人。"),
    ],
    "示范区义务教育阶段学校课后服务实施办法": [
        ("服务时间", "", "建议课后服务结束时间不早于18时，双职工家庭接孩子确实困难。"),
        ("收费与减免", "", "收费标准希望在学期开始前公示，并说明成本构成。"),
        ("服务内容", "", "希望课后服务增加体育活动时间，孩子在校锻炼时间不够。"),
    ],
    "示范区既有多层住宅加装电梯财政补贴办法（修订）": [
        ("补贴标准", Disposition.ADOPTED, "建议对低楼层业主的补偿给予指导价格，减少邻里矛盾。"),
        ("补贴标准", Disposition.NOT_ADOPTED, "建议补贴标准提高到每台50万元。"),
        ("审批流程", Disposition.ADOPTED, "希望简化审批流程，实行一窗受理、并联审批。"),
        ("审批流程", Disposition.PARTLY, "建议取消三分之二业主同意的要求，改为过半数同意。"),
        ("后期维护", Disposition.ADOPTED, "电梯建成后的维保费用由谁承担，建议在办法中明确。"),
    ],
    "示范区生活垃圾分类管理实施办法": [
        ("投放方式", Disposition.ADOPTED, "误时投放点建议开放到晚上10点，方便上班族。"),
        ("投放方式", Disposition.PARTLY, "建议每栋楼都设置投放点，定时定点对老人不方便。"),
        ("监督管理", Disposition.ADOPTED, "测评结果建议按小区公布，形成比学赶超氛围。"),
        ("监督管理", Disposition.NOT_ADOPTED, "建议对未分类投放的居民直接罚款。"),
        ("宣传引导", Disposition.ADOPTED, "建议在社区开展垃圾分类进家庭宣传，发放分类指南。"),
        ("宣传引导", Disposition.ADOPTED, "希望学校开展垃圾分类教育，小手拉大手。"),
    ],
    "示范区困难群众基本生活救助标准动态调整机制": [
        ("调整机制", Disposition.ADOPTED, "建议明确每年调整的时间节点，便于困难群众预期。"),
        ("调整机制", Disposition.PARTLY, "建议调整幅度与人均可支配收入挂钩，而不只是消费支出。"),
        ("特困供养", Disposition.NOT_ADOPTED, "特困人员基本生活标准建议提高到低保标准的2倍。"),
        ("临时补贴", Disposition.ADOPTED, "价格临时补贴发放要及时，建议明确发放时限。"),
    ],
    "示范区2026年民生实事项目": [
        ("养老服务", Disposition.ADOPTED, "建议把新建社区长者食堂列入实事项目。"),
        ("城市更新", Disposition.ADOPTED, "老旧小区加装电梯需求很大，建议列入。"),
        ("交通停车", Disposition.PARTLY, "建议新增停车泊位3000个。"),
        ("教育托育", Disposition.ADOPTED, "托班学位紧张，建议增加公办托班。"),
    ],
    "示范区社区长者食堂运营补贴办法": [
        ("补贴方式", "", "按服务人次补贴比较合理，建议同时考虑食堂面积和人员成本。"),
        ("补贴方式", "", "建议对助餐送餐服务单独给予补贴。"),
    ],
}

THEME_ANSWERS = {
    "补贴标准": "关于补偿指导价格的建议予以采纳，已在第七条增加由街镇提供补偿参考标准的规定。关于提高补贴标准的建议，考虑到区级财政承受能力和市级补贴标准，暂不采纳。",
    "审批流程": "已采纳一窗受理、并联审批的建议。业主同意比例系《中华人民共和国民法典》第二百七十八条规定的法定条件，不能降低；办法已增加街镇组织协商的规定。",
    "后期维护": "已采纳，明确由加装电梯的业主共同承担维保费用，可约定分摊比例。",
    "投放方式": "误时投放点开放时间已延长至22时。每栋楼设置投放点不利于分类质量管控，改为对行动不便的老年人提供上门收集服务，部分采纳。",
    "监督管理": "测评结果按居住区公布的建议予以采纳。对个人违法行为的处罚依照《上海市生活垃圾管理条例》执行，本办法不另设罚则，故未采纳。",
    "宣传引导": "已采纳，增加“进社区、进家庭、进学校”宣传条款。",
    "调整机制": "已明确每年7月1日调整。调整幅度同时参考人均可支配收入增长情况的建议部分采纳，表述为“综合考虑”。",
    "特困供养": "特困人员基本生活标准按照市级规定的倍数确定，区级暂不单独提高，未采纳。",
    "临时补贴": "已采纳，明确在联动机制启动后次月发放。",
    "养老服务": "已采纳，新建社区长者食堂8家列入实事项目。",
    "城市更新": "已采纳，列入实施50台加装电梯。",
    "交通停车": "综合考虑可利用场地，新增停车泊位调整为1000个，部分采纳。",
    "教育托育": "已采纳，新增公办幼儿园托班学位300个。",
}

SUMMARIES = {
    "feedback": "征求意见期间，共收到社会公众意见建议{n}条。我局对意见逐条研究，对合理意见予以采纳，对未采纳的意见说明理由如下。",
}


class _Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def name(self) -> str:
        return self.r.choice(SURNAMES) + "".join(
            self.r.choice(GIVEN) for _ in range(self.r.choice((1, 2)))
        )

    def phone(self) -> str:
        return f"1{self.r.choice('3589')}{self.r.randint(0, 9)}{self.r.randint(10000000, 99999999)}"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load(*, stdout, options) -> None:
    if Decision.objects.exists():
        stdout.write("互动交流演示数据已存在，跳过。")
        return
    agencies = {a.code: a for a in Agency.objects.disclosing()}
    if "mzj" not in agencies:
        stdout.write("缺少演示机构（请先载入 orgs 演示数据），跳过互动交流演示数据。")
        return
    gen = _Gen(20261201)
    today = timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["clerk", "reviewer", "office", "admin"])
    }
    clerk, reviewer = users.get("clerk"), users.get("reviewer")
    minimum = rules.min_consultation_days()
    counts = {"decisions": 0, "comments": 0}

    for code, body, title, summary, draft, plan in DECISIONS:
        agency = agencies.get(code) or agencies["mzj"]
        decision = _decision(
            agency, body, title, summary, draft, plan, today, minimum, gen, clerk, reviewer, users
        )
        counts["decisions"] += 1
        counts["comments"] += decision.consultation.comments.count()

    interviews = _interviews(agencies, today, gen)
    open_days = _open_days(agencies, today, gen)
    stdout.write(
        f"互动交流：重大行政决策 {counts['decisions']} 项（意见 {counts['comments']} 条），"
        f"在线访谈 {interviews} 次，政府开放日 {open_days} 次。"
    )


def _decision(
    agency, body, title, summary, draft, plan, today, minimum, gen, clerk, reviewer, users
):
    day = datetime.timedelta(days=1)
    period = datetime.timedelta(days=minimum)
    opens = {
        "open": today - 10 * day,
        "closing_soon": today - period + 3 * day,
        "upcoming": today + 5 * day,
        "reviewing": today - period - 5 * day,
        "overdue": today - period - rules.feedback_days() * day - 12 * day,
        "feedback": today - period - 40 * day,
        "decided": today - period - 95 * day,
        "completed": today - period - 330 * day,
        "draft_pending": today + 7 * day,
    }[plan]
    closes = opens + period
    stage = {
        "open": Stage.CONSULTATION,
        "closing_soon": Stage.CONSULTATION,
        "upcoming": Stage.CONSULTATION,
        "reviewing": Stage.REVIEWING,
        "overdue": Stage.REVIEWING,
        "feedback": Stage.FEEDBACK,
        "decided": Stage.DECIDED,
        "completed": Stage.COMPLETED,
        "draft_pending": Stage.DRAFT,
    }[plan]
    author = clerk if agency.code == "mzj" else users.get("office")
    decision = Decision.objects.create(
        agency=agency,
        decision_body=body,
        title=title,
        summary=summary,
        stage=stage,
        created_by=author,
    )
    consultation = Consultation.objects.create(
        decision=decision,
        draft_text=draft,
        explanation=f"一、起草背景\n{summary}\n二、主要内容\n征求意见稿共{len(draft.splitlines())}条（段），明确了目标任务、主要措施和保障要求。",
        opens_on=opens,
        closes_on=closes,
        other_channels=f"信函请寄：{agency.address or '示范区政务路100号'}{agency.name}（邮编200000），信封注明“{title}意见征集”。\n电子邮件：{agency.email or 'yijian@shifanqu.gov.cn.invalid'}",
        published_at=None if plan == "draft_pending" else _at(min(opens, today), 9),
    )
    if plan == "draft_pending":
        decision.pending_step = Step.OPEN_CONSULTATION
        decision.submitted_by = clerk
        decision.submitted_at = timezone.now()
        decision.save()
        return decision
    if plan == "upcoming":
        return decision

    themes: dict[str, FeedbackTheme] = {}
    decided_themes = plan in ("feedback", "decided", "completed", "reviewing")
    opinions = OPINIONS.get(title, [])
    last = min(closes, today)
    for i, (theme_title, disposition, text) in enumerate(opinions):
        received = opens + datetime.timedelta(days=min(1 + i * 3, (last - opens).days))
        theme = None
        if decided_themes:
            theme = themes.get(theme_title)
            if theme is None:
                theme = themes[theme_title] = FeedbackTheme.objects.create(
                    consultation=consultation,
                    title=theme_title,
                    response=THEME_ANSWERS.get(theme_title, ""),
                    order=len(themes),
                )
        name = gen.name() if i % 3 else ""
        _comment(
            consultation,
            name=name,
            phone=gen.phone(),
            text=text,
            received_on=received,
            status=Moderation.PUBLISHED if i % 4 != 3 else Moderation.WITHHELD,
            theme=theme,
            disposition=disposition if theme else "",
            moderator=clerk,
        )
    if plan in ("open", "closing_soon"):
        # Waiting for moderation: one with personal data in the text (masked in public_text),
        # and a letter.
        who = gen.name()
        _comment(
            consultation,
            name=who,
            phone=gen.phone(),
            text=f"我是{who}，家住幸福路88弄，电话{gen.phone()}。建议小区周边增设无障碍通道。",
            received_on=today,
            status=Moderation.PENDING,
        )
        _comment(
            consultation,
            name="",
            phone="",
            text="来信建议：征求意见稿中的服务设施应同时考虑残疾人使用需求。",
            received_on=max(opens, today - 2 * datetime.timedelta(days=1)),
            status=Moderation.PENDING,
            channel=Channel.LETTER,
        )
        _comment(
            consultation,
            name="",
            phone=gen.phone(),
            text="低价代办各类证件，加微信详询。",
            received_on=max(opens, today - datetime.timedelta(days=1)),
            status=Moderation.REJECTED,
            moderator=clerk,
            note="广告，与草案无关",
        )
    if plan in ("reviewing", "overdue"):
        consultation.closed_at = _at(closes + datetime.timedelta(days=1), 0, 5)
        consultation.save(update_fields=["closed_at"])
        if plan == "reviewing":
            # Sorting in progress: the last opinion is not yet filed under a theme.
            Comment.objects.filter(pk=consultation.comments.order_by("-id").first().pk).update(
                theme=None, disposition=""
            )
        return decision
    if plan in ("open", "closing_soon"):
        return decision

    consultation.closed_at = _at(closes + datetime.timedelta(days=1), 0, 5)
    feedback_on = closes + datetime.timedelta(days=18)
    consultation.feedback_summary = SUMMARIES["feedback"].format(
        n=consultation.comments.filter(
            status__in=[Moderation.PUBLISHED, Moderation.WITHHELD]
        ).count()
    )
    consultation.feedback_published_at = _at(feedback_on, 10)
    consultation.save()
    if plan == "feedback":
        decision.decided_on = None
        decision.save()
        return decision

    decided_on = closes + datetime.timedelta(days=35)
    decision.decided_on = decided_on
    decision.decision_meeting = f"区政府第{(decided_on.month * 2) % 30 + 1}次常务会议"
    decision.decision_text = (
        f"{decided_on:%Y年%m月%d日}，{decision.decision_meeting}审议通过了《{title}》。"
        "会议要求各相关部门按照职责分工抓好落实，定期报告实施进展。"
    )
    decision.decision_published_at = _at(decided_on + datetime.timedelta(days=3), 10)
    if plan == "decided":
        decision.decision_record = _decision_record(agency, title, draft, decided_on, users)
    decision.save()
    reports = [
        (
            decided_on + datetime.timedelta(days=60),
            35,
            "各街镇已完成实施方案制定，资金已拨付到位，首批项目已开工。",
            False,
        ),
        (
            decided_on + datetime.timedelta(days=150),
            70,
            "过半数项目已完工，正在组织验收；对推进较慢的项目开展了专项督办。",
            False,
        ),
        (
            decided_on + datetime.timedelta(days=280),
            100,
            "全部项目已完工并通过验收，实施情况已纳入区政府年度工作报告。",
            True,
        ),
    ]
    for reported_on, percent, text, completes in reports:
        if reported_on > today:
            break
        if completes and plan != "completed":
            break
        ProgressUpdate.objects.create(
            decision=decision,
            reported_on=reported_on,
            text=text,
            percent=percent,
            completes=completes,
            created_by=clerk,
        )
    if plan == "completed" and not decision.progress.filter(completes=True).exists():
        ProgressUpdate.objects.create(
            decision=decision,
            reported_on=today,
            text="全部项目已完工并通过验收，实施情况已纳入区政府年度工作报告。",
            percent=100,
            completes=True,
            created_by=clerk,
        )
    return decision


def _comment(
    consultation,
    *,
    name,
    phone,
    text,
    received_on,
    status,
    theme=None,
    disposition="",
    moderator=None,
    note="",
    channel=Channel.ONLINE,
):
    public_text, found = rules.mask_personal_data(text, names=(name,))
    return Comment.objects.create(
        consultation=consultation,
        name=name,
        phone=phone,
        text=text,
        public_text=public_text,
        personal_data=found,
        channel=channel,
        received_on=received_on,
        status=status,
        moderated_by=moderator if status != Moderation.PENDING else None,
        moderated_at=timezone.now() if status != Moderation.PENDING else None,
        moderation_note=note,
        theme=theme,
        disposition=disposition or "",
    )


def _decision_record(agency, title, draft, decided_on, users):
    """The decision document and its interpretation, published through the records services
    (so the 索引号 come from the counters). None when the demo accounts are missing."""
    from gongkai.core.legal import DisclosureAttribute
    from gongkai.records import services as records
    from gongkai.records.models import RecordType, Topic

    author, approver = users.get("office"), users.get("admin")
    if author is None or approver is None:
        return None
    district = Agency.objects.filter(code="district").first() or agency
    topic = Topic.objects.filter(code="1703").first()
    published = _at(decided_on + datetime.timedelta(days=3), 10)
    body = "".join(f"<p>{line}</p>" for line in draft.splitlines())
    policy = records.create_record(
        agency=district,
        actor=author,
        data={
            "title": "示范区人民政府关于建立困难群众基本生活救助标准动态调整机制的通知",
            "record_type": RecordType.NORMATIVE,
            "attribute": DisclosureAttribute.PROACTIVE,
            "document_number": f"示府规〔{decided_on.year}〕7号",
            "written_on": decided_on,
            "topic": topic,
            "body": body,
            "summary": f"经{title}决策程序，区政府印发本通知。",
        },
    )
    reading = records.create_record(
        agency=agency,
        actor=author,
        data={
            "title": "《关于建立困难群众基本生活救助标准动态调整机制的通知》政策解读",
            "record_type": RecordType.INTERPRETATION,
            "attribute": DisclosureAttribute.PROACTIVE,
            "written_on": decided_on,
            "topic": topic,
            "interprets": policy,
            "body": "<p>一、出台背景：落实社会救助制度改革要求，让困难群众共享发展成果。</p>"
            "<p>二、主要内容：明确低保标准每年7月1日调整，特困人员基本生活标准不低于低保标准的1.3倍。</p>"
            "<p>三、公众意见采纳情况：征求意见期间收到的意见已逐条研究，采纳情况已在互动交流栏目公布。</p>",
        },
    )
    for record in (reading, policy):
        records.submit_record(record, actor=author)
        records.review_record(record, actor=approver, secrecy_checked=True)
    records.publish_record(policy, actor=author, now=published)
    return policy


# -- interviews and open days ---------------------------------------------------------------------


def _interviews(agencies, today, gen) -> int:
    mzj, rsj = agencies["mzj"], agencies.get("rsj") or agencies["mzj"]
    wjw = agencies.get("wjw") or agencies["mzj"]
    past = Interview.objects.create(
        agency=mzj,
        title="聚焦居家社区养老——区民政局负责人谈养老服务",
        summary="围绕居家社区养老服务设施建设、长者食堂、养老服务补贴等群众关心的问题，区民政局负责人做客在线访谈，与网友在线交流。",
        starts_at=_at(today - datetime.timedelta(days=30), 10),
        ends_at=_at(today - datetime.timedelta(days=30), 11),
        host="区政府网站主持人 林晓",
        status=InterviewStatus.TRANSCRIBED,
        announced_at=_at(today - datetime.timedelta(days=40), 9),
        transcript_published_at=_at(today - datetime.timedelta(days=29), 15),
    )
    director = InterviewGuest.objects.create(
        interview=past, name="王建华", position="区民政局局长", order=0
    )
    chief = InterviewGuest.objects.create(
        interview=past, name="刘慧", position="区民政局养老服务科科长", order=1
    )
    asked = [
        _question(
            past, gen, "家里老人80岁了，申请养老服务补贴需要准备哪些材料？", Moderation.PUBLISHED
        ),
        _question(past, gen, "长者食堂的餐费有没有优惠？", Moderation.PUBLISHED),
        _question(
            past, gen, "我家住在建设街道，附近什么时候能有综合为老服务中心？", Moderation.PUBLISHED
        ),
        _question(past, gen, "推销保健品，详询微信。", Moderation.REJECTED),
    ]
    items = [
        (
            "主持人",
            "请王局长介绍一下我区养老服务的总体情况。",
            director,
            "目前全区60周岁以上户籍老年人口约12万人，占户籍人口的36%。近年来我们着力构建“15分钟养老服务圈”，已建成综合为老服务中心10家、社区长者食堂42家。",
            None,
        ),
        (
            "网友",
            asked[0].public_text,
            chief,
            "申请人需提供身份证、户口簿和老年照护统一需求评估结果，可以就近到街镇社区事务受理服务中心办理，也可以在“一网通办”线上申请。",
            asked[0],
        ),
        (
            "网友",
            asked[1].public_text,
            chief,
            "80周岁以上老年人和低保、低收入家庭老年人在长者食堂用餐可享受每餐3至5元的助餐补贴。",
            asked[1],
        ),
        (
            "网友",
            asked[2].public_text,
            director,
            "建设街道综合为老服务中心已完成选址，预计明年二季度建成投用。",
            asked[2],
        ),
        (
            "主持人",
            "最后请王局长谈谈下一步工作打算。",
            director,
            "我们将编制居家社区养老服务设施布局规划，并已向社会公开征求意见，欢迎大家继续提出宝贵意见。",
            None,
        ),
    ]
    for order, (asked_by, question, guest, answer, source) in enumerate(items, start=1):
        TranscriptItem.objects.create(
            interview=past,
            order=order,
            asked_by=asked_by,
            question=question,
            guest=guest,
            answer=answer,
            source_question=source,
        )
    upcoming = Interview.objects.create(
        agency=rsj,
        title="稳就业促创业——2027年就业创业政策在线访谈",
        summary="区人社局负责人将解读2027年就业创业扶持政策，介绍创业担保贷款、职业技能培训补贴等政策，欢迎网友提前提问。",
        starts_at=_at(today + datetime.timedelta(days=6), 14, 30),
        ends_at=_at(today + datetime.timedelta(days=6), 15, 30),
        host="区政府网站主持人 林晓",
        status=InterviewStatus.ANNOUNCED,
        announced_at=_at(today - datetime.timedelta(days=3), 9),
    )
    InterviewGuest.objects.create(
        interview=upcoming, name="赵立新", position="区人力资源和社会保障局副局长", order=0
    )
    InterviewGuest.objects.create(
        interview=upcoming, name="周云", position="区就业促进中心主任", order=1
    )
    _question(upcoming, gen, "应届毕业生自主创业有哪些补贴？", Moderation.PUBLISHED)
    _question(upcoming, gen, "灵活就业人员怎么缴纳社会保险？", Moderation.PUBLISHED)
    who = gen.name()
    _question(
        upcoming,
        gen,
        f"我是{who}，身份证310101198503154313，失业金什么时候到账？",
        Moderation.PENDING,
        name=who,
    )
    draft = Interview.objects.create(
        agency=wjw,
        title="家庭医生签约服务在线访谈",
        summary="区卫生健康委负责人介绍家庭医生签约服务。",
        starts_at=_at(today + datetime.timedelta(days=20), 10),
        ends_at=_at(today + datetime.timedelta(days=20), 11),
        status=InterviewStatus.DRAFT,
    )
    InterviewGuest.objects.create(
        interview=draft, name="孙丽华", position="区卫生健康委副主任", order=0
    )
    return 3


def _question(interview, gen, text, status, name=None):
    name = gen.name() if name is None else name
    public_text, found = rules.mask_personal_data(text, names=(name,))
    return InterviewQuestion.objects.create(
        interview=interview,
        name=name,
        phone=gen.phone(),
        text=text,
        public_text=public_text,
        personal_data=found,
        status=status,
        moderated_at=timezone.now() if status != Moderation.PENDING else None,
    )


def _open_days(agencies, today, gen) -> int:
    def agency(code):
        return agencies.get(code) or agencies["mzj"]

    plans = [
        (
            agency("mzj"),
            "走进区社会福利院——政府开放日",
            "参观区社会福利院生活区、康复训练室和医养结合护理单元，了解我区机构养老服务情况，与工作人员和老人面对面交流。",
            "示范区福寿路66号 区社会福利院",
            30,
            12,
            today + datetime.timedelta(days=12),
            OpenDayStatus.PUBLISHED,
            "",
        ),
        (
            agency("sthjj"),
            "走进城市污水处理厂",
            "实地参观污水处理工艺流程和在线监测系统，了解城市水环境治理成效。",
            "示范区滨江路1号 示范区污水处理厂",
            20,
            20,
            today + datetime.timedelta(days=9),
            OpenDayStatus.PUBLISHED,
            "",
        ),
        (
            agency("zwfwb"),
            "走进区政务服务中心",
            "体验“一网通办”“一窗通办”，了解帮办代办、适老化服务等便民举措。",
            "示范区政务路200号 区政务服务中心",
            40,
            36,
            today - datetime.timedelta(days=45),
            OpenDayStatus.PUBLISHED,
            "本次开放日共有36名市民参加。市民们体验了自助终端办理、“好差评”评价等服务，提出了延长周末服务时间等8条建议，中心已逐条研究并答复。",
        ),
        (
            agency("yjglj"),
            "走进区应急指挥中心",
            "参观应急指挥大厅，了解防汛防台和突发事件应急处置流程，体验应急救护培训。",
            "示范区安康路18号 区应急指挥中心",
            25,
            4,
            today + datetime.timedelta(days=4),
            OpenDayStatus.CANCELLED,
            "",
        ),
    ]
    for ag, title, description, place, capacity, booked, day, status, report in plans:
        open_day = OpenDay.objects.create(
            agency=ag,
            title=title,
            description=description,
            place=place,
            capacity=capacity,
            starts_at=_at(day, 9, 30),
            ends_at=_at(day, 11, 30),
            registration_closes_at=_at(day - datetime.timedelta(days=2), 17),
            status=status,
            published_at=_at(day - datetime.timedelta(days=20), 9),
            report=report,
            cancel_reason="受台风天气影响，本次活动取消，另行通知举办时间。"
            if status == OpenDayStatus.CANCELLED
            else "",
        )
        mobiles = set()
        rows = []
        for i in range(booked):
            mobile = gen.phone()
            while mobile in mobiles:
                mobile = gen.phone()
            mobiles.add(mobile)
            number = f"KFR{open_day.published_at:%Y%m%d}{open_day.pk:02d}{i:03d}"
            rows.append(
                Registration(
                    open_day=open_day,
                    number=number,
                    name=gen.name(),
                    mobile=mobile,
                    code_hash=cancel_code_digest(number, secrets.token_hex(4)),
                    status=RegistrationStatus.CONFIRMED,
                )
            )
        Registration.objects.bulk_create(rows)
        open_day.booked = booked
        open_day.save(update_fields=["booked"])
    return len(plans)
