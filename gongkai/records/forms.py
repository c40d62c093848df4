"""Back-office forms for records."""

from __future__ import annotations

from django import forms

from gongkai.catalog.models import Item
from gongkai.orgs.models import Agency

from .models import Record, RecordType, Topic
from .services import EDITABLE_FIELDS


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.path


class RecordForm(forms.ModelForm):
    """Register or edit a draft, with its disclosure attribute decided now."""

    agency = forms.ModelChoiceField(label="发布机构", queryset=Agency.objects.none())
    video_url = forms.URLField(label="视频解读链接", required=False, assume_scheme="https")
    topic = TopicChoiceField(
        label="主题分类",
        queryset=Topic.objects.select_related("parent").filter(parent__isnull=False),
        required=False,
    )

    class Meta:
        model = Record
        fields = [*EDITABLE_FIELDS, "catalog_items", "co_issuers"]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}),
            "formed_on": forms.DateInput(attrs={"type": "date"}),
            "effective_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "attribute_basis": forms.Textarea(attrs={"rows": 3}),
            "partial_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if self.instance.pk:
            self.fields["agency"].disabled = True
            self.fields["agency"].initial = self.instance.agency_id
        elif agencies.count() == 1:
            self.fields["agency"].initial = agencies.first().pk
        self.fields["formed_on"].required = False
        self.fields["formed_on"].help_text = (
            "不填则取成文日期。" + self.fields["formed_on"].help_text
        )
        self.fields["interprets"].queryset = Record.objects.filter(
            agency__in=agencies, record_type__in=[RecordType.NORMATIVE, RecordType.RULE]
        ).order_by("-id")
        self.fields["catalog_items"].queryset = Item.objects.all()
        self.fields["catalog_items"].required = False
        self.fields["co_issuers"].queryset = Agency.objects.disclosing()
        self.fields["co_issuers"].required = False

    def _post_clean(self):
        # Model validation runs in the service (one place for the rules); here only the fields.
        pass

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}


class ReviewForm(forms.Form):
    secrecy_checked = forms.BooleanField(
        label="已完成保密审查，确认公开属性和公开方式无误", required=True
    )
    interpretation_waiver = forms.CharField(
        label="无需解读的理由（仅行政规范性文件，确无需政策解读时填写）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label="定时发布时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class CorrectForm(forms.ModelForm):
    note = forms.CharField(label="更正说明（公开）", widget=forms.Textarea(attrs={"rows": 2}))
    video_url = forms.URLField(label="视频解读链接", required=False, assume_scheme="https")
    topic = TopicChoiceField(
        label="主题分类",
        queryset=Topic.objects.select_related("parent").filter(parent__isnull=False),
        required=False,
    )

    class Meta:
        model = Record
        fields = [
            "title",
            "summary",
            "body",
            "document_number",
            "written_on",
            "topic",
            "keywords",
            "effective_on",
            "expires_on",
            "video_url",
        ]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}),
            "effective_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    def _post_clean(self):
        pass


class RepealForm(forms.Form):
    repealed_on = forms.DateField(label="废止日期", widget=forms.DateInput(attrs={"type": "date"}))
    repealed_by = forms.CharField(label="废止依据（索引号，可不填）", required=False, max_length=60)
    note = forms.CharField(
        label="废止说明（公开）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX、OFD 或图片）")
    is_graphic = forms.BooleanField(label="图解（在页面中直接显示图片）", required=False)
