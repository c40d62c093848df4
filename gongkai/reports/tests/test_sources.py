"""The ORM adapters: a known table 三 (every leaf row, every column, carry-over in and out),
table 四 and table 二 counts, on stand-in tables with the contract fields and, once the source
slices are merged, on the real models (skipped only while a source model is absent)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongkai.core.legal import RESULT_ROW_KEYS, ApplicantType
from gongkai.reports import sources, standins, tables

D = datetime.date
YEAR = 2026
COLUMNS = [t.value for t in ApplicantType]


@pytest.fixture(scope="module")
def standin_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        standins.create_tables()
    yield
    with django_db_blocker.unblock():
        standins.drop_tables()


def known_applications(agency) -> tuple[list[dict], dict]:
    """Applications whose correct table 三 for YEAR is known, with that table (printed shape).

    Column i (0..5) gets: i+1 received in YEAR per leaf row and closed in YEAR in that row;
    2 carried in (received YEAR-1, one closed in YEAR as 予以公开, one still open at YEAR-end);
    1 received in YEAR and still open; 1 received in YEAR and closed in YEAR+1 (carried out);
    noise that must not count: closed before YEAR, received after YEAR, never received.
    """
    rows, expected = (
        [],
        {label: dict.fromkeys([*tables.T3_COLUMN_KEYS], 0) for _, label in tables.t3_rows("2021")},
    )
    labels = dict(tables.t3_rows("2021"))

    def add(column, received, closed=None, row=""):
        rows.append(
            {
                "agency": agency,
                "applicant_type": column,
                "received_on": received,
                "closed_on": closed,
                "result_row": row,
            }
        )

    for i, column in enumerate(COLUMNS):
        for j, row in enumerate(RESULT_ROW_KEYS):
            for _ in range(i + 1):
                add(column, D(YEAR, 1 + j % 12, 5), D(YEAR, 1 + j % 12, 20), row)
            expected[labels[row]][column] += i + 1
            expected[labels["new"]][column] += i + 1
        # carried in: one closed this year, one still open at year end
        add(column, D(YEAR - 1, 12, 20), D(YEAR, 1, 10), "granted")
        add(column, D(YEAR - 1, 11, 2))
        expected[labels["carried_in"]][column] += 2
        expected[labels["granted"]][column] += 1
        expected[labels["carried_out"]][column] += 1
        # received this year, open at year end (one never closed, one closed next year)
        add(column, D(YEAR, 12, 28))
        add(column, D(YEAR, 12, 30), D(YEAR + 1, 1, 6), "partial")
        expected[labels["new"]][column] += 2
        expected[labels["carried_out"]][column] += 2
        # noise
        add(column, D(YEAR - 1, 3, 1), D(YEAR - 1, 3, 20), "granted")
        add(column, D(YEAR + 1, 1, 2))
        add(column, None)
    leaf_labels = [labels[k] for k in RESULT_ROW_KEYS]
    for column in COLUMNS:
        expected[labels["total"]][column] = sum(expected[lbl][column] for lbl in leaf_labels)
    for row in expected.values():
        row["total"] = sum(row[c] for c in COLUMNS)
    # printed column labels
    col_labels = dict(tables.T3_COLUMNS)
    return rows, {
        label: {col_labels[c]: v for c, v in row.items()} for label, row in expected.items()
    }


def test_known_table3_from_standin_applications(standin_db, agency, other_agency):
    rows, expected = known_applications(agency)
    standins.StandInApplication.objects.bulk_create(standins.StandInApplication(**r) for r in rows)
    # Another agency's applications never count.
    standins.StandInApplication.objects.create(
        agency=other_agency, applicant_type="natural_person", received_on=D(YEAR, 5, 1)
    )
    counts = sources.table3_counts(standins.StandInApplication.objects.filter(agency=agency), YEAR)
    assert counts.pop("unclassified") == {}
    table = tables.build_table3(**counts)
    assert tables.table3_to_dict(table) == expected
    assert all(c.passed for c in tables.validate_table3(table))
    assert expected["二、上年结转政府信息公开申请数量"]["总计"] == 12
    assert expected["四、结转下年度继续办理"]["总计"] == 18


def test_table3_reports_closed_without_result_row(standin_db, agency):
    standins.StandInApplication.objects.create(
        agency=agency,
        applicant_type="business",
        received_on=D(YEAR, 3, 1),
        closed_on=D(YEAR, 3, 9),
        result_row="",
    )
    counts = sources.table3_counts(standins.StandInApplication.objects.all(), YEAR)
    assert counts["unclassified"] == {"business": 1}
    table = tables.build_table3(**{k: v for k, v in counts.items() if k != "unclassified"})
    # the application is missing from 三, so the balance rule fails for the column
    assert not all(c.passed for c in tables.validate_table3(table))


def test_table4_counts_outcome_as_at_year_end(standin_db, agency):
    make = standins.StandInReviewCase.objects.create
    make(
        agency=agency,
        kind="reconsideration",
        filed_on=D(YEAR, 2, 1),
        outcome="upheld",
        concluded_on=D(YEAR, 4, 1),
    )
    make(
        agency=agency,
        kind="reconsideration",
        filed_on=D(YEAR, 6, 1),
        outcome="corrected",
        concluded_on=D(YEAR, 8, 1),
    )
    # concluded next year: still 尚未审结 at 12-31
    make(
        agency=agency,
        kind="reconsideration",
        filed_on=D(YEAR, 11, 1),
        outcome="upheld",
        concluded_on=D(YEAR + 1, 1, 5),
    )
    make(agency=agency, kind="litigation_direct", filed_on=D(YEAR, 3, 1), outcome="pending")
    make(
        agency=agency,
        kind="litigation_after_review",
        filed_on=D(YEAR, 5, 1),
        outcome="other",
        concluded_on=D(YEAR, 9, 9),
    )
    make(
        agency=agency,
        kind="litigation_after_review",
        filed_on=D(YEAR - 1, 5, 1),
        outcome="upheld",
        concluded_on=D(YEAR, 2, 2),
    )
    table = tables.build_table4(
        sources.table4_counts(standins.StandInReviewCase.objects.all(), YEAR)
    )
    assert tables.table4_to_dict(table) == {
        "行政复议": {"结果维持": 1, "结果纠正": 1, "其他结果": 0, "尚未审结": 1, "总计": 3},
        "行政诉讼/未经复议直接起诉": {
            "结果维持": 0,
            "结果纠正": 0,
            "其他结果": 0,
            "尚未审结": 1,
            "总计": 1,
        },
        "行政诉讼/复议后起诉": {
            "结果维持": 0,
            "结果纠正": 0,
            "其他结果": 1,
            "尚未审结": 0,
            "总计": 1,
        },
    }


def test_table4_basis_including_cases_concluded_in_year(standin_db, agency, settings):
    settings.GONGKAI_REPORTS_TABLE4_BASIS = "filed_or_concluded"
    standins.StandInReviewCase.objects.create(
        agency=agency,
        kind="reconsideration",
        filed_on=D(YEAR - 1, 5, 1),
        outcome="upheld",
        concluded_on=D(YEAR, 2, 2),
    )
    counts = sources.table4_counts(standins.StandInReviewCase.objects.all(), YEAR)
    assert counts == {("reconsideration", "upheld"): 1, ("reconsideration", "pending"): 0}


def test_record_counts_from_validity_dates(standin_db, agency, settings):
    from django.utils import timezone

    pub = timezone.make_aware(datetime.datetime(YEAR, 1, 1, 9))
    make = standins.StandInRecord.objects.create
    # issued this year, in force
    make(
        agency=agency,
        record_type="normative",
        written_on=D(YEAR, 3, 1),
        published_at=pub,
        effective_on=D(YEAR, 4, 1),
    )
    # issued this year, effective only next year: issued but not in force at 12-31
    make(
        agency=agency,
        record_type="normative",
        written_on=D(YEAR, 12, 1),
        published_at=pub,
        effective_on=D(YEAR + 1, 1, 1),
    )
    # older, repealed this year
    make(
        agency=agency,
        record_type="normative",
        written_on=D(YEAR - 3, 3, 1),
        published_at=pub,
        repealed_on=D(YEAR, 6, 1),
    )
    # older, expired this year (counted as repealed only when configured)
    make(
        agency=agency,
        record_type="normative",
        written_on=D(YEAR - 5, 3, 1),
        published_at=pub,
        expires_on=D(YEAR, 7, 1),
    )
    # older, still in force
    make(agency=agency, record_type="normative", written_on=D(YEAR - 2, 3, 1), published_at=pub)
    # published, then withdrawn: never counted
    make(
        agency=agency,
        record_type="normative",
        written_on=D(YEAR, 2, 1),
        published_at=pub,
        status="withdrawn",
    )
    # unpublished draft: never counted
    make(agency=agency, record_type="normative", written_on=D(YEAR, 5, 1))
    counts = sources.record_counts(standins.StandInRecord.objects.all(), YEAR)["normative"]
    assert (counts["issued"], counts["repealed"], counts["in_force"]) == (2, 1, 2)
    settings.GONGKAI_REPORTS_COUNT_EXPIRED_AS_REPEALED = True
    counts = sources.record_counts(standins.StandInRecord.objects.all(), YEAR)["normative"]
    assert counts["repealed"] == 2


# --- The real source models (run after the lead merges applications / records / publicity) ---


def _require(app_label: str, model: str):
    found = sources.get_model(app_label, model)
    if found is None:
        pytest.skip(
            f"{app_label}.{model} is not installed yet (slice not merged): adapter test skipped"
        )
    return found


_fill_required = standins.fill_required


@pytest.mark.django_db
def test_real_applications_table3(agency):
    Application = _require("applications", "Application")
    rows, expected = known_applications(agency)
    Application.objects.bulk_create(Application(**_fill_required(Application, r)) for r in rows)
    table, unclassified = sources.application_table3(agency, YEAR)
    assert unclassified == {}
    assert tables.table3_to_dict(table) == expected


@pytest.mark.django_db
def test_real_fee_notices_collected(agency):
    FeeNotice = _require("applications", "FeeNotice")
    Application = _require("applications", "Application")

    def fee(amount, paid_on):
        app = Application.objects.create(
            **_fill_required(
                Application,
                {
                    "agency": agency,
                    "applicant_type": "natural_person",
                    "received_on": D(YEAR, 1, 5),
                },
            )
        )
        FeeNotice.objects.create(
            **_fill_required(
                FeeNotice, {"application": app, "amount": Decimal(amount), "paid_on": paid_on}
            )
        )

    fee("100", D(YEAR, 2, 1))
    fee("50", None)
    fee("70", D(YEAR + 1, 1, 3))
    assert sources.collected_fees(agency, YEAR) == Decimal("100")


@pytest.mark.django_db
def test_real_review_cases_table4(agency):
    ReviewCase = _require("applications", "ReviewCase")
    Application = _require("applications", "Application")
    app = Application.objects.create(
        **_fill_required(
            Application,
            {"agency": agency, "applicant_type": "natural_person", "received_on": D(YEAR, 1, 5)},
        )
    )
    ReviewCase.objects.create(
        **_fill_required(
            ReviewCase,
            {
                "application": app,
                "agency": agency,
                "kind": "reconsideration",
                "filed_on": D(YEAR, 3, 1),
                "outcome": "corrected",
                "concluded_on": D(YEAR, 5, 1),
            },
        )
    )
    table = sources.review_table4(agency, YEAR)
    assert table.get("reconsideration", "corrected") == 1
    assert table.get("reconsideration", "total") == 1


@pytest.mark.django_db
def test_real_records_table2(agency):
    Record = _require("records", "Record")
    from django.utils import timezone

    from gongkai.records.models import RecordType

    Record.objects.create(
        **_fill_required(
            Record,
            {
                "agency": agency,
                "title": "关于印发某办法的通知",
                "record_type": RecordType.NORMATIVE,
                "written_on": D(YEAR, 3, 1),
                "published_at": timezone.now(),
                "status": "published",
            },
        )
    )
    rows = sources.records_table2_rows(agency, YEAR)
    assert rows["normative"]["issued"] == 1
    assert rows["rule"] == {"issued": 0, "repealed": 0, "in_force": 0}


@pytest.mark.django_db
def test_real_publicity_decision_counts(agency):
    if sources.publicity_counter() is None:
        pytest.skip("publicity.services.decision_counts is not installed yet (slice not merged)")
    rows = sources.publicity_table2_rows(agency, YEAR)
    assert set(rows) == {"licence", "penalty", "coercion"}
    assert all(isinstance(v["decisions"], int) for v in rows.values())
