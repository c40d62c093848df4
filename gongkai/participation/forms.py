"""Forms of the public participation pages and of the back office. Validation that matters
(periods, capacity, personal data) lives in `services`; forms only shape the input."""

from __future__ import annotations

from django import forms

from . import antispam
from .models import Channel, Disposition, Moderation

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
DATETIME = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
}


class PublicForm(forms.Form):
    """Honeypot and self-hosted challenge shared by every public form."""

    # Honeypot: hidden by CSS; people leave it empty, form-filling robots do not.
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    challenge = forms.CharField(label="验证问题", max_length=10)
    challenge_token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("提交失败，请刷新页面后重试。")
        token, answer = data.get("challenge_token"), data.get("challenge")
        if token and answer is not None and not antispam.check_challenge(token, answer):
            self.add_error("challenge", "验证问题回答错误或已过期，请重新计算新的题目。")
        return data

    def refresh_challenge(self) -> str:
        """A new question for the next render (a token works once); returns the question."""
        question, token = antispam.new_challenge()
        if self.is_bound:
            data = self.data.copy()
            data["challenge_token"], data["challenge"] = token, ""
            self.data = data
        else:
            self.initial["challenge_token"] = token
        return question


class CommentForm(PublicForm):
    name = forms.CharField(
        label="姓名（可不填）",
        max_length=50,
        required=False,
        help_text="公开显示时只显示姓氏；不填则显示为“网友”。",
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="仅供承办单位核实意见时联系，不会公开。",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label="电子邮箱（可不填）", required=False, help_text="不会公开。")
    text = forms.CharField(
        label="意见和建议",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请勿填写身份证号码、电话等个人信息；如填写，公开时将自动遮蔽。",
    )

    field_order = ["name", "phone", "email", "text"]


class QuestionForm(PublicForm):
    name = forms.CharField(
        label="姓名（可不填）",
        max_length=50,
        required=False,
        help_text="公开显示时只显示姓氏；不填则显示为“网友”。",
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="不会公开。",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    text = forms.CharField(
        label="您的问题", max_length=1000, widget=forms.Textarea(attrs={"rows": 5})
    )

    field_order = ["name", "phone", "text"]


class RegistrationForm(PublicForm):
    name = forms.CharField(label="姓名", max_length=50)
    mobile = forms.CharField(
        label="手机号码",
        max_length=20,
        help_text="用于活动通知和入场核验，不会公开。",
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}
        ),
    )
    consent = forms.BooleanField(
        label="我同意主办单位为组织本次活动使用上述姓名和手机号码，活动结束后不作他用。",
        required=True,
    )

    field_order = ["name", "mobile", "consent"]


class CancelRegistrationForm(forms.Form):
    number = forms.CharField(label="报名编号", max_length=20)
    code = forms.CharField(label="取消码", max_length=16, widget=forms.PasswordInput)


# -- back office ----------------------------------------------------------------------------------


