"""The one search interface. Every backend implements `SearchBackend`; recall and ranking are
defined here (see `gongkai.search.text.matches` and `tier`) so all backends agree.

A backend indexes `Document`s (plain dataclasses, built by the sources in
`gongkai.search.sources`) and answers `search()` with `Results`.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from gongkai.search import text as T


class SearchUnavailable(RuntimeError):
    """The index cannot answer (e.g. made by an older version): run `gongkai search reindex`."""


FILTER_KEYS = ("kind", "agency", "record_type", "topic", "year", "validity")


@dataclass
class Document:
    """One searchable object. `kind` + `id` identify it (`key`)."""

    id: str
    kind: str
    title: str
    body: str = ""  # plain text (see text.html_to_text)
    agency_code: str = ""
    agency_name: str = ""
    record_type: str = ""
    topic: str = ""  # "一级\\二级"
    year: int | None = None
    validity: str = ""
    published: datetime | None = None
    url: str = ""
    index_no: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    def topics(self) -> list[str]:
        """The topic and each of its ancestors, so a filter on a level-1 topic matches."""
        if not self.topic:
            return []
        levels = self.topic.split("\\")
        return ["\\".join(levels[: i + 1]) for i in range(len(levels))]

    def published_ts(self) -> int:
        return int(self.published.timestamp()) if self.published else 0


@dataclass
class Hit:
    key: str
    kind: str
    id: str
    title: str
    agency_code: str
    agency_name: str
    record_type: str
    topic: str
    year: int | None
    validity: str
    published: datetime | None
    url: str
    index_no: str
    tier: int
    title_html: str = ""
    snippet: str = ""

    @property
    def agency(self) -> str:
        return self.agency_name


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    suggestion: str = ""  # "did you mean", only when there is no hit
    filters: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def clean_filters(filters: dict | None) -> dict:
    out = {}
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS or value in (None, ""):
            continue
        if key == "year":
            try:
                value = int(value)
            except (TypeError, ValueError):
                continue
        else:
            value = str(value)
        out[key] = value
    return out


class SearchBackend(abc.ABC):
    """Interface of a search backend. Writes come from one writer at a time (the backend
    enforces it); reads may run at any time, also while `rebuild()` runs."""

    name = "base"

    # --- writes --------------------------------------------------------------------------
    @abc.abstractmethod
    def upsert(self, docs: Iterable[Document]) -> int:
        """Add or replace documents (by key); return how many."""

    @abc.abstractmethod
    def delete(self, keys: Iterable[str]) -> None:
        """Remove documents by key; unknown keys are ignored."""

    @abc.abstractmethod
    def rebuild(
        self,
        docs: Iterable[Document],
        *,
        progress: Callable[[int], None] | None = None,
        before_swap: Callable[[SearchBackend], None] | None = None,
    ) -> int:
        """Build a complete new index from `docs` beside the live one, then swap it in.

        Searches keep using the old index until the swap. `before_swap(staging)` runs under the
        writer lock right before the swap, with a backend bound to the new index, so changes
        made during the build can be re-applied."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Drop every document."""

    # --- reads ---------------------------------------------------------------------------
    @abc.abstractmethod
    def count(self) -> int:
        """Number of indexed documents."""

    @abc.abstractmethod
    def _search_plan(
        self, plan: T.QueryPlan, filters: dict, offset: int, limit: int
    ) -> tuple[list[tuple[Document, int]], int]:
        """Ranked page of (document, tier) and the total number of hits."""

    def search(
        self,
        query: str,
        *,
        filters: dict | None = None,
        page: int = 1,
        per_page: int = 20,
        suggest: bool = True,
    ) -> Results:
        filters = clean_filters(filters)
        page = max(1, int(page or 1))
        per_page = max(1, min(1000, int(per_page or 20)))
        plan = T.plan_query(query)
        if plan.empty:
            return Results(query=query or "", hits=[], total=0, page=page, per_page=per_page)
        docs, total = self._search_plan(plan, filters, (page - 1) * per_page, per_page)
        terms = plan.highlight_terms()
        hits = [
            Hit(
                key=d.key,
                kind=d.kind,
                id=d.id,
                title=d.title,
                agency_code=d.agency_code,
                agency_name=d.agency_name,
                record_type=d.record_type,
                topic=d.topic,
                year=d.year,
                validity=d.validity,
                published=d.published,
                url=d.url,
                index_no=d.index_no,
                tier=tier,
                title_html=T.highlight(d.title, terms),
                snippet=T.snippet(d.body, terms),
            )
            for d, tier in docs
        ]
        suggestion = ""
        if total == 0 and suggest:
            suggestion = self.did_you_mean(query, filters=filters)
        return Results(
            query=query,
            hits=hits,
            total=total,
            page=page,
            per_page=per_page,
            suggestion=suggestion,
            filters=filters,
        )

    def hit_count(self, query: str, *, filters: dict | None = None) -> int:
        plan = T.plan_query(query)
        if plan.empty:
            return 0
        return self._count_plan(plan, clean_filters(filters))

    def _count_plan(self, plan: T.QueryPlan, filters: dict) -> int:
        """Number of hits; backends may override with something cheaper than ranking."""
        return self._search_plan(plan, filters, 0, 1)[1]

    def did_you_mean(self, query: str, *, filters: dict | None = None) -> str:
        """A nearby query that has hits: the segmented words as separate terms, the longest
        word with hits, or the query with one character dropped. Empty if none has hits."""
        norm = T.normalize_query(query)
        if not norm:
            return ""
        candidates: list[str] = []
        words = [w for w in T.segment(norm) if w.strip()]
        # Separate words only help when some word has two characters or more: single characters
        # spaced out match nearly every document and would be a useless (and costly) suggestion.
        if len(words) > 1 and any(len(w) > 1 for w in words):
            candidates.append(" ".join(words))
            candidates.extend(sorted((w for w in words if len(w) > 1), key=len, reverse=True))
        compact = norm.replace(" ", "")
        if 2 < len(compact) <= 12:
            candidates.extend(compact[:i] + compact[i + 1 :] for i in range(len(compact)))
        seen = {norm}
        for candidate in candidates[:12]:
            if candidate in seen:
                continue
            seen.add(candidate)
            if self.hit_count(candidate, filters=filters):
                return candidate
        return ""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (connections, readers)."""
