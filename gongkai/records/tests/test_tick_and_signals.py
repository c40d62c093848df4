"""Scheduled publication by `gongkai tick`, expiry of validity, and `record_changed` after commit."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.records import services, tick
from gongkai.records.models import Record, Status, Validity
from gongkai.records.signals import record_changed

from .helpers import published, reviewed

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=8))


def test_scheduled_record_is_published_by_tick(agency, clerk, reviewer):
    with time_machine.travel(datetime.datetime(2026, 5, 6, 9, tzinfo=TZ), tick=False):
        record = reviewed(agency, clerk, reviewer)
        at = datetime.datetime(2026, 5, 7, 8, tzinfo=TZ)
        services.schedule_record(record, actor=clerk, at=at)
        with pytest.raises(ValidationError):
            services.schedule_record(
                record, actor=clerk, at=datetime.datetime(2026, 5, 1, tzinfo=TZ)
            )
        out = io.StringIO()
        tick.run(now=timezone.now(), stdout=out)
        record.refresh_from_db()
        assert record.status == Status.REVIEWED
    tick.run(now=datetime.datetime(2026, 5, 7, 8, 5, tzinfo=TZ), stdout=out)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.published_at == datetime.datetime(2026, 5, 7, 8, 5, tzinfo=TZ)
    assert record.index_no.endswith("2026-00001")
    assert "定时发布 1 条" in out.getvalue()


def test_tick_expires_records(agency, clerk, reviewer):
    record = published(agency, clerk, reviewer, expires_on=datetime.date(2026, 1, 31))
    tick.run(now=datetime.datetime(2026, 2, 1, 1, tzinfo=TZ), stdout=io.StringIO())
    record.refresh_from_db()
    assert record.validity == Validity.EXPIRED


def test_record_changed_is_sent_after_commit(
    agency, clerk, reviewer, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, record_id, **kwargs):
        received.append((record_id, Record.objects.get(pk=record_id).status))

    record_changed.connect(receiver)
    try:
        record = reviewed(agency, clerk, reviewer)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.publish_record(record, actor=clerk)
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert received == [(record.pk, Status.PUBLISHED)]
        with django_capture_on_commit_callbacks(execute=True):
            services.withdraw_record(record, actor=reviewer, notice="撤回")
        assert received[-1] == (record.pk, Status.WITHDRAWN)
    finally:
        record_changed.disconnect(receiver)
