"""Demo catalogue of the fictional 示范区: the seven key domains of the "7+X" pilot in depth (real
item names and real legal bases), the national guideline domains, district-chosen domains, a
generated remainder reaching 60 domains and about 1,900 items, and a standards system of 169
standards built on GB/T 24421. Local and district standard numbers are fictional."""

from __future__ import annotations

import datetime
import time

from django.db import transaction

from gongkai.orgs.models import Agency

from . import services
from .models import (
    NATIONAL_DOMAINS,
    Carrier,
    Citation,
    Domain,
    DomainKind,
    Edition,
    Item,
    Platform,
    Standard,
    StandardGroup,
    StandardLevel,
    join_codes,
)

# --- legal bases (title, 文号, type) -----------------------------------------------------------

LAWS = {
    "条例": ("中华人民共和国政府信息公开条例", "国务院令第711号", "admin_regulation"),
    "就业促进法": ("中华人民共和国就业促进法", "主席令第70号", "law"),
    "就业服务规定": ("就业服务与就业管理规定", "劳动和社会保障部令第28号", "dept_rule"),
    "失业保险条例": ("失业保险条例", "国务院令第258号", "admin_regulation"),
    "人力资源市场条例": ("人力资源市场暂行条例", "国务院令第700号", "admin_regulation"),
    "救助办法": ("社会救助暂行办法", "国务院令第649号", "admin_regulation"),
    "低保条例": ("城市居民最低生活保障条例", "国务院令第271号", "admin_regulation"),
    "低保确认办法": ("最低生活保障审核确认办法", "民发〔2021〕57号", "normative"),
    "特困认定办法": ("特困人员认定办法", "民发〔2021〕43号", "normative"),
    "临时救助通知": ("国务院关于全面建立临时救助制度的通知", "国发〔2014〕47号", "normative"),
    "社会保险法": ("中华人民共和国社会保险法", "主席令第35号", "law"),
    "工伤条例": ("工伤保险条例", "国务院令第586号", "admin_regulation"),
    "征缴条例": ("社会保险费征缴暂行条例", "国务院令第259号", "admin_regulation"),
    "医保基金条例": ("医疗保障基金使用监督管理条例", "国务院令第735号", "admin_regulation"),
    "户口登记条例": ("中华人民共和国户口登记条例", "", "law"),
    "身份证法": ("中华人民共和国居民身份证法", "", "law"),
    "居住证条例": ("居住证暂行条例", "国务院令第663号", "admin_regulation"),
    "卫生健康法": ("中华人民共和国基本医疗卫生与健康促进法", "主席令第38号", "law"),
    "传染病法": ("中华人民共和国传染病防治法", "", "law"),
    "医疗机构条例": ("医疗机构管理条例", "国务院令第149号", "admin_regulation"),
    "医师法": ("中华人民共和国医师法", "主席令第94号", "law"),
    "行政处罚法": ("中华人民共和国行政处罚法", "主席令第70号", "law"),
    "城管执法办法": ("城市管理执法办法", "住房和城乡建设部令第34号", "dept_rule"),
    "三项制度意见": (
        "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见",
        "国办发〔2018〕118号",
        "normative",
    ),
    "市容条例": ("城市市容和环境卫生管理条例", "国务院令第101号", "admin_regulation"),
    "老年人法": ("中华人民共和国老年人权益保障法", "", "law"),
    "养老机构办法": ("养老机构管理办法", "民政部令第66号", "dept_rule"),
    "养老意见": ("国务院办公厅关于推进养老服务发展的意见", "国办发〔2019〕5号", "normative"),
    "标准化意见": (
        "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见",
        "国办发〔2019〕54号",
        "normative",
    ),
}

ART = {
    "条例": "第二十条",
    "就业促进法": "第二十五条",
    "就业服务规定": "第二十五条",
    "失业保险条例": "第十四条",
    "人力资源市场条例": "第十五条",
    "救助办法": "第九条",
    "低保条例": "第八条",
    "低保确认办法": "第二十一条",
    "特困认定办法": "第十九条",
    "临时救助通知": "",
    "社会保险法": "第八十条",
    "工伤条例": "第十四条",
    "征缴条例": "第十七条",
    "医保基金条例": "第十四条",
    "户口登记条例": "第六条",
    "身份证法": "第八条",
    "居住证条例": "第二条",
    "卫生健康法": "第八十一条",
    "传染病法": "第三十八条",
    "医疗机构条例": "第二十二条",
    "医师法": "第十四条",
    "行政处罚法": "第四十八条",
    "城管执法办法": "第二十六条",
    "三项制度意见": "",
    "市容条例": "第三十四条",
    "老年人法": "第四十四条",
    "养老机构办法": "第三十八条",
    "养老意见": "",
    "标准化意见": "",
}

