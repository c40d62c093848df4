"""Back-office forms. The record form carries the standard's columns under their Chinese names;
validation is the import's own (`importing.RowParser`), so both entries obey the same rules."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from gongkai.orgs.models import Agency

from . import standard
from .importing import DATE_FIELDS, DECIMAL_FIELDS
from .masking import plain_amount
from .models import Coercion, Policy

TEXTAREAS = {"facts", "content", "basis", "remarks"}


class DateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (the zh-hans default 2026/03/02 shows empty)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


AGENCY_FIELDS = {"agency_name", "agency_uscc", "source_name", "source_uscc"}


class RecordForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label="决定机关", empty_label=None)
    source_agency = forms.ModelChoiceField(
        queryset=None, label="数据来源单位", required=False, empty_label="同决定机关"
    )

    def __init__(self, kind: str, agencies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["agency"].queryset = agencies
        self.fields["source_agency"].queryset = agencies
        for name, label in standard.COLUMNS[kind]:
            if name in AGENCY_FIELDS:
                continue
            if name == "subject_category":
                field = forms.ChoiceField(
                    label=label, choices=[("", "—")] + standard.SubjectCategory.choices
                )
            elif name == "licence_category":
                field = forms.CharField(
                    label=label, help_text="普通、特许、认可、核准、登记，或“其他-具体类别”"
                )
            elif name == "licence_status":
                field = forms.ChoiceField(label=label, choices=standard.LicenceStatus.choices)
            elif name == "categories":
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=[(c, c) for c in standard.PENALTY_CATEGORIES if c != "其他"],
                    widget=forms.CheckboxSelectMultiple,
                    help_text="行政处罚法第九条规定的种类，可多选。",
                )
            elif name in DATE_FIELDS:
                field = forms.DateField(label=label, required=False, widget=DateInput())
                if name == "publicity_end":
                    field.help_text = "不填则按双公示规则自动计算。"
            elif name in DECIMAL_FIELDS:
                field = forms.DecimalField(
                    label=label, required=False, min_value=0, decimal_places=6
                )
            elif name in TEXTAREAS:
                field = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
            else:
                field = forms.CharField(label=label, required=False)
                if name in ("id_type", "legal_rep_id_type"):
                    field.help_text = "、".join(standard.ID_TYPES) + "，或“其他-具体证件类型”"
            field.required = False
            self.fields[name] = field

    def row(self) -> dict:
        data = dict(self.cleaned_data)
        agency = data.pop("agency")
        source = data.pop("source_agency") or agency
        data["agency_name"], data["agency_uscc"] = agency.name, agency.uscc
        data["source_name"], data["source_uscc"] = source.name, source.uscc
        if self.kind == "penalty":
            data["categories"] = "；".join(data.get("categories") or [])
        return data

    def add_problems(self, problems: dict) -> None:
        for name, messages in problems.items():
            target = name if name in self.fields else ("agency" if name in AGENCY_FIELDS else None)
            for message in messages if isinstance(messages, list) else [messages]:
                self.add_error(target, message)


class CorrectionForm(RecordForm):
    """更正: the entry form filled with the stored (unmasked) values, plus a mandatory reason.

    The deciding agency is fixed; the values are validated by the service like an import row.
    """

    reason = forms.CharField(
        label="更正原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="记入审计日志，不公开。公开页面只显示“已更正（日期）”。",
    )

    def __init__(self, record, agencies, *args, **kwargs):
        self.record = record
        kwargs.setdefault("initial", self.initial_values(record))
        super().__init__(record.kind, agencies, *args, **kwargs)
        self.fields["reason"] = self.fields.pop("reason")  # last, next to the save button
        self.fields["agency"].queryset = Agency.objects.filter(pk=record.agency_id)
        self.fields["agency"].help_text = "更正不能改变决定机关。"
        # The current source may be an agency where the user holds no role (set by an import).
        self.fields["source_agency"].queryset = Agency.objects.filter(
            Q(pk__in=agencies.values("pk")) | Q(pk=record.source_agency_id)
        )

    @staticmethod
    def initial_values(record) -> dict:
        values = {name: getattr(record, name) for name, _ in standard.COLUMNS[record.kind]}
        for name in DECIMAL_FIELDS & set(values):
            values[name] = plain_amount(values[name])
        if record.kind == "penalty":
            values["categories"] = record.category_list
        values["agency"] = record.agency_id
        if record.source_agency_id != record.agency_id:
            values["source_agency"] = record.source_agency_id
        return values

    def row(self) -> dict:
        data = super().row()
        data.pop("reason", None)
        # Keep the names as stored while they still designate the same agency (an import may
        # have used the short name), so that an untouched field is not a change.
        for prefix, agency in (
            ("agency", self.record.agency),
            ("source", self.record.source_agency),
        ):
            stored = getattr(self.record, f"{prefix}_name")
            if data[f"{prefix}_uscc"] == agency.uscc and stored in (agency.name, agency.short_name):
                data[f"{prefix}_name"] = stored
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=list(standard.KIND_LABELS.items()))
    file = forms.FileField(
        label="文件", help_text="Excel（.xlsx）或 CSV（UTF-8），第 1 行为标准字段名。"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("只支持 .xlsx 或 .csv 文件。")
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 50 MB。")
        return upload


class RepairForm(forms.Form):
    decision = forms.CharField(
        label="信用修复决定",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="填写信用修复决定的文号、日期和内容。",
    )


class WithdrawForm(forms.Form):
    changed_on = forms.DateField(label="决定变更、撤销或确认违法、无效之日", widget=DateInput())
    reason = forms.CharField(
        label="撤回原因（将向社会公开）", widget=forms.Textarea(attrs={"rows": 3})
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = [
            "id_keep_start",
            "id_keep_end",
            "mask_person_name",
            "min_months",
            "max_months",
            "special_min_months",
            "special_keywords",
            "publish_reputational",
            "reputational_months",
        ]


class CoercionForm(forms.ModelForm):
    class Meta:
        model = Coercion
        fields = [
            "agency",
            "kind",
            "decision_number",
            "subject_name",
            "subject_category",
            "content",
            "basis",
            "decided_on",
        ]
        widgets = {"decided_on": DateInput()}
