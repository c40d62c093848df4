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