WD20 = "信息形成或者变更之日起20个工作日内"

# --- the seven key domains: code, name, agency, laws, {一级事项: [二级事项, ...]} ----------------

KEY = [
    (
        "jiuye",
        "就业创业",
        "rsj",
        ["就业促进法", "就业服务规定"],
        {
            "政策文件": ["法律法规", "部门规章", "规范性文件", "政策解读"],
            "就业创业服务": [
                "公共就业服务机构名录",
                "职业介绍服务",
                "创业担保贷款申请",
                "创业孵化基地名录",
            ],
            "就业援助": ["就业困难人员认定", "公益性岗位招聘", "零就业家庭援助"],
            "职业培训": ["补贴性职业技能培训目录", "培训补贴申领", "技能等级认定机构名单"],
            "失业保险": ["失业保险金申领", "稳岗返还名单", "技能提升补贴"],
            "招聘信息": ["招聘会信息", "事业单位公开招聘"],
            "人力资源市场": ["经营性人力资源服务机构名单", "人力资源市场供求信息"],
            "劳动关系": ["劳动保障监察", "劳动人事争议仲裁"],
        },
    ),
    (
        "shjz",
        "社会救助",
        "mzj",
        ["救助办法", "低保条例"],
        {
            "政策文件": ["法律法规", "部门规章", "规范性文件", "政策解读"],
            "最低生活保障": [
                "办事指南",
                "审核确认结果",
                "保障标准",
                "资金使用情况",
                "低保边缘家庭认定",
            ],
            "特困人员救助供养": ["办事指南", "认定结果", "供养标准", "供养服务机构名录"],
            "临时救助": ["办事指南", "救助结果", "救助标准"],
            "医疗救助": ["办事指南", "救助结果"],
            "受灾人员救助": ["救助政策", "资金物资发放情况"],
            "专项救助": ["教育救助", "住房救助", "就业救助"],
            "监督管理": ["投诉举报渠道", "救助资金审计结果", "救助对象公示"],
        },
    ),
    (
        "shbx",
        "社会保险",
        "rsj",
        ["社会保险法", "征缴条例"],
        {
            "政策文件": ["法律法规", "部门规章", "规范性文件", "政策解读"],
            "养老保险": ["参保登记", "缴费基数和费率", "养老金申领", "待遇调整"],
            "医疗保险": ["参保登记", "待遇标准", "定点医药机构名单"],
            "工伤保险": ["工伤认定", "劳动能力鉴定", "工伤待遇"],
            "失业保险": ["参保登记", "待遇标准"],
            "基金管理": ["基金收支情况", "基金监督检查结果"],
            "经办服务": ["经办机构名录", "办事指南"],
            "城乡居民养老保险": ["参保缴费", "待遇领取"],
        },
    ),
    (
        "hjgl",
        "户籍管理",
        "gajfj",
        ["户口登记条例", "身份证法"],
        {
            "政策文件": ["法律法规", "规范性文件", "政策解读"],
            "户口登记": ["出生登记", "死亡注销", "迁入迁出", "变更更正"],
            "居民身份证": ["首次申领", "换领补领", "临时身份证"],
            "居住证": ["居住登记", "居住证申领", "积分管理"],
            "户籍证明": ["可开具证明事项清单", "取消证明事项清单"],
            "服务网点": ["户籍窗口地址和时间", "网上办理渠道"],
            "出入境": ["普通护照办理", "往来港澳通行证办理"],
        },
    ),
    (
        "ylws",
        "医疗卫生",
        "wjw",
        ["卫生健康法", "医疗机构条例"],
        {
            "政策文件": ["法律法规", "部门规章", "规范性文件", "政策解读"],
            "医疗机构": ["医疗机构执业登记", "医疗机构名录", "医疗服务价格"],
            "医务人员": ["医师执业注册", "护士执业注册"],
            "公共卫生": [
                "传染病疫情信息",
                "预防接种门诊名单",
                "突发公共卫生事件应急预案",
                "健康体检机构名单",
            ],
            "基本公共卫生服务": ["服务项目和标准", "家庭医生签约服务"],
            "卫生监督": ["监督检查结果", "行政处罚结果"],
            "妇幼健康": ["出生医学证明办理", "孕产妇健康管理"],
            "健康教育": ["健康科普", "爱国卫生运动"],
        },
    ),
    (
        "cgzf",
        "城市综合执法",
        "cgzfj",
        ["行政处罚法", "城管执法办法"],
        {
            "政策文件": ["法律法规", "部门规章", "规范性文件", "政策解读"],
            "执法主体": ["执法机构职责", "执法人员清单", "执法区域划分"],
            "权责清单": ["行政处罚事项清单", "行政强制事项清单", "行政检查事项清单"],
            "执法公示": ["事前公示", "行政处罚决定", "执法统计年报"],
            "执法监督": ["投诉举报渠道", "执法监督结果"],
            "专项整治": ["市容环境整治", "违法建筑整治", "占道经营整治"],
            "执法程序": ["执法流程图", "行政处罚裁量基准"],
        },
    ),
    (
        "ylfw",
        "养老服务",
        "mzj",
        ["老年人法", "养老机构办法"],
        {
            "政策文件": ["法律法规", "部门规章", "规范性文件", "政策解读"],
            "养老机构": ["养老机构备案", "养老机构名录", "等级评定结果", "收费标准"],
            "居家社区养老": ["社区养老服务设施名录", "长者食堂名录", "助餐服务补贴"],
            "老年人补贴": ["高龄津贴", "养老服务补贴", "老年综合津贴发放"],
            "监督管理": ["养老机构监督检查结果", "投诉举报渠道"],
            "养老服务设施规划": ["设施布局规划", "建设项目进展"],
            "养老服务人才": ["养老护理员培训", "从业人员补贴"],
        },
    ),
]

