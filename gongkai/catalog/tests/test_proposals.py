"""Agencies see their own items and propose changes; the district office decides (audited)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.catalog import services
from gongkai.catalog.models import Item, Proposal, ProposalStatus
from gongkai.core.models import AuditEvent


def _own_item():
    return Item.objects.filter(agency__code="mzj").order_by("code").first()


def test_agency_sees_only_its_items(catalog_demo, clerk, login):
    client = login(clerk)
    page = client.get("/staff/catalog/").content.decode()
    assert "shjz-0001" in page and "jiuye-0001" not in page
    other = Item.objects.get(code="jiuye-0001")
    assert client.get(f"/staff/catalog/items/{other.pk}/").status_code == 404
    assert client.get(f"/staff/catalog/items/{_own_item().pk}/edit/").status_code == 403


def test_proposal_accepted_updates_item(catalog_demo, clerk, district_office, login):
    item = _own_item()
    client = login(clerk)
    data = {
        "level1": item.level1,
        "level2": item.level2,
        "content": item.content,
        "subject": item.subject,
        "time_limit_text": "信息形成或者变更之日起10个工作日内",
        "partial_note": item.partial_note,
        "reason_note": item.reason_note,
        "reason": "按新规定缩短公开时限",
    }
    response = client.post(f"/staff/catalog/items/{item.pk}/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.changes == {"time_limit_text": "信息形成或者变更之日起10个工作日内"}
    item.refresh_from_db()
    assert item.time_limit_text != "信息形成或者变更之日起10个工作日内"  # not applied yet

    office = login(district_office)
    office.post(
        f"/staff/catalog/proposals/{proposal.pk}/decide/", {"decision": "accept", "note": "同意"}
    )

    item.refresh_from_db()
    proposal.refresh_from_db()
    assert item.time_limit_text == "信息形成或者变更之日起10个工作日内"
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == district_office
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["catalog.proposal.create", "catalog.proposal.accept"]


def test_rejected_proposal_leaves_item(catalog_demo, clerk, district_office):
    item = _own_item()
    proposal = services.propose_change(item, actor=clerk, changes={"level2": "改名"}, reason="试试")
    services.decide_proposal(proposal, actor=district_office, accept=False, note="不符合标准")
    item.refresh_from_db()
    assert item.level2 != "改名"
    assert AuditEvent.objects.filter(action="catalog.proposal.reject").count() == 1
    with pytest.raises(Exception, match="已处理"):
        services.decide_proposal(proposal, actor=district_office, accept=True)


def test_other_agency_cannot_propose_and_agency_cannot_decide(catalog_demo, clerk, other_clerk):
    item = _own_item()
    with pytest.raises(PermissionDenied):
        services.propose_change(item, actor=other_clerk, changes={"level2": "x"}, reason="x")
    proposal = services.propose_change(item, actor=clerk, changes={"level2": "x"}, reason="x")
    with pytest.raises(PermissionDenied):
        services.decide_proposal(proposal, actor=clerk, accept=True)


def test_district_office_edits_item_with_citations(catalog_demo, district_office, login):
    item = _own_item()
    client = login(district_office)
    form = client.get(f"/staff/catalog/items/{item.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "domain": item.domain_id,
            "agency": item.agency_id,
            "forms_": ["full_text", "data"],
            "carriers": ["website", "gazette"],
            "platforms": [],
            "citations_text": "【法律】《中华人民共和国社会保险法》（主席令第35号）第八十条",
        }
    )
    for flag in ("partial", "audience_specific", "mode_on_request", "level_township"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(f"/staff/catalog/items/{item.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.forms == ["full_text", "data"]
    assert [c.printed() for c in item.citations.all()] == [
        "【法律】《中华人民共和国社会保险法》（主席令第35号）第八十条"
    ]
    assert AuditEvent.objects.filter(action="catalog.item.update").exists()

    data["citations_text"] = "社会保险法"
    bad = client.post(f"/staff/catalog/items/{item.pk}/edit/", data)
    assert "格式不正确" in bad.content.decode()
