"""Open API v1 endpoints of the search slice (mounted under /api/v1/).

* `search(query, *, filters=None, page=1, per_page=20)`: the Python interface other slices use
  (CONTRACTS.md); returns `backends.base.Results` whose hits have `index_no`, `title`,
  `agency`, `published`, `url`, `snippet`.
* GET /api/v1/search?q=...: the same over HTTP.
* GET /api/v1/export/records.csv|.xlsx: the public record listing (same filters as
  /api/v1/records, which the records slice serves), read through `Record.objects.public()`.

Every endpoint allows cross-origin GET and is rate limited per client (`throttle`).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.http import HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema

from gongkai.core.spreadsheets import csv_text, xlsx_cell

from .backends.base import Results, SearchUnavailable
from .engine import get_backend
from .records_public import EXPORT_COLUMNS, EXPORT_LIMIT, filtered, record_out
from .sources import kind_labels
from .throttle import allow_cors, throttled

router = Router(tags=["检索与政府信息"])


def search(
    query: str, *, filters: dict | None = None, page: int = 1, per_page: int = 20
) -> Results:
    """Search every public document kind (records, catalogue items, ...)."""
    return get_backend().search(query, filters=filters, page=page, per_page=per_page)


#: The kinds as documented in the OpenAPI schema (built-in and plug-in sources).
_KINDS = list(kind_labels().items())


class SearchHitOut(Schema):
    kind: str = Field(description="类别代码：" + "、".join(f"{k}（{v}）" for k, v in _KINDS))
    kind_label: str = Field(description="类别名称，如 政府信息、行政处罚")
    index_no: str
    title: str
    title_html: str
    agency: str
    agency_code: str
    record_type: str
    topic: str
    validity: str
    published: datetime | None
    url: str
    snippet: str


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    pages: int
    suggestion: str
    hits: list[SearchHitOut]


class SearchFilters(Schema):
    q: str = ""
    kind: str | None = Field(None, description="只检索一个类别，取值见 hits[].kind")
    agency: str | None = None
    record_type: str | None = None
    topic: str | None = None
    year: int | None = None
    validity: str | None = None
    page: int = 1
    per_page: int = 20


@router.get("/search", response=SearchOut, summary="全文检索", url_name="search")
def search_endpoint(request, response: HttpResponse, params: Query[SearchFilters]):
    """全文检索：标题或正文包含检索词的全部公开信息；完全匹配标题优先，其次标题、正文，同等时新发布的在前。
    `snippet` 与 `title_html` 为已转义的 HTML，检索词以 `<mark>` 标出。"""
    if (limited := throttled(request)) is not None:
        return limited
    allow_cors(response)
    data = params.dict()
    data["per_page"] = max(1, min(100, data["per_page"]))
    labels = kind_labels()
    try:
        results = search(
            data.pop("q"), page=data.pop("page"), per_page=data.pop("per_page"), filters=data
        )
    except SearchUnavailable:
        return allow_cors(JsonResponse({"detail": "检索服务暂时不可用，请稍后再试。"}, status=503))
    return {
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "suggestion": results.suggestion,
        "hits": [
            {
                "kind": h.kind,
                "kind_label": labels.get(h.kind, h.kind),
                "index_no": h.index_no,
                "title": h.title,
                "title_html": h.title_html,
                "agency": h.agency_name,
                "agency_code": h.agency_code,
                "record_type": h.record_type,
                "topic": h.topic,
                "validity": h.validity,
                "published": h.published,
                "url": request.build_absolute_uri(h.url) if h.url else "",
                "snippet": h.snippet,
            }
            for h in results.hits
        ],
    }


class RecordFilters(Schema):
    agency: str | None = None
    record_type: str | None = None
    topic: str | None = None
    year: int | None = None
    validity: str | None = None


def _export_rows(request, filters: dict):
    qs = filtered(filters)
    rows = [] if qs is None else [record_out(r, request=request) for r in qs[:EXPORT_LIMIT]]
    for row in rows:
        row["record_type"] = row["record_type_label"]
        row["validity"] = row["validity_label"]
        for key in ("written_on", "published"):
            row[key] = row[key].strftime("%Y-%m-%d") if row[key] else ""
    return rows


@router.get("/export/records.csv", summary="导出政府信息列表（CSV）", url_name="records_csv")
def export_csv(request, filters: Query[RecordFilters]):
    """与列表相同的筛选条件，最多 10000 条，UTF-8（带 BOM，便于电子表格打开）。"""
    if (limited := throttled(request)) is not None:
        return limited
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in EXPORT_COLUMNS])
    for row in _export_rows(request, filters.dict()):
        writer.writerow([csv_text(row[key]) for key, _ in EXPORT_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="records.csv"'
    return allow_cors(response)


@router.get("/export/records.xlsx", summary="导出政府信息列表（XLSX）", url_name="records_xlsx")
def export_xlsx(request, filters: Query[RecordFilters]):
    """与列表相同的筛选条件，最多 10000 条。"""
    if (limited := throttled(request)) is not None:
        return limited
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("政府信息")
    sheet.append([label for _, label in EXPORT_COLUMNS])
    for row in _export_rows(request, filters.dict()):
        sheet.append([xlsx_cell(sheet, row[key]) for key, _ in EXPORT_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="records.xlsx"'
    return allow_cors(response)
