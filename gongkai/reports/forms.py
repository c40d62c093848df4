"""Forms of the back office: create a report, edit its narrative sections, enter figures."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.orgs.models import Agency

from .models import AnnualReport, ReportFormat


def _default_year() -> int:
    return timezone.localdate().year - 1


class CreateReportForm(forms.Form):
    agency = forms.ModelChoiceField(label="公开主体", queryset=Agency.objects.none())
    year = forms.IntegerField(
        label="报告年度", min_value=2019, max_value=2100, initial=_default_year
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()


class HistoricalReportForm(CreateReportForm):
    format = forms.ChoiceField(label="报告格式", choices=ReportFormat.choices, initial="2019")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = 2020


class SectionsForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["overview", "problems", "other_matters", "correction_note"]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 14}),
            "problems": forms.Textarea(attrs={"rows": 8}),
            "other_matters": forms.Textarea(attrs={"rows": 6}),
            "correction_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "other_matters": "本年度收取信息处理费的情况由系统根据缴费记录自动列在本节开头。",
            "correction_note": "仅更正版本需要填写，发布后随报告公开。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.previous_id:
            del self.fields["correction_note"]


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label="更正说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
