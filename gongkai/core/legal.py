"""Legal vocabularies shared by several apps, with labels exactly as the statutes print them.

Source: 《中华人民共和国政府信息公开条例》(国务院令第711号) and the annual report format of
国办公开办函〔2021〕30号 (see the product docs). Keep labels verbatim: the annual report, the
catalogue and the letters reproduce them.
"""

from __future__ import annotations

from django.db import models


class DisclosureAttribute(models.TextChoices):
    """公开属性, decided when a document is drafted (公文公开属性源头认定)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdingGround(models.TextChoices):
    """The eight grounds of annual-report table 三(三) (条例 Art. 14, 15, 16 and 36(七)).

    Used for 不予公开 and partial disclosure on records, catalogue items and replies.
    """

    STATE_SECRET = "state_secret", "属于国家秘密"
    PROHIBITED_BY_LAW = "prohibited_by_law", "其他法律行政法规禁止公开"
    THREE_SECURITIES = "three_securities", "危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "保护第三方合法权益"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息"
    PROCESS_INFO = "process_info", "属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷"
    ADMIN_QUERY = "admin_query", "属于行政查询事项"


#: The article each ground rests on, for letters and the catalogue's 公开理由.
WITHHOLDING_GROUND_ARTICLE = {
    WithholdingGround.STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条",
    WithholdingGround.PROHIBITED_BY_LAW: "《中华人民共和国政府信息公开条例》第十四条",
    WithholdingGround.THREE_SECURITIES: "《中华人民共和国政府信息公开条例》第十四条",
    WithholdingGround.THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条",
    WithholdingGround.INTERNAL_AFFAIRS: "《中华人民共和国政府信息公开条例》第十六条第一款",
    WithholdingGround.PROCESS_INFO: "《中华人民共和国政府信息公开条例》第十六条第二款",
    WithholdingGround.ENFORCEMENT_FILE: "《中华人民共和国政府信息公开条例》第十六条第二款",
    WithholdingGround.ADMIN_QUERY: "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
}


class Art20Item(models.IntegerChoices):
    """条例 Art. 20: the fifteen kinds of information every agency discloses proactively."""

    I1 = 1, "（一）行政法规、规章和规范性文件"
    I2 = 2, "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
    I3 = 3, "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"
    I4 = 4, "（四）国民经济和社会发展统计信息"
    I5 = 5, "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
    I6 = (
        6,
        "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    )
    I7 = 7, "（七）财政预算、决算信息"
    I8 = 8, "（八）行政事业性收费项目及其依据、标准"
    I9 = 9, "（九）政府集中采购项目的目录、标准及实施情况"
    I10 = 10, "（十）重大建设项目的批准和实施情况"
    I11 = 11, "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
    I12 = 12, "（十二）突发公共事件的应急预案、预警信息及应对情况"
    I13 = 13, "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
    I14 = 14, "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"
    I15 = 15, "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"


class ApplicantType(models.TextChoices):
    """The seven applicant columns of table 三 (总计 is computed)."""

    NATURAL_PERSON = "natural_person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


#: Leaf rows of table 三 "三、本年度办理结果", in printed order: (key, label path as printed).
#: The label path joins the printed labels with "/", as the report's JSON does.
RESULT_ROWS: list[tuple[str, str]] = [
    ("granted", "三、本年度办理结果/（一）予以公开"),
    ("partial", "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld.state_secret", "三、本年度办理结果/（三）不予公开/1.属于国家秘密"),
    ("withheld.prohibited_by_law", "三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开"),
    ("withheld.three_securities", "三、本年度办理结果/（三）不予公开/3.危及“三安全一稳定”"),
    ("withheld.third_party", "三、本年度办理结果/（三）不予公开/4.保护第三方合法权益"),
    ("withheld.internal_affairs", "三、本年度办理结果/（三）不予公开/5.属于三类内部事务信息"),
    ("withheld.process_info", "三、本年度办理结果/（三）不予公开/6.属于四类过程性信息"),
    ("withheld.enforcement_file", "三、本年度办理结果/（三）不予公开/7.属于行政执法案卷"),
    ("withheld.admin_query", "三、本年度办理结果/（三）不予公开/8.属于行政查询事项"),
    ("unable.not_held", "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "三、本年度办理结果/（四）无法提供/2.没有现成信息需要另行制作"),
    ("unable.still_unclear", "三、本年度办理结果/（四）无法提供/3.补正后申请内容仍不明确"),
    ("not_processed.petition", "三、本年度办理结果/（五）不予处理/1.信访举报投诉类申请"),
    ("not_processed.repeated", "三、本年度办理结果/（五）不予处理/2.重复申请"),
    ("not_processed.publication", "三、本年度办理结果/（五）不予处理/3.要求提供公开出版物"),
    ("not_processed.excessive", "三、本年度办理结果/（五）不予处理/4.无正当理由大量反复申请"),
    (
        "not_processed.confirmation",
        "三、本年度办理结果/（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        "other.no_correction",
        "三、本年度办理结果/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other.fee_unpaid",
        "三、本年度办理结果/（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other.other", "三、本年度办理结果/（六）其他处理/3.其他"),
]
RESULT_ROW_KEYS = [key for key, _ in RESULT_ROWS]


class ResultRow(models.TextChoices):
    """A table 三 leaf row, stored on each closed application (its outcome for the report)."""

    GRANTED = "granted", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD_STATE_SECRET = "withheld.state_secret", "不予公开：属于国家秘密"
    WITHHELD_PROHIBITED_BY_LAW = "withheld.prohibited_by_law", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_THREE_SECURITIES = "withheld.three_securities", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld.third_party", "不予公开：保护第三方合法权益"
    WITHHELD_INTERNAL_AFFAIRS = "withheld.internal_affairs", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS_INFO = "withheld.process_info", "不予公开：属于四类过程性信息"
    WITHHELD_ENFORCEMENT_FILE = "withheld.enforcement_file", "不予公开：属于行政执法案卷"
    WITHHELD_ADMIN_QUERY = "withheld.admin_query", "不予公开：属于行政查询事项"
    UNABLE_NOT_HELD = "unable.not_held", "无法提供：本机关不掌握相关政府信息"
    UNABLE_NEEDS_CREATION = "unable.needs_creation", "无法提供：没有现成信息需要另行制作"
    UNABLE_STILL_UNCLEAR = "unable.still_unclear", "无法提供：补正后申请内容仍不明确"
    NOT_PROCESSED_PETITION = "not_processed.petition", "不予处理：信访举报投诉类申请"
    NOT_PROCESSED_REPEATED = "not_processed.repeated", "不予处理：重复申请"
    NOT_PROCESSED_PUBLICATION = "not_processed.publication", "不予处理：要求提供公开出版物"
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive", "不予处理：无正当理由大量反复申请"
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed.confirmation",
        "不予处理：要求行政机关确认或重新出具已获取信息",
    )
    OTHER_NO_CORRECTION = "other.no_correction", "其他处理：逾期不补正"
    OTHER_FEE_UNPAID = "other.fee_unpaid", "其他处理：逾期未缴纳信息处理费"
    OTHER_OTHER = "other.other", "其他处理：其他"


assert [c.value for c in ResultRow] == RESULT_ROW_KEYS


class ReviewOutcome(models.TextChoices):
    """Results of 行政复议 and 行政诉讼 for table 四."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
