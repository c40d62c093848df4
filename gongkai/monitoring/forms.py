"""Back-office forms of monitoring. Validation of values lives in the models and services; these
forms only carry the fields and their Chinese labels."""

from __future__ import annotations

from django import forms

from .models import (
    Deduction,
    FreshnessRule,
    HitStatus,
    MonitoringSettings,
    ProbeTarget,
    WatchWord,
)
from .services import CHECKS


class RuleForm(forms.ModelForm):
    class Meta:
        model = FreshnessRule
        fields = ["period", "unit"]


class ColumnForm(forms.Form):
    key = forms.SlugField(widget=forms.HiddenInput)
    rule = forms.ModelChoiceField(
        queryset=FreshnessRule.objects.filter(scope=FreshnessRule.Scope.COLUMN),
        label="更新周期类别",
        empty_label=None,
    )


class DeductionForm(forms.ModelForm):
    class Meta:
        model = Deduction
        fields = ["points", "cap"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = [
            "pass_mark",
            "probe_interval_minutes",
            "check_external_links",
            "link_timeout_seconds",
        ]


class WatchWordForm(forms.ModelForm):
    class Meta:
        model = WatchWord
        fields = ["kind", "word", "title", "correct", "severe", "note", "is_active"]

    def validate_unique(self):
        # Uniqueness is checked by the service with a message naming the field.
        pass


class HitDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label="核实结果",
        choices=[
            (HitStatus.CONFIRMED, "确认有误（请尽快更正原文）"),
            (HitStatus.DISMISSED, "误报"),
            (HitStatus.OPEN, "重新标为待核实"),
        ],
    )
    note = forms.CharField(label="核实说明", max_length=200, required=False)


class ProbeTargetForm(forms.ModelForm):
    class Meta:
        model = ProbeTarget
        fields = ["name", "url", "agency", "is_active", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.orgs.models import Agency

        self.fields["agency"].queryset = Agency.objects.disclosing()
        self.fields["agency"].empty_label = "区政府门户网站"


class RunForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="检查项目",
        choices=list(CHECKS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=["words", "links"],
    )
