"""Builders for participation tests: decisions taken through the real services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.participation import services
from gongkai.participation.models import Decision, Step

TZ = datetime.timezone(datetime.timedelta(hours=8))


def today() -> datetime.date:
    return timezone.localdate()


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def draft(agency, actor, *, opens_on=None, closes_on=None, **data) -> Decision:
    opens_on = opens_on or today()
    values = {
        "title": "示范区社区养老服务设施布局规划",
        "decision_body": "示范区人民政府",
        "summary": "区民政局起草了布局规划，现公开征求意见。",
        "draft_text": "第一条 为完善养老服务网络，制定本规划。\n第二条 本规划自发布之日起施行。",
        "explanation": "起草说明。",
        "opens_on": opens_on,
        "closes_on": closes_on or opens_on + datetime.timedelta(days=30),
        "shortened_reason": "",
        "other_channels": "",
    }
    values.update(data)
    return services.create_decision(agency=agency, actor=actor, data=values)


def opened(agency, clerk, reviewer, **kwargs) -> Decision:
    """A decision whose consultation is published (open today unless dates say otherwise)."""
    decision = draft(agency, clerk, **kwargs)
    services.submit_step(decision, actor=clerk, step=Step.OPEN_CONSULTATION)
    return services.approve_step(decision, actor=reviewer)


def comment(decision, *, text="建议增加长者食堂的晚餐供应。", name="", phone="13912345678", **kw):
    return services.submit_comment(decision, name=name, phone=phone, text=text, **kw)


def closed(agency, clerk, reviewer, **kwargs) -> Decision:
    """An opened decision moved past its close date by the tick service."""
    decision = opened(agency, clerk, reviewer, **kwargs)
    services.close_due_consultations(
        today=decision.consultation.closes_on + datetime.timedelta(days=1)
    )
    decision.refresh_from_db()
    return decision
