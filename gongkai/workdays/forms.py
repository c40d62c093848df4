"""Back-office forms of the working-day calendar."""

from django import forms


class NoticeImportForm(forms.Form):
    text = forms.CharField(
        label="通知全文",
        widget=forms.Textarea(attrs={"rows": 18, "class": "notice-text"}),
        help_text="从中国政府网复制《国务院办公厅关于XXXX年部分节假日安排的通知》全文粘贴到这里，"
        "包括标题、各项安排和落款日期。",
        max_length=20000,
    )
    notice_url = forms.URLField(
        label="原文地址",
        required=False,
        assume_scheme="https",
        help_text="通知在中国政府网上的网址，作为数据来源记录。",
    )
    notice_number = forms.CharField(
        label="文号",
        required=False,
        max_length=60,
        help_text="如“国办发明电〔2025〕7号”。留空时从全文中识别。",
    )
    notice_date = forms.DateField(
        label="发布日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空时取落款日期。",
    )
