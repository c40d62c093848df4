"""Letters of the procedure: rendered from district-editable templates, frozen when issued,
exported as DOCX (GB/T 9704-like layout) and as printable HTML.

Templates use Django template syntax. A `LetterTemplate` row with the same key replaces the
shipped default; the key ``remedy`` holds the remedy sentence included in every decision letter.
"""

from __future__ import annotations

import datetime
import io

from django.db import transaction
from django.template import Context, Engine

from gongkai.core.audit import record_event
from gongkai.core.legal import WITHHOLDING_GROUND_ARTICLE, WithholdingGround

from .models import RECEIPT_RULES, Application, EventKind, Letter, LetterKind, LetterTemplate

REMEDY_DEFAULT = (
    "如对本答复不服，可以在收到本答复之日起六十日内向{{ review_body }}申请行政复议，"
    "或者在六个月内向人民法院提起行政诉讼。"
)

#: key → (title, body). Body: one paragraph per line. Variables: see docs/applications.md.
DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    "receipt": (
        "政府信息公开申请登记回执",
        "{{ applicant_name }}：\n"
        "您（单位）于{{ submitted_on|date:'Y年n月j日' }}通过{{ channel }}提出的政府信息公开申请"
        "（申请编号：{{ tracking_number }}），本机关已于{{ received_on|date:'Y年n月j日' }}收到（{{ receipt_rule }}）。\n"
        "您申请公开的信息为：{{ info_title }}{% if info_document_number %}（{{ info_document_number }}）{% endif %}。\n"
        "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将于{{ due_on|date:'Y年n月j日' }}前作出答复。"
        "如需延长答复期限，本机关将另行告知。\n"
        "您可以凭申请编号和查询码在本网站“依申请公开”栏目查询办理进度。",
    ),
    "correction": (
        "政府信息公开申请补正告知书",
        "{{ applicant_name }}：\n"
        "本机关于{{ received_on|date:'Y年n月j日' }}收到您（单位）提出的政府信息公开申请（申请编号：{{ tracking_number }}）。"
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，现一次性告知您需要补正的事项如下：\n"
        "{{ items }}\n"
        "请您于{{ reply_by|date:'Y年n月j日' }}前补正。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "consultation": (
        "政府信息公开第三方意见征询函",
        "{{ party_name }}：\n"
        "本机关收到一件政府信息公开申请（申请编号：{{ tracking_number }}），申请公开的信息为：{{ info_title }}。"
        "本机关认为，公开该信息可能损害您（单位）的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
        "特书面征求您（单位）的意见。\n"
        "{% if matters %}征求意见的事项：{{ matters }}\n{% endif %}"
        "请于{{ reply_by|date:'Y年n月j日' }}前（自收到本函之日起15个工作日内）书面提出意见。"
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
        "第三方不同意公开且有合理理由的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
        "并将决定公开的政府信息内容和理由书面告知您（单位）。",
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        "{{ applicant_name }}：\n"
        "本机关于{{ received_on|date:'Y年n月j日' }}收到您（单位）提出的政府信息公开申请（申请编号：{{ tracking_number }}）。"
        "因{{ reason }}，本机关不能在规定期限内作出答复。\n"
        "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{{ days }}个工作日，本机关将于{{ due_on|date:'Y年n月j日' }}前作出答复。",
    ),
    "fee": (
        "政府信息公开信息处理费收费通知书",
        "{{ applicant_name }}：\n"
        "您（单位）提出的政府信息公开申请（申请编号：{{ tracking_number }}）"
        "{% if fee.schedule == 'per_item' %}为您本自然月内向本机关提出的第{{ fee.item_number }}件申请{% else %}所需提供的信息共{{ fee.pages }}页{% endif %}，"
        "超过了免费额度。\n"
        "依据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
        "按照{{ fee_schedule }}标准，应缴纳信息处理费人民币{{ fee.amount }}元。\n"
        "请您自收到本通知次日起20个工作日内（即{{ fee.pay_by|date:'Y年n月j日' }}前）缴纳。缴纳方式：{{ payment_method }}。"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "reply": (
        "政府信息公开申请答复书",
        "{{ applicant_name }}：\n"
        "本机关于{{ received_on|date:'Y年n月j日' }}收到您（单位）提出的政府信息公开申请（申请编号：{{ tracking_number }}），"
        "申请公开：{{ info_title }}{% if info_document_number %}（{{ info_document_number }}）{% endif %}。现答复如下：\n"
        "{{ decision }}\n"
        "{% if provided %}{{ provided }}\n{% endif %}"
        "{% if remedy %}{{ remedy }}{% endif %}",
    ),
    # 政府信息更正申请 (Art. 41), see corrections/letters.py: `decision` is the operative sentence.
    "correction_reply": (
        "政府信息更正申请告知书",
        "{{ applicant_name }}：\n"
        "本机关于{{ received_on|date:'Y年n月j日' }}收到您（单位）提出的政府信息更正申请（申请编号：{{ tracking_number }}），"
        "认为{{ info_label }}中与您（单位）自身相关的政府信息记录不准确，要求予以更正。现告知如下：\n"
        "{{ decision }}\n"
        "{% if remedy %}{{ remedy }}{% endif %}",
    ),
    "remedy": ("救济途径", REMEDY_DEFAULT),
}

