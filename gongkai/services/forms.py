"""Back-office forms: the guide with its material rows (a formset), and a service point."""

from __future__ import annotations

from django import forms

from gongkai.orgs.models import Agency, AgencyLevel

from .models import CoordinateSystem, Guide, MaterialForm, PointKind, ServicePoint
from .services import GUIDE_FIELDS

TEXTAREA_ROWS = {
    "basis": 3,
    "conditions": 4,
    "process": 5,
    "fee": 2,
    "fee_basis": 2,
    "location": 2,
    "consultation": 2,
    "complaint": 2,
    "plain_summary": 2,
    "plain_steps": 5,
}


class GuideForm(forms.ModelForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="实施主体", empty_label=None
    )

    class Meta:
        model = Guide
        fields = ["agency", *GUIDE_FIELDS, "points"]
        widgets = {
            name: forms.Textarea(attrs={"rows": rows}) for name, rows in TEXTAREA_ROWS.items()
        } | {"points": forms.CheckboxSelectMultiple}

    def __init__(self, *args, agencies, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["points"].queryset = points
        self.fields["points"].help_text = "办理地点在便民服务地图上的网点，可多选。"
        if self.instance.pk:
            # The agency of an existing guide does not change (its audit trail stays with it).
            self.fields["agency"].disabled = True
        for name in (
            "basis",
            "conditions",
            "process",
            "fee",
            "location",
            "consultation",
            "complaint",
        ):
            self.fields[name].help_text = (self.fields[name].help_text or "") + " 发布前必填。"

    def _post_clean(self):
        # Model validation runs in the service, which also checks the materials and roles.
        pass

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in GUIDE_FIELDS}


class MaterialRowForm(forms.Form):
    name = forms.CharField(label="材料名称", max_length=200, required=False)
    form = forms.ChoiceField(
        label="材料形式", choices=[("", "—")] + MaterialForm.choices, required=False
    )
    copies = forms.IntegerField(label="份数", min_value=1, max_value=99, required=False, initial=1)
    required = forms.BooleanField(label="必需", required=False, initial=True)
    note = forms.CharField(label="备注", max_length=300, required=False)


MaterialFormSet = forms.formset_factory(MaterialRowForm, extra=3, max_num=60, validate_max=True)


def material_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤下原因", widget=forms.Textarea(attrs={"rows": 2}))


class DiscardRevisionForm(forms.Form):
    note = forms.CharField(
        label="说明（选填）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如退回修改的理由，记入操作日志。",
    )


class PointForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="管理机构", empty_label=None
    )
    name = forms.CharField(label="网点名称", max_length=200)
    kind = forms.ChoiceField(label="网点类型", choices=PointKind.choices)
    subdistrict = forms.ModelChoiceField(
        queryset=Agency.objects.filter(level=AgencyLevel.SUBDISTRICT, is_active=True),
        label="所在街镇",
        empty_label=None,
    )
    address = forms.CharField(label="地址", max_length=200)
    opening_hours = forms.CharField(label="开放时间", max_length=200)
    phone = forms.CharField(
        label="办公电话", max_length=50, required=False, help_text="机构的办公电话，不填个人手机。"
    )
    services = forms.CharField(
        label="服务内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    entered_in = forms.ChoiceField(
        label="坐标系",
        choices=CoordinateSystem.choices,
        help_text="从高德、腾讯等国内网络地图拾取的坐标选 GCJ-02，系统自动换算为 WGS84 保存。",
    )
    lon = forms.CharField(label="经度", max_length=20, help_text="十进制度，如 121.475320。")
    lat = forms.CharField(label="纬度", max_length=20, help_text="十进制度，如 30.917410。")
    is_active = forms.BooleanField(label="启用（在地图上显示）", required=False, initial=True)

    def __init__(self, *args, agencies, instance: ServicePoint | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "agency": instance.agency_id,
                "name": instance.name,
                "kind": instance.kind,
                "subdistrict": instance.subdistrict_id,
                "address": instance.address,
                "opening_hours": instance.opening_hours,
                "phone": instance.phone,
                "services": instance.services,
                "entered_in": CoordinateSystem.WGS84,
                "lon": instance.lon,
                "lat": instance.lat,
                "is_active": instance.is_active,
            }
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if instance is not None:
            self.fields["agency"].disabled = True

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("agency", None)
        return data
