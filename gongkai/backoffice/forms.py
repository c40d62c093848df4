"""Back-office forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from gongkai.orgs.models import Agency, Role, User
from gongkai.orgs.services import CONTACT_FIELDS


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。",
        "inactive": "该账号已停用，请联系区政务公开办。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字、下划线、点和连字符。"},
    )
    display_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        help_text="至少 10 位，包含大写字母、小写字母、数字、符号中的三类。",
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("用户名“%(u)s”已被使用。", params={"u": username})
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = User(
                username=data.get("username", ""), display_name=data.get("display_name", "")
            )
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class GrantRoleForm(forms.Form):
    agency = forms.ModelChoiceField(label="机构", queryset=Agency.objects.disclosing())
    role = forms.ChoiceField(label="岗位", choices=Role.choices)


class AuditFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机构", queryset=Agency.objects.disclosing(), required=False
    )
    actor = forms.CharField(label="操作人", required=False)
    action = forms.CharField(label="操作代码", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AgencyContactForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = CONTACT_FIELDS


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "uscc",
            "level",
            "parent",
            "order",
            "is_active",
            *AgencyContactForm.Meta.fields,
        ]
