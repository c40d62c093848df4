"""Domains: kinds, responsible agencies and the 未涉及 explanation, edited by the district office."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import services
from gongkai.catalog.models import Domain
from gongkai.core.models import AuditEvent


def test_not_applicable_needs_an_explanation(catalog_demo, district_office, login):
    domain = Domain.objects.get(name="城乡规划")
    client = login(district_office)
    data = {"name": domain.name, "kind": domain.kind, "order": domain.order, "not_applicable": "on"}
    response = client.post(f"/staff/catalog/domains/{domain.pk}/edit/", data)
    assert "须填写未涉及领域事项说明" in response.content.decode()
    data["not_applicable_note"] = "本区规划事权在市级，区级不涉及。"
    data["agencies"] = [domain.agencies.first().pk]
    assert client.post(f"/staff/catalog/domains/{domain.pk}/edit/", data).status_code == 302
    domain.refresh_from_db()
    assert domain.not_applicable
    event = AuditEvent.objects.get(action="catalog.domain.update")
    assert event.after["not_applicable"] is True
    page = client.get(domain.get_absolute_url()).content.decode()
    assert "本区规划事权在市级" in page


def test_domain_names_must_work_as_sheet_names(catalog_demo, district_office):
    domain = Domain.objects.get(name="城乡规划")
    for bad in ("规划/建设", "x" * 32, "公开领域"):
        with pytest.raises(ValidationError):
            services.update_domain(domain, actor=district_office, name=bad)


def test_agency_staff_cannot_edit_domains(catalog_demo, clerk, login):
    assert login(clerk).get("/staff/catalog/domains/").status_code == 403