KIND_FOR_KEY = {
    "receipt": LetterKind.RECEIPT,
    "correction": LetterKind.CORRECTION,
    "consultation": LetterKind.CONSULTATION,
    "extension": LetterKind.EXTENSION,
    "fee": LetterKind.FEE,
    "reply": LetterKind.REPLY,
}

#: The operative sentence of each reply type (Art. 36, 37, 38, 39, 35), with its legal basis.
DECISIONS = {
    "already_public": "您申请公开的政府信息已经主动公开。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，"
    "您可以通过以下方式、途径获取：{% if public_url %}{{ public_url }}{% endif %}"
    "{% if public_index_no %}（索引号：{{ public_index_no }}）{% endif %}。",
    "granted": "经审查，您申请公开的政府信息属于可以公开的范围。根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，"
    "本机关向您提供该政府信息。",
    "partial": "经审查，您申请公开的政府信息中含有不应当公开的内容，{{ ground_label }}，依据{{ ground_article }}不予公开。"
    "根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关对可以公开的部分予以提供。{{ reasons }}",
    "withheld": "经审查，您申请公开的政府信息{{ ground_label }}。根据{{ ground_article }}及第三十六条第（三）项的规定，"
    "本机关决定不予公开。{{ reasons }}",
    "not_found": "经检索，本机关没有您申请公开的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，"
    "告知您该政府信息不存在。",
    "not_ours": "您申请公开的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，"
    "特此告知。{% if competent_agency %}负责公开该政府信息的行政机关为：{{ competent_agency }}。{% endif %}{{ reasons }}",
    "repeated": "本机关已就您提出的相同政府信息公开申请作出答复。根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，"
    "对您的重复申请不予重复处理。",
    "special_law": "您申请的信息属于有关法律、行政法规对信息的获取有特别规定的情形。根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理。{{ reasons }}",
    "needs_creation": "您申请的信息需要本机关对现有政府信息进行加工、分析。根据《中华人民共和国政府信息公开条例》第三十八条的规定，"
    "本机关可以不予提供。",
    "still_unclear": "您补正后的申请内容仍不明确，本机关无法确定您申请公开的政府信息，无法提供。",
    "petition": "您以政府信息公开申请形式提出的是信访、投诉、举报等诉求。根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，"
    "本机关不作为政府信息公开申请处理。{{ reasons }}",
    "publication": "您申请获取的是公开出版物。根据《中华人民共和国政府信息公开条例》第三十九条第二款的规定，"
    "您可以通过以下途径获取：{{ reasons }}",
    "excessive": "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理。根据《中华人民共和国政府信息公开条例》"
    "第三十五条的规定，本机关不予处理。",
    "confirmation": "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    "other": "{{ reasons }}",
}

_engine = Engine(builtins=["django.template.defaultfilters", "django.template.defaulttags"])


def template_for(key: str) -> tuple[str, str]:
    stored = LetterTemplate.objects.filter(key=key).first()
    if stored is not None:
        return stored.title, stored.body
    return DEFAULT_TEMPLATES[key]


def render_text(source: str, context: dict) -> str:
    """Render a template to plain text (autoescape off: the output is text, escaped on display)."""
    return _engine.from_string(source).render(Context(context, autoescape=False))


