"""The first publication of a guide needs a second person, like a change to a published one: a
审核人 or 机构负责人 who neither created the guide nor made its last change publishes it."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.models import AuditEvent
from gongkai.services import services
from gongkai.services.models import GuideState

from .factories import COMPLETE, MATERIALS, guide

pytestmark = pytest.mark.django_db


def _publish_events(g):
    return AuditEvent.objects.filter(target_id=str(g.pk), action="services.guide.publish")


def test_a_reviewer_cannot_publish_a_guide_they_wrote(agency, reviewer, head):
    g = services.create_guide(actor=reviewer, agency=agency, data=COMPLETE, materials=MATERIALS)
    with pytest.raises(PermissionDenied, match="不能发布自己编写的办事指南"):
        services.publish_guide(g, actor=reviewer)
    g.refresh_from_db()
    assert g.state == GuideState.DRAFT and g.published_at is None
    assert not _publish_events(g).exists()
    services.publish_guide(g, actor=head)
    g.refresh_from_db()
    assert g.state == GuideState.PUBLISHED
    assert list(_publish_events(g).values_list("actor_id", flat=True)) == [head.pk]


def test_the_last_editor_of_a_draft_cannot_publish_it(agency, clerk, reviewer, head):
    g = services.create_guide(actor=clerk, agency=agency, data=COMPLETE, materials=MATERIALS)
    services.update_guide(g, actor=reviewer, data={"fee": "工本费 5 元"})
    with pytest.raises(PermissionDenied, match="其他审核人或机构负责人"):
        services.publish_guide(g, actor=reviewer)
    # Once someone else has made the last change, the reviewer checks it and may publish.
    services.update_guide(g, actor=head, data={"fee": "不收费"})
    with pytest.raises(PermissionDenied):
        services.publish_guide(g, actor=head)
    services.publish_guide(g, actor=reviewer)
    g.refresh_from_db()
    assert g.state == GuideState.PUBLISHED and g.fee == "不收费"


def test_the_author_cannot_publish_it_again_after_a_withdrawal(agency, reviewer, head):
    g = services.create_guide(actor=reviewer, agency=agency, data=COMPLETE, materials=MATERIALS)
    services.publish_guide(g, actor=head)
    services.withdraw_guide(g, actor=reviewer, reason="事项调整")
    with pytest.raises(PermissionDenied):
        services.publish_guide(g, actor=reviewer)
    services.publish_guide(g, actor=head)
    assert _publish_events(g).count() == 2


def test_a_guide_without_a_recorded_author_has_no_restriction(agency, reviewer):
    g = guide(agency, state=GuideState.DRAFT)  # loaded directly: no created_by, no edited_by
    assert g.created_by_id is None and g.edited_by_id is None
    services.publish_guide(g, actor=reviewer)
    g.refresh_from_db()
    assert g.state == GuideState.PUBLISHED


def test_the_staff_page_tells_the_author_who_must_publish(login, agency, reviewer, head):
    g = services.create_guide(actor=reviewer, agency=agency, data=COMPLETE, materials=MATERIALS)
    url = f"/staff/services/guides/{g.pk}/"
    client = login(reviewer)
    page = client.get(url).content.decode()
    assert "须由本机构其他审核人或机构负责人发布" in page
    assert f"/staff/services/guides/{g.pk}/publish/" not in page
    response = client.post(f"/staff/services/guides/{g.pk}/publish/", follow=True)
    assert "不能发布自己编写的办事指南" in response.content.decode()
    g.refresh_from_db()
    assert g.state == GuideState.DRAFT
    page = login(head).get(url).content.decode()
    assert f"/staff/services/guides/{g.pk}/publish/" in page
