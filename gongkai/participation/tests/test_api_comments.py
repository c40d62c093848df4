"""The API serves a decision's published comments on their own paginated endpoint; the decision
detail carries only their count, so its size and cost do not grow with the comments."""

from __future__ import annotations

import pytest

from gongkai.participation import services
from gongkai.participation.models import Moderation

from .factories import comment, draft, opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(agency, clerk, reviewer):
    """An open consultation with 25 published comments, one withheld and one rejected."""
    decision = opened(agency, clerk, reviewer)
    for i in range(25):
        c = comment(decision, text=f"第{i:02d}条意见，电话13912345678", name="慕容秋水")
        services.moderate_comment(c, actor=clerk, status=Moderation.PUBLISHED)
    for status in (Moderation.WITHHELD, Moderation.REJECTED):
        c = comment(decision, text=f"{status}的意见")
        services.moderate_comment(c, actor=clerk, status=status)
    comment(decision, text="尚未审核的意见")
    return decision


def test_detail_has_the_count_and_the_address_of_the_comments_not_the_comments(
    client, decision, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        detail = client.get(f"/api/v1/decisions/{decision.pk}").json()
    assert "comments" not in detail
    assert detail["consultation"]["published_comments"] == 25
    assert detail["comments_url"] == f"/api/v1/decisions/{decision.pk}/comments"


def test_published_comments_are_paginated_masked_and_in_order(client, decision):
    url = f"/api/v1/decisions/{decision.pk}/comments"
    first = client.get(url, {"limit": 10}).json()
    assert first["count"] == 25 and len(first["items"]) == 10
    last = client.get(url, {"limit": 10, "offset": 20}).json()
    assert [c["text"][:5] for c in last["items"]] == [f"第{i:02d}条意" for i in range(20, 25)]
    everything = client.get(url, {"limit": 100}).json()["items"]
    assert [c["text"][:5] for c in everything] == [f"第{i:02d}条意" for i in range(25)]
    # Masked name and text; no contact field; withheld, rejected and pending ones never shown.
    assert {c["name"] for c in everything} == {"慕**水"}
    assert set(everything[0]) == {"name", "received_on", "text"}
    body = client.get(url, {"limit": 100}).content.decode()
    hidden = [f"{Moderation.WITHHELD}的意见", f"{Moderation.REJECTED}的意见", "尚未审核的意见"]
    for secret in ("13912345678", "慕容秋水", *hidden):
        assert secret not in body


def test_comments_of_a_decision_that_is_not_public_are_404(client, agency, clerk):
    unpublished = draft(agency, clerk)
    assert client.get(f"/api/v1/decisions/{unpublished.pk}/comments").status_code == 404
    assert client.get("/api/v1/decisions/999999/comments").status_code == 404