def _context(application: Application, event, extra: dict) -> dict:
    from django.utils import timezone

    data = dict(event.data or {}) if event is not None else {}
    ground = data.get("ground", "")
    context = {
        "applicant_name": application.applicant_name,
        "tracking_number": application.tracking_number,
        "submitted_on": timezone.localtime(application.submitted_at).date(),
        "received_on": application.received_on,
        "due_on": application.due_on,
        "channel": application.get_channel_display(),
        "receipt_rule": RECEIPT_RULES.get(application.channel, ""),
        "info_title": application.info_title,
        "info_document_number": application.info_document_number,
        "agency_name": application.agency.name,
        "review_body": application.agency.parent.name
        if application.agency.parent_id
        else "上一级行政机关",
        "payment_method": "通过本机关指定的非税收入缴款渠道缴纳",
        "fee_schedule": "",
        **data,
    }
    if ground:
        context["ground_label"] = WithholdingGround(ground).label
        context["ground_article"] = WITHHOLDING_GROUND_ARTICLE[WithholdingGround(ground)]
    for key in ("reply_by", "delivered_on", "due_on"):
        if isinstance(context.get(key), str):
            context[key] = datetime.date.fromisoformat(context[key])
    context.update(extra)
    fee = context.get("fee")
    if fee is not None:
        context["fee_schedule"] = fee.get_schedule_display()
    if event is not None and event.kind == EventKind.REPLIED:
        reply_type = data.get("reply_type", "other")
        context["decision"] = render_text(DECISIONS.get(reply_type, "{{ reasons }}"), context)
        context["remedy"] = render_text(template_for("remedy")[1], context)
    return context


def next_document_number(application: Application, year: int) -> str:
    agency = application.agency
    count = Letter.objects.filter(application__agency=agency, issued_on__year=year).count()
    return f"{agency.display_short}信公〔{year}〕{count + 1}号"


@transaction.atomic
def issue_letter(
    application: Application,
    *,
    kind: str,
    actor,
    event=None,
    context: dict | None = None,
    on: datetime.date | None = None,
    audit: bool = True,
) -> Letter:
    """Render the letter `kind` and keep it with the application as issued."""
    if kind not in KIND_FOR_KEY:
        raise ValueError(kind)
    title, source = template_for(kind)
    issued_on = on or (event.on if event is not None else None)
    if issued_on is None:
        from django.utils import timezone

        issued_on = timezone.localdate()
    values = _context(application, event, context or {})
    body = render_text(source, values)
    recipient = values.get("party_name") if kind == "consultation" else application.applicant_name
    letter = Letter.objects.create(
        application=application,
        kind=KIND_FOR_KEY[kind],
        title=title,
        document_number=next_document_number(application, issued_on.year),
        issued_on=issued_on,
        recipient=(recipient or "")[:120],
        body=body,
        agency_name=application.agency.name,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if audit:
        record_event(
            actor=actor,
            action="application.letter",
            target=application,
            after={"letter": letter.pk, "kind": kind},
        )
    return letter


# --- output ----------------------------------------------------------------------------------------

CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(day: datetime.date) -> str:
    """成文日期 as GB/T 9704-2012 prints it now: Arabic numerals, e.g. 2026年2月3日."""
    return f"{day.year}年{day.month}月{day.day}日"


def to_docx(letter: Letter) -> bytes:
    """A DOCX laid out like an official letter: 文号, 小标宋 title, 仿宋 三号 body, agency and date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def run(paragraph, text, font="仿宋_GB2312", size=16, bold=False):
        r = paragraph.add_run(text)
        r.font.name = font
        r._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        r.font.size = Pt(size)
        r.bold = bold
        return r

    def para(align=None, indent=False):
        p = document.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        p.paragraph_format.space_after = Pt(0)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        return p

    run(para(WD_ALIGN_PARAGRAPH.CENTER), letter.document_number)
    para()
    run(para(WD_ALIGN_PARAGRAPH.CENTER), letter.title, font="方正小标宋简体", size=22)
    para()
    paragraphs = letter.paragraphs()
    for i, text in enumerate(paragraphs):
        run(para(indent=i > 0), text)
    para()
    run(para(WD_ALIGN_PARAGRAPH.RIGHT), letter.agency_name)
    run(para(WD_ALIGN_PARAGRAPH.RIGHT), chinese_date(letter.issued_on))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
