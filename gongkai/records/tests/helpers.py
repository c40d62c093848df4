"""Small builders for records tests."""

from __future__ import annotations

import datetime

from gongkai.core.legal import DisclosureAttribute
from gongkai.records import services
from gongkai.records.models import Record, RecordType, Topic


def draft(agency, actor, **data) -> Record:
    values = {
        "title": "关于做好2026年社会救助工作的通知",
        "record_type": RecordType.NOTICE,
        "attribute": DisclosureAttribute.PROACTIVE,
        "written_on": datetime.date(2026, 3, 2),
        "topic": Topic.objects.get(code="1703"),
        "body": "<p>正文</p>",
    }
    values.update(data)
    return services.create_record(agency=agency, actor=actor, data=values)


def reviewed(agency, clerk, reviewer, **data) -> Record:
    record = draft(agency, clerk, **data)
    services.submit_record(record, actor=clerk)
    return services.review_record(record, actor=reviewer, secrecy_checked=True)


def published(agency, clerk, reviewer, **data) -> Record:
    record = reviewed(agency, clerk, reviewer, **data)
    return services.publish_record(record, actor=clerk)
