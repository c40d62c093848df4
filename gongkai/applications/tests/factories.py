"""Helpers for the applications tests (planted personal data is fictional)."""

from __future__ import annotations

import datetime

from gongkai.applications import services
from gongkai.applications.models import Channel

PLANTED_NAME = "欧阳青岚"
PLANTED_ID = "110101199003071233"
PLANTED_PHONE = "13912345678"


def applicant(**overrides) -> dict:
    values = {
        "applicant_type": "natural_person",
        "applicant_name": PLANTED_NAME,
        "id_type": "resident_id",
        "id_number": PLANTED_ID,
        "phone": PLANTED_PHONE,
        "email": "qinglan@example.invalid",
        "address": "示范区幸福路8号302室",
        "postcode": "200000",
    }
    values.update(overrides)
    return values


def request_info(**overrides) -> dict:
    values = {
        "info_title": "2025年度最低生活保障资金发放情况",
        "info_document_number": "",
        "info_description": "",
        "info_form": "electronic",
        "delivery": "email",
    }
    values.update(overrides)
    return values


def register(agency, actor, on: datetime.date, *, channel=Channel.IN_PERSON, **kwargs):
    application, _code = services.register_application(
        agency=agency,
        channel=channel,
        submitted_on=on,
        applicant=kwargs.pop("applicant", None) or applicant(),
        request_info=kwargs.pop("request_info", None) or request_info(),
        actor=actor,
        **kwargs,
    )
    return application
