"""The 告知书 of a correction request: rendered from the district-editable template
``correction_reply`` (in `applications.letters.DEFAULT_TEMPLATES`) with the operative sentence of
the decision below, and the same remedy sentence (template ``remedy``) as the disclosure replies.
Frozen when issued; printed and exported as DOCX by the applications letter code."""

from __future__ import annotations

import datetime

from .. import letters as app_letters
from .models import CorrectionLetter, CorrectionRequest, CorrectionStatus, RefusalReason

TEMPLATE_KEY = "correction_reply"

_ART = "《中华人民共和国政府信息公开条例》第四十一条"

#: The operative sentence of each decision (Art. 41).
DECISIONS = {
    "corrected": "经审核，您（单位）提出的政府信息记录不准确的情况属实。根据" + _ART + "的规定，"
    "本机关已于{{ decided_on|date:'Y年n月j日' }}予以更正"
    "{% if record_index_no and record_index_no != info_index_no %}"
    "（涉及已公开的政府信息，索引号：{{ record_index_no }}）{% endif %}。"
    "更正情况：{{ corrected_content }}",
    "transferred": "经审查，您（单位）申请更正的政府信息不属于本机关职能范围。根据"
    + _ART
    + "的规定，"
    "本机关已于{{ decided_on|date:'Y年n月j日' }}将您（单位）的更正申请转送{{ competent_agency_name }}处理"
    "{% if competent_agency_contact %}（联系方式：{{ competent_agency_contact }}）{% endif %}，"
    "办理结果由该机关告知您（单位）。",
    "refused.evidence_insufficient": "经审核，您（单位）提供的证据不足以证明本机关提供的与您（单位）自身相关的"
    "政府信息记录不准确。根据" + _ART + "的规定，本机关决定不予更正。{{ refusal_text }}",
    "refused.not_about_applicant": "经审核，您（单位）申请更正的政府信息记录不属于与您（单位）自身相关的政府信息，"
    "不符合" + _ART + "规定的更正条件，本机关决定不予更正。{{ refusal_text }}",
    "refused.not_ours": "经审查，您（单位）申请更正的政府信息不属于本机关职能范围，本机关不予更正。根据"
    + _ART
    + "的规定，请您（单位）向有权更正的行政机关提出"
    "{% if competent_agency_name %}：{{ competent_agency_name }}{% endif %}。{{ refusal_text }}",
    "refused.other": "经审核，本机关决定不予更正，理由如下：{{ refusal_text }}",
}


def decision_key(request: CorrectionRequest) -> str:
    if request.status == CorrectionStatus.REFUSED:
        return f"refused.{request.refusal_reason or RefusalReason.OTHER}"
    return request.status


def context_for(request: CorrectionRequest) -> dict:
    agency = request.agency
    return {
        "applicant_name": request.applicant_name,
        "tracking_number": request.tracking_number,
        "received_on": request.received_on,
        "info_label": request.info_label(),
        "info_index_no": request.info_index_no,
        "inaccurate_content": request.inaccurate_content,
        "correct_content": request.correct_content,
        "agency_name": agency.name,
        "review_body": agency.parent.name if agency.parent_id else "上一级行政机关",
        "decided_on": request.closed_on,
        "corrected_content": request.corrected_content,
        "record_index_no": request.corrected_record.index_no if request.corrected_record else "",
        "competent_agency_name": request.competent_agency_name,
        "competent_agency_contact": request.competent_agency_contact,
        "refusal_reason": request.get_refusal_reason_display() if request.refusal_reason else "",
        "refusal_text": request.refusal_text,
    }


def render(request: CorrectionRequest) -> tuple[str, str]:
    """(title, body) of the 告知书 for the request's decision."""
    context = context_for(request)
    context["decision"] = app_letters.render_text(DECISIONS[decision_key(request)], context)
    context["remedy"] = app_letters.render_text(app_letters.template_for("remedy")[1], context)
    title, source = app_letters.template_for(TEMPLATE_KEY)
    return title, app_letters.render_text(source, context)


def next_document_number(request: CorrectionRequest, year: int) -> str:
    agency = request.agency
    count = CorrectionLetter.objects.filter(request__agency=agency, issued_on__year=year).count()
    return f"{agency.display_short}信更〔{year}〕{count + 1}号"


def issue_letter(request: CorrectionRequest, *, actor, on: datetime.date) -> CorrectionLetter:
    """Render and keep the 告知书 (called inside the decision's transaction; the decision's
    audit event covers it)."""
    title, body = render(request)
    return CorrectionLetter.objects.create(
        request=request,
        title=title,
        document_number=next_document_number(request, on.year),
        issued_on=on,
        recipient=request.applicant_name[:120],
        body=body,
        agency_name=request.agency.name,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
