"""Public pages of government information. Only `Record.objects.public()` rows are shown, except
a withdrawn record's public notice and a staff preview of the staff's own agencies' records."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.orgs.access import can_see_agency
from gongkai.orgs.models import Agency, AgencyLevel

from .models import (
    COLUMN_LABELS,
    COLUMN_TYPES,
    COLUMNS,
    POLICY_TYPES,
    Attachment,
    Record,
    RecordType,
    Status,
    Topic,
    Validity,
    normalise_document_number,
)

PER_PAGE = 20
MAX_PER_PAGE = 100


class ListingFilter(forms.Form):
    agency = forms.ChoiceField(label="发布机构", required=False)
    type = forms.ChoiceField(label="类别", required=False)
    topic = forms.ChoiceField(label="主题分类", required=False)
    year = forms.IntegerField(label="年份", required=False, min_value=1990, max_value=2100)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部"), *Validity.choices]
    )
    wh = forms.CharField(label="文号", required=False, max_length=60)
    q = forms.CharField(label="标题", required=False, max_length=100)

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.disclosing().only("code", "name")
        self.fields["agency"].choices = [("", "全部")] + [(a.code, a.name) for a in agencies]
        self.fields["type"].choices = [("", "全部")] + [(t, RecordType(t).label) for t in types]
        tops = Topic.objects.filter(parent__isnull=True).only("code", "name")
        self.fields["topic"].choices = [("", "全部")] + [(t.code, t.name) for t in tops]

    def apply(self, rows):
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data["agency"]:
            rows = rows.filter(agency__code=data["agency"])
        if data["type"]:
            rows = rows.filter(record_type=data["type"])
        if data["topic"]:
            rows = rows.filter(topic__code__startswith=data["topic"])
        if data["year"]:
            rows = rows.filter(published_at__year=data["year"])
        if data["validity"]:
            rows = rows.filter(validity=data["validity"])
        if data["wh"]:
            rows = rows.filter(document_number=normalise_document_number(data["wh"]))
        if data["q"]:
            rows = rows.filter(title__icontains=data["q"])
        return rows


def _page(request, rows):
    try:
        per_page = min(max(int(request.GET.get("per_page", PER_PAGE)), 1), MAX_PER_PAGE)
    except ValueError:
        per_page = PER_PAGE
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _listing(request, *, types, title, template="records/list.html", extra=None):
    form = ListingFilter(request.GET or None, types=types)
    rows = form.apply(Record.objects.public().filter(record_type__in=types).for_listing())
    page, query = _page(request, rows)
    context = {"form": form, "page": page, "query": query, "title": title, **(extra or {})}
    return render(request, template, context)


@require_GET
def policy_list(request):
    """政策文件: 规章、行政规范性文件、其他文件 and their interpretations."""
    return _listing(request, types=POLICY_TYPES, title="政策文件")


@require_GET
def record_list(request):
    return _listing(request, types=list(RecordType.values), title="政府信息")


def _find(ref: str):
    rows = Record.objects.select_related("agency", "topic__parent", "repealed_by", "interprets")
    try:
        if ref.isdigit():
            return rows.get(pk=int(ref))
        return rows.get(index_no=ref)
    except Record.DoesNotExist:
        raise Http404("未找到该信息。") from None


@require_GET
def record_detail(request, ref: str):
    record = _find(ref)
    preview = False
    if not record.is_public:
        if record.status == Status.WITHDRAWN and record.published_at:
            # Never silently: the address keeps a public notice of the withdrawal.
            return render(
                request,
                "records/withdrawn.html",
                {"record": record, "notices": record.notices.all()},
                status=410,
            )
        if not can_see_agency(request.user, record.agency):
            raise Http404("未找到该信息。")
        preview = True
    public = Record.objects.public()
    context = {
        "record": record,
        "preview": preview,
        "attachments": record.attachments.all(),
        "notices": record.notices.all(),
        "co_issuers": record.co_issuers.all(),
        "catalog_items": record.catalog_items.all(),
        "interpretations": public.filter(interprets=record),
        "policy": record.interprets if record.interprets and record.interprets.is_public else None,
        "repealed_by": record.repealed_by
        if record.repealed_by and record.repealed_by.is_public
        else None,
    }
    return render(request, "records/detail.html", context)


@require_GET
def attachment_download(request, pk: int):
    try:
        attachment = Attachment.objects.select_related("record__agency").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404("未找到该附件。") from None
    record = attachment.record
    if not record.is_public and not can_see_agency(request.user, record.agency):
        raise Http404("未找到该附件。")
    inline = attachment.is_image or attachment.kind == "pdf"
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _agency(code: str) -> Agency:
    try:
        return Agency.objects.disclosing().get(code=code)
    except Agency.DoesNotExist:
        raise Http404("未找到该机构。") from None


@require_GET
def agency_column(request, code: str):
    """An agency's 政府信息公开 column: its sub-columns with their latest items."""
    agency = _agency(code)
    latest = {}
    public = Record.objects.public().filter(agency=agency)
    for slug, label, types in COLUMNS:
        rows = list(public.filter(record_type__in=types).order_by("-published_at", "-id")[:5])
        latest[slug] = (label, rows)
    return render(
        request,
        "records/column.html",
        {
            "agency": agency,
            "columns": [(slug, *latest[slug]) for slug, _, _ in COLUMNS],
            "is_subdistrict": agency.level == AgencyLevel.SUBDISTRICT,
        },
    )


@require_GET
def agency_column_list(request, code: str, column: str):
    agency = _agency(code)
    if column not in COLUMN_TYPES:
        raise Http404("未找到该栏目。")
    types = COLUMN_TYPES[column]
    rows = Record.objects.public().filter(agency=agency, record_type__in=types).for_listing()
    page, query = _page(request, rows)
    return render(
        request,
        "records/column_list.html",
        {
            "agency": agency,
            "column": column,
            "label": COLUMN_LABELS[column],
            "columns": COLUMNS,
            "page": page,
            "query": query,
        },
    )
