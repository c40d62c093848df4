"""QR-linked notices: a printable notice carries a QR code (SVG, drawn by `segno` on the server)
that opens the object's canonical public page with ``?src=qr``; `QrScanMiddleware` counts those
visits per object and day, anonymously.

The kinds that can carry a notice are an explicit table (`TARGETS`): guide, service point and
public government record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import Guide, ScanDay, ServicePoint

QR_PARAM = "src"
QR_VALUE = "qr"


def _public_record(pk):
    from gongkai.records.models import Record

    return Record.objects.public().select_related("agency").filter(pk=pk).first()


def _record_by_ref(kwargs):
    from gongkai.records.models import Record

    ref = str(kwargs.get("ref", "")).strip("/")
    cond = Q(index_no=ref)
    if ref.isdigit():
        cond |= Q(pk=int(ref))
    return Record.objects.public().filter(cond).only("pk").first()


@dataclass(frozen=True)
class Target:
    kind: str
    label: str
    view_name: str
    load: Callable  # pk -> public object or None
    from_view: Callable  # URL kwargs -> public object or None


TARGETS: dict[str, Target] = {
    "guide": Target(
        "guide",
        "办事指南",
        "services:guide",
        lambda pk: Guide.objects.public().select_related("agency").filter(pk=pk).first(),
        lambda kw: Guide.objects.public().filter(pk=kw.get("pk")).only("pk").first(),
    ),
    "point": Target(
        "point",
        "便民服务网点",
        "services:point",
        lambda pk: (
            ServicePoint.objects.public()
            .select_related("agency", "subdistrict")
            .filter(pk=pk)
            .first()
        ),
        lambda kw: ServicePoint.objects.public().filter(pk=kw.get("pk")).only("pk").first(),
    ),
    "record": Target("record", "政府信息", "records:detail", _public_record, _record_by_ref),
}
BY_VIEW = {t.view_name: t for t in TARGETS.values()}


def canonical_url(obj) -> str:
    """The absolute public address a notice's QR code opens."""
    return f"{settings.GONGKAI_BASE_URL}{obj.get_absolute_url()}?{QR_PARAM}={QR_VALUE}"


def qr_svg(url: str, *, title: str = "") -> str:
    """An inline SVG of the QR code for `url` (error correction M, black on white).

    Drawing uses presentation attributes only, so it passes a CSP without 'unsafe-inline'.
    """
    code = segno.make(url, error="m", micro=False)
    return mark_safe(  # noqa: S308 - segno output: numbers and fixed markup only
        code.svg_inline(
            scale=4,
            border=4,
            dark="#000",
            light="#fff",
            title=title or None,
            svgclass="qr-code",
            lineclass=None,
            omitsize=True,
        )
    )


def count_scan(kind: str, object_id: int, *, today: datetime.date | None = None) -> None:
    """Add one scan of (kind, object_id) to today's counter; nothing about the visitor."""
    today = today or timezone.localdate()
    rows = ScanDay.objects.filter(kind=kind, object_id=object_id, day=today)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ScanDay.objects.create(kind=kind, object_id=object_id, day=today, count=1)
    except IntegrityError:  # another request created today's row first
        rows.update(count=F("count") + 1)


@dataclass
class ScanTotals:
    total: int = 0
    recent: int = 0  # last 30 days
    last_day: datetime.date | None = None


def scan_totals(kind: str, ids, *, today: datetime.date | None = None) -> dict[int, ScanTotals]:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=29)
    result: dict[int, ScanTotals] = {}
    rows = ScanDay.objects.filter(kind=kind, object_id__in=list(ids)).values_list(
        "object_id", "day", "count"
    )
    for object_id, day, count in rows:
        t = result.setdefault(object_id, ScanTotals())
        t.total += count
        if day >= since:
            t.recent += count
        if t.last_day is None or day > t.last_day:
            t.last_day = day
    return result


def top_scanned(kind: str, *, limit: int | None = 50) -> list[tuple[int, int]]:
    """(object_id, total) of the most scanned objects of `kind` (all of them when `limit` is
    None: one row per object that carries a notice, so a few hundred at most)."""
    rows = (
        ScanDay.objects.filter(kind=kind)
        .values("object_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "object_id")
        .values_list("object_id", "total")
    )
    return list(rows if limit is None else rows[:limit])
