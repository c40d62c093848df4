"""The completeness check behind the 服务不实用 veto: every missing element is named."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.services import services
from gongkai.services.elements import (
    ELEMENTS,
    incomplete_guides,
    missing_elements,
    required_elements,
    service_usefulness,
)
from gongkai.services.models import GuideState

from .factories import guide

pytestmark = pytest.mark.django_db

# How to take each element away from a complete guide.
BLANKS = {
    "name": {"name": ""},
    "basis": {"basis": "  "},
    "conditions": {"conditions": ""},
    "process": {"process": "\n"},
    "statutory": {"statutory_days": None, "statutory_note": ""},
    "promised": {"promised_days": None},
    "fee": {"fee": ""},
    "location": {"location": ""},
    "office_hours": {"office_hours": ""},
    "consultation": {"consultation": ""},
    "complaint": {"complaint": ""},
}


def test_a_complete_guide_misses_nothing(agency):
    assert missing_elements(guide(agency)) == []


@pytest.mark.parametrize("key", sorted(BLANKS))
def test_each_missing_element_is_named(agency, key):
    g = guide(agency, **BLANKS[key])
    assert [e.key for e in missing_elements(g)] == [key]
    assert [e.label for e in missing_elements(g)] == [ELEMENTS[key].label]


def test_missing_materials_are_named(agency):
    g = guide(agency, materials=[])
    assert [e.label for e in missing_elements(g)] == ["办理材料"]


def test_several_missing_elements_come_in_standard_order(agency):
    g = guide(agency, complaint="", basis="", promised_days=None, materials=[])
    assert [e.label for e in missing_elements(g)] == [
        "设定依据",
        "办理材料",
        "承诺时限",
        "监督投诉方式",
    ]


def test_statutory_note_or_zero_days_count_as_stated(agency):
    assert (
        missing_elements(guide(agency, statutory_days=None, statutory_note="法律法规未规定")) == []
    )
    assert missing_elements(guide(agency, name="即办事项", statutory_days=0, promised_days=0)) == []


def test_linked_service_point_counts_as_location(agency, district):
    from .factories import point, subdistrict

    g = guide(agency, location="")
    assert [e.key for e in missing_elements(g)] == ["location"]
    g.points.add(point(agency, subdistrict(district)))
    assert missing_elements(g) == []


def test_required_list_is_configurable(agency, settings):
    g = guide(agency, complaint="", fee="")
    settings.GONGKAI_GUIDE_REQUIRED_ELEMENTS = ["name", "basis", "conditions", "materials"]
    assert missing_elements(g) == []
    settings.GONGKAI_GUIDE_REQUIRED_ELEMENTS = ["name", "complaint"]
    assert [e.label for e in missing_elements(g)] == ["监督投诉方式"]
    settings.GONGKAI_GUIDE_REQUIRED_ELEMENTS = ["name", "nonsense"]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="nonsense"):
        required_elements()


def test_required_list_from_the_environment(agency, settings, monkeypatch):
    if hasattr(settings, "GONGKAI_GUIDE_REQUIRED_ELEMENTS"):
        del settings.GONGKAI_GUIDE_REQUIRED_ELEMENTS
    g = guide(agency, complaint="", fee="")
    assert [e.label for e in missing_elements(g)] == ["收费标准", "监督投诉方式"]  # the default
    monkeypatch.setenv("GONGKAI_GUIDE_REQUIRED_ELEMENTS", "name, basis,conditions,materials")
    assert [e.key for e in required_elements()] == ["name", "basis", "conditions", "materials"]
    assert missing_elements(g) == []
    monkeypatch.setenv("GONGKAI_GUIDE_REQUIRED_ELEMENTS", "name,fees")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="fees"):
        required_elements()


def test_usefulness_veto_for_no_services_and_for_incomplete_guides(agency, other_agency):
    report = service_usefulness()
    assert report.veto and not report.has_services
    assert report.problems == ["没有已发布的办事指南（无办事服务）。"]

    guide(agency)
    guide(agency, name="草稿事项", state=GuideState.DRAFT, fee="")  # drafts are not on view
    assert not service_usefulness().veto

    bad = guide(other_agency, name="失业登记", complaint="", basis="")
    report = service_usefulness()
    assert report.veto
    assert [g for g, _ in report.incomplete] == [bad]
    assert report.problems == ["区人社局“失业登记”缺少：设定依据、监督投诉方式"]
    # Scoped to one agency.
    assert not service_usefulness([agency]).veto
    assert len(incomplete_guides(published_only=False)) == 2


def test_publish_refuses_a_guide_with_missing_elements_naming_them(agency, reviewer):
    g = guide(agency, state=GuideState.DRAFT, fee="", complaint="")
    with pytest.raises(ValidationError) as exc:
        services.publish_guide(g, actor=reviewer)
    assert "收费标准、监督投诉方式" in exc.value.messages[0]
    g.refresh_from_db()
    assert g.state == GuideState.DRAFT


def test_a_published_guide_cannot_lose_an_element(agency, clerk):
    g = guide(agency)
    with pytest.raises(ValidationError, match="设定依据"):
        services.update_guide(g, actor=clerk, data={"basis": ""})
    g.refresh_from_db()
    assert g.basis