#: Per 一级事项: 公开时限 as printed, 条例第二十条 item.
LEVEL1_RULES = {
    "政策文件": (WD20, 1),
    "办事指南": (WD20, 5),
    "监督管理": (WD20, 13),
    "执法公示": ("行政处罚决定作出之日起7个工作日内", 6),
    "卫生监督": ("行政处罚决定作出之日起7个工作日内", 6),
    "基金管理": ("每年第一季度公开上年度情况", 7),
    "公共卫生": ("实时公开", 12),
    "招聘信息": ("及时公开", 14),
}

DISTRICT_DOMAINS = [
    "营商环境",
    "人才服务",
    "双拥优抚",
    "殡葬服务",
    "婚姻登记",
    "残疾人服务",
    "住房公积金",
    "旧区改造",
    "河道治理",
    "垃圾分类",
    "文明创建",
    "科技创新",
    "知识产权",
    "统计信息",
    "审计监督",
    "应急管理",
    "消防安全",
    "交通出行",
    "绿化市容",
    "水务管理",
    "物业管理",
    "商务消费",
    "旅游服务",
    "体育健身",
    "民族宗教",
    "国资监管",
    "金融服务",
    "计划生育",
    "老龄工作",
    "慈善捐赠",
    "社区治理",
    "志愿服务",
    "数据开放",
    "政务服务",
]

NOT_APPLICABLE = {
    "扶贫": "本区为中心城区，无扶贫开发任务，对口帮扶工作信息在“区自选领域”中公开。",
    "涉农补贴": "本区无农业生产经营主体，不涉及涉农补贴发放。",
    "农村危房改造": "本区无农村住房，不涉及农村危房改造。",
    "农村集体土地征收": "本区无农村集体土地，不涉及农村集体土地征收。",
}

#: 一级事项 → 二级事项 of the generated remainder (one domain takes 30–38 of these rows).
GENERIC = [
    ("政策文件", ["法律法规", "部门规章", "地方性法规和规章", "规范性文件", "政策解读"]),
    ("机构职能", ["机构设置", "工作职责", "联系方式"]),
    ("规划计划", ["发展规划", "年度工作计划", "工作总结"]),
    ("办事服务", ["办事指南", "办理结果", "服务网点", "收费标准"]),
    ("权责清单", ["权力清单", "责任清单"]),
    ("监管执法", ["双随机抽查结果", "行政检查结果", "行政处罚结果"]),
    ("资金信息", ["专项资金管理办法", "资金分配结果", "资金使用情况"]),
    ("统计数据", ["月度统计数据", "年度统计数据"]),
    ("项目信息", ["项目审批", "项目实施进展", "项目验收结果"]),
    ("应急管理", ["应急预案", "预警信息"]),
    ("公众参与", ["意见征集", "意见采纳情况"]),
    ("监督保障", ["投诉举报渠道", "督查整改情况"]),
]
GENERIC_RULES = {
    "统计数据": ("每月15日前公开上月数据", 4),
    "资金信息": ("每年第一季度公开上年度情况", 7),
    "应急管理": ("实时公开", 12),
    "监管执法": ("行政处罚决定作出之日起7个工作日内", 6),
}