class AgencyForm(forms.Form):
    """A staff form whose first field is the organising agency, chosen among `agencies`; with
    `fixed_agency` (editing) the agency cannot change and the field is left out."""

    def __init__(self, *args, agencies=None, fixed_agency=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if fixed_agency:
            del self.fields["agency"]


class DecisionForm(AgencyForm):
    agency = forms.ModelChoiceField(label="决策承办单位", queryset=None, empty_label=None)
    decision_body = forms.CharField(
        label="决策机关", max_length=100, help_text="作出决策的行政机关，例如示范区人民政府。"
    )
    title = forms.CharField(label="决策事项名称", max_length=200)
    summary = forms.CharField(label="决策事项简介", widget=forms.Textarea(attrs={"rows": 3}))
    draft_text = forms.CharField(
        label="征求意见稿", widget=forms.Textarea(attrs={"rows": 14}), help_text="每段一行。"
    )
    explanation = forms.CharField(
        label="起草说明", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    opens_on = forms.DateField(label="征求意见开始日期", required=False, **DATE)
    closes_on = forms.DateField(
        label="征求意见截止日期",
        required=False,
        help_text="征求意见期限一般不少于规定日数（开始当日不计入）；截止当日仍可提交意见。",
        **DATE,
    )
    shortened_reason = forms.CharField(
        label="缩短期限的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="因情况紧急等原因缩短征求意见期限时必填，将随草案公开。",
    )
    other_channels = forms.CharField(
        label="其他提出意见的方式",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如：信函请寄示范区政务路105号区民政局政策法规科（邮编200000），信封注明“意见征集”。",
    )


class OutcomeForm(forms.Form):
    decided_on = forms.DateField(label="决策日期", required=False, **DATE)
    decision_meeting = forms.CharField(label="审议会议", max_length=200, required=False)
    decision_text = forms.CharField(
        label="决策内容", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    decision_record = forms.CharField(
        label="决策文件索引号",
        max_length=60,
        required=False,
        help_text="决策文件作为政府信息登记后，填写其索引号；发布后公开页面自动链接该文件及其政策解读。",
    )


class ModerateForm(forms.Form):
    status = forms.ChoiceField(
        label="审核结果",
        choices=[(v, label) for v, label in Moderation.choices if v != Moderation.PENDING],
    )
    public_text = forms.CharField(
        label="公开显示的内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="已自动遮蔽身份证号码、电话、电子邮箱和本人姓名；可进一步遮蔽其他个人信息。",
    )
    note = forms.CharField(label="审核说明（内部）", max_length=200, required=False)


class ClassifyForm(forms.Form):
    theme = forms.ModelChoiceField(label="意见类别", queryset=None, required=False)
    disposition = forms.ChoiceField(
        label="采纳情况", choices=[("", "—")] + Disposition.choices, required=False
    )

    def __init__(self, *args, themes=None, theme_list=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        if theme_list is not None:
            # A page with one form per comment renders the same options each time: read the
            # themes once (`theme_list`) instead of one query per form. Validation still goes
            # through the queryset.
            self.fields["theme"].choices = [("", self.fields["theme"].empty_label)] + [
                (t.pk, str(t)) for t in theme_list
            ]


class ThemeForm(forms.Form):
    title = forms.CharField(label="意见类别", max_length=100)
    response = forms.CharField(
        label="采纳情况及理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="未采纳或部分采纳的，须说明理由。",
    )
    order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)


class FeedbackSummaryForm(forms.Form):
    feedback_summary = forms.CharField(
        label="意见采纳情况总体说明",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="各类意见的条数由系统根据审核后的意见自动统计，不需填写。",
    )


class OfflineCommentForm(forms.Form):
    channel = forms.ChoiceField(
        label="收到渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(label="收到日期（信函以邮戳日期为准）", **DATE)
    name = forms.CharField(label="提出人姓名或单位（可空）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话（可空）", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱（可空）", required=False)
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 5}))


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", **DATE)
    text = forms.CharField(label="实施情况", widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(
        label="完成进度（%，可空）", min_value=0, max_value=100, required=False
    )
    completes = forms.BooleanField(label="决策已实施完成", required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="取消原因（将向社会公开）", max_length=200)


class InterviewForm(AgencyForm):
    agency = forms.ModelChoiceField(label="主办单位", queryset=None, empty_label=None)
    title = forms.CharField(label="访谈主题", max_length=200)
    summary = forms.CharField(label="访谈简介", widget=forms.Textarea(attrs={"rows": 4}))
    starts_at = forms.DateTimeField(label="访谈开始时间", **DATETIME)
    ends_at = forms.DateTimeField(label="访谈结束时间", **DATETIME)
    host = forms.CharField(label="主持人", max_length=50, required=False)


class GuestForm(forms.Form):
    name = forms.CharField(label="嘉宾姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=100)


class TranscriptForm(forms.Form):
    source_question = forms.ModelChoiceField(
        label="对应的网友提问（可空）", queryset=None, required=False
    )
    asked_by = forms.CharField(label="提问人", max_length=50, initial="主持人", required=False)
    question = forms.CharField(
        label="问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="选择网友提问时可不填，使用审核后公开的内容。",
    )
    guest = forms.ModelChoiceField(label="回答嘉宾", queryset=None, required=False)
    answer = forms.CharField(label="回答", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, questions=None, guests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_question"].queryset = questions
        self.fields["guest"].queryset = guests


class OpenDayForm(AgencyForm):
    agency = forms.ModelChoiceField(label="主办单位", queryset=None, empty_label=None)
    title = forms.CharField(label="活动名称", max_length=200)
    description = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 5}))
    starts_at = forms.DateTimeField(label="开始时间", **DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", **DATETIME)
    place = forms.CharField(label="活动地点", max_length=200)
    capacity = forms.IntegerField(label="名额", min_value=1)
    registration_closes_at = forms.DateTimeField(label="报名截止时间", **DATETIME)
    report = forms.CharField(
        label="活动回顾（活动结束后填写，可空）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def add_refusal(form: forms.Form, exc) -> None:
    """Put a service refusal on the form: on the named field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
