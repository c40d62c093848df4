"""Keeping the index consistent with the database.

* `index_keys(["record:12", ...])` re-reads each object from its source: a public object is
  (re)indexed, anything else (withdrawn, not public, deleted) is removed.
* Signal receivers call it after commit (records send `record_changed` after commit; catalog
  item saves are deferred with `transaction.on_commit`). Sources contributed by other apps
  call `changed(kind, ids)` from their receivers, or `changed_on_commit(kind, ids)` from inside
  a transaction; a batch of ids is read and written in chunks of `BATCH` (one database query
  per chunk and kind, one index write per chunk), never one object at a time. Receivers of
  per-object model signals (`post_save`) call `changed_soon(kind, ids)`: the keys of every object
  saved in one transaction are indexed together once it commits.
* `reindex()` rebuilds the whole index beside the live one and swaps it in. Keys changed while
  it runs are journalled and re-applied to the new index under the writer lock before the swap,
  so nothing published during a rebuild is lost.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable

from django.db import transaction

from .engine import get_backend, search_dir
from .sources import all_documents, sources

log = logging.getLogger(__name__)

#: Keys re-read from the database and written to the index per round.
BATCH = 2000


def _journal():
    return search_dir() / "rebuild-journal"


def _journal_keys(keys: list[str]) -> None:
    """While a rebuild runs (its journal exists), note the keys so it re-applies them to the
    new index before the swap. Written before the live update, so no change can fall between
    the rebuild's replay and its swap; never creates the journal."""
    try:
        fd = os.open(_journal(), os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        return
    try:
        os.write(fd, "".join(k + "\n" for k in keys).encode("utf-8"))
    finally:
        os.close(fd)


def index_keys(keys: Iterable[str]) -> None:
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    _journal_keys(keys)
    apply_keys(get_backend(), keys)


def apply_keys(backend, keys: list[str]) -> None:
    for start in range(0, len(keys), BATCH):
        _apply_batch(backend, keys[start : start + BATCH])


def _apply_batch(backend, keys: list[str]) -> None:
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        by_kind.setdefault(kind, []).append(pk)
    upserts, deletes = [], []
    registry = sources()
    for kind, ids in by_kind.items():
        source = registry.get(kind)
        found = {d.id: d for d in source.documents(ids)} if source and source.available() else {}
        for pk in ids:
            if pk in found:
                upserts.append(found[pk])
            else:
                deletes.append(f"{kind}:{pk}")
    backend.delete(deletes)
    backend.upsert(upserts)


def reindex(progress: Callable[[int], None] | None = None) -> int:
    journal = _journal()
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text("", encoding="utf-8")

    def replay(staging):
        keys = [k for k in journal.read_text(encoding="utf-8").splitlines() if k]
        if keys:
            apply_keys(staging, keys)

    try:
        return get_backend().rebuild(all_documents(), progress=progress, before_swap=replay)
    finally:
        journal.unlink(missing_ok=True)


def _safe_index(keys: list[str]) -> None:
    """Index without ever breaking the caller: a search failure must not fail publishing.
    The next `gongkai search reindex` repairs anything missed."""
    try:
        index_keys(keys)
    except Exception:
        shown = ", ".join(keys[:5]) + (f" … ({len(keys)} keys)" if len(keys) > 5 else "")
        log.exception("search index update failed for %s", shown)


def changed(kind: str, ids) -> None:
    """Re-read objects of `kind` whose ids changed (call after commit): public ones are
    (re)indexed, the others removed. Never raises."""
    _safe_index([f"{kind}:{pk}" for pk in ids])


def changed_on_commit(kind: str, ids) -> None:
    """`changed(kind, ids)` once the current transaction commits (at once outside one)."""
    ids = list(ids)
    transaction.on_commit(lambda: changed(kind, ids))


_pending = threading.local()


def changed_soon(kind: str, ids) -> None:
    """For receivers of per-object model signals (`post_save`, `post_delete`): note the ids now
    and index them once the current transaction commits (at once outside one), together with
    every other key noted in this thread meanwhile: saving a thousand objects in one
    transaction gives one batch, not a thousand index writes. Keys noted in a transaction that
    rolls back are re-read at the next commit, which is harmless (each key is re-read from the
    database). Never raises."""
    keys = getattr(_pending, "keys", None)
    if keys is None:
        keys = _pending.keys = {}
    keys.update(dict.fromkeys(f"{kind}:{pk}" for pk in ids))
    transaction.on_commit(_index_pending)


def _index_pending() -> None:
    keys = getattr(_pending, "keys", None)
    if keys:
        _pending.keys = {}
        _safe_index(list(keys))


def on_record_changed(sender=None, record_id=None, **kwargs) -> None:
    """Receiver of `gongkai.records.signals.record_changed` (sent after commit)."""
    if record_id is not None:
        _safe_index([f"record:{record_id}"])


def on_catalog_item_saved(sender, instance, **kwargs) -> None:
    key = f"catalog_item:{instance.pk}"
    transaction.on_commit(lambda: _safe_index([key]))


def on_catalog_item_deleted(sender, instance, **kwargs) -> None:
    key = f"catalog_item:{instance.pk}"
    transaction.on_commit(lambda: _safe_index([key]))