DOMAIN_AGENCY = {
    "城乡规划": "ghzyj",
    "重大建设项目": "fgw",
    "公共资源交易": "fgw",
    "财政预决算": "czj",
    "安全生产": "yjglj",
    "税收管理": "czj",
    "国有土地上房屋征收与补偿": "fgj",
    "生态环境": "sthjj",
    "公共文化服务": "whlyj",
    "公共法律服务": "sfj",
    "救灾": "yjglj",
    "义务教育": "jw",
    "市政服务": "jsglw",
    "食品药品监管": "scjgj",
    "保障性住房": "fgj",
    "营商环境": "swj",
    "人才服务": "rsj",
    "双拥优抚": "tyjrj",
    "殡葬服务": "mzj",
    "婚姻登记": "mzj",
    "住房公积金": "fgj",
    "旧区改造": "fgj",
    "河道治理": "swuj",
    "垃圾分类": "lhsrj",
    "科技创新": "kw",
    "统计信息": "tjj",
    "审计监督": "sjj",
    "应急管理": "yjglj",
    "消防安全": "yjglj",
    "交通出行": "jsglw",
    "绿化市容": "lhsrj",
    "水务管理": "swuj",
    "物业管理": "fgj",
    "商务消费": "swj",
    "旅游服务": "whlyj",
    "体育健身": "tyj",
    "民族宗教": "mzzjw",
    "国资监管": "gzw",
    "金融服务": "jrb",
    "政务服务": "zwfwb",
    "数据开放": "zwfwb",
}

PLATFORMS = [
    ("portal", "示范区人民政府门户网站", "https://www.shifanqu.gov.cn.invalid/"),
    ("gazette", "示范区人民政府公报", ""),
    ("wechat", "“示范区发布”微信公众号", ""),
    ("weibo", "“示范区发布”政务微博", ""),
    ("app", "示范区政务服务APP", ""),
    ("media", "示范区融媒体中心", ""),
    ("zone", "区政务服务中心政务公开专区", ""),
    ("community", "街镇社区事务受理服务中心", ""),
]

# --- standards ---------------------------------------------------------------------------------

GROUPS = [
    ("0", "政务公开标准体系", None),
    ("100", "基础标准", "0"),
    ("101", "标准化导则", "100"),
    ("102", "术语与缩略语", "100"),
    ("103", "符号与标志", "100"),
    ("104", "数值与数据", "100"),
    ("200", "保障标准", "0"),
    ("201", "环境与安全", "200"),
    ("202", "信息管理", "200"),
    ("202.1", "网站与新媒体", "202"),
    ("202.2", "信息安全与档案", "202"),
    ("203", "人力资源", "200"),
    ("204", "财务与设施", "200"),
    ("205", "监督考核", "200"),
    ("300", "提供标准", "0"),
    ("301", "公开规范", "300"),
    ("301.1", "主动公开", "301"),
    ("301.2", "依申请公开", "301"),
    ("301.3", "政策解读与回应关切", "301"),
    ("301.4", "重点领域公开", "301"),
    ("302", "服务提供规范", "300"),
    ("303", "运行管理规范", "300"),
    ("304", "评价与改进", "300"),
]

