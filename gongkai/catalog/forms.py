"""Back-office forms of the catalogue."""

from __future__ import annotations

from django import forms

from gongkai.core.legal import DisclosureAttribute
from gongkai.orgs.models import Agency

from . import rows as R
from .excel import LAYOUTS
from .models import (
    Carrier,
    DisclosureForm,
    Domain,
    Item,
    Platform,
    TimeLimitKind,
    join_codes,
)


class ItemForm(forms.ModelForm):
    forms_ = forms.MultipleChoiceField(
        label="公开形式",
        choices=DisclosureForm.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "catalog-choices"}),
        required=False,
    )
    carriers = forms.MultipleChoiceField(
        label="公开载体",
        choices=Carrier.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "catalog-choices"}),
        required=False,
    )
    platforms = forms.ModelMultipleChoiceField(
        label="公开平台",
        queryset=Platform.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "catalog-choices"}),
        required=False,
    )
    citations_text = forms.CharField(
        label="公开依据",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="每行一条，格式：【类型】《名称》（文号）条款，例如【法律】《中华人民共和国社会保险法》（主席令第35号）第八十条",
    )

    class Meta:
        model = Item
        fields = [
            "domain",
            "order",
            "level1",
            "level2",
            "content",
            "agency",
            "subject",
            "attribute",
            "partial",
            "partial_note",
            "art20_item",
            "art21_item",
            "withholding_ground",
            "reason_note",
            "time_limit_kind",
            "time_limit_days",
            "time_limit_text",
            "carrier_other",
            "audience_public",
            "audience_specific",
            "mode_proactive",
            "mode_on_request",
            "level_county",
            "level_township",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "partial_note": forms.Textarea(attrs={"rows": 2}),
            "reason_note": forms.Textarea(attrs={"rows": 2}),
        }

    # The nine elements in their printed order, then the national columns.
    field_order = [
        "domain",
        "order",
        "level1",
        "level2",
        "content",
        "agency",
        "subject",
        "attribute",
        "partial",
        "partial_note",
        "art20_item",
        "art21_item",
        "withholding_ground",
        "reason_note",
        "citations_text",
        "forms_",
        "time_limit_kind",
        "time_limit_days",
        "time_limit_text",
        "platforms",
        "carriers",
        "carrier_other",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["agency"].queryset = Agency.objects.disclosing()
        if self.instance.pk:
            self.fields["forms_"].initial = self.instance.forms
            self.fields["carriers"].initial = self.instance.carriers
            self.fields["platforms"].initial = list(self.instance.platforms.all())
            self.fields["citations_text"].initial = "\n".join(
                c.printed() for c in self.instance.citations.all()
            )

    def clean_citations_text(self):
        try:
            return R.parse_citations(self.cleaned_data["citations_text"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        attribute = data.get("attribute")
        if (attribute == DisclosureAttribute.WITHHELD or data.get("partial")) and not data.get(
            "withholding_ground"
        ):
            self.add_error("withholding_ground", "不予公开或部分公开的事项须选择不予公开理由。")
        if data.get("time_limit_kind") == TimeLimitKind.WORKDAYS and not data.get(
            "time_limit_days"
        ):
            self.add_error("time_limit_days", "时限规则为工作日时须填写天数。")
        if not data.get("subject") and not data.get("agency"):
            self.add_error("agency", "公开主体和责任单位不能都为空。")
        if not (data.get("mode_proactive") or data.get("mode_on_request")):
            self.add_error("mode_proactive", "“主动”和“依申请”至少选择一项。")
        return data

    def apply(self) -> Item:
        item = self.instance
        item.form_codes = join_codes(self.cleaned_data["forms_"], DisclosureForm)
        item.carrier_codes = join_codes(self.cleaned_data["carriers"], Carrier)
        return item


class DomainForm(forms.ModelForm):
    agencies = forms.ModelMultipleChoiceField(
        label="责任单位",
        queryset=Agency.objects.disclosing(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
    )

    class Meta:
        model = Domain
        fields = ["name", "kind", "order", "not_applicable", "not_applicable_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["agencies"].initial = list(self.instance.agencies.all())

    def clean(self):
        data = super().clean()
        if data.get("not_applicable") and not (data.get("not_applicable_note") or "").strip():
            self.add_error("not_applicable_note", "标为未涉及的领域须填写未涉及领域事项说明。")
        return data


class ProposalForm(forms.Form):
    level1 = forms.CharField(label="一级事项", max_length=200)
    level2 = forms.CharField(label="二级事项", max_length=200, required=False)
    content = forms.CharField(
        label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    subject = forms.CharField(label="公开主体", max_length=200, required=False)
    time_limit_text = forms.CharField(label="公开时限", max_length=200, required=False)
    partial_note = forms.CharField(
        label="部分公开情况", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason_note = forms.CharField(
        label="公开理由说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label="修改理由", widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="处理意见", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ImportForm(forms.Form):
    layout = forms.ChoiceField(label="文件格式", choices=list(LAYOUTS.items()))
    file = forms.FileField(label="Excel 文件（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件。")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 20 MB。")
        return f


class EditionForm(forms.Form):
    number = forms.CharField(label="版本号", max_length=40, help_text="如 2027")
    title = forms.CharField(
        label="名称", max_length=200, help_text="如 示范区基层政务公开标准目录（2027年版）"
    )
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="版本说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
