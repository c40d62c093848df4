"""Forms of the public application page and of the staff case page."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from gongkai.core.idcard import id_card_problem
from gongkai.core.legal import ApplicantType, ReviewOutcome, WithholdingGround
from gongkai.orgs.models import Agency

from . import antispam
from .models import (
    Channel,
    Delivery,
    FeeSchedule,
    IdType,
    InfoForm,
    LetterKind,
    ReplyType,
    ReviewKind,
)
from .services import CONSULTATION_OUTCOMES, CONSULTATION_PARTIES

PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")
DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class ApplicantFieldsForm(forms.Form):
    """Art. 29(一): who applies (also used by the correction request form)."""

    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    contact_person = forms.CharField(
        label="联系人（法人或其他组织填写）", max_length=50, required=False
    )
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通讯地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为6位数字。"},
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise forms.ValidationError("联系电话格式不正确。")
        return phone

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if self.cleaned_data.get("id_type") == IdType.RESIDENT_ID:
            if not re.fullmatch(r"\d{17}[\dX]", value):
                raise forms.ValidationError("居民身份证号码应为18位。")
            problem = id_card_problem(value)  # birth date and check digit (GB 11643)
            if problem:
                raise forms.ValidationError(problem + "。")
        return value

    def applicant(self) -> dict:
        names = [
            "applicant_type",
            "applicant_name",
            "contact_person",
            "id_type",
            "id_number",
            "phone",
            "email",
            "address",
            "postcode",
        ]
        return {n: self.cleaned_data.get(n) or "" for n in names}


class ApplicantForm(ApplicantFieldsForm):
    """Art. 29: who applies and what they seek. No purpose field: the 2019 Regulations require
    none."""

    info_title = forms.CharField(label="所需信息的名称", max_length=300)
    info_document_number = forms.CharField(label="文号", max_length=100, required=False)
    info_description = forms.CharField(
        label="所需信息的特征性描述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="便于行政机关查询的其他特征性描述，例如制作时间、涉及事项。",
    )
    extra_items = forms.CharField(
        label="同时申请的其他信息（可选）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项。按“一事一申请”，每一项将登记为一件单独的申请，各有申请编号。",
    )
    info_form = forms.ChoiceField(label="信息的指定提供载体形式", choices=InfoForm.choices)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件获取信息时，请填写电子邮箱。")
        if data.get("delivery") == Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄获取信息时，请填写通讯地址。")
        return data

    def request_info(self) -> dict:
        names = ["info_title", "info_document_number", "info_description", "info_form", "delivery"]
        return {n: self.cleaned_data.get(n) or "" for n in names}

    def extra_titles(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("extra_items", "").splitlines()
            if line.strip()
        ]


class PublicApplicationForm(ApplicantForm):
    agency = forms.ModelChoiceField(
        label="受理机关", queryset=Agency.objects.disclosing(), empty_label="请选择受理机关"
    )
    # Honeypot: hidden by CSS; people leave it empty, form-filling robots do not.
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    challenge = forms.CharField(label="验证问题", max_length=10)
    challenge_token = forms.CharField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label="我确认所填信息真实，并同意行政机关为办理本申请使用上述个人信息。", required=True
    )

    field_order = ["agency"]

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("提交失败，请刷新页面后重试。")
        token, answer = data.get("challenge_token"), data.get("challenge")
        if token and answer is not None and not antispam.check_challenge(token, answer):
            self.add_error("challenge", "验证问题回答错误或已过期，请重新计算新的题目。")
        return data


class TrackForm(forms.Form):
    tracking_number = forms.CharField(label="申请编号", max_length=32)
    query_code = forms.CharField(label="查询码", max_length=16, widget=forms.PasswordInput)


class RegisterForm(ApplicantForm):
    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.none())
    channel = forms.ChoiceField(
        label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    submitted_on = forms.DateField(label="提交/签收日期", **DATE)
    received_on = forms.DateField(
        label="与申请人确认日期（平常信函、传真）",
        required=False,
        help_text="平常信函和传真以双方确认之日为收到申请之日；尚未确认的留空，确认后在案件页登记。",
        **DATE,
    )

    field_order = ["agency", "channel", "submitted_on", "received_on"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["submitted_on"].initial = timezone.localdate()


class DateForm(forms.Form):
    on = forms.DateField(label="日期", **DATE)


class ConfirmForm(forms.Form):
    received_on = forms.DateField(label="双方确认日期（收到申请之日）", **DATE)


class CorrectionForm(forms.Form):
    on = forms.DateField(label="补正告知日期", **DATE)
    reply_by = forms.DateField(label="补正期限", **DATE)
    items = forms.CharField(
        label="需要补正的事项（一次性告知）", widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsultationForm(forms.Form):
    party = forms.ChoiceField(label="征求意见对象", choices=list(CONSULTATION_PARTIES.items()))
    party_name = forms.CharField(label="对象名称", max_length=100)
    on = forms.DateField(label="发函日期", **DATE)
    delivered_on = forms.DateField(label="送达日期（可选）", required=False, **DATE)
    matters = forms.CharField(
        label="征求意见事项", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationAnswerForm(forms.Form):
    consultation_id = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="收到答复日期", **DATE)
    outcome = forms.ChoiceField(label="意见", choices=list(CONSULTATION_OUTCOMES.items()))
    note = forms.CharField(label="说明", required=False)


class ExtensionForm(forms.Form):
    on = forms.DateField(label="负责人同意日期", **DATE)
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=300)


class DelayForm(forms.Form):
    on = forms.DateField(label="决定日期", **DATE)
    due_on = forms.DateField(label="延迟答复期限", **DATE)
    reason = forms.CharField(label="理由", max_length=300)


class FeeForm(forms.Form):
    schedule = forms.ChoiceField(label="计收方式（只能选择一种）", choices=FeeSchedule.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    on = forms.DateField(label="通知日期", **DATE)
    notice_received_on = forms.DateField(label="申请人收到通知日期", **DATE)


class ReplyForm(forms.Form):
    on = forms.DateField(label="答复日期", **DATE)
    reply_type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices)
    ground = forms.ChoiceField(
        label="不予公开的理由（不予公开、部分公开必填）",
        choices=[("", "——")] + list(WithholdingGround.choices),
        required=False,
    )
    reasons = forms.CharField(
        label="理由说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    provided = forms.CharField(
        label="提供的信息", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    public_index_no = forms.CharField(label="已公开信息索引号", required=False, max_length=60)
    public_url = forms.CharField(label="已公开信息网址", required=False, max_length=300)
    competent_agency = forms.CharField(
        label="负责公开的机关及联系方式", required=False, max_length=200
    )


class ReviewCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReviewKind.choices)
    filed_on = forms.DateField(label="申请/起诉日期", **DATE)
    case_number = forms.CharField(label="案号", required=False, max_length=100)
    body = forms.CharField(label="复议机关/受理法院", required=False, max_length=100)


class ReviewResultForm(forms.Form):
    case_id = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="结果", choices=ReviewOutcome.choices)
    concluded_on = forms.DateField(label="审结日期", required=False, **DATE)


class DocketForm(forms.Form):
    publish = forms.BooleanField(label="在依申请公开目录中公布", required=False)
    title = forms.CharField(
        label="公布标题（由工作人员拟写，不得含个人信息）",
        required=False,
        max_length=200,
        help_text="公开的是这个标题，而不是申请人填写的信息名称。",
    )
    summary = forms.CharField(
        label="公布摘要（不得含个人信息）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProactiveForm(forms.Form):
    index_no = forms.CharField(label="主动公开后的索引号", required=False, max_length=60)
    url = forms.CharField(label="主动公开后的网址", required=False, max_length=300)


class SplitForm(forms.Form):
    titles = forms.CharField(
        label="拆分出的信息（每行一项）", widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    on = forms.DateField(label="日期", **DATE)
    note = forms.CharField(label="办理记录", widget=forms.Textarea(attrs={"rows": 2}))


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label="文书标题", max_length=100)
    body = forms.CharField(
        label="正文模板（每行一段，Django 模板语法）", widget=forms.Textarea(attrs={"rows": 14})
    )

    def clean_body(self):
        from django.template import TemplateSyntaxError

        from .letters import _engine

        body = self.cleaned_data["body"]
        try:
            _engine.from_string(body)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(f"模板语法错误：{exc}") from exc
        return body


class IssueLetterForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=LetterKind.choices)
