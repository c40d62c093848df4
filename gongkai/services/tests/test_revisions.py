"""Changing a published guide goes through review like its publication: the edit waits as a
revision, the public keeps seeing the approved version until a 审核人 or 机构负责人 other than
the author approves it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.services import services
from gongkai.services.models import Guide, GuideRevision, GuideState

from .factories import COMPLETE, guide

pytestmark = pytest.mark.django_db

MATERIALS = [{"name": "身份证", "form": "original", "copies": 1, "required": True}]


def _actions(g, since):
    return list(
        AuditEvent.objects.filter(target_id=str(g.pk), pk__gt=since).values_list(
            "action", flat=True
        )
    )


def _last_event_id():
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_a_clerk_edit_of_a_published_guide_waits_for_review(client, login, clerk, agency):
    g = guide(agency)
    since = _last_event_id()
    response = login(clerk).post(
        f"/staff/services/guides/{g.pk}/edit/",
        {
            "agency": agency.pk,
            **COMPLETE,
            "fee": "工本费 10 元",
            "m-TOTAL_FORMS": "1",
            "m-INITIAL_FORMS": "0",
            "m-MIN_NUM_FORMS": "0",
            "m-MAX_NUM_FORMS": "60",
            "m-0-name": "身份证",
            "m-0-form": "original",
            "m-0-copies": "1",
            "m-0-required": "on",
        },
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.fee == "不收费" and g.state == GuideState.PUBLISHED
    assert [m.name for m in g.materials.all()] == ["申请人居民身份证", "家庭成员收入证明"]
    # The public page and the API still show the approved version.
    page = client.get(g.get_absolute_url()).content.decode()
    assert "不收费" in page and "工本费 10 元" not in page
    assert client.get(f"/api/v1/guides/{g.pk}").json()["fee"] == "不收费"
    revision = GuideRevision.objects.get(guide=g)
    assert revision.submitted_by == clerk and revision.data["fee"] == "工本费 10 元"
    assert _actions(g, since) == ["services.guide.revise"]
    event = AuditEvent.objects.get(pk__gt=since)
    assert event.before["fee"] == "不收费" and event.after["fee"] == "工本费 10 元"
    assert event.after["materials"] == [
        {"name": "身份证", "form": "original", "copies": 1, "required": True, "note": ""}
    ]
    # The staff page shows the pending change.
    html = login(clerk).get(f"/staff/services/guides/{g.pk}/").content.decode()
    assert "待审核的修改" in html and "工本费 10 元" in html


def test_another_reviewer_approves_and_the_change_goes_public(
    client, login, clerk, reviewer, agency
):
    g = guide(agency)
    services.update_guide(g, actor=clerk, data={"fee": "工本费 10 元"}, materials=MATERIALS)
    with pytest.raises(PermissionDenied):
        services.approve_guide_revision(g, actor=clerk)
    since = _last_event_id()
    response = login(reviewer).post(f"/staff/services/guides/{g.pk}/revision/approve/")
    assert response.status_code == 302
    g = Guide.objects.get(pk=g.pk)
    assert g.fee == "工本费 10 元" and [m.name for m in g.materials.all()] == ["身份证"]
    assert not GuideRevision.objects.filter(guide=g).exists()
    assert _actions(g, since) == ["services.guide.revision_approve"]
    event = AuditEvent.objects.get(pk__gt=since)
    assert event.before["fee"] == "不收费" and event.after["fee"] == "工本费 10 元"
    assert "工本费 10 元" in client.get(g.get_absolute_url()).content.decode()


def test_nobody_approves_their_own_change(reviewer, head, agency):
    g = guide(agency)
    services.update_guide(g, actor=reviewer, data={"office_hours": "工作日 8:30—17:30"})
    with pytest.raises(PermissionDenied, match="不能审核自己提交的修改"):
        services.approve_guide_revision(g, actor=reviewer)
    g.refresh_from_db()
    assert g.office_hours == COMPLETE["office_hours"]
    services.approve_guide_revision(g, actor=head)
    g.refresh_from_db()
    assert g.office_hours == "工作日 8:30—17:30"


def test_a_second_edit_builds_on_the_pending_one_and_the_form_shows_it(login, clerk, agency):
    g = guide(agency)
    services.update_guide(g, actor=clerk, data={"fee": "工本费 10 元"})
    services.update_guide(g, actor=clerk, data={"office_hours": "工作日 8:30—17:30"})
    revision = GuideRevision.objects.get(guide=g)
    assert revision.data["fee"] == "工本费 10 元"
    assert revision.data["office_hours"] == "工作日 8:30—17:30"
    html = login(clerk).get(f"/staff/services/guides/{g.pk}/edit/").content.decode()
    assert "工本费 10 元" in html and "审核通过后" in html


def test_an_incomplete_or_unchanged_revision_is_refused(clerk, agency):
    g = guide(agency)
    with pytest.raises(ValidationError, match="设定依据"):
        services.update_guide(g, actor=clerk, data={"basis": ""})
    with pytest.raises(ValidationError, match="没有修改"):
        services.update_guide(g, actor=clerk, data={"fee": "不收费"})
    assert not GuideRevision.objects.exists()


def test_a_revision_can_be_discarded_and_withdrawal_discards_it(login, clerk, reviewer, agency):
    g = guide(agency)
    services.update_guide(g, actor=clerk, data={"fee": "工本费 10 元"})
    since = _last_event_id()
    response = login(reviewer).post(
        f"/staff/services/guides/{g.pk}/revision/discard/", {"note": "收费须有依据。"}
    )
    assert response.status_code == 302
    assert not GuideRevision.objects.exists()
    assert _actions(g, since) == ["services.guide.revision_discard"]
    assert AuditEvent.objects.get(pk__gt=since).after["note"] == "收费须有依据。"
    g.refresh_from_db()
    assert g.fee == "不收费"

    services.update_guide(g, actor=clerk, data={"fee": "工本费 20 元"})
    services.withdraw_guide(g, actor=reviewer, reason="事项调整")
    assert not GuideRevision.objects.exists()
    # A withdrawn (not public) guide is edited directly again.
    services.update_guide(g, actor=clerk, data={"fee": "工本费 30 元"})
    g.refresh_from_db()
    assert g.fee == "工本费 30 元" and not GuideRevision.objects.exists()


def test_other_agencies_cannot_see_or_act_on_a_revision(login, clerk, other_clerk, agency):
    g = guide(agency)
    services.update_guide(g, actor=clerk, data={"fee": "工本费 10 元"})
    client = login(other_clerk)
    for action in ("approve", "discard"):
        response = client.post(f"/staff/services/guides/{g.pk}/revision/{action}/")
        assert response.status_code == 404
    assert GuideRevision.objects.filter(guide=g).exists()


def test_the_dashboard_and_the_list_show_changes_waiting_for_review(login, clerk, reviewer, agency):
    g = guide(agency, name="临时救助申请")
    client = login(reviewer)
    assert "已发布指南的修改待审核" not in client.get("/staff/").content.decode()
    services.update_guide(g, actor=clerk, data={"fee": "工本费 10 元"})
    html = client.get("/staff/").content.decode()
    assert "已发布指南的修改待审核" in html and "临时救助申请" in html
    assert "修改待审核" in client.get("/staff/services/").content.decode()
