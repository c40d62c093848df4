"""The demo loader: small set, idempotence and consistency of 索引号 with the counters."""

import io

import pytest
from django.db.models import Max

from gongkai.orgs import demo as orgs_demo
from gongkai.records import demo
from gongkai.records.models import IndexCounter, Record, RecordType, Status

pytestmark = pytest.mark.django_db


def test_small_demo_loads_consistently_and_is_idempotent():
    out = io.StringIO()
    orgs_demo.load(stdout=out, options={"small": True})
    demo.load(stdout=out, options={"small": True})
    count = Record.objects.count()
    assert 20 < count < 200
    assert Record.objects.public().count() >= 20
    demo.load(stdout=out, options={"small": True})
    assert Record.objects.count() == count
    for counter in IndexCounter.objects.all():
        top = Record.objects.filter(agency=counter.agency, index_year=counter.year).aggregate(
            m=Max("index_serial")
        )["m"]
        n = Record.objects.filter(agency=counter.agency, index_year=counter.year).count()
        assert counter.last == top == n  # gapless
    published_policies = Record.objects.public().filter(record_type=RecordType.NORMATIVE)
    assert published_policies.exists()
    for policy in published_policies:
        assert policy.interpretations.filter(status=Status.PUBLISHED).exists()
    assert Record.objects.filter(status=Status.SUBMITTED, agency__code="mzj").exists()
