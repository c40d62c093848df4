"""JSON Lines import/export: round trip, all-or-nothing with line numbers."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.applications import services
from gongkai.applications.models import Application

from .factories import register
from .test_deadlines import at

D = datetime.date
pytestmark = pytest.mark.django_db


def _history(agency, clerk, head):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 9, 24)):
        event = services.start_consultation(
            application, party="third_party", party_name="某公司", on=D(2026, 9, 24), actor=clerk
        )
    with at(D(2026, 10, 9)):
        services.record_consultation_answer(
            application,
            consultation_id=event.pk,
            on=D(2026, 10, 9),
            outcome="consents",
            actor=clerk,
        )
        services.extend_deadline(
            application, on=D(2026, 10, 9), days=5, reason="档案调取", actor=head
        )
        services.reply_to_application(
            application, on=D(2026, 10, 9), reply_type="granted", actor=clerk
        )
        services.record_review_case(
            application, kind="litigation_direct", filed_on=D(2026, 10, 9), actor=clerk
        )
    return application


def test_round_trip(tmp_path, agency, clerk, head):
    original = _history(agency, clerk, head)
    path = tmp_path / "apps.jsonl"
    call_command("applications", "export", str(path))
    expected = {
        f: getattr(Application.objects.get(), f)
        for f in ("received_on", "due_on", "closed_on", "result_row", "status", "applicant_key")
    }
    from gongkai.applications.models import ReviewCase

    ReviewCase.objects.all().delete()
    Application.objects.all().delete()
    call_command("applications", "import", str(path))
    imported = Application.objects.get(tracking_number=original.tracking_number)
    assert {f: getattr(imported, f) for f in expected} == expected
    assert imported.due_on == D(2026, 11, 9)  # 2 Nov after the pause, plus 5 working days
    assert imported.review_cases.get().kind == "litigation_direct"


def test_bad_line_changes_nothing(tmp_path, agency, clerk, head):
    _history(agency, clerk, head)
    path = tmp_path / "apps.jsonl"
    call_command("applications", "export", str(path))
    good = path.read_text(encoding="utf-8").splitlines()[0]
    row = json.loads(good)
    row["tracking_number"] = "YSQ-NEW-1"
    bad = dict(row, tracking_number="YSQ-NEW-2", agency="nope")
    path.write_text(
        json.dumps(row, ensure_ascii=False)
        + "\n"
        + json.dumps(bad, ensure_ascii=False)
        + "\n{oops\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as info:
        call_command("applications", "import", str(path))
    message = str(info.value)
    assert "第2行" in message and "agency" in message and "第3行" in message
    assert Application.objects.count() == 1
