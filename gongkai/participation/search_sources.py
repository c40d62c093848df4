"""重大行政决策 in the site search (the `gongkai.search` plug-in contract, see docs/search.md).

Kind ``decision``: the rows of `Decision.objects.public()` (every decision whose draft has been
published for consultation, at whatever stage it is now). A document holds what the decision's
public page shows at that stage, and nothing else:

* from publication: 决策事项名称, 决策机关, 简介, the draft text (征求意见稿), 起草说明 and the
  reason for a shortened period;
* once the 意见采纳情况反馈 is published: its summary and each theme with its answer;
* once the decision is published: 审议会议, 决策内容 and the 实施进展 reports.

Comments are never indexed: not their text, not the commenter's name, phone or e-mail. The
searchable text of a decision is the agency's own.

The index follows saves of the decision, its consultation, its feedback themes and its progress
reports after commit (`search.indexing.changed_soon`, one batch per transaction), so approving a
publication step, publishing the feedback or the decision, or adding progress re-indexes the
decision; `gongkai tick` closing a consultation changes nothing that is indexed.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from gongkai.search.backends.base import Document
from gongkai.search.sources import Source, int_ids

from .models import Consultation, Decision, FeedbackTheme, ProgressUpdate


def _join(*parts) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


class DecisionSource(Source):
    kind = "decision"
    label = "重大行政决策"
    date_label = "征求意见稿发布日期"

    def queryset(self):
        return (
            Decision.objects.public()
            .select_related("agency", "consultation")
            .prefetch_related("consultation__themes", "progress")
            .order_by("pk")
        )

    def count(self) -> int:
        return Decision.objects.public().count()

    def documents(self, ids=None):
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=int_ids(ids))
        for decision in qs.iterator(chunk_size=500):
            yield self.to_document(decision)

    @staticmethod
    def to_document(decision: Decision) -> Document:
        consultation = decision.consultation
        parts = [
            decision.decision_body,
            decision.summary,
            consultation.shortened_reason,
            consultation.draft_text,
            consultation.explanation,
        ]
        if consultation.feedback_published_at:
            parts.append(consultation.feedback_summary)
            for theme in consultation.themes.all():
                parts += [theme.title, theme.response]
        if decision.decision_published_at:
            parts += [decision.decision_meeting, decision.decision_text]
            parts += [p.text for p in decision.progress.all()]
        published = consultation.published_at
        published = timezone.localtime(published) if published else None
        return Document(
            id=str(decision.pk),
            kind="decision",
            title=decision.title,
            body=_join(*parts),
            agency_code=decision.agency.code,
            agency_name=decision.agency.name,
            year=published.year if published else None,
            published=published,
            url=decision.get_absolute_url(),
        )

    # --- keeping the index up to date ---------------------------------------------------------
    def connect(self) -> None:
        for model in (Decision, Consultation, FeedbackTheme, ProgressUpdate):
            name = model._meta.model_name
            post_save.connect(
                self.on_saved, sender=model, weak=False, dispatch_uid=f"search-decision-{name}"
            )
            post_delete.connect(
                self.on_saved,
                sender=model,
                weak=False,
                dispatch_uid=f"search-decision-{name}-del",
            )

    def on_saved(self, sender, instance, **kwargs) -> None:
        from gongkai.search.indexing import changed_soon

        if isinstance(instance, Decision):
            pk = instance.pk
        elif isinstance(instance, FeedbackTheme):
            pk = (
                Consultation.objects.filter(pk=instance.consultation_id)
                .values_list("decision_id", flat=True)
                .first()
            )
        else:  # Consultation, ProgressUpdate
            pk = instance.decision_id
        if pk is not None:
            changed_soon(self.kind, [pk])


SOURCES = [DecisionSource()]
