"""Open API of 双公示: /api/v1/licences and /api/v1/penalties (public rows only, masked)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .masking import public_row
from .models import Licence, Penalty, Policy

router = Router(tags=["双公示"])


class SubjectOut(Schema):
    id: int
    url: str
    subject_name: str = Field(description="行政相对人名称")
    subject_category: str = Field(description="行政相对人类别")
    code_uscc: str = Field(description="行政相对人代码_1（统一社会信用代码）")
    code_business_reg: str = Field(description="行政相对人代码_2（工商注册号）")
    code_org: str = Field(description="行政相对人代码_3（组织机构代码）")
    code_tax: str = Field(description="行政相对人代码_4（税务登记号）")
    code_institution: str = Field(description="行政相对人代码_5（事业单位证书号）")
    code_social_org: str = Field(description="行政相对人代码_6（社会组织登记证号）")
    legal_rep: str = Field(description="法定代表人")
    legal_rep_id_type: str = Field(description="法定代表人证件类型")
    legal_rep_id_number: str = Field(description="法定代表人证件号码（已去标识化）")
    id_type: str = Field(description="证件类型")
    id_number: str = Field(description="证件号码（已去标识化）")
    agency: str = Field(description="决定机关代码")
    agency_name: str
    agency_uscc: str
    source_name: str = Field(description="数据来源单位")
    source_uscc: str = Field(description="数据来源单位统一社会信用代码")
    remarks: str = Field(description="备注")
    corrected_on: datetime.date | None = Field(
        description="更正日期：公示后最近一次更正的日期，未更正的为 null"
    )


class LicenceOut(SubjectOut):
    document_name: str = Field(description="行政许可决定文书名称")
    document_number: str = Field(description="行政许可决定文书号")
    licence_category: str = Field(description="许可类别")
    certificate_name: str = Field(description="许可证书名称")
    licence_number: str = Field(description="许可编号")
    content: str = Field(description="许可内容")
    decided_on: datetime.date = Field(description="许可决定日期")
    valid_from: datetime.date = Field(description="有效期自")
    valid_to: datetime.date | None = Field(description="有效期至")
    licence_status: str = Field(description="当前状态：1 有效，2 无效")


class PenaltyOut(SubjectOut):
    decision_number: str = Field(description="行政处罚决定书文号")
    violation_type: str = Field(description="违法行为类型")
    facts: str = Field(description="违法事实")
    basis: str = Field(description="处罚依据")
    categories: list[str] = Field(description="处罚类别")
    content: str = Field(description="处罚内容")
    fine: Decimal | None = Field(description="罚款金额（万元）")
    confiscation: Decimal | None = Field(description="没收违法所得、没收非法财物的金额（万元）")
    licence_affected: str = Field(description="暂扣或吊销证照名称及编号")
    decided_on: datetime.date = Field(description="处罚决定日期")
    penalty_valid_to: datetime.date | None = Field(description="处罚有效期")
    publicity_end: datetime.date = Field(description="公示截止期")


def _out(obj, policy) -> dict:
    row = public_row(obj, policy)
    row.update(
        id=obj.pk,
        url=obj.get_absolute_url(),
        agency=obj.agency.code,
        subject_category=obj.get_subject_category_display(),
        corrected_on=obj.corrected_on,
    )
    if obj.kind == "penalty":
        row["categories"] = obj.category_list

    return row


def _listing(model, q, agency, year):
    policy = Policy.current()
    # Matches only the public (masked) values, as the public pages do.
    qs = model.objects.public().select_related("agency").public_search(q or "", policy)
    if agency:
        qs = qs.filter(agency__code=agency)
    if year:
        qs = qs.decided_in(year)
    return _Mapped(qs, lambda obj: _out(obj, policy))


class _Mapped:
    """A lazily sliced queryset whose items are mapped to output dicts (for pagination)."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [self.fn(obj) for obj in self.qs[key]]


@router.get("/licences", response=list[LicenceOut], summary="行政许可公示信息")
@paginate(LimitOffsetPagination)
def list_licences(request, q: str = "", agency: str = "", year: int | None = None):
    """按名称、统一社会信用代码或文书号查询（`q`），可按决定机关代码、决定年份筛选。"""
    return _listing(Licence, q, agency, year)


@router.get("/licences/{licence_id}", response=LicenceOut, summary="一条行政许可公示信息")
def get_licence(request, licence_id: int):
    obj = get_object_or_404(Licence.objects.public().select_related("agency"), pk=licence_id)
    return _out(obj, Policy.current())


@router.get("/penalties", response=list[PenaltyOut], summary="行政处罚公示信息")
@paginate(LimitOffsetPagination)
def list_penalties(request, q: str = "", agency: str = "", year: int | None = None):
    """只返回公示期内的行政处罚；按名称、统一社会信用代码或决定书文号查询。"""
    return _listing(Penalty, q, agency, year)


@router.get("/penalties/{penalty_id}", response=PenaltyOut, summary="一条行政处罚公示信息")
def get_penalty(request, penalty_id: int):
    obj = get_object_or_404(Penalty.objects.public().select_related("agency"), pk=penalty_id)
    return _out(obj, Policy.current())
