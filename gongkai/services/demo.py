"""Demo data: 30 service guides of 示范区 departments (民政、人社、医保、卫健、市场监管 …) with
their materials, limits and plain-language versions; 46 service points across the 10 街镇; a few
weeks of QR scans.

Most guides are published and complete. Three drafts lack elements (work in progress) and two
published guides lack elements as if migrated from an old website, so the 服务不实用 check and the
dashboard widget have something to show. Coordinates are fictional, in WGS84.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Agency, AgencyLevel

from .models import Guide, GuideMaterial, GuideState, ItemType, PointKind, ScanDay, ServicePoint

ORIG, COPY, BOTH, ELEC = "original", "copy", "both", "electronic"

# code: (centre lon, lat, two roads)
SUBDISTRICT_GEO = {
    "cyjd": (121.4700, 30.9250, ("朝阳路", "人民路")),
    "hpjd": (121.4450, 30.9350, ("和平街", "解放路")),
    "xhjd": (121.4950, 30.9400, ("新华路", "光明路")),
    "jsjd": (121.4600, 30.9050, ("建设大道", "工农路")),
    "wyjd": (121.4850, 30.9120, ("文苑路", "学府路")),
    "hbjd": (121.5200, 30.9250, ("湖滨路", "望湖路")),
    "ysjd": (121.4300, 30.9120, ("云山路", "松风路")),
    "czzh": (121.4000, 30.8800, ("长治路", "长兴路")),
    "tpzh": (121.5500, 30.8900, ("桃浦路", "桃源路")),
    "qszh": (121.4700, 30.8600, ("青石路", "青松路")),
}

HOURS = {
    PointKind.ADMIN_CENTRE: "周一至周五 9:00—17:00，周六 9:00—12:00（法定节假日除外）",
    PointKind.COMMUNITY_CENTRE: "周一至周五 8:30—17:00，周六上午 9:00—12:00（法定节假日除外）",
    PointKind.PARTY_CENTRE: "每天 9:00—20:00",
    PointKind.HEALTH: "每天 8:00—16:30（周末及节假日仅开放全科门诊）",
    PointKind.ELDERLY: "每天 8:00—18:00",
    PointKind.EMPLOYMENT: "工作日 9:00—11:30，13:30—17:00",
    PointKind.LEGAL: "工作日 9:00—17:00",
    PointKind.VETERANS: "工作日 9:00—17:00",
}
SERVICES = {
    PointKind.COMMUNITY_CENTRE: "社会救助、养老服务、就业和社会保障、医保、残疾人服务、计划生育等个人事项“一门式”受理。",
    PointKind.PARTY_CENTRE: "党员活动、志愿服务、议事协商、文化活动、便民咨询。",
    PointKind.HEALTH: "基本医疗、家庭医生签约、预防接种、慢病管理、老年人健康体检。",
    PointKind.ELDERLY: "长者照护、日间照料、助餐、康复辅具租赁、养老顾问。",
    PointKind.EMPLOYMENT: "失业登记、就业登记、职业指导、招聘信息、职业技能培训报名。",
    PointKind.LEGAL: "法律咨询、法律援助申请受理、人民调解、公证和司法鉴定指引。",
    PointKind.VETERANS: "退役军人优待证申领、政策咨询、就业创业服务、帮扶援助。",
}
# Extra points per kind: (kind, managing agency code, 街镇 codes)
EXTRA_POINTS = [
    (PointKind.ELDERLY, "mzj", ["cyjd", "xhjd", "hbjd", "czzh", "qszh"]),
    (PointKind.EMPLOYMENT, "rsj", ["hpjd", "jsjd", "tpzh", "ysjd"]),
    (PointKind.LEGAL, "sfj", ["wyjd", "czzh", "tpzh"]),
    (PointKind.VETERANS, "tyjrj", ["cyjd", "jsjd", "qszh"]),
]
ADMIN_CENTRE = "示范区行政服务中心"
ADMIN_ADDRESS = "示范区人民路 1 号"

COMMUNITY = "community"  # handled at every 社区事务受理服务中心
DISTRICT = "district"  # handled at the district administrative service centre


def M(name, form=ORIG, copies=1, required=True, note=""):  # noqa: N802 - a table-row shorthand
    return {"name": name, "form": form, "copies": copies, "required": required, "note": note}


ID_CARD = M("申请人居民身份证", ORIG, 1, True, "查验后退回")
HUKOU = M("户口簿", ORIG, 1, True, "查验后退回")
LICENCE_FORM = "材料齐全、符合法定形式的，当场受理；需要补正的，一次性告知。"

# name, agency, type, where, basis, conditions, materials, process, statutory, promised,
# fee, plain summary, plain steps, extra fields
GUIDES = [
    {
        "agency": "mzj",
        "name": "最低生活保障申请",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《社会救助暂行办法》第九条至第十三条\n《最低生活保障审核确认办法》（民发〔2021〕57号）",
        "conditions": "共同生活的家庭成员人均收入低于本区最低生活保障标准，且家庭财产状况符合规定的本区户籍家庭。",
        "materials": [
            ID_CARD,
            HUKOU,
            M("最低生活保障申请书", ORIG, 1, True, "窗口领取或网上下载"),
            M("家庭经济状况核对授权书", ORIG, 1, True, "共同生活家庭成员均须签字"),
            M("家庭成员收入证明", BOTH, 1, True, "无固定收入的可书面说明"),
            M("残疾证、病历等证明材料", COPY, 1, False, "家庭成员有重病、重残的提供"),
        ],
        "process": "申请：向户籍所在地街镇社区事务受理服务中心提出书面申请\n受理：材料齐全的当场受理\n家庭经济状况调查：入户调查、信息核对\n审核确认：街镇审核确认，在村（居）公示 7 天\n发放：确认后次月起按月发放",
        "statutory": 30,
        "promised": 20,
        "statutory_note": "",
        "fee": "不收费",
        "summary": "家里收入太低、生活有困难，可以申请每月领取最低生活保障金（低保）。",
        "steps": "带上身份证、户口簿，到户籍所在街镇的社区事务受理服务中心填申请表\n工作人员会上门了解家里情况\n社区公示 7 天没有异议\n审核通过后，从下个月开始每月发钱",
    },
    {
        "agency": "mzj",
        "name": "特困人员救助供养申请",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《社会救助暂行办法》第十四条至第十九条\n《特困人员认定办法》（民发〔2021〕43号）",
        "conditions": "本区户籍的老年人、残疾人以及未满 16 周岁的未成年人，同时具备无劳动能力、无生活来源、无法定赡养抚养扶养义务人或者其法定义务人无履行义务能力的。",
        "materials": [
            ID_CARD,
            HUKOU,
            M("特困人员救助供养申请书", ORIG, 1, True),
            M("残疾证或医疗诊断证明", COPY, 1, False, "以残疾、疾病为由申请的提供"),
        ],
        "process": "申请：本人或委托他人向街镇提出申请\n受理审核：街镇调查核实并公示\n确认：区民政局审核确认\n供养：按月发放基本生活费，可选择分散或集中供养",
        "statutory": 20,
        "promised": 15,
        "fee": "不收费",
        "summary": "没有劳动能力、没有收入、也没有人照顾的老人、残疾人和未成年人，可以申请政府兜底供养。",
        "steps": "本人或家属带身份证、户口簿到街镇社区事务受理服务中心申请\n工作人员上门核实\n区民政局确认后每月发放生活费，也可以住进养老机构",
    },
    {
        "agency": "mzj",
        "name": "临时救助申请",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《社会救助暂行办法》第四十七条至第五十条\n《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）",
        "conditions": "因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人。",
        "materials": [
            ID_CARD,
            M("临时救助申请书", ORIG, 1, True),
            M("遭遇困难的相关证明", COPY, 1, True, "如医疗费用票据、事故证明"),
        ],
        "process": "申请：向街镇提出申请，情况紧急的可先行救助\n审核：街镇调查核实\n审批：按权限审批\n发放：一次性发放救助金或实物",
        "statutory": None,
        "statutory_note": "法律法规未规定；情况紧急的先行救助",
        "promised": 10,
        "fee": "不收费",
        "summary": "突然遇到火灾、车祸、大病等意外，一时生活过不下去，可以申请一次性的临时救助。",
        "steps": "带身份证和相关证明（如医院发票）到街镇社区事务受理服务中心\n情况紧急的当场先给予救助\n核实后一次性发放救助金",
    },
    {
        "agency": "mzj",
        "name": "补领结婚证",
        "type": ItemType.CONFIRMATION,
        "where": DISTRICT,
        "basis": "《婚姻登记条例》第十七条\n《婚姻登记工作规范》",
        "conditions": "结婚证遗失或者损毁，当事人依法登记结婚的。",
        "materials": [
            M("当事人居民身份证", ORIG, 1, True),
            M("当事人户口簿", ORIG, 1, True),
            M("近期半身免冠合影照片（2 寸）", ORIG, 3, True, "可在登记处现场拍摄"),
        ],
        "process": "预约：网上或电话预约\n申请：当事人到婚姻登记处提出申请\n审查：核对婚姻登记档案\n发证：符合条件的当场补发",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 0,
        "fee": "不收费",
        "result": "结婚证",
        "summary": "结婚证丢了或坏了，可以到婚姻登记处补领。",
        "steps": "先网上或电话预约\n带上身份证、户口簿到区婚姻登记处\n核对档案后当场补发",
    },
    {
        "agency": "mzj",
        "name": "高龄津贴申领",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《中华人民共和国老年人权益保障法》第三十三条\n《示范区高龄老人津贴发放办法》",
        "conditions": "具有本区户籍、年满 80 周岁的老年人。",
        "materials": [
            M("老年人居民身份证", ORIG, 1, True),
            M("本人银行账户（社会保障卡）", ORIG, 1, True, "用于发放津贴"),
            M("委托书及代办人身份证", ORIG, 1, False, "由他人代办的提供"),
        ],
        "process": "申请：本人或家属向街镇提出申请\n审核：街镇核对户籍和年龄信息\n发放：审核通过后按月发放到本人账户",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 15,
        "fee": "不收费",
        "summary": "本区户籍、满 80 岁的老人，每月可以领高龄津贴。",
        "steps": "老人或家属带身份证、社保卡到街镇社区事务受理服务中心登记\n核对户籍和年龄\n每月津贴直接打到社保卡里",
    },
    {
        "agency": "mzj",
        "name": "困难残疾人生活补贴和重度残疾人护理补贴申领",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
        "conditions": "生活补贴：享受最低生活保障的残疾人；护理补贴：残疾等级为一级、二级且需要长期照护的重度残疾人。",
        "materials": [
            ID_CARD,
            M("中华人民共和国残疾人证", ORIG, 1, True, "查验后退回"),
            M("残疾人两项补贴申请审批表", ORIG, 1, True),
        ],
        "process": "申请：向户籍所在地街镇提出申请\n初审：街镇审核并公示\n审定：区民政局会同区残联审定\n发放：按月发放",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 20,
        "fee": "不收费",
        "summary": "低保家庭的残疾人可以领生活补贴；一、二级重度残疾人可以领护理补贴。",
        "steps": "带身份证、残疾人证到街镇社区事务受理服务中心填表\n街镇审核、公示\n区里审定后每月发放",
    },
    {
        "agency": "mzj",
        "name": "养老机构备案",
        "type": ItemType.OTHER_POWER,
        "where": DISTRICT,
        "basis": "《中华人民共和国老年人权益保障法》第四十三条\n《养老机构管理办法》（民政部令第66号）",
        "conditions": "依法办理登记的养老机构，在收住老年人后 10 个工作日以内向登记机关所在地民政部门备案。",
        "materials": [
            M("养老机构备案书", ORIG, 1, True),
            M("养老机构备案承诺书", ORIG, 1, True),
            M("登记证书", COPY, 1, True),
            M("消防、食品经营等符合要求的证明", COPY, 1, True),
        ],
        "process": "提交：通过窗口或网上提交备案材料\n备案：材料齐全的当场备案并出具回执\n检查：区民政局在备案后 20 个工作日内现场检查",
        "statutory": None,
        "statutory_note": "材料齐全的当场备案",
        "promised": 0,
        "fee": "不收费",
        "summary": "开办养老院，在开始收住老人后 10 个工作日内要到区民政局备案。",
        "steps": "准备备案书、承诺书和登记证书复印件\n到区行政服务中心民政窗口或网上提交\n材料齐全当场拿到备案回执",
    },
    {
        "agency": "mzj",
        "name": "社会团体成立登记",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《社会团体登记管理条例》第九条至第十二条",
        "conditions": "有 50 个以上的个人会员或者 30 个以上的单位会员；有规范的名称和相应的组织机构；有固定的住所；有与其业务活动相适应的专职工作人员；有合法的资产和经费来源；有独立承担民事责任的能力。",
        "materials": [
            M("登记申请书", ORIG, 1, True),
            M("业务主管单位的批准文件", ORIG, 1, True, "直接登记的社会团体除外"),
            M("验资报告、场所使用权证明", BOTH, 1, True),
            M("发起人和拟任负责人的基本情况、身份证明", COPY, 1, True),
            M("章程草案", ORIG, 1, True),
        ],
        "process": "申请：提交登记申请材料\n受理："
        + LICENCE_FORM
        + "\n审查：必要时实地核查\n决定：作出准予或不予登记的决定\n发证：准予登记的发给《社会团体法人登记证书》",
        "statutory": 60,
        "promised": 20,
        "fee": "不收费",
        "result": "社会团体法人登记证书",
        "summary": "成立协会、学会、商会等社会团体，要先到区民政局登记。",
        "steps": "准备申请书、章程草案和会员、负责人材料\n到区行政服务中心民政窗口提交\n审查通过后领取登记证书",
    },
    {
        "agency": "mzj",
        "name": "基本殡葬服务费用减免申请",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《殡葬管理条例》\n《关于全面推行惠民殡葬政策的指导意见》（民发〔2012〕211号）",
        "conditions": "本区户籍居民去世后，其遗属可申请减免遗体接运、暂存、火化、骨灰寄存等基本殡葬服务费用。",
        "materials": [
            M("逝者居民身份证或户口注销证明", COPY, 1, True),
            M("居民死亡医学证明（推断）书", COPY, 1, True),
            M("经办人居民身份证", ORIG, 1, True, "查验后退回"),
        ],
        "process": "",
        "statutory": None,
        "statutory_note": "",
        "promised": None,
        "fee": "不收费",
        "summary": "家里有人去世，火化等基本殡葬服务费用可以申请减免。",
        "steps": "",
        "state": GuideState.DRAFT,
    },
    {
        "agency": "rsj",
        "name": "失业登记",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《中华人民共和国就业促进法》第四十二条\n《就业服务与就业管理规定》（劳动和社会保障部令第28号）第六十一条至第六十三条",
        "conditions": "在法定劳动年龄内、有劳动能力、有就业要求、处于无业状态的人员。",
        "materials": [
            M("居民身份证或社会保障卡", ORIG, 1, True),
            M("与原单位解除或终止劳动关系的证明", COPY, 1, False, "系统可查询到的无需提供"),
        ],
        "process": "申请：到常住地街镇社区事务受理服务中心或网上申请\n核验：核验身份和就业状态\n登记：当场办结，发放《就业创业证》",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 0,
        "fee": "不收费",
        "result": "就业创业证",
        "summary": "没有工作、想找工作的，可以做失业登记，之后能享受免费职业介绍、培训等服务。",
        "steps": "带身份证或社保卡到街镇社区事务受理服务中心，或在网上申请\n当场办好",
    },
    {
        "agency": "rsj",
        "name": "就业登记",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《就业服务与就业管理规定》（劳动和社会保障部令第28号）第六十二条",
        "conditions": "用人单位招用人员，自录用之日起 30 日内为其办理就业登记。",
        "materials": [
            M("劳动者居民身份证", COPY, 1, True),
            M("劳动合同", COPY, 1, True),
        ],
        "process": "提交：用人单位网上或到窗口提交\n核验：核对劳动合同信息\n登记：当场办结",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 0,
        "fee": "不收费",
        "summary": "单位招了新员工，要在 30 天内给员工办就业登记。",
        "steps": "单位准备员工身份证复印件和劳动合同\n网上提交或到窗口办理\n当场办好",
    },
    {
        "agency": "rsj",
        "name": "失业保险金申领",
        "type": ItemType.PAYMENT,
        "where": COMMUNITY,
        "basis": "《失业保险条例》第十四条、第十六条\n《失业保险金申领发放办法》（劳动和社会保障部令第8号）",
        "conditions": "按照规定参加失业保险，所在单位和本人已按照规定履行缴费义务满 1 年；非因本人意愿中断就业；已办理失业登记，并有求职要求。",
        "materials": [
            M("居民身份证或社会保障卡", ORIG, 1, True),
            M("与原单位解除或终止劳动关系的证明", COPY, 1, True),
        ],
        "process": "申请：办理失业登记后申领\n审核：经办机构核定领取期限和标准\n发放：按月发放到本人社会保障卡",
        "statutory": None,
        "statutory_note": "自受理之日起 10 日内核定（《失业保险金申领发放办法》）",
        "promised": 5,
        "fee": "不收费",
        "summary": "交满 1 年失业保险、不是自己辞职而失业的，可以按月领失业保险金。",
        "steps": "先做失业登记\n带身份证和离职证明到街镇社区事务受理服务中心申领\n核定后每月打到社保卡",
    },
    {
        "agency": "rsj",
        "name": "灵活就业人员就业登记",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《中华人民共和国就业促进法》\n《就业服务与就业管理规定》（劳动和社会保障部令第28号）",
        "conditions": "在法定劳动年龄内，以非全日制、临时性和弹性工作等灵活形式就业的人员。",
        "materials": [
            M("居民身份证或社会保障卡", ORIG, 1, True),
            M("灵活就业情况说明", ORIG, 1, True),
        ],
        "process": "申请：网上或到窗口申请\n登记：当场办结",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 0,
        "fee": "不收费",
        "summary": "打零工、跑外卖、做自由职业的，可以登记为灵活就业，方便参加社保、享受补贴。",
        "steps": "带身份证到街镇社区事务受理服务中心，或网上申请\n当场办好",
    },
    {
        "agency": "rsj",
        "name": "职业技能培训补贴申领",
        "type": ItemType.PAYMENT,
        "where": DISTRICT,
        "basis": "《国务院办公厅关于印发职业技能提升行动方案（2019—2021年）的通知》（国办发〔2019〕24号）",
        "conditions": "参加政府补贴培训项目并取得职业资格证书或职业技能等级证书的劳动者。",
        "materials": [
            M("居民身份证或社会保障卡", ORIG, 1, True),
            M("职业资格证书或职业技能等级证书", COPY, 1, True),
            M("培训费发票", ORIG, 1, True),
        ],
        "process": "申请：培训结束并取证后 12 个月内申请\n审核：核对培训和取证信息\n拨付：补贴拨付到本人账户",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 20,
        "fee": "不收费",
        "summary": "参加政府补贴的技能培训并拿到证书的，可以申请报销部分培训费。",
        "steps": "拿到证书后一年内，带身份证、证书复印件、培训发票到区行政服务中心人社窗口\n审核通过后补贴打到本人账户",
    },
    {
        "agency": "rsj",
        "name": "劳动人事争议仲裁申请",
        "type": ItemType.RULING,
        "where": DISTRICT,
        "basis": "《中华人民共和国劳动争议调解仲裁法》第二十七条至第四十三条",
        "conditions": "发生劳动人事争议，自知道或者应当知道其权利被侵害之日起 1 年内提出仲裁申请。",
        "materials": [
            M("仲裁申请书", ORIG, 2, True, "按被申请人人数提交副本"),
            M("申请人身份证明", COPY, 1, True),
            M("证据材料", COPY, 1, True, "如劳动合同、工资单"),
        ],
        "process": "申请：向区劳动人事争议仲裁委员会提交申请书\n受理：收到申请之日起 5 日内决定是否受理\n审理：开庭审理，可先行调解\n裁决：受理之日起 45 日内结束，案情复杂的可延长不超过 15 日",
        "statutory": None,
        "statutory_note": "受理：收到申请之日起 5 日内；裁决：受理之日起 45 日内（可延长不超过 15 日）",
        "promised": 5,
        "fee": "不收费（《中华人民共和国劳动争议调解仲裁法》第五十三条：劳动争议仲裁不收费）",
        "summary": "和单位因为工资、加班、解除合同等发生纠纷，可以免费申请劳动仲裁。",
        "steps": "写好仲裁申请书，准备劳动合同、工资单等证据\n到区行政服务中心仲裁窗口提交\n5 日内告知是否受理，之后开庭或调解",
    },
    {
        "agency": "rsj",
        "name": "创业担保贷款贴息申请",
        "type": ItemType.PAYMENT,
        "where": DISTRICT,
        "basis": "《财政部 人力资源社会保障部 中国人民银行关于进一步做好创业担保贷款财政贴息工作的通知》（财金〔2020〕21号）",
        "conditions": "符合条件的个人创业者和小微企业，已获得创业担保贷款并按期还款。",
        "materials": [M("创业担保贷款合同", COPY, 1, True), M("还款凭证", COPY, 1, True)],
        "process": "",
        "statutory": None,
        "statutory_note": "",
        "promised": None,
        "fee": "",
        "summary": "",
        "steps": "",
        "state": GuideState.DRAFT,
    },
    {
        "agency": "rsj",
        "name": "社会保障卡申领",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《中华人民共和国社会保险法》第五十八条",
        "conditions": "已参加社会保险的人员。",
        "materials": [M("居民身份证", ORIG, 1, True)],
        "process": "",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 20,
        "fee": "首次申领不收费",
        "summary": "参加社保的人可以申领社保卡，看病、领待遇都用得上。",
        "steps": "带身份证到街镇社区事务受理服务中心申请\n制卡完成后短信通知领卡",
        "state": GuideState.DRAFT,
    },
    {
        "agency": "ybj",
        "name": "异地就医备案",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）",
        "conditions": "参加本区基本医疗保险，因异地长期居住、异地工作或临时外出就医需要在参保地以外就医的人员。",
        "materials": [
            M("居民身份证或社会保障卡", ORIG, 1, True),
            M("异地就医备案表", ORIG, 1, True, "也可通过国家医保服务平台 App 线上承诺备案"),
        ],
        "process": "申请：线上或到窗口申请\n备案：即时办结，备案后即可异地直接结算",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 0,
        "fee": "不收费",
        "summary": "长期在外地住、在外地工作或者要去外地看病的，先做个备案，看病就能直接刷医保。",
        "steps": "在手机上用“国家医保服务平台”App 办，或带身份证到街镇社区事务受理服务中心\n当场办好",
    },
    {
        "agency": "ybj",
        "name": "城乡居民基本医疗保险参保登记",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《中华人民共和国社会保险法》第二十五条\n《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）",
        "conditions": "不属于职工基本医疗保险覆盖范围的本区户籍居民及符合规定的常住人员。",
        "materials": [
            M("居民身份证或户口簿", ORIG, 1, True),
            M("居住证", ORIG, 1, False, "非本区户籍人员提供"),
        ],
        "process": "申请：集中参保期内到窗口或线上登记\n登记：当场办结\n缴费：按年度缴纳个人缴费部分",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 0,
        "fee": "按年度城乡居民医保个人缴费标准缴费（登记本身不收费）",
        "summary": "没有单位医保的居民（老人、孩子、无业人员等）可以参加城乡居民医保。",
        "steps": "在每年集中参保期内，带身份证或户口簿到街镇社区事务受理服务中心登记\n按年交个人缴费部分",
    },
    {
        "agency": "wjw",
        "name": "医疗机构执业登记",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《医疗机构管理条例》第十五条至第二十一条\n《医疗机构管理条例实施细则》",
        "conditions": "按照规定取得设置医疗机构批准书（实行备案管理的除外），有符合规定的名称、组织机构和场所，有与开展的业务相适应的经费、设施、设备和专业卫生技术人员，有相应的规章制度，能够独立承担民事责任。",
        "materials": [
            M("医疗机构执业登记申请书", ORIG, 1, True),
            M("设置医疗机构批准书或备案回执", COPY, 1, True),
            M("医疗机构用房产权证明或使用证明", COPY, 1, True),
            M("医疗机构建筑设计平面图", ORIG, 1, True),
            M("卫生技术人员名录及执业证书", COPY, 1, True),
            M("医疗机构规章制度", ORIG, 1, True),
        ],
        "process": "申请：提交执业登记申请\n受理："
        + LICENCE_FORM
        + "\n审核：现场审核\n决定：作出准予或不予登记的决定\n发证：颁发《医疗机构执业许可证》",
        "statutory": 45,
        "promised": 20,
        "fee": "不收费",
        "result": "医疗机构执业许可证",
        "licence": "医疗机构执业许可证",
        "summary": "开诊所、门诊部等医疗机构，开业前要办执业登记，拿到许可证才能看病。",
        "steps": "准备申请书、场地证明、人员证书等材料\n到区行政服务中心卫健窗口提交\n工作人员到现场核查\n通过后领取《医疗机构执业许可证》",
    },
    {
        "agency": "wjw",
        "name": "公共场所卫生许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《公共场所卫生管理条例》第八条\n《公共场所卫生管理条例实施细则》第二十二条",
        "conditions": "住宿、沐浴、美容美发、游泳等公共场所经营者，有符合卫生要求的场所、设施和卫生管理制度。",
        "materials": [
            M("卫生许可证申请表", ORIG, 1, True),
            M("营业执照", COPY, 1, True),
            M("公共场所地址方位示意图、平面图和卫生设施平面布局图", ORIG, 1, True),
            M("公共场所卫生检测或评价报告", ORIG, 1, True),
            M("卫生管理制度", ORIG, 1, True),
        ],
        "process": "申请：提交申请材料\n受理："
        + LICENCE_FORM
        + "\n审查：资料审查和现场审核\n决定：作出许可决定\n发证：颁发《卫生许可证》",
        "statutory": 20,
        "promised": 10,
        "fee": "不收费",
        "result": "卫生许可证",
        "licence": "卫生许可证",
        "summary": "开宾馆、理发店、美容院、游泳馆等，开业前要办卫生许可证。",
        "steps": "准备营业执照、场所平面图、卫生检测报告等\n到区行政服务中心卫健窗口提交\n现场检查合格后领证",
    },
    {
        "agency": "scjgj",
        "name": "食品经营许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《中华人民共和国食品安全法》第三十五条\n《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
        "conditions": "有与经营的食品品种、数量相适应的经营场所，有相应的设备或者设施，有专职或者兼职的食品安全管理人员和保证食品安全的规章制度，有合理的设备布局和工艺流程。",
        "materials": [
            M("食品经营许可申请书", ORIG, 1, True),
            M("营业执照或者其他主体资格证明文件", COPY, 1, True),
            M("与食品经营相适应的主要设备设施、经营布局、操作流程等文件", ORIG, 1, True),
            M(
                "食品安全自查、从业人员健康管理、进货查验记录等保证食品安全的规章制度目录",
                ORIG,
                1,
                True,
            ),
        ],
        "process": "申请：网上或窗口提交\n受理："
        + LICENCE_FORM
        + "\n审查：必要时现场核查\n决定：作出许可决定\n发证：颁发《食品经营许可证》",
        "statutory": 10,
        "promised": 5,
        "fee": "不收费",
        "result": "食品经营许可证",
        "licence": "食品经营许可证",
        "summary": "开饭店、小吃店、食品店，要先办食品经营许可证。",
        "steps": "先办好营业执照\n网上或到区行政服务中心市场监管窗口提交申请\n需要的话工作人员到店里看看\n5 个工作日内拿到许可证",
    },
    {
        "agency": "scjgj",
        "name": "药品零售许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《中华人民共和国药品管理法》第五十一条、第五十二条\n《药品经营和使用质量监督管理办法》",
        "conditions": "有依法经过资格认定的药师或者其他药学技术人员；有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境；有与所经营药品相适应的质量管理机构或者人员；有保证药品质量的规章制度。",
        "materials": [
            M("药品经营许可证申请表", ORIG, 1, True),
            M("营业执照", COPY, 1, True),
            M("执业药师注册证", COPY, 1, True),
            M("经营场所、仓库平面布置图及房屋产权或使用权证明", COPY, 1, True),
            M("质量管理文件和主要设施设备目录", ORIG, 1, True),
        ],
        "process": "申请：提交申请材料\n受理："
        + LICENCE_FORM
        + "\n审查：技术审查和现场检查\n决定：作出许可决定\n发证：颁发《药品经营许可证》",
        "statutory": 20,
        "promised": 15,
        "fee": "不收费",
        "result": "药品经营许可证",
        "licence": "药品经营许可证",
        "summary": "开药店卖药，要先办药品经营许可证。",
        "steps": "准备申请表、营业执照、药师证书、场地证明\n到区行政服务中心市场监管窗口提交\n现场检查合格后领证",
    },
    {
        "agency": "whlyj",
        "name": "娱乐场所经营许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《娱乐场所管理条例》第九条至第十一条\n《娱乐场所管理办法》（文化和旅游部令第4号）",
        "conditions": "有与其经营活动相适应的设施设备，符合国家规定的设置要求，且投资人、拟任法定代表人和其他负责人没有条例规定的禁止情形。",
        "materials": [
            M("娱乐场所经营许可申请书", ORIG, 1, True),
            M("营业执照", COPY, 1, True),
            M("投资人、法定代表人和其他负责人的身份证明", COPY, 1, True),
            M("房产权属证书或租赁合同", COPY, 1, True),
            M("场所平面图及消防验收或备案材料", COPY, 1, True),
        ],
        "process": "申请：提交申请材料\n受理："
        + LICENCE_FORM
        + "\n审查：实地检查，必要时举行听证\n决定：作出许可决定\n发证：颁发《娱乐经营许可证》",
        "statutory": 20,
        "promised": 10,
        "fee": "不收费",
        "result": "娱乐经营许可证",
        "licence": "娱乐经营许可证",
        "summary": "开 KTV、歌舞厅等娱乐场所，要先办娱乐经营许可证。",
        "steps": "准备申请书、营业执照、场地和消防材料\n到区行政服务中心文旅窗口提交\n实地检查合格后领证",
    },
    {
        "agency": "yjglj",
        "name": "危险化学品经营许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《危险化学品安全管理条例》第三十三条至第三十五条\n《危险化学品经营许可证管理办法》（国家安全生产监督管理总局令第55号）",
        "conditions": "有符合国家标准、行业标准的经营场所；从业人员经过专业技术培训并经考核合格；有健全的安全管理规章制度；有专职安全管理人员；有符合国家规定的危险化学品事故应急预案和必要的应急救援器材、设备。",
        "materials": [
            M("危险化学品经营许可证申请表", ORIG, 1, True),
            M("营业执照", COPY, 1, True),
            M("经营场所产权证明或租赁合同", COPY, 1, True),
            M("安全管理制度和岗位操作规程", ORIG, 1, True),
            M("主要负责人和安全管理人员安全资格证书", COPY, 1, True),
            M("事故应急预案", ORIG, 1, True),
        ],
        "process": "申请：提交申请材料\n受理："
        + LICENCE_FORM
        + "\n审查：文件审查和现场核查\n决定：作出许可决定\n发证：颁发《危险化学品经营许可证》",
        "statutory": 30,
        "promised": 15,
        "fee": "不收费",
        "result": "危险化学品经营许可证",
        "licence": "危险化学品经营许可证",
        "summary": "经营危险化学品（包括只做贸易、不带仓库的），要先办危险化学品经营许可证。",
        "steps": "准备营业执照、场所证明、安全制度和人员证书\n到区行政服务中心应急管理窗口提交\n现场核查合格后领证",
    },
    {
        "agency": "cgzfj",
        "name": "临时占用城市道路许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《城市道路管理条例》第三十一条",
        "conditions": "因特殊情况需要临时占用城市道路，且不影响交通安全和市容环境的。",
        "materials": [
            M("临时占用城市道路申请表", ORIG, 1, True),
            M("申请人身份证明或营业执照", COPY, 1, True),
            M("占用位置示意图", ORIG, 1, True),
            M("交通安全措施方案", ORIG, 1, False, "占用车行道的提供"),
        ],
        "process": "申请：提交申请材料\n受理："
        + LICENCE_FORM
        + "\n审查：现场踏勘\n决定：作出许可决定并出具决定书",
        "statutory": 20,
        "promised": 5,
        "fee": "按本市城市道路占用费收费标准收取",
        "fee_basis": "《城市道路管理条例》第三十七条",
        "result": "临时占道许可决定书",
        "licence": "临时占道许可决定书",
        "summary": "装修、施工等需要临时在马路或人行道上堆放材料、搭设施的，要先申请占道许可。",
        "steps": "填写申请表，画好占用位置示意图\n到区行政服务中心城管窗口提交\n现场看过后 5 个工作日内给决定书",
    },
    {
        "agency": "jsglw",
        "name": "建筑工程施工许可",
        "type": ItemType.LICENCE,
        "where": DISTRICT,
        "basis": "《中华人民共和国建筑法》第七条、第八条\n《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）",
        "conditions": "已办理用地批准手续；已取得建设工程规划许可证；施工场地已基本具备施工条件；已确定施工企业；有满足施工需要的技术资料；有保证工程质量和安全的具体措施。",
        "materials": [
            M("建筑工程施工许可证申请表", ORIG, 1, True),
            M("建设工程规划许可证", COPY, 1, True),
            M("中标通知书或直接发包批准文件", COPY, 1, True),
            M("施工合同", COPY, 1, True),
            M("施工图设计文件审查合格书", COPY, 1, True),
        ],
        "process": "申请：网上提交申请\n受理："
        + LICENCE_FORM
        + "\n审查：材料审查\n决定：作出许可决定\n发证：颁发《建筑工程施工许可证》",
        "statutory": 7,
        "promised": 3,
        "fee": "不收费",
        "result": "建筑工程施工许可证",
        "licence": "建筑工程施工许可证",
        "summary": "盖房子、建厂房，开工前要办施工许可证。",
        "steps": "准备规划许可证、施工合同、图审合格书等\n网上提交申请\n3 个工作日内拿到施工许可证",
    },
    {
        "agency": "sfj",
        "name": "法律援助申请",
        "type": ItemType.PUBLIC_SERVICE,
        "where": DISTRICT,
        "basis": "《中华人民共和国法律援助法》第三十一条至第四十三条",
        "conditions": "因经济困难没有委托代理人，且属于依法请求国家赔偿、请求给予社会保险待遇或者社会救助、请求支付劳动报酬等法律援助事项范围的当事人。",
        "materials": [
            M("法律援助申请表", ORIG, 1, True),
            M("申请人居民身份证", COPY, 1, True),
            M("经济困难状况说明表", ORIG, 1, True, "个人诚信承诺"),
            M("与所申请法律援助事项有关的证件、证明材料", COPY, 1, True),
        ],
        "process": "申请：向区法律援助中心提出申请\n审查：审查经济困难状况和事项范围\n决定：收到申请之日起 7 日内作出是否给予法律援助的决定\n指派：决定给予的，指派律师提供服务",
        "statutory": None,
        "statutory_note": "收到申请之日起 7 日内决定（《中华人民共和国法律援助法》第四十三条）",
        "promised": 5,
        "fee": "不收费",
        "summary": "经济困难、请不起律师的，讨薪、工伤、赡养等纠纷可以申请免费律师帮忙。",
        "steps": "带身份证和纠纷相关材料到区法律援助中心或街镇公共法律服务站\n填申请表和经济困难说明\n7 天内告诉你结果，符合条件的安排律师",
    },
    # Two pages migrated from the old website without all elements (the 服务不实用 check finds them).
    {
        "agency": "fgj",
        "name": "公共租赁住房申请",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "《公共租赁住房管理办法》（住房和城乡建设部令第11号）",
        "conditions": "在本区稳定就业或居住、在本区无住房或人均住房面积低于规定标准的家庭和单身人士。",
        "materials": [ID_CARD, HUKOU, M("住房状况证明", ORIG, 1, True)],
        "process": "申请：向街镇提出申请\n审核：区房管局审核并公示\n轮候：按规定轮候配租",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": None,
        "fee": "不收费",
        "complaint": "",
        "summary": "",
        "steps": "",
        "legacy": True,
    },
    {
        "agency": "tyjrj",
        "name": "退役军人优待证申领",
        "type": ItemType.PUBLIC_SERVICE,
        "where": COMMUNITY,
        "basis": "",
        "conditions": "具有本区户籍的退役军人和其他优抚对象。",
        "materials": [
            M("居民身份证", ORIG, 1, True),
            M("退役证件", COPY, 1, True),
            M("近期免冠证件照", ELEC, 1, True),
        ],
        "process": "申请：向街镇退役军人服务站提出申请\n审核：区退役军人局审核\n制发：统一制证后通知领取",
        "statutory": None,
        "statutory_note": "法律法规未规定",
        "promised": 30,
        "fee": "不收费",
        "summary": "退役军人可以申领优待证，凭证享受乘车、游园等优待。",
        "steps": "带身份证、退役证件到街镇退役军人服务站申请\n审核后统一制证，通知你去领",
        "legacy": True,
    },
]


def _coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _load_points(r: random.Random, agencies: dict) -> dict:
    created = 0
    centres = {}
    subs = Agency.objects.filter(level=AgencyLevel.SUBDISTRICT, code__in=SUBDISTRICT_GEO)
    subs = {a.code: a for a in subs}

    def add(name, kind, agency, sub_code, road_index, offset, phone, services=None, address=""):
        nonlocal created
        lon0, lat0, roads = SUBDISTRICT_GEO[sub_code]
        lon = lon0 + offset[0] + r.uniform(-0.002, 0.002)
        lat = lat0 + offset[1] + r.uniform(-0.002, 0.002)
        point, was_created = ServicePoint.objects.get_or_create(
            agency=agency,
            name=name,
            defaults={
                "kind": kind,
                "subdistrict": subs[sub_code],
                "address": address or f"示范区{roads[road_index]}{r.randint(10, 999)}号",
                "opening_hours": HOURS[kind],
                "phone": phone,
                "services": services if services is not None else SERVICES.get(kind, ""),
                "lon": _coord(lon),
                "lat": _coord(lat),
            },
        )
        created += was_created
        return point

    centres["district"] = add(
        ADMIN_CENTRE,
        PointKind.ADMIN_CENTRE,
        agencies["zwfwb"],
        "cyjd",
        1,
        (0.004, -0.003),
        "021-66880026",
        "区级政务服务事项“一窗通办”：民政、人社、卫健、市场监管、文旅、应急、城管、建管、司法等部门窗口；法律援助中心；婚姻登记处。",
        address=ADMIN_ADDRESS,
    )
    for j, (code, sub) in enumerate(sorted(subs.items(), key=lambda kv: kv[1].order), start=1):
        short = sub.short_name or sub.name
        centres[code] = add(
            f"{short}社区事务受理服务中心",
            PointKind.COMMUNITY_CENTRE,
            sub,
            code,
            0,
            (0, 0),
            f"021-5788{j:02d}10",
        )
        add(
            f"{short}党群服务中心",
            PointKind.PARTY_CENTRE,
            sub,
            code,
            1,
            (0.006, 0.004),
            f"021-5788{j:02d}20",
        )
        add(
            f"{short}社区卫生服务中心",
            PointKind.HEALTH,
            agencies["wjw"],
            code,
            0,
            (-0.005, 0.005),
            f"021-5788{j:02d}30",
        )
    for kind, agency_code, codes in EXTRA_POINTS:
        label = dict(PointKind.choices)[kind]
        for k, code in enumerate(codes, start=1):
            short = subs[code].short_name or subs[code].name
            add(
                f"{short}{label}",
                kind,
                agencies[agency_code],
                code,
                1,
                (r.uniform(-0.008, 0.008), r.uniform(-0.008, 0.008)),
                f"021-5799{k:02d}{len(label):02d}",
            )
    return {"created": created, "centres": centres}


def _guide_texts(spec: dict, agency: Agency) -> dict:
    where = spec["where"]
    if where == COMMUNITY:
        location = "户籍所在地（或常住地）街镇社区事务受理服务中心，全区通办"
        hours = HOURS[PointKind.COMMUNITY_CENTRE]
    else:
        location = f"{ADMIN_CENTRE}（{ADMIN_ADDRESS}）{agency.display_short}窗口"
        hours = HOURS[PointKind.ADMIN_CENTRE]
    return {
        "location": location,
        "office_hours": hours,
        "consultation": f"{agency.name}：{agency.phone or '021-12345'}；12345 市民服务热线",
        "complaint": spec.get(
            "complaint",
            f"{agency.name}监督电话：{agency.fax or agency.phone}；区政务服务办公室：021-66880026；12345 市民服务热线",
        ),
    }


@transaction.atomic
def load(*, stdout, options) -> None:
    r = random.Random(20260312)
    codes = {g["agency"] for g in GUIDES} | {"zwfwb", "wjw", "mzj", "rsj", "sfj", "tyjrj"}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    if set(codes) - set(agencies):
        stdout.write("办事服务：缺少演示机构，请先载入机构演示数据。")
        return
    points = _load_points(r, agencies)
    centres = points["centres"]
    community_centres = [p for code, p in centres.items() if code != "district"]
    now = timezone.now()
    created = 0
    for spec in GUIDES:
        agency = agencies[spec["agency"]]
        if Guide.objects.filter(agency=agency, name=spec["name"]).exists():
            continue
        texts = _guide_texts(spec, agency)
        state = spec.get("state", GuideState.PUBLISHED)
        guide = Guide.objects.create(
            agency=agency,
            name=spec["name"],
            code=f"3101200{r.randint(10000, 99999)}",
            item_type=spec["type"],
            basis=spec["basis"],
            conditions=spec["conditions"],
            process=spec["process"],
            statutory_days=spec["statutory"],
            statutory_note=spec.get("statutory_note", ""),
            promised_days=spec["promised"],
            fee=spec["fee"],
            fee_basis=spec.get("fee_basis", ""),
            result=spec.get("result", ""),
            plain_summary=spec["summary"],
            plain_steps=spec["steps"],
            licence_certificate=spec.get("licence", ""),
            state=state,
            published_at=now - datetime.timedelta(days=r.randint(5, 300))
            if state == GuideState.PUBLISHED
            else None,
            **texts,
        )
        GuideMaterial.objects.bulk_create(
            [GuideMaterial(guide=guide, order=i, **m) for i, m in enumerate(spec["materials"], 1)]
        )
        if spec.get("legacy"):
            # Pages migrated from the old site: free-text location only, no linked points.
            pass
        elif spec["where"] == COMMUNITY:
            guide.points.set(community_centres)
        else:
            guide.points.set([centres["district"]])
        created += 1
    scans = _load_scans(r, now.date())
    stdout.write(
        f"办事服务：新建 {created} 项办事指南、{points['created']} 个便民服务网点、{scans} 条扫码统计。"
    )


def _load_scans(r: random.Random, today: datetime.date) -> int:
    if ScanDay.objects.exists():
        return 0
    rows = []
    guides = list(Guide.objects.public().order_by("id").values_list("pk", flat=True))
    points = list(ServicePoint.objects.public().order_by("id").values_list("pk", flat=True))
    for kind, ids in (("guide", guides[:12]), ("point", points[:15])):
        for object_id in ids:
            for back in range(0, 45):
                if r.random() < 0.35:
                    rows.append(
                        ScanDay(
                            kind=kind,
                            object_id=object_id,
                            day=today - datetime.timedelta(days=back),
                            count=r.randint(1, 12),
                        )
                    )
    ScanDay.objects.bulk_create(rows)
    return len(rows)
