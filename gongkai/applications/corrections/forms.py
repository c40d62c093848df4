"""Forms of 政府信息更正申请: the public form, staff registration and the case actions.

Every message names its field in Chinese ("请填写“不准确的内容”。"), also the "required" ones
that Django would otherwise word without the field's name.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.orgs.models import Agency

from .. import antispam
from ..forms import DATE, ApplicantFieldsForm
from ..models import Delivery
from . import evidence
from .models import LETTER_DELIVERY, PAPER_CHANNELS, RefusalReason


def _short(label: str) -> str:
    return str(label or "").split("（")[0]


class NamedErrorsMixin:
    """Gives each field "required"/"invalid" messages that name the field."""

    def name_errors(self) -> None:
        for name, field in self.fields.items():
            label = _short(field.label or name)
            messages = dict(field.error_messages)
            if isinstance(field, forms.BooleanField):
                messages["required"] = f"请勾选“{label[:20]}”。"
            elif isinstance(field, forms.FileField):
                messages["required"] = f"请选择“{label}”文件。"
            elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                messages["required"] = f"请选择“{label}”。"
                messages["invalid_choice"] = f"“{label}”的选项无效，请重新选择。"
            else:
                messages["required"] = f"请填写“{label}”。"
            if isinstance(field, forms.DateField):
                messages["invalid"] = f"“{label}”不是有效的日期（格式：2026-03-01）。"
            if isinstance(field, forms.CharField) and field.max_length:
                messages["max_length"] = f"“{label}”最多{field.max_length}个字。"
            field.error_messages = messages

    def error_summary(self) -> list[str]:
        """ "label：message" for every error (non-field errors as they are)."""
        lines = []
        for name, errors in self.errors.items():
            label = _short(self.fields[name].label) if name in self.fields else ""
            for error in errors:
                lines.append(f"{label}：{error}" if label else error)
        return lines

    def field_error_summary(self) -> list[str]:
        """ "label：message" for the field errors, for the alarm box at the top of a form."""
        return [
            f"{_short(self.fields[name].label)}：{error}"
            for name, errors in self.errors.items()
            if name in self.fields
            for error in errors
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files, each checked by content (PDF, JPEG, PNG) and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        single = super().clean
        files = [single(item, initial) for item in items if item]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        try:
            evidence.check_uploads(files)
        except evidence.EvidenceError as exc:
            raise forms.ValidationError(str(exc), code="evidence") from exc
        return files


def _evidence_help() -> str:
    return (
        f"PDF 文件或 JPG、PNG 图片，最多 {evidence.max_files()} 个，每个不超过 "
        f"{evidence.max_bytes() // 1024 // 1024} MB。纸质证据材料也可以邮寄或当面提交。"
    )


class CorrectionFieldsForm(NamedErrorsMixin, ApplicantFieldsForm):
    """The applicant, the information concerned, what is wrong, what it should say."""

    info_index_no = forms.CharField(label="索引号", max_length=60, required=False)
    info_document_number = forms.CharField(label="文号", max_length=100, required=False)
    info_title = forms.CharField(label="政府信息名称", max_length=300, required=False)
    info_description = forms.CharField(
        label="政府信息的特征性描述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="没有索引号、文号的，请写明信息的名称、制作或提供机关、时间、办理事项等，"
        "例如“2025年3月办理最低生活保障时出具的家庭收入核对结果”。",
    )
    inaccurate_content = forms.CharField(
        label="不准确的内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明记录中哪些与您（单位）自身相关的内容不准确，例如姓名、证件号码、日期、金额。",
    )
    correct_content = forms.CharField(
        label="要求更正为",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明正确的内容。",
    )
    delivery = forms.ChoiceField(label="告知书送达方式", choices=LETTER_DELIVERY)
    evidence = EvidenceField(label="证据材料", required=False)

    INFO_NAMES = [
        "info_index_no",
        "info_document_number",
        "info_title",
        "info_description",
        "inaccurate_content",
        "correct_content",
        "delivery",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _evidence_help()
        self.name_errors()

    def clean(self):
        data = super().clean()
        if not any(
            (data.get(n) or "").strip()
            for n in ("info_index_no", "info_document_number", "info_title", "info_description")
        ):
            self.add_error(
                "info_title",
                "请至少填写所涉政府信息的索引号、文号、名称或特征性描述中的一项。",
            )
        if data.get("delivery") == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件送达告知书时，请填写“电子邮箱”。")
        if data.get("delivery") == Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄送达告知书时，请填写“通讯地址”。")
        return data

    def info(self) -> dict:
        return {n: self.cleaned_data.get(n) or "" for n in self.INFO_NAMES}

    def evidence_files(self) -> list:
        return self.cleaned_data.get("evidence") or []


class PublicCorrectionForm(CorrectionFieldsForm):
    agency = forms.ModelChoiceField(
        label="受理机关（提供该政府信息的行政机关）",
        queryset=Agency.objects.disclosing(),
        empty_label="请选择受理机关",
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
        label="我确认所填信息和证据材料真实，并同意行政机关为办理本申请使用上述个人信息。",
    )

    field_order = ["agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].error_messages["required"] = "请勾选“确认声明”。"
        self.fields["challenge"].error_messages["required"] = "请回答“验证问题”。"

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("提交失败，请刷新页面后重试。")
        token, answer = data.get("challenge_token"), data.get("challenge")
        if token and answer is not None and not antispam.check_challenge(token, answer):
            self.add_error("challenge", "验证问题回答错误或已过期，请重新计算新的题目。")
        return data


class CorrectionTrackForm(NamedErrorsMixin, forms.Form):
    tracking_number = forms.CharField(label="申请编号", max_length=32)
    query_code = forms.CharField(label="查询码", max_length=16, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_errors()


class RegisterCorrectionForm(CorrectionFieldsForm):
    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.none())
    channel = forms.ChoiceField(label="申请渠道", choices=PAPER_CHANNELS)
    submitted_on = forms.DateField(label="提交日期", **DATE)
    received_on = forms.DateField(
        label="收到申请日期",
        help_text="当面提交、口头提出为提交当日；邮寄为签收之日；传真为与申请人确认之日。答复期限从该日起算。",
        **DATE,
    )

    field_order = ["agency", "channel", "submitted_on", "received_on"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["evidence"].help_text = "扫描的证据材料（可选）。" + _evidence_help()


class _ActionForm(NamedErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_errors()


class ConfirmReceiptForm(_ActionForm):
    received_on = forms.DateField(label="收到申请日期", **DATE)


class GrantForm(_ActionForm):
    on = forms.DateField(label="更正日期", **DATE)
    corrected_content = forms.CharField(
        label="更正情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明更正了哪条记录的哪些内容，将写入告知书。",
    )
    record_index_no = forms.CharField(
        label="已公开政府信息的索引号（如更正的是已公开的政府信息）",
        max_length=60,
        required=False,
        help_text="填写后与该信息关联。本系统不会自动修改该信息：请在“政府信息”中按更正程序修改并公开更正说明。",
    )


class TransferForm(_ActionForm):
    on = forms.DateField(label="转送日期", **DATE)
    to_agency = forms.ModelChoiceField(
        label="有权更正的行政机关（本平台内）",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="——不在本平台的，请在下一栏填写——",
        help_text="选择本平台内的机关后，更正申请（连同证据材料）将出现在该机关的更正申请列表中。",
    )
    agency_name = forms.CharField(
        label="有权更正的行政机关（其他）", max_length=100, required=False
    )
    contact = forms.CharField(label="有权机关联系方式", max_length=200, required=False)
    note = forms.CharField(
        label="转送说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, exclude_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Agency.objects.disclosing().order_by("order", "id")
        if exclude_agency is not None:
            qs = qs.exclude(pk=exclude_agency.pk)
        self.fields["to_agency"].queryset = qs


class RefuseForm(_ActionForm):
    on = forms.DateField(label="决定日期", **DATE)
    reason = forms.ChoiceField(
        label="不予更正的理由", choices=[("", "——请选择——"), *RefusalReason.choices]
    )
    text = forms.CharField(
        label="理由说明（选择“其他理由”时必填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competent_agency = forms.CharField(
        label="有权更正的行政机关（不属于本机关职能范围时填写）", max_length=100, required=False
    )


class WithdrawForm(_ActionForm):
    on = forms.DateField(label="撤回日期", **DATE)
    note = forms.CharField(label="说明", required=False, max_length=300)


class EvidenceForm(_ActionForm):
    evidence = EvidenceField(label="证据材料")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _evidence_help()


class CorrectionNoteForm(_ActionForm):
    on = forms.DateField(label="日期", **DATE)
    note = forms.CharField(label="办理记录", widget=forms.Textarea(attrs={"rows": 2}))
