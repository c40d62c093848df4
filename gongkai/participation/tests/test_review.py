"""Findings of the review of the participation slice: bounded queries on the staff lists that
grow with public input, pagination of registrants and questions."""

from __future__ import annotations

import datetime

import pytest

from gongkai.participation import services
from gongkai.participation.models import Moderation

from .factories import comment, opened, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _moderated_comments(decision, reviewer, n):
    theme = services.save_theme(decision, actor=reviewer, title="养老设施")
    for i in range(n):
        c = comment(decision, text=f"第{i}条意见：建议增加长者食堂。", phone=f"139{i:08d}")
        services.moderate_comment(c, actor=reviewer, status=Moderation.PUBLISHED)
        services.classify_comment(c, actor=reviewer, theme=theme, disposition="adopted")


def test_staff_comment_page_queries_do_not_grow_with_comments(
    agency, clerk, reviewer, login, django_assert_max_num_queries
):
    decision = opened(agency, clerk, reviewer, opens_on=today(), closes_on=today() + 30 * DAY)
    _moderated_comments(decision, reviewer, 3)
    client = login(reviewer)
    url = f"/staff/participation/decisions/{decision.pk}/comments/"
    assert client.get(url).status_code == 200
    for i in range(20):
        c = comment(decision, text=f"补充意见{i}", phone=f"138{i:08d}")
        services.moderate_comment(c, actor=reviewer, status=Moderation.PUBLISHED)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="staff-comment"') == 23
