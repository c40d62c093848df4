"""Adapters from the other slices' models to the aggregated inputs of `tables.py`.

Each adapter is coded to the names in CONTRACTS.md and imports its source lazily: when the source
app has not been merged (or does not provide the model), the adapter returns ``None`` and the
report falls back to figures entered by staff, marked as entered. Aggregation is done in the
database (one GROUP BY query per table) so a year of a busy agency stays fast.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.models import Count, DateField, Func, Q, Sum

from gongkai.core.legal import RESULT_ROW_KEYS, ApplicantType

from . import tables


def get_model(app_label: str, model_name: str):
    """The model, or None when its app is not merged yet or does not define it."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def source_status() -> dict[str, bool]:
    """Which data sources are available in this installation (for pages and docs)."""
    return {
        "applications": get_model("applications", "Application") is not None,
        "review_cases": get_model("applications", "ReviewCase") is not None,
        "fees": get_model("applications", "FeeNotice") is not None,
        "records": get_model("records", "Record") is not None,
        "publicity": publicity_counter() is not None,
    }


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- Table 三 ------------------------------------------------------------------------------------


class _NoIndex(Func):
    """SQLite's unary plus: the same value, but the query planner will not use an index on it."""

    template = "+%(expressions)s"


def table3_counts(queryset, year: int) -> dict:
    """The inputs of `tables.build_table3` from any queryset with the contract fields.

    One query over the applications that matter for `year` (received by 12-31 and not closed
    before 1-1), grouped by (applicant_type, result_row) with conditional counts:

    * 一 new: received in the year;
    * 二 carried in: received before the year and still open on 1-1;
    * 三 results: closed in the year, in their result row;
    * 四 carried out: still open at 12-31 (not closed, or closed after 12-31).

    Applications closed in the year without a result row are returned in ``unclassified`` so the
    report can say how many are missing rather than silently dropping them.
    """
    start, end = year_bounds(year)
    received, closed = "received_on", "closed_on"
    if connections[queryset.db].vendor == "sqlite":
        # The scope covers most rows of a year or two: on SQLite a lookup per row through the
        # single-column date indexes is several times slower than a scan (bench/annual_report.py:
        # 3.2 s against 1.3 s for 1,000,000 rows), so keep the planner off them. A composite
        # index led by agency (ideally covering the five columns) is still used.
        queryset = queryset.alias(
            _received=_NoIndex("received_on", output_field=DateField()),
            _closed=_NoIndex("closed_on", output_field=DateField()),
        )
        received, closed = "_received", "_closed"
    # Two conditional counts per row (the rest follows by subtraction) keep the scan cheap:
    # 二 = all − 一 (everything in scope was received by 12-31), 三 = all − 四.
    rows = (
        queryset.filter(**{f"{received}__lte": end})
        .filter(Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gte": start}))
        .order_by()
        .values("applicant_type", "result_row")
        .annotate(
            all=Count("pk"),
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried_out=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
    )
    new, carried_in, carried_out = Counter(), Counter(), Counter()
    results: Counter = Counter()
    unclassified = Counter()
    applicant_keys = set(tables.T3_APPLICANT_KEYS)
    for row in rows:
        row["carried_in"] = row["all"] - row["new"]
        row["closed"] = row["all"] - row["carried_out"]
        column = row["applicant_type"]
        if column not in applicant_keys:
            # Unknown applicant type: counted under 其他 would be a guess; report it instead.
            unclassified[f"applicant_type={column!r}"] += row["new"] + row["carried_in"]
            continue
        new[column] += row["new"]
        carried_in[column] += row["carried_in"]
        carried_out[column] += row["carried_out"]
        if row["closed"]:
            if row["result_row"] in RESULT_ROW_KEYS:
                results[(column, row["result_row"])] += row["closed"]
            else:
                unclassified[column] += row["closed"]
    return {
        "new": dict(new),
        "carried_in": dict(carried_in),
        "results": dict(results),
        "carried_out": dict(carried_out),
        "unclassified": dict(unclassified),
    }


def application_table3(agency, year: int) -> tuple[tables.Table3, dict] | None:
    """Table 三 of `agency` for `year` from live applications, or None before applications merges.

    Returns the table and the ``unclassified`` counts (closed without a result row).
    """
    Application = get_model("applications", "Application")
    if Application is None:
        return None
    counts = table3_counts(Application.objects.filter(agency=agency), year)
    unclassified = counts.pop("unclassified")
    return tables.build_table3(**counts), unclassified


# --- Table 四 ------------------------------------------------------------------------------------

REVIEW_KINDS = [k for k, _ in tables.T4_GROUPS]


def table4_counts(queryset, year: int) -> dict[tuple[str, str], int]:
    """Counts per (kind, outcome) of the review cases to report for `year`.

    Cases filed in the year are reported with their outcome as at 12-31 (尚未审结 when not
    concluded by then). With ``GONGKAI_REPORTS_TABLE4_BASIS = "filed_or_concluded"`` cases filed
    earlier and concluded in the year are included as well [U: the 30号 text does not say].
    """
    start, end = year_bounds(year)
    scope = Q(filed_on__gte=start, filed_on__lte=end)
    if getattr(settings, "GONGKAI_REPORTS_TABLE4_BASIS", "filed") == "filed_or_concluded":
        scope |= Q(filed_on__lt=start, concluded_on__gte=start, concluded_on__lte=end)
    concluded = Q(concluded_on__isnull=False, concluded_on__lte=end)
    rows = (
        queryset.filter(scope)
        .order_by()
        .values("kind", "outcome")
        .annotate(
            concluded=Count("pk", filter=concluded),
            pending=Count("pk", filter=~concluded),
        )
    )
    counts: Counter = Counter()
    for row in rows:
        if row["kind"] not in REVIEW_KINDS:
            continue
        if row["concluded"]:
            outcome = row["outcome"] if row["outcome"] in tables.T4_OUTCOME_KEYS else "other"
            if outcome == "pending":
                outcome = "other"  # concluded but recorded as pending: not 尚未审结 at 12-31
            counts[(row["kind"], outcome)] += row["concluded"]
        counts[(row["kind"], "pending")] += row["pending"]
    return dict(counts)


def review_table4(agency, year: int) -> tables.Table4 | None:
    ReviewCase = get_model("applications", "ReviewCase")
    if ReviewCase is None:
        return None
    return tables.build_table4(table4_counts(ReviewCase.objects.filter(agency=agency), year))


# --- Section 六: 信息处理费 ------------------------------------------------------------------------


def collected_fees(agency, year: int) -> Decimal | None:
    """信息处理费 actually collected in `year` (元): fee notices paid in the year."""
    FeeNotice = get_model("applications", "FeeNotice")
    if FeeNotice is None:
        return None
    start, end = year_bounds(year)
    total = FeeNotice.objects.filter(
        application__agency=agency, paid_on__gte=start, paid_on__lte=end
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


# --- Table 二 ------------------------------------------------------------------------------------


def record_counts(queryset, year: int) -> dict[str, dict[str, int]]:
    """本年制发 / 本年废止 / 现行有效 of 规章 and 行政规范性文件 from records and their validity dates.

    * 制发: published (not withdrawn) records whose 成文日期 falls in the year;
    * 废止: records repealed in the year (and, with ``GONGKAI_REPORTS_COUNT_EXPIRED_AS_REPEALED``,
      records whose validity expired in the year) [U];
    * 现行有效 at 12-31: published, written by 12-31, in effect by then (or no effective date),
      neither repealed nor expired by 12-31.
    """
    start, end = year_bounds(year)
    repealed = Q(repealed_on__gte=start, repealed_on__lte=end)
    if getattr(settings, "GONGKAI_REPORTS_COUNT_EXPIRED_AS_REPEALED", False):
        repealed |= Q(expires_on__gte=start, expires_on__lte=end)
    # Published and not withdrawn (a withdrawn record was never validly issued).
    published = Q(published_at__isnull=False) & ~Q(status="withdrawn")
    in_force = (
        published
        & Q(written_on__lte=end)
        & (Q(effective_on__isnull=True) | Q(effective_on__lte=end))
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=end))
    )
    rows = (
        queryset.order_by()
        .values("record_type")
        .annotate(
            issued=Count("pk", filter=published & Q(written_on__gte=start, written_on__lte=end)),
            repealed=Count("pk", filter=repealed),
            in_force=Count("pk", filter=in_force),
        )
    )
    return {row["record_type"]: row for row in rows}


def records_table2_rows(agency, year: int) -> dict[str, dict[str, int]] | None:
    Record = get_model("records", "Record")
    if Record is None:
        return None
    from gongkai.records.models import RecordType  # lazy: merged later

    by_type = record_counts(
        Record.objects.filter(
            agency=agency, record_type__in=[RecordType.RULE, RecordType.NORMATIVE]
        ),
        year,
    )
    out = {}
    for key, record_type in (("rule", RecordType.RULE), ("normative", RecordType.NORMATIVE)):
        row = by_type.get(record_type, {})
        out[key] = {c: int(row.get(c, 0)) for c in ("issued", "repealed", "in_force")}
    return out


def publicity_counter():
    """`publicity.services.decision_counts`, or None before publicity merges."""
    try:
        from gongkai.publicity import services
    except ImportError:
        return None
    return getattr(services, "decision_counts", None)


def publicity_table2_rows(agency, year: int) -> dict[str, dict[str, int]] | None:
    counter = publicity_counter()
    if counter is None:
        return None
    counts = counter(agency, year)
    return {
        key: {"decisions": int(counts.get(key, 0))} for key in ("licence", "penalty", "coercion")
    }


# --- Statistics ----------------------------------------------------------------------------------


def application_fields() -> set[str]:
    Application = get_model("applications", "Application")
    if Application is None:
        return set()
    return {f.name for f in Application._meta.get_fields()}


APPLICANT_LABELS = dict(ApplicantType.choices)
