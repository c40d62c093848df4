"""`publicity_changed` is sent after commit with `model` (Licence or Penalty) and `ids` whenever
records are published, corrected, withdrawn, repaired or expire. Receivers (the search index)
must re-read the rows through `Model.objects.public()` and not assume they are still public."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

publicity_changed = Signal()


def send_after_commit(model, ids: list[int]) -> None:
    ids = list(ids)
    transaction.on_commit(lambda: publicity_changed.send(sender=model, model=model, ids=ids))
