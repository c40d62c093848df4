"""Replies: each maps to exactly one table 三 row; withheld parts need a legal ground."""

from __future__ import annotations

import datetime

import pytest

from gongkai.applications import services
from gongkai.applications.models import ReplyType, Status
from gongkai.applications.services import ProcedureError, result_row_for
from gongkai.core.legal import RESULT_ROW_KEYS, ResultRow, WithholdingGround

from .factories import register
from .test_deadlines import at

D = datetime.date
pytestmark = pytest.mark.django_db


def test_every_reply_type_maps_to_one_leaf_row():
    for reply_type in ReplyType.values:
        ground = "third_party" if reply_type == ReplyType.WITHHELD else ""
        assert result_row_for(reply_type, ground) in RESULT_ROW_KEYS
    for ground in WithholdingGround.values:
        assert result_row_for("withheld", ground) == f"withheld.{ground}"
    assert result_row_for("not_ours") == ResultRow.UNABLE_NOT_HELD
    assert result_row_for("repeated") == ResultRow.NOT_PROCESSED_REPEATED


def test_withheld_reply_without_ground_is_refused(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
    with at(D(2026, 9, 30)):
        with pytest.raises(ProcedureError, match="法定理由"):
            services.reply_to_application(
                application, on=D(2026, 9, 30), reply_type="withheld", actor=clerk
            )
        with pytest.raises(ProcedureError, match="法定理由"):
            services.reply_to_application(
                application, on=D(2026, 9, 30), reply_type="partial", actor=clerk
            )
    application.refresh_from_db()
    assert application.status == Status.PROCESSING and application.result_row == ""
    assert not application.events.filter(kind="replied").exists()
    with at(D(2026, 9, 30)):
        services.reply_to_application(
            application,
            on=D(2026, 9, 30),
            reply_type="partial",
            ground="third_party",
            reasons="涉及个人隐私的部分已作区分处理。",
            actor=clerk,
        )
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    assert application.result_row == ResultRow.PARTIAL
    assert application.closed_on == D(2026, 9, 30)
    letter = application.letters.get(kind="reply")
    assert "第三十七条" in letter.body and "第十五条" in letter.body
    assert "六十日内" in letter.body  # the remedy sentence


def test_already_public_needs_the_pointer(agency, clerk, reviewer):
    from gongkai.records.tests.helpers import draft, published

    with at(D(2026, 9, 21)):
        record = published(agency, clerk, reviewer)
        unpublished = draft(agency, clerk, title="尚未公开的文件")
        application = register(agency, clerk, D(2026, 9, 21))
        with pytest.raises(ProcedureError, match="索引号或网址"):
            services.reply_to_application(
                application, on=D(2026, 9, 21), reply_type="already_public", actor=clerk
            )
        # A 索引号 that is not a public record is refused, naming it.
        for wrong in ["MZJ-2026-00012", str(unpublished.pk)]:
            with pytest.raises(ProcedureError, match="不存在或尚未主动公开"):
                services.reply_to_application(
                    application,
                    on=D(2026, 9, 21),
                    reply_type="already_public",
                    public_index_no=wrong,
                    actor=clerk,
                )
        services.reply_to_application(
            application,
            on=D(2026, 9, 21),
            reply_type="already_public",
            public_index_no=record.index_no,
            actor=clerk,
        )
    application.refresh_from_db()
    assert application.result_row == ResultRow.GRANTED
    body = application.letters.get(kind="reply").body
    assert record.index_no in body
    reply = application.events.get(kind="replied")
    assert reply.data["public_url"].endswith(record.get_absolute_url())


def test_still_unclear_only_after_correction(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
        with pytest.raises(ProcedureError, match="补正后"):
            services.reply_to_application(
                application, on=D(2026, 9, 21), reply_type="still_unclear", actor=clerk
            )


def test_withdrawal_counts_as_other(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
        services.withdraw_application(application, on=D(2026, 9, 21), actor=clerk)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.result_row == ResultRow.OTHER_OTHER
    with at(D(2026, 9, 22)), pytest.raises(ProcedureError):
        services.reply_to_application(
            application, on=D(2026, 9, 22), reply_type="granted", actor=clerk
        )


def test_review_cases_for_table_four(agency, clerk):
    from gongkai.applications.models import ReviewCase

    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
        services.reply_to_application(
            application,
            on=D(2026, 9, 21),
            reply_type="withheld",
            ground="process_info",
            actor=clerk,
        )
    with at(D(2026, 10, 20)):
        case = services.record_review_case(
            application, kind="reconsideration", filed_on=D(2026, 10, 20), actor=clerk
        )
        assert case.outcome == "pending"
        services.conclude_review_case(
            case, outcome="upheld", concluded_on=D(2026, 10, 20), actor=clerk
        )
    case = ReviewCase.objects.get()
    assert (case.kind, case.outcome, case.concluded_on, case.agency) == (
        "reconsideration",
        "upheld",
        D(2026, 10, 20),
        agency,
    )


def test_disclosing_over_a_third_party_objection_needs_a_public_interest_reason(agency, clerk):
    with at(D(2026, 9, 21)):
        application = register(agency, clerk, D(2026, 9, 21))
        event = services.start_consultation(
            application, party="third_party", party_name="某公司", on=D(2026, 9, 21), actor=clerk
        )
    with at(D(2026, 9, 24)):
        services.record_consultation_answer(
            application, consultation_id=event.pk, on=D(2026, 9, 24), outcome="objects", actor=clerk
        )
        with pytest.raises(ProcedureError, match="公共利益"):
            services.reply_to_application(
                application, on=D(2026, 9, 24), reply_type="granted", actor=clerk
            )
        services.reply_to_application(
            application,
            on=D(2026, 9, 24),
            reply_type="granted",
            reasons="不公开可能对公共利益造成重大影响，已书面告知第三方。",
            actor=clerk,
        )
    application.refresh_from_db()
    assert application.result_row == ResultRow.GRANTED
