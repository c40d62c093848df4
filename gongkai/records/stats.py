"""Figures about records: the proactive disclosure rate and the 20-working-day timeliness."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from gongkai.core.legal import DisclosureAttribute

from .models import Record


@dataclass
class RateRow:
    agency: object
    registered: int
    proactive: int

    @property
    def rate(self) -> Decimal | None:
        """主动公开率 in percent, one decimal, or None when nothing was registered."""
        if not self.registered:
            return None
        return (Decimal(self.proactive) * 100 / Decimal(self.registered)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def disclosure_rates(year: int, agencies) -> list[RateRow]:
    """主动公开率 per agency for `year`: proactive records / all registered records of the year
    (`Record.objects.registered_in`), in one grouped query."""
    counts = {
        row["agency_id"]: row
        for row in Record.objects.registered_in(year)
        .filter(agency__in=agencies)
        .values("agency_id")
        .annotate(
            registered=Count("id"),
            proactive=Count("id", filter=Q(attribute=DisclosureAttribute.PROACTIVE)),
        )
    }
    rows = []
    for agency in agencies:
        c = counts.get(agency.pk, {"registered": 0, "proactive": 0})
        rows.append(RateRow(agency, c["registered"], c["proactive"]))
    return rows


def disclosure_rate(agency, year: int) -> RateRow:
    return disclosure_rates(year, [agency])[0]


@dataclass
class ItemFreshness:
    """What the catalogue item page shows about the records under an item."""

    public_count: int
    latest: object  # the newest public Record, or None
    overdue: int  # proactive records under the item past their 20-working-day limit, unpublished

    @property
    def up_to_date(self) -> bool:
        return self.overdue == 0


def item_freshness(item, *, today) -> ItemFreshness:
    """Whether catalogue item `item` is up to date: nothing under it is waiting past its limit.

    For the catalogue slice's item page: ``stats.item_freshness(item, today=localdate())`` and
    ``Record.objects.public().for_item(item)`` for the list (template
    ``records/_item_records.html`` renders both)."""
    rows = Record.objects.for_item(item)
    public = rows.public()
    return ItemFreshness(
        public_count=public.count(),
        latest=public.select_related("agency").order_by("-published_at", "-id").first(),
        overdue=rows.overdue(today=today).count(),
    )
