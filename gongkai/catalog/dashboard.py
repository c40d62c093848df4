"""Dashboard widget: the catalogue and its pending change proposals."""

from __future__ import annotations

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import is_district_office, visible_agencies

from .models import Proposal, ProposalStatus


def widgets(request) -> list[Widget]:
    pending = Proposal.objects.filter(status=ProposalStatus.PENDING)
    office = is_district_office(request.user)
    if not office:
        pending = pending.filter(agency__in=visible_agencies(request.user))
    return [
        Widget(
            title="公开目录",
            template="catalog/staff/_widget.html",
            context={"pending": pending.count(), "is_office": office},
            alarm=False,
        )
    ]
