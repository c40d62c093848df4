"""The report computed from the merged source slices: applications (table 三, 四, fees) and the
statistics charts on real Application rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongkai.reports import services, sources, standins, stats
from gongkai.reports.models import AnnualReport

from .helpers import complete

D = datetime.date
YEAR = 2026


@pytest.fixture
def Application():
    model = sources.get_model("applications", "Application")
    if model is None:
        pytest.skip("applications.Application is not installed (slice not merged)")
    return model


def make_app(Application, agency, **fields):
    return Application.objects.create(
        **standins.fill_required(Application, {"agency": agency, **fields})
    )


def test_report_computed_from_live_applications(Application, clerk, head, agency):
    make_app(
        Application,
        agency,
        applicant_type="natural_person",
        received_on=D(YEAR - 1, 12, 28),
        closed_on=D(YEAR, 1, 8),
        result_row="granted",
    )
    make_app(
        Application,
        agency,
        applicant_type="business",
        received_on=D(YEAR, 3, 2),
        closed_on=D(YEAR, 3, 20),
        result_row="unable.not_held",
    )
    make_app(Application, agency, applicant_type="legal_service", received_on=D(YEAR, 12, 29))
    FeeNotice = sources.get_model("applications", "FeeNotice")
    paid = make_app(
        Application,
        agency,
        applicant_type="natural_person",
        received_on=D(YEAR, 5, 6),
        closed_on=D(YEAR, 5, 20),
        result_row="granted",
    )
    FeeNotice.objects.create(
        **standins.fill_required(
            FeeNotice, {"application": paid, "amount": Decimal("35.50"), "paid_on": D(YEAR, 5, 12)}
        )
    )

    report = services.create_report(agency=agency, year=YEAR, actor=clerk)
    assert report.origin["三"] == "computed" and report.origin["fees"] == "computed"
    t3 = report.table3()
    assert (t3.get("new", "total"), t3.get("carried_in", "total")) == (3, 1)
    assert (t3.get("total", "total"), t3.get("carried_out", "total")) == (3, 1)
    assert t3.get("granted", "natural_person") == 2
    assert report.fees_collected == Decimal("35.50")
    assert "本年新收政府信息公开申请3件，上年结转1件，办结3件" in report.overview
    assert report.failed_checks() == []

    # a new closed application without a result row shows up on refresh and blocks approval
    make_app(
        Application,
        agency,
        applicant_type="research",
        received_on=D(YEAR, 6, 1),
        closed_on=D(YEAR, 6, 9),
        result_row="",
    )
    report = services.refresh_figures(report, actor=clerk)
    assert report.unclassified == 1
    with pytest.raises(Exception, match="未标注办理结果"):
        services.approve_report(complete(report, head), actor=head)
    Application.objects.filter(result_row="", closed_on__isnull=False).update(
        result_row="other.other"
    )
    report = services.refresh_figures(report, actor=clerk)
    assert report.unclassified == 0 and report.table3().get("other.other", "research") == 1
    services.approve_report(complete(report, head), actor=head)
    report = services.publish_report(report, actor=clerk)
    # live data changing after publication never changes the published report
    make_app(Application, agency, applicant_type="business", received_on=D(YEAR, 7, 1))
    assert AnnualReport.objects.get(pk=report.pk).table3().get("new", "total") == 4


def test_statistics_on_real_applications(Application, agency):
    make_app(
        Application,
        agency,
        applicant_type="natural_person",
        channel="online",
        received_on=D(YEAR, 3, 2),
        closed_on=D(YEAR, 3, 9),
        due_on=D(YEAR, 3, 30),
        result_row="granted",
    )
    make_app(
        Application,
        agency,
        applicant_type="business",
        channel="in_person",
        received_on=D(YEAR, 3, 3),
        closed_on=D(YEAR, 4, 20),
        due_on=D(YEAR, 3, 31),
        result_row="partial",
    )
    chart = stats.applications_by_channel(agency, YEAR)
    assert {s.name: s.values[2] for s in chart.series} == {"互联网（在线申请）": 1, "当面提交": 1}
    late = stats.overdue(agency, YEAR)
    assert dict(late.figures) == {"全年逾期率": "50.0%", "逾期件数": "1"}
    assert late.note == ""  # measured against the stored due_on
