"""意见采纳情况反馈: the counts come from the moderated comments and their classification; nobody
types them. Feedback cannot be published while comments wait for moderation or sorting, and
every theme with unadopted opinions must give reasons."""

from __future__ import annotations

import datetime

import pytest

from gongkai.participation import services
from gongkai.participation.models import Disposition, Moderation, Stage, Step

from .factories import at, closed, comment, opened, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency, clerk, reviewer):
    """A closed consultation with six comments, still to be moderated."""
    decision = opened(agency, clerk, reviewer)
    on = at(today())
    comments = [comment(decision, text=f"编号Q{i}的建议", now=on) for i in range(6)]
    services.close_due_consultations(
        today=decision.consultation.closes_on + datetime.timedelta(days=1)
    )
    decision.refresh_from_db()
    return decision, comments


def _sort(decision, comments, clerk):
    lift = services.save_theme(decision, actor=clerk, title="补贴标准", response="")
    flow = services.save_theme(decision, actor=clerk, title="审批流程", response="已采纳。")
    plan = [
        (Moderation.PUBLISHED, lift, Disposition.ADOPTED),
        (Moderation.PUBLISHED, lift, Disposition.NOT_ADOPTED),
        (Moderation.WITHHELD, lift, Disposition.PARTLY),
        (Moderation.PUBLISHED, flow, Disposition.ADOPTED),
        (Moderation.REJECTED, None, ""),
        (Moderation.REJECTED, None, ""),
    ]
    for c, (status, theme, disposition) in zip(comments, plan, strict=True):
        services.moderate_comment(c, actor=clerk, status=status)
        if theme:
            services.classify_comment(c, actor=clerk, theme=theme, disposition=disposition)
    return lift, flow


def test_counts_are_computed_from_moderated_comments(case, clerk, reviewer, client):
    decision, comments = case
    lift, flow = _sort(decision, comments, clerk)
    services.save_theme(
        decision, actor=clerk, theme=lift, title="补贴标准", response="受财力限制，暂不提高。"
    )
    services.save_feedback_summary(decision, actor=clerk, summary="共收到意见4条。")
    services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)
    services.approve_step(decision, actor=reviewer)
    decision.refresh_from_db()
    assert decision.stage == Stage.FEEDBACK
    rows, totals = services.feedback_table(decision.consultation)
    assert totals == {"received": 4, "adopted": 2, "partly": 1, "not_adopted": 1}
    by_title = {theme.title: n for theme, n in rows}
    assert by_title["补贴标准"] == {"received": 3, "adopted": 1, "partly": 1, "not_adopted": 1}
    assert by_title["审批流程"] == {"received": 1, "adopted": 1, "partly": 0, "not_adopted": 0}
    api = client.get(f"/api/v1/decisions/{decision.pk}").json()
    assert api["feedback"]["received"] == 4 and api["feedback"]["not_adopted"] == 1
    assert {t["title"]: t["received"] for t in api["feedback"]["themes"]} == {
        "补贴标准": 3,
        "审批流程": 1,
    }
    # Withheld comments count but are not shown; rejected ones neither count nor show.
    assert api["consultation"]["published_comments"] == 3
    shown = client.get(f"/api/v1/decisions/{decision.pk}/comments").json()["items"]
    assert [c["text"] for c in shown] == ["编号Q0的建议", "编号Q1的建议", "编号Q3的建议"]
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "受财力限制，暂不提高。" in page and "编号Q2" not in page and "编号Q4" not in page


def test_counts_follow_a_later_moderation_change_before_publication(case, clerk):
    decision, comments = case
    _sort(decision, comments, clerk)
    assert decision.consultation.comments.tally()["received"] == 4
    services.moderate_comment(comments[0], actor=clerk, status=Moderation.REJECTED)
    assert decision.consultation.comments.tally() == {
        "received": 3,
        "adopted": 1,
        "partly": 1,
        "not_adopted": 1,
    }


def test_feedback_refused_while_comments_wait_for_moderation(case, clerk):
    decision, _ = case
    services.save_feedback_summary(decision, actor=clerk, summary="说明")
    with pytest.raises(services.Refused, match="6 条意见未审核"):
        services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)


def test_feedback_refused_while_counted_comments_are_unsorted(case, clerk):
    decision, comments = case
    for c in comments:
        services.moderate_comment(c, actor=clerk, status=Moderation.PUBLISHED)
    services.save_feedback_summary(decision, actor=clerk, summary="说明")
    with pytest.raises(services.Refused, match="归入意见类别"):
        services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)


def test_unadopted_opinions_need_reasons(case, clerk):
    decision, comments = case
    _sort(decision, comments, clerk)
    services.save_feedback_summary(decision, actor=clerk, summary="说明")
    with pytest.raises(services.Refused) as exc:
        services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)
    assert "补贴标准" in exc.value.message_dict["response"][0]


def test_feedback_freezes_classification(case, clerk, reviewer):
    decision, comments = case
    lift, _ = _sort(decision, comments, clerk)
    services.save_theme(decision, actor=clerk, theme=lift, title="补贴标准", response="理由。")
    services.save_feedback_summary(decision, actor=clerk, summary="说明")
    services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)
    with pytest.raises(services.Refused, match="已提交审核"):
        services.classify_comment(comments[0], actor=clerk, theme=lift, disposition="partly")
    services.approve_step(decision, actor=reviewer)
    with pytest.raises(services.Refused):
        services.moderate_comment(comments[0], actor=clerk, status=Moderation.REJECTED)
    assert decision.consultation.comments.tally()["received"] == 4


def test_empty_consultation_can_report_no_comments(agency, clerk, reviewer):
    decision = closed(agency, clerk, reviewer)
    services.save_feedback_summary(decision, actor=clerk, summary="征求意见期间未收到意见。")
    services.submit_step(decision, actor=clerk, step=Step.PUBLISH_FEEDBACK)
    services.approve_step(decision, actor=reviewer)
    assert services.feedback_table(decision.consultation)[1]["received"] == 0
