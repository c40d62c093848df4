"""Stand-in tables with exactly the contract fields of the source models (CONTRACTS.md).

Used by the adapter tests and `bench/annual_report.py --standin` before the applications and
records slices are merged, so the aggregation queries run against a real database now. The
tables are created and dropped with the schema editor by their users; no migration exists.
Import this module only after Django is set up, and never from production code.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection, models
from django.utils import timezone

from gongkai.core.legal import RESULT_ROW_KEYS, ApplicantType, ReviewOutcome


class StandInApplication(models.Model):
    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    applicant_type = models.CharField(max_length=20, choices=ApplicantType.choices)
    received_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)
    result_row = models.CharField(max_length=40, blank=True)

    class Meta:
        app_label = "reports"
        managed = False
        db_table = "reports_standin_application"
        indexes = [models.Index(fields=["agency", "received_on"])]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class StandInReviewCase(models.Model):
    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    filed_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    concluded_on = models.DateField(null=True)

    class Meta:
        app_label = "reports"
        managed = False
        db_table = "reports_standin_reviewcase"

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class StandInRecord(models.Model):
    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=20)
    written_on = models.DateField(null=True)
    published_at = models.DateTimeField(null=True)
    effective_on = models.DateField(null=True)
    expires_on = models.DateField(null=True)
    repealed_on = models.DateField(null=True)
    attribute = models.CharField(max_length=20, default="proactive")
    status = models.CharField(max_length=20, default="published")

    class Meta:
        app_label = "reports"
        managed = False
        db_table = "reports_standin_record"

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


STANDINS = [StandInApplication, StandInReviewCase, StandInRecord]


def create_tables() -> None:
    with connection.schema_editor() as editor:
        for model in STANDINS:
            editor.create_model(model)


def drop_tables() -> None:
    with connection.schema_editor() as editor:
        for model in STANDINS:
            editor.delete_model(model)


def random_application_rows(agency, count: int, *, year: int, seed: int = 1) -> list[dict]:
    """`count` plausible applications around `year` (some carried in, some still open)."""
    rng = random.Random(seed)
    types = [t.value for t in ApplicantType]
    first = datetime.date(year - 1, 1, 1)
    rows = []
    for _ in range(count):
        received = first + datetime.timedelta(days=rng.randrange(730))
        closed = received + datetime.timedelta(days=rng.randrange(60))
        is_open = rng.random() < 0.03
        rows.append(
            {
                "agency_id": agency.pk,
                "applicant_type": rng.choice(types),
                "received_on": received,
                "closed_on": None if is_open else closed,
                "result_row": "" if is_open else rng.choice(RESULT_ROW_KEYS),
            }
        )
    return rows


def fill_required(model, values: dict) -> dict:
    """`values` (contract fields) plus neutral values for the model's other required fields.

    Lets the tests and the benchmark create rows of the real source models, whose extra
    required fields this slice does not know.
    """
    out = dict(values)
    global _serial
    for f in model._meta.concrete_fields:
        if f.name in out or f.attname in out or f.primary_key or f.null or f.has_default():
            continue
        if isinstance(f, models.ForeignKey):
            continue
        if isinstance(f, models.DateTimeField):
            out[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            out[f.name] = datetime.date(2026, 1, 1)
        elif isinstance(f, (models.IntegerField, models.DecimalField, models.FloatField)):
            out[f.name] = 0
        elif isinstance(f, models.BooleanField):
            out[f.name] = False
        elif f.choices:
            out[f.name] = f.choices[0][0]
        elif f.unique:
            _serial += 1
            out[f.name] = f"S{_serial:09d}"[: f.max_length or 10]
        else:
            out[f.name] = "x"
    return out


_serial = 0
