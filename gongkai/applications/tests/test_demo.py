"""The demo loader: idempotent, consistent with the derivation, a spread of outcomes."""

from __future__ import annotations

import io

import pytest

from gongkai.applications import demo, services
from gongkai.applications.models import Application
from gongkai.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def test_small_demo_is_idempotent_and_consistent():
    orgs_demo.load(stdout=io.StringIO(), options={})
    demo.load(stdout=io.StringIO(), options={"small": True})
    count = Application.objects.count()
    assert count == demo.SMALL
    demo.load(stdout=io.StringIO(), options={"small": True})
    assert Application.objects.count() == count
    for application in Application.objects.prefetch_related("events"):
        stored = (
            application.status,
            application.due_on,
            application.closed_on,
            application.result_row,
        )
        services.refresh(application, save=False)
        assert stored == (
            application.status,
            application.due_on,
            application.closed_on,
            application.result_row,
        )
    assert Application.objects.values("result_row").distinct().count() >= 5
    assert Application.objects.values("channel").distinct().count() >= 3
