"""双公示 in the site search (the `gongkai.search` plug-in contract, see docs/search.md).

Kinds ``licence`` (行政许可) and ``penalty`` (行政处罚): the rows of `Model.objects.public()`
only, and of each only what its public page shows, masked exactly as there
(`masking.public_row`). Identity numbers (证件号码, 法定代表人证件号码) and the 法定代表人 are not
indexed at all: nobody needs them to find a decision, and a masked number would only add noise.

The index follows the app through `signals.publicity_changed` (sent after commit on entry,
import, correction, withdrawal, credit repair and expiry by `gongkai tick`): the ids are re-read
through `public()`, so whatever left public view is removed. An import of thousands of rows arrives as
one signal and is indexed in batches. A change of the masking policy re-indexes the decisions
on natural persons and 个体工商户, whose public names (and the text quoting them) depend on it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from gongkai.search.backends.base import Document
from gongkai.search.sources import Source, int_ids, local_midnight

from . import standard
from .masking import public_row
from .models import Licence, Penalty, Policy
from .signals import publicity_changed

#: Columns of the public page that go into the searchable body, in the page's order.
SUBJECT_FIELDS = (
    "subject_name",
    "code_uscc",
    "code_business_reg",
    "code_org",
    "code_tax",
    "code_institution",
    "code_social_org",
)
BODY_FIELDS = {
    "licence": (
        *SUBJECT_FIELDS,
        "document_name",
        "document_number",
        "licence_category",
        "certificate_name",
        "licence_number",
        "content",
        "remarks",
    ),
    "penalty": (
        *SUBJECT_FIELDS,
        "decision_number",
        "violation_type",
        "facts",
        "basis",
        "categories",
        "content",
        "licence_affected",
        "remarks",
    ),
}


class PublicitySource(Source):
    model: type[Licence] | type[Penalty]
    date_label = "决定日期"

    def queryset(self):
        return self.model.objects.public().select_related("agency").order_by("pk")

    def count(self) -> int:
        return self.queryset().count()

    def documents(self, ids=None):
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        policy = Policy.current()
        for obj in qs.iterator(chunk_size=1000):
            yield self.to_document(obj, policy)

    def to_document(self, obj, policy: Policy) -> Document:
        row = public_row(obj, policy)
        parts = [str(row[name]) for name in BODY_FIELDS[self.kind] if row.get(name)]
        return Document(
            id=str(obj.pk),
            kind=self.kind,
            title=self.title(row),
            body=" ".join(parts),
            agency_code=obj.agency.code,
            agency_name=obj.agency.name,
            year=obj.decided_on.year,
            published=local_midnight(obj.decided_on),
            url=obj.get_absolute_url(),
            index_no=obj.number,
        )

    def title(self, row: dict) -> str:
        raise NotImplementedError

    # --- keeping the index up to date ---------------------------------------------------------
    def connect(self) -> None:
        publicity_changed.connect(
            self.on_changed, sender=self.model, weak=False, dispatch_uid=f"search-{self.kind}"
        )
        post_save.connect(
            self.on_policy_saved,
            sender=Policy,
            weak=False,
            dispatch_uid=f"search-{self.kind}-policy",
        )

    def on_changed(self, sender, ids=(), **kwargs) -> None:
        from gongkai.search.indexing import changed

        changed(self.kind, ids)

    def on_policy_saved(self, sender, **kwargs) -> None:
        """遮蔽自然人姓名 changes the public names of natural persons and of the 经营者 of
        个体工商户, in their fields and in the free text: re-index theirs."""
        from gongkai.search.indexing import changed

        def reindex_people() -> None:
            people = self.model.objects.public().filter(
                subject_category__in=[
                    standard.SubjectCategory.NATURAL_PERSON,
                    standard.SubjectCategory.INDIVIDUAL_BUSINESS,
                ]
            )
            changed(self.kind, people.values_list("pk", flat=True).iterator())

        transaction.on_commit(reindex_people)


class LicenceSource(PublicitySource):
    kind = "licence"
    label = standard.KIND_LABELS["licence"]  # 行政许可
    number_label = "行政许可决定文书号"
    date_label = "许可决定日期"
    model = Licence

    def title(self, row: dict) -> str:
        return f"{row['subject_name']} {row['document_name']}"


class PenaltySource(PublicitySource):
    kind = "penalty"
    label = standard.KIND_LABELS["penalty"]  # 行政处罚
    number_label = "行政处罚决定书文号"
    date_label = "处罚决定日期"
    model = Penalty

    def title(self, row: dict) -> str:
        return f"{row['subject_name']} {row['violation_type']}"


SOURCES = [LicenceSource(), PenaltySource()]
