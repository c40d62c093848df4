"""索引号: format, uniqueness, and gapless numbering per agency and year, also under
concurrent publication."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection

from conftest import requires_postgres
from gongkai.records import services
from gongkai.records.models import IndexCounter, Record

from .helpers import reviewed

TZ = datetime.timezone(datetime.timedelta(hours=8))


@pytest.mark.django_db
def test_format_and_gapless_sequence(agency, other_agency, clerk, reviewer, other_clerk):
    from gongkai.orgs.models import Membership, Role

    Membership.objects.create(user=reviewer, agency=other_agency, role=Role.REVIEWER)
    a1 = reviewed(agency, clerk, reviewer)
    a2 = reviewed(agency, clerk, reviewer)
    b1 = reviewed(other_agency, other_clerk, reviewer)
    late_2025 = reviewed(agency, clerk, reviewer)
    services.publish_record(a1, actor=clerk, now=datetime.datetime(2026, 1, 5, 10, tzinfo=TZ))
    services.publish_record(b1, actor=other_clerk, now=datetime.datetime(2026, 1, 5, 11, tzinfo=TZ))
    services.publish_record(a2, actor=clerk, now=datetime.datetime(2026, 1, 6, 10, tzinfo=TZ))
    # 2025-12-31 23:30 in Beijing is still 2025 (the year is taken in local time).
    services.publish_record(
        late_2025, actor=clerk, now=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=TZ)
    )
    for r in (a1, a2, b1, late_2025):
        r.refresh_from_db()
    assert a1.index_no == f"{agency.uscc}/2026-00001"
    assert a2.index_no == f"{agency.uscc}/2026-00002"
    assert b1.index_no == f"{other_agency.uscc}/2026-00001"
    assert late_2025.index_no == f"{agency.uscc}/2025-00001"
    assert IndexCounter.objects.get(agency=agency, year=2026).last == 2
    # The public page answers at the 索引号.
    assert a1.get_absolute_url() == f"/records/{agency.uscc}/2026-00001/"


@pytest.mark.django_db
def test_index_format_is_configurable(agency, clerk, reviewer, settings):
    settings.GONGKAI_RECORDS_INDEX_FORMAT = "{uscc}/{year}{serial:06d}"
    record = services.publish_record(reviewed(agency, clerk, reviewer), actor=clerk)
    assert record.index_no.endswith("000001") and "/20" in record.index_no


@pytest.mark.django_db
def test_failed_publication_does_not_consume_a_number(agency, clerk, reviewer):
    from gongkai.records.models import RecordType

    bad = reviewed(agency, clerk, reviewer, record_type=RecordType.NORMATIVE)
    with pytest.raises(Exception):  # noqa: B017 - the ValidationError is tested elsewhere
        services.publish_record(bad, actor=clerk)
    good = services.publish_record(reviewed(agency, clerk, reviewer), actor=clerk)
    assert good.index_no.endswith("-00001")


def _publish_concurrently(agency, clerk, reviewer, n):
    pks = [reviewed(agency, clerk, reviewer, title=f"并发{i}").pk for i in range(n)]
    barrier = threading.Barrier(len(pks))
    errors = []

    def publish(pk):
        try:
            record = Record.objects.get(pk=pk)
            barrier.wait(timeout=30)
            services.publish_record(record, actor=clerk)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in pks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    rows = Record.objects.filter(pk__in=pks)
    numbers = sorted(rows.values_list("index_serial", flat=True))
    assert numbers == list(range(1, n + 1))
    assert rows.values("index_no").distinct().count() == n
    assert IndexCounter.objects.get(agency=agency).last == n


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_publications_get_fifty_consecutive_numbers(agency, clerk, reviewer):
    _publish_concurrently(agency, clerk, reviewer, 50)


def _sqlite_file_database() -> bool:
    db = settings.DATABASES["default"]
    test_name = (db.get("TEST") or {}).get("NAME")
    return db["ENGINE"].endswith("sqlite3") and bool(test_name)


@pytest.mark.skipif(
    not _sqlite_file_database(),
    reason="needs a file-based SQLite test database (GONGKAI_TEST_SQLITE_FILE=1): the in-memory "
    "test database has table locks instead of WAL and IMMEDIATE transactions",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publications_on_sqlite(agency, clerk, reviewer):
    _publish_concurrently(agency, clerk, reviewer, 20)
