"""政府开放日: registration with a checked mobile number, one place per number, capacity never
exceeded (also under concurrent registrations on file SQLite and PostgreSQL), cancellation."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection

from conftest import requires_postgres
from gongkai.participation import services
from gongkai.participation.models import OpenDay, Registration, RegistrationStatus

from .factories import at, today

DAY = datetime.timedelta(days=1)


def _open_day(agency, clerk, head, capacity=3) -> OpenDay:
    now = at(today())
    day = services.save_open_day(
        actor=clerk,
        agency=agency,
        data={
            "title": "走进区社会福利院",
            "description": "参观生活区和康复训练室。",
            "starts_at": now + 10 * DAY,
            "ends_at": now + 10 * DAY + datetime.timedelta(hours=2),
            "place": "示范区福寿路66号",
            "capacity": capacity,
            "registration_closes_at": now + 8 * DAY,
            "report": "",
        },
    )
    return services.publish_open_day(day, actor=head)


@pytest.mark.django_db
def test_capacity_is_never_exceeded(agency, clerk, head):
    day = _open_day(agency, clerk, head, capacity=3)
    for i in range(3):
        services.register(day, name=f"市民{i}", mobile=f"1391234567{i}")
    with pytest.raises(services.Refused, match="名额已满"):
        services.register(day, name="迟到者", mobile="13912345679")
    day.refresh_from_db()
    assert day.booked == 3 == day.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


@pytest.mark.django_db
def test_mobile_is_checked_and_used_once(agency, clerk, head):
    day = _open_day(agency, clerk, head)
    for bad in ("", "1391234567", "23912345678", "139-1234-567a"):
        with pytest.raises(services.Refused) as exc:
            services.register(day, name="张三", mobile=bad)
        assert "手机号码" in exc.value.message_dict["mobile"][0]
    with pytest.raises(services.Refused) as exc:
        services.register(day, name="", mobile="13912345678")
    assert "姓名" in exc.value.message_dict["name"][0]
    services.register(day, name="张三", mobile="139 1234 5678")
    with pytest.raises(services.Refused, match="已报名"):
        services.register(day, name="张三丰", mobile="13912345678")
    day.refresh_from_db()
    assert day.booked == 1


@pytest.mark.django_db
def test_cancellation_frees_the_place(agency, clerk, head):
    day = _open_day(agency, clerk, head, capacity=1)
    registration, code = services.register(day, name="张三", mobile="13912345678")
    with pytest.raises(services.Refused, match="不正确"):
        services.cancel_registration_by_code(number=registration.number, code="WRONG123")
    services.cancel_registration_by_code(number=registration.number, code=code.lower())
    day.refresh_from_db()
    assert day.booked == 0
    with pytest.raises(services.Refused, match="已取消"):
        services.cancel_registration_by_code(number=registration.number, code=code)
    # The same person may register again once the first registration is cancelled.
    services.register(day, name="张三", mobile="13912345678")
    day.refresh_from_db()
    assert day.booked == 1


@pytest.mark.django_db
def test_registration_closes_and_draft_or_cancelled_events_take_none(agency, clerk, head):
    day = _open_day(agency, clerk, head)
    with pytest.raises(services.Refused, match="报名已截止"):
        services.register(day, name="张三", mobile="13912345678", now=day.registration_closes_at)
    services.cancel_open_day(day, actor=head, reason="天气原因。")
    with pytest.raises(services.Refused, match="不在报名中"):
        services.register(day, name="张三", mobile="13912345678")


@pytest.mark.django_db
def test_capacity_cannot_drop_below_bookings(agency, clerk, head):
    day = _open_day(agency, clerk, head, capacity=2)
    services.register(day, name="张三", mobile="13912345678")
    services.register(day, name="李四", mobile="13912345679")
    with pytest.raises(services.Refused) as exc:
        services.save_open_day(actor=clerk, open_day=day, data={"capacity": 1})
    assert "名额" in exc.value.message_dict["capacity"][0]


@pytest.mark.django_db
def test_staff_list_is_masked_until_revealed_with_an_audit_event(agency, clerk, head, login):
    from gongkai.core.models import AuditEvent

    day = _open_day(agency, clerk, head)
    services.register(day, name="欧阳明轩", mobile="13812345678")
    client = login(clerk)
    page = client.get(f"/staff/participation/open-days/{day.pk}/").content.decode()
    assert "欧阳明轩" not in page and "13812345678" not in page
    assert "欧**轩" in page and "138****5678" in page
    page = client.post(f"/staff/participation/open-days/{day.pk}/", {"action": "reveal"})
    assert "13812345678" in page.content.decode()
    assert AuditEvent.objects.filter(action="participation.open_day.view_personal_data").exists()


@pytest.mark.django_db
def test_public_registration_shows_the_code_once(agency, clerk, head, client):
    import re

    from django.core import signing

    from gongkai.applications import antispam

    day = _open_day(agency, clerk, head)
    page = client.get(day.get_absolute_url()).content.decode()
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    answer = signing.TimestampSigner(salt=antispam.SALT).unsign_object(token)["a"]
    response = client.post(
        day.get_absolute_url(),
        {
            "name": "张三",
            "mobile": "13912345678",
            "consent": "on",
            "challenge": str(answer),
            "challenge_token": token,
            "website": "",
        },
    )
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    registration = Registration.objects.get()
    assert registration.number in done
    assert client.get(response["Location"]).status_code == 302  # shown once
    assert "张三" not in client.get(day.get_absolute_url()).content.decode()


def _register_concurrently(day, n):
    barrier = threading.Barrier(n)
    outcomes = []

    def attempt(i):
        try:
            barrier.wait(timeout=30)
            services.register(day, name=f"市民{i}", mobile=f"139{i:08d}")
            outcomes.append("ok")
        except services.Refused:
            outcomes.append("full")
        except Exception as exc:  # collected and asserted below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _concurrency(agency, clerk, head, *, capacity, attempts):
    day = _open_day(agency, clerk, head, capacity=capacity)
    outcomes = _register_concurrently(day, attempts)
    assert sorted(set(outcomes)) == ["full", "ok"], outcomes
    assert outcomes.count("ok") == capacity
    day.refresh_from_db()
    confirmed = Registration.objects.filter(open_day=day, status=RegistrationStatus.CONFIRMED)
    assert day.booked == capacity == confirmed.count()


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_never_overbook_on_postgres(agency, clerk, head):
    _concurrency(agency, clerk, head, capacity=10, attempts=30)


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
def test_concurrent_registrations_never_overbook_on_sqlite(agency, clerk, head):
    _concurrency(agency, clerk, head, capacity=5, attempts=15)
