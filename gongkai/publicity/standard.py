"""The national data standard for 双公示 (发改办财金〔2018〕790号): value sets, column layouts and
identity-number checks.

Column names are reproduced verbatim (legal-rules §7.2, §7.3); they are the headers of every
import and export file. Value sets marked [U] in legal-rules are kept here in one place.
"""

from __future__ import annotations

import datetime
import re

from django.db import models

from gongkai.core.idcard import (  # noqa: F401  (re-exported for callers)
    id_card_birth_date,
    id_card_problem,
    id_check_digit,
    make_id_card,
)


class SubjectCategory(models.TextChoices):
    """行政相对人类别."""

    LEGAL_PERSON = "legal_person", "法人及非法人组织"
    NATURAL_PERSON = "natural_person", "自然人"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


#: 证件类型 / 法定代表人证件类型. "其他-…" (with the specific type after the hyphen) is also allowed.
ID_TYPES = [
    "身份证",
    "护照号",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
]
ID_CARD = "身份证"

#: 许可类别 (for 其他, the specific type follows: "其他-…").
LICENCE_CATEGORIES = ["普通", "特许", "认可", "核准", "登记", "其他"]

#: 处罚类别: the kinds of 行政处罚法 (2021) Art. 9, in statutory order; "其他-…" names another kind
#: provided by law or administrative regulation (Art. 9(六)).
PENALTY_CATEGORIES = [
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
]
#: Art. 9(一): the reputational penalties whose publicity is configurable on its own.
REPUTATIONAL_CATEGORIES = {"警告", "通报批评"}
CATEGORY_SEPARATORS = re.compile(r"[;；、,，]")


class LicenceStatus(models.TextChoices):
    """当前状态 as coded in the standard [U: 1=有效, 2=无效 is common practice]."""

    VALID = "1", "有效"
    INVALID = "2", "无效"


class CoercionKind(models.TextChoices):
    """行政强制 (行政强制法 Art. 2): measures and enforcement."""

    MEASURE = "measure", "行政强制措施"
    ENFORCEMENT = "enforcement", "行政强制执行"


# -- columns ---------------------------------------------------------------------------------------

#: (model field, column header) shared by both kinds, in the standard's order.
SUBJECT_COLUMNS = [
    ("subject_name", "行政相对人名称"),
    ("subject_category", "行政相对人类别"),
    ("code_uscc", "行政相对人代码_1（统一社会信用代码）"),
    ("code_business_reg", "行政相对人代码_2（工商注册号）"),
    ("code_org", "行政相对人代码_3（组织机构代码）"),
    ("code_tax", "行政相对人代码_4（税务登记号）"),
    ("code_institution", "行政相对人代码_5（事业单位证书号）"),
    ("code_social_org", "行政相对人代码_6（社会组织登记证号）"),
    ("legal_rep", "法定代表人"),
    ("legal_rep_id_type", "法定代表人证件类型"),
    ("legal_rep_id_number", "法定代表人证件号码"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
]

LICENCE_COLUMNS = [
    *SUBJECT_COLUMNS,
    ("document_name", "行政许可决定文书名称"),
    ("document_number", "行政许可决定文书号"),
    ("licence_category", "许可类别"),
    ("certificate_name", "许可证书名称"),
    ("licence_number", "许可编号"),
    ("content", "许可内容"),
    ("decided_on", "许可决定日期"),
    ("valid_from", "有效期自"),
    ("valid_to", "有效期至"),
    ("agency_name", "许可机关"),
    ("agency_uscc", "许可机关统一社会信用代码"),
    ("licence_status", "当前状态"),
    ("source_name", "数据来源单位"),
    ("source_uscc", "数据来源单位统一社会信用代码"),
    ("remarks", "备注"),
]

PENALTY_COLUMNS = [
    *SUBJECT_COLUMNS,
    ("decision_number", "行政处罚决定书文号"),
    ("violation_type", "违法行为类型"),
    ("facts", "违法事实"),
    ("basis", "处罚依据"),
    ("categories", "处罚类别"),
    ("content", "处罚内容"),
    ("fine", "罚款金额（万元）"),
    ("confiscation", "没收违法所得、没收非法财物的金额（万元）"),
    ("licence_affected", "暂扣或吊销证照名称及编号"),
    ("decided_on", "处罚决定日期"),
    ("penalty_valid_to", "处罚有效期"),
    ("publicity_end", "公示截止期"),
    ("agency_name", "处罚机关"),
    ("agency_uscc", "处罚机关统一社会信用代码"),
    ("source_name", "数据来源单位"),
    ("source_uscc", "数据来源单位统一社会信用代码"),
    ("remarks", "备注"),
]

COLUMNS = {"licence": LICENCE_COLUMNS, "penalty": PENALTY_COLUMNS}
KIND_LABELS = {"licence": "行政许可", "penalty": "行政处罚"}


def label_of(kind: str, field: str) -> str:
    return dict(COLUMNS[kind])[field]


# -- value checks ----------------------------------------------------------------------------------


def id_type_problem(value: str) -> str | None:
    if value in ID_TYPES or (value.startswith("其他-") and len(value) > 3):
        return None
    return "应为" + "、".join(ID_TYPES) + "之一，或“其他-具体证件类型”"


def age_on(id_number: str, day: datetime.date) -> int | None:
    """Age in whole years on `day` from an 18-digit 身份证号码, or None if it has no birth date."""
    born = id_card_birth_date(id_number) if len(id_number) == 18 else None
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def split_categories(value: str) -> list[str]:
    return [part.strip() for part in CATEGORY_SEPARATORS.split(value or "") if part.strip()]


def category_problem(value: str, allowed: list[str]) -> str | None:
    if value in allowed and value != "其他":
        return None
    if value.startswith("其他-") and len(value) > 3:
        return None
    return "应为" + "、".join(a for a in allowed if a != "其他") + "之一，或“其他-具体类别”"