NATIONAL_STANDARDS = [
    ("GB/T 24421.1-2009", "服务业组织标准化工作指南 第1部分：基本要求", "101"),
    ("GB/T 24421.2-2009", "服务业组织标准化工作指南 第2部分：标准体系", "101"),
    ("GB/T 24421.3-2009", "服务业组织标准化工作指南 第3部分：标准编写", "101"),
    ("GB/T 24421.4-2009", "服务业组织标准化工作指南 第4部分：标准实施及评价", "101"),
    ("GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "101"),
    ("GB/T 13016-2018", "标准体系构建原则和要求", "101"),
    ("GB/T 15624-2011", "服务标准化工作指南", "101"),
    ("GB/T 20000.1-2014", "标准化工作指南 第1部分：标准化和相关活动的通用术语", "102"),
    ("GB/T 19000-2016", "质量管理体系 基础和术语", "102"),
    ("GB/T 10001.1-2023", "公共信息图形符号 第1部分：通用符号", "103"),
    ("GB 2894-2008", "安全标志及其使用导则", "103"),
    ("GB/T 2260-2007", "中华人民共和国行政区划代码", "104"),
    ("GB 32100-2015", "法人和其他组织统一社会信用代码编码规则", "104"),
    ("GB 11643-1999", "公民身份号码", "104"),
    ("GB/T 15834-2011", "标点符号用法", "104"),
    ("GB/T 15835-2011", "出版物上数字用法", "104"),
    ("GB/T 21063.3-2007", "政务信息资源目录体系 第3部分：核心元数据", "104"),
    ("GB/T 21063.4-2007", "政务信息资源目录体系 第4部分：政务信息资源分类", "104"),
    ("GB/T 21063.5-2007", "政务信息资源目录体系 第5部分：政务信息资源标识符编码方案", "104"),
    ("GB/T 45001-2020", "职业健康安全管理体系 要求及使用指南", "201"),
    ("GB/T 24001-2016", "环境管理体系 要求及使用指南", "201"),
    ("GB/T 29639-2020", "生产经营单位生产安全事故应急预案编制导则", "201"),
    ("GB/T 37668-2019", "信息技术 互联网内容无障碍可访问性技术要求与测试方法", "202.1"),
    ("GB/T 22239-2019", "信息安全技术 网络安全等级保护基本要求", "202.2"),
    ("GB/T 35273-2020", "信息安全技术 个人信息安全规范", "202.2"),
    ("GB/T 18894-2016", "电子文件归档与电子档案管理规范", "202.2"),
    ("GB/T 29194-2012", "电子文件管理系统通用功能要求", "202.2"),
    ("GB/T 9704-2012", "党政机关公文格式", "202"),
    ("GB/T 19001-2016", "质量管理体系 要求", "205"),
    ("GB/T 19012-2019", "质量管理 顾客满意 组织投诉处理指南", "205"),
    ("GB/T 19038-2009", "顾客满意测评模型和方法指南", "304"),
    ("GB/T 32169.1-2015", "政务服务中心运行规范 第1部分：基本要求", "303"),
    ("GB/T 32169.2-2015", "政务服务中心运行规范 第2部分：进驻要求", "303"),
    ("GB/T 32169.3-2015", "政务服务中心运行规范 第3部分：窗口服务提供要求", "302"),
    ("GB/T 32169.4-2015", "政务服务中心运行规范 第4部分：窗口服务评价要求", "304"),
    ("GB/T 32170.1-2015", "政务服务中心标准化工作指南 第1部分：基本要求", "101"),
    ("GB/T 32170.2-2015", "政务服务中心标准化工作指南 第2部分：标准体系", "101"),
    ("GB/T 36112-2018", "政务服务中心服务现场管理规范", "303"),
    ("GB/T 36113-2018", "政务服务中心服务投诉处置规范", "304"),
    ("GB/T 36114-2018", "政务服务中心服务数据管理规范", "202"),
    ("GB/T 39047-2020", "政务服务评价工作指南", "304"),
    (
        "GB/T 39554.1-2020",
        "全国一体化政务服务平台 政务服务事项基本目录及实施清单 第1部分：编码要求",
        "104",
    ),
    ("GB/T 39735-2020", "政务服务评价工作指南（平台）", "304"),
    ("GB/T 33200-2016", "社会治安综合治理 综治中心建设与管理规范", "302"),
    ("GB/T 35770-2022", "合规管理体系 要求及使用指南", "205"),
    ("GB/T 30227-2013", "人力资源服务机构能力指标", "203"),
]
INDUSTRY_STANDARDS = [("MZ/T 032-2012", "养老机构安全管理", "302", "养老服务")]
LOCAL_STANDARDS = [
    ("DB99/T 1001-2019", "基层政务公开工作规范", "301"),
    ("DB99/T 1002-2019", "政府信息公开申请办理规范", "301.2"),
    ("DB99/T 1003-2020", "政务公开专区建设规范", "303"),
    ("DB99/T 1004-2021", "政策解读工作规范", "301.3"),
]
PROCESS_TOPICS = [
    ("主动公开信息发布", "301.1"),
    ("公文公开属性源头认定", "301.1"),
    ("公开目录编制", "301.1"),
    ("政府信息公开指南编制", "301.1"),
    ("依申请公开受理", "301.2"),
    ("依申请公开答复", "301.2"),
    ("信息处理费收取", "301.2"),
    ("政策解读", "301.3"),
    ("舆情回应", "301.3"),
    ("政务公开专区运行", "303"),
    ("政府开放日", "302"),
    ("在线访谈", "302"),
    ("重大行政决策公众参与", "302"),
    ("政务新媒体运营", "202.1"),
    ("政府网站内容保障", "202.1"),
    ("保密审查", "202.2"),
    ("政府信息档案移交", "202.2"),
    ("政务公开培训", "203"),
    ("政务公开岗位职责", "203"),
    ("公开查阅点设施", "204"),
    ("政务公开经费保障", "204"),
    ("政务公开考核评估", "205"),
    ("社会评议", "304"),
    ("公众满意度测评", "304"),
    ("政务公开工作年度报告编制", "205"),
    ("便民服务站运行", "303"),
    ("居务公开", "301.1"),
    ("政务公开标识", "103"),
    ("政务公开术语", "102"),
    ("公开目录动态调整", "301.1"),
    ("不予公开信息定期评估", "301.2"),
]


# --- loading -----------------------------------------------------------------------------------


def _citations(keys: list[str]) -> list[list[str]]:
    out = []
    for k in keys:
        title, number, kind = LAWS[k]
        out.append([kind, title, number, ART[k]])
    return out


def _item_rows(small: bool):
    """(domain name, level1, level2, agency code, laws, time text, art20, extras) per item."""
    rows = []
    for _code, name, agency, laws, tree in KEY:
        for l1, l2s in list(tree.items())[: 3 if small else None]:
            for l2 in l2s[: 2 if small else None]:
                rows.append((name, l1, l2, agency, laws, LEVEL1_RULES.get(l1)))
    return rows


def _domain_specs(small: bool):
    """(code, name, kind) for the 60 domains (key first, national, district)."""
    specs = [(code, name, DomainKind.KEY) for code, name, *_ in KEY]
    overlap = {"社会救助", "养老服务", "户籍管理", "社会保险", "城市综合执法", "就业", "卫生健康"}
    national = [n for n in NATIONAL_DOMAINS if n not in overlap]
    specs += [(f"gb{n:02d}", name, DomainKind.NATIONAL) for n, name in enumerate(national, 1)]
    specs += [
        (f"x{n:02d}", name, DomainKind.DISTRICT) for n, name in enumerate(DISTRICT_DOMAINS, 1)
    ]
    if small:
        specs = specs[:7] + specs[7:9] + [s for s in specs if s[1] == "扶贫"] + specs[26:28]
    return specs


def _laws_for_generated(domain_name: str) -> list[str]:
    return ["条例", "标准化意见"]


@transaction.atomic
def load(*, stdout, options) -> None:
    started = time.perf_counter()
    small = bool(options.get("small"))
    agencies = {a.code: a for a in Agency.objects.all()}

    for n, (code, name, url) in enumerate(PLATFORMS):
        Platform.objects.get_or_create(code=code, defaults={"name": name, "url": url, "order": n})
    platforms = {p.code: p for p in Platform.objects.all()}

    existing = {d.name: d for d in Domain.objects.all()}
    specs = _domain_specs(small)
    new_domains = []
    for order, (code, name, kind) in enumerate(specs, start=1):
        if name in existing:
            continue
        new_domains.append(
            Domain(
                code=code,
                name=name,
                kind=kind,
                order=order * 10,
                not_applicable=name in NOT_APPLICABLE,
                not_applicable_note=NOT_APPLICABLE.get(name, ""),
            )
        )
    Domain.objects.bulk_create(new_domains)
    domains = {d.name: d for d in Domain.objects.all()}
    key_agency = {name: agency for _c, name, agency, *_ in KEY}
    through = Domain.agencies.through
    for d in new_domains:
        d = domains[d.name]
        code = key_agency.get(d.name) or DOMAIN_AGENCY.get(d.name)
        if code in agencies:
            through.objects.get_or_create(domain=d, agency=agencies[code])

    existing_codes = set(Item.objects.values_list("code", flat=True))
    items, cites, plats = [], [], []

    def add(domain: Domain, n: int, l1, l2, agency_code, laws, rule, *, content=""):
        code = f"{domain.code}-{n:04d}"
        if code in existing_codes:
            return
        time_text, art20 = rule or (WD20, 11)
        township = l1 in ("办事服务", "最低生活保障", "临时救助", "居家社区养老", "户口登记")
        item = Item(
            domain=domain,
            code=code,
            order=n,
            level1=l1,
            level2=l2,
            content=content or f"{l2}的名称、内容、依据、办理条件、办理程序、办理时限和结果等。",
            agency=agencies.get(agency_code),
            subject=(
                "区政府各部门、各街道办事处（镇人民政府）"
                if township and n % 3 == 0
                else ("" if agency_code in agencies else "区政府有关部门")
            ),
            attribute="proactive",
            art20_item=art20,
            form_codes=join_codes(["full_text"] + (["data"] if art20 in (4, 7) else [])),
            time_limit_text=time_text,
            carrier_codes=join_codes(
                ["website", "new_media"]
                + (["service_centre", "notice_board"] if township else [])
                + (["gazette"] if l1 == "政策文件" else [])
                + (["reading_point"] if n % 4 == 0 else []),
                Carrier,
            ),
            audience_public=True,
            audience_specific=township and n % 2 == 0,
            mode_proactive=True,
            mode_on_request=n % 11 == 0,
            level_county=True,
            level_township=township,
        )
        if n % 29 == 0 or l2 in ("审核确认结果", "认定结果", "救助结果"):
            item.partial = True
            item.partial_note = "涉及个人隐私的身份证号码、家庭住址等信息不予公开"
            item.withholding_ground = "third_party"
            item.art21_item = "social_assistance" if domain.name == "社会救助" else ""
        from .rows import derive_time_limit

        item.time_limit_kind, item.time_limit_days = derive_time_limit(time_text)
        items.append(item)
        for k, c in enumerate(_citations(laws if l1 != "政策文件" else ["条例", *laws])):
            cites.append((code, k, c))
        for p in (
            ["portal", "wechat"]
            + (["gazette"] if l1 == "政策文件" else [])
            + (["zone", "community"] if township else [])
        ):
            plats.append((code, p))

    rows = _item_rows(small)
    counters: dict[str, int] = {}
    for name, l1, l2, agency, laws, rule in rows:
        domain = domains[name]
        counters[name] = counters.get(name, 0) + 1
        if l1 == "政策文件" and l2 == "政策解读":
            laws = ["条例"]
        add(domain, counters[name], l1, l2, agency, laws, rule)

    generic = [(l1, l2) for l1, l2s in GENERIC for l2 in l2s]
    for i, (_code, name, kind) in enumerate(specs):
        if kind == DomainKind.KEY or name in NOT_APPLICABLE:
            continue
        domain = domains[name]
        count = 3 if small else 32 + (i * 7) % 9
        agency = DOMAIN_AGENCY.get(name, "district")
        for n in range(1, count + 1):
            l1, l2 = generic[(n - 1) % len(generic)]
            if n > len(generic):
                l2 = f"{l2}（历年）"
            rule = GENERIC_RULES.get(l1) or (WD20, 1 if l1 == "政策文件" else 11)
            add(domain, n, l1, f"{name}{l2}", agency, _laws_for_generated(name), rule)

    Item.objects.bulk_create(items, batch_size=500)
    by_code = dict(Item.objects.filter(code__in=[i.code for i in items]).values_list("code", "pk"))
    Citation.objects.bulk_create(
        [
            Citation(
                item_id=by_code[code],
                order=k,
                kind=c[0],
                title=c[1],
                document_number=c[2],
                article=c[3],
            )
            for code, k, c in cites
        ],
        batch_size=1000,
    )
    pthrough = Item.platforms.through
    pthrough.objects.bulk_create(
        [pthrough(item_id=by_code[code], platform_id=platforms[p].pk) for code, p in plats],
        batch_size=1000,
    )
    _load_standards(small, domains)
    _load_editions(stdout)
    stdout.write(
        f"公开目录：领域 {Domain.objects.count()} 个，事项 {Item.objects.active().count()} 个，"
        f"标准 {Standard.objects.count()} 项，版本 {Edition.objects.count()} 个"
        f"（{time.perf_counter() - started:.1f} 秒）"
    )


def _load_standards(small: bool, domains: dict[str, Domain]) -> None:
    if Standard.objects.exists():
        return
    groups = {}
    for n, (code, name, parent) in enumerate(GROUPS):
        groups[code] = StandardGroup.objects.create(
            code=code, name=name, parent=groups.get(parent), order=n
        )
    rows = []  # number, title, level, group, domain name or None
    for number, title, group in NATIONAL_STANDARDS:
        rows.append((number, title, StandardLevel.NATIONAL, group, None))
    for number, title, group, domain in INDUSTRY_STANDARDS:
        rows.append((number, title, StandardLevel.INDUSTRY, group, domain))
    for number, title, group in LOCAL_STANDARDS:
        rows.append((number, title, StandardLevel.LOCAL, group, None))
    serial = 0
    for name in domains:
        if name in NOT_APPLICABLE:
            continue
        serial += 1
        rows.append(
            (
                f"Q/SFQ ZWGK {serial:03d}-2018",
                f"{name}领域政务公开规范",
                StandardLevel.DISTRICT,
                "301.4",
                name,
            )
        )
    for topic, group in PROCESS_TOPICS:
        for suffix in ("工作规范", "考核评价规范"):
            serial += 1
            rows.append(
                (
                    f"Q/SFQ ZWGK {serial:03d}-2018",
                    f"{topic}{suffix}",
                    StandardLevel.DISTRICT,
                    group,
                    None,
                )
            )
    district_target = 118
    district = [r for r in rows if r[2] == StandardLevel.DISTRICT][:district_target]
    rows = [r for r in rows if r[2] != StandardLevel.DISTRICT] + district
    if small:
        rows = rows[:8] + district[:6]
    standards = [
        Standard(
            number=number,
            title=title,
            level=level,
            group=groups[group],
            version=number.rsplit("-", 1)[-1] + "版",
            order=n,
        )
        for n, (number, title, level, group, _d) in enumerate(rows)
    ]
    Standard.objects.bulk_create(standards)
    saved = {s.number: s for s in Standard.objects.all()}
    dthrough, ithrough = Standard.domains.through, Standard.items.through
    dlinks, ilinks = [], []
    items_by_domain: dict[int, list[int]] = {}
    for pk, domain_id in Item.objects.values_list("pk", "domain_id"):
        items_by_domain.setdefault(domain_id, []).append(pk)
    general = [saved[n] for n in ("GB/T 24421.2-2009", "DB99/T 1001-2019") if n in saved]
    for number, _t, _l, _g, dname in rows:
        if dname and dname in domains:
            s, d = saved[number], domains[dname]
            dlinks.append(dthrough(standard_id=s.pk, domain_id=d.pk))
            ilinks += [ithrough(standard_id=s.pk, item_id=i) for i in items_by_domain.get(d.pk, [])]
    for s in general:
        dlinks += [dthrough(standard_id=s.pk, domain_id=d.pk) for d in domains.values()]
    dthrough.objects.bulk_create(dlinks, batch_size=1000)
    ithrough.objects.bulk_create(ilinks, batch_size=1000)


def _load_editions(stdout) -> None:
    """Two editions: 2025 (the catalogue before this year's changes) and 2026 (current)."""
    if Edition.objects.exists():
        return
    now_snapshot = services.catalogue_snapshot()
    old = {"domains": now_snapshot["domains"], "items": dict(now_snapshot["items"])}
    codes = sorted(old["items"])
    # The 2025 edition lacked a few items and printed other time limits for some.
    for code in codes[5::97]:
        old["items"].pop(code, None)
    for code in codes[3::131]:
        changed = dict(old["items"][code])
        changed["time_limit_text"] = "信息形成之日起15个工作日内"
        changed["time_limit_days"] = 15
        old["items"][code] = changed
    old["items"]["legacy-0001"] = {
        **now_snapshot["items"][codes[0]],
        "code": "legacy-0001",
        "level2": "已并入其他事项的旧事项",
    }
    first = Edition.objects.create(
        number="2025",
        title="示范区基层政务公开标准目录（2025年版）",
        effective_on=datetime.date(2025, 1, 1),
        note="首次发布。",
        snapshot=old,
        changes=[],
    )
    Edition.objects.create(
        number="2026",
        title="示范区基层政务公开标准目录（2026年版）",
        effective_on=datetime.date(2026, 1, 1),
        note="根据各部门事项调整情况修订。",
        snapshot=now_snapshot,
        changes=services.compare_snapshots(first.snapshot, now_snapshot),
    )
