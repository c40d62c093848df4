"""Staff dashboard widget: 双公示 publications past the 7-working-day limit."""

from __future__ import annotations

from gongkai.backoffice.widgets import Widget
from gongkai.orgs.access import visible_agencies

from .models import Licence, Penalty


def widgets(request) -> list[Widget]:
    agencies = visible_agencies(request.user)
    late_licences = Licence.objects.for_agencies(agencies).late().count()
    late_penalties = Penalty.objects.for_agencies(agencies).late().count()
    return [
        Widget(
            title="双公示",
            template="publicity/staff/widget.html",
            context={"late_licences": late_licences, "late_penalties": late_penalties},
            alarm=bool(late_licences or late_penalties),
        )
    ]
