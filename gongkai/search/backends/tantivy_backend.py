"""Embedded default backend: a tantivy index in a directory, no server needed.

Indexing scheme (exact verbatim recall without a verification pass):

* `*_g` fields hold one bigram token per character position (whitespace tokenizer, with
  positions), so a query of n >= 2 characters is a phrase query of its n-1 bigrams at
  consecutive positions, which matches exactly the texts containing it;
* `*_f` fields hold, without positions, each character of the text (one-character queries)
  and each *frequent string* it contains (see `frequent.py`): a query part equal to a
  string in 2 % or more of the documents is one exact term instead of a costly phrase;
* `title_*` fields index the title; `all_*` fields index the title and the body as one text,
  joined by a space (a query part has no space, so no match spans the junction): whether a
  part is in the title or the body is one term or phrase, and the number of hits is one count;
* `title_x` holds the whole normalised title, for the exact-title ranking tier.

Ranking is by tier (exact title, title contains, title has the segmented terms, body only),
newest first inside a tier, using tantivy's top-k by the `pub` fast field.

Directory layout: `<root>/CURRENT` names the live index directory `<root>/idx-<stamp>/`;
`<root>/writer.lock` serialises writers. A rebuild writes a new directory and swaps CURRENT
atomically, so searches keep working during it. Each index directory keeps the frequent strings
it was built with in `frequent.txt`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from gongkai.search import text as T

from . import frequent as F
from .base import Document, SearchBackend, SearchUnavailable
from .locking import writer_lock

HEAP = 128 * 1024 * 1024  # indexing memory of an incremental write
REBUILD_HEAP = 1024 * 1024 * 1024  # of a rebuild, shared by its threads: fewer segments to merge
KEYWORD_FIELDS = ("kind", "agency", "record_type", "validity")


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", tokenizer_name="raw", index_option="basic")
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("topics", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True)
    sb.add_integer_field("pub", indexed=False, fast=True)
    sb.add_text_field("title_x", tokenizer_name="raw", index_option="basic")
    for prefix in ("title", "all"):
        sb.add_text_field(f"{prefix}_g", tokenizer_name="whitespace", index_option="position")
        sb.add_text_field(f"{prefix}_f", tokenizer_name="whitespace", index_option="basic")
    sb.add_bytes_field("doc", stored=True, indexed=False)
    return sb.build()


def _register(index: tantivy.Index) -> tantivy.Index:
    """Hook for custom analyzers (none needed: every field uses built-in tokenizers)."""
    return index


def _doc_json(doc: Document) -> bytes:
    data = {
        "id": doc.id,
        "kind": doc.kind,
        "title": doc.title,
        "body": doc.body,
        "agency_code": doc.agency_code,
        "agency_name": doc.agency_name,
        "record_type": doc.record_type,
        "topic": doc.topic,
        "year": doc.year,
        "validity": doc.validity,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "index_no": doc.index_no,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def doc_from_json(raw: bytes) -> Document:
    data = json.loads(raw)
    if data.get("published"):
        data["published"] = datetime.fromisoformat(data["published"])
    return Document(**data)


def _normalized(doc: Document) -> tuple[str, str]:
    """Normalised title and title + body (joined by a space) as indexed."""
    nt, nb = T.normalize(T.clean_text(doc.title)), T.normalize(T.clean_text(doc.body))
    return nt, f"{nt} {nb}" if nt and nb else nt or nb


def to_tantivy(doc: Document, frequent: F.FrequentStrings) -> tantivy.Document:
    nt, both = _normalized(doc)
    tdoc = tantivy.Document()
    tdoc.add_text("key", doc.key)
    tdoc.add_text("kind", doc.kind)
    tdoc.add_text("agency", doc.agency_code)
    tdoc.add_text("record_type", doc.record_type)
    tdoc.add_text("validity", doc.validity)
    for topic in doc.topics():
        tdoc.add_text("topics", topic)
    if doc.year is not None:
        tdoc.add_integer("year", int(doc.year))
    tdoc.add_integer("pub", doc.published_ts())
    title_terms, all_terms = frequent.terms(nt, both)
    tdoc.add_text("title_x", nt)
    tdoc.add_text("title_g", T.bigram_tokens(nt))
    tdoc.add_text("title_f", title_terms)
    tdoc.add_text("all_g", T.bigram_tokens(both))
    tdoc.add_text("all_f", all_terms)
    tdoc.add_bytes("doc", _doc_json(doc))
    return tdoc


@dataclass(frozen=True)
class _View:
    """What one search reads: a searcher and the frequent strings of the same directory."""

    searcher: tantivy.Searcher
    frequent: F.FrequentStrings


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(
        self,
        root: str | os.PathLike,
        *,
        heap_size: int = HEAP,
        threads: int = 1,
        frequent_share: float = F.SHARE,
        frequent_sample: int = F.SAMPLE,
        frequent_min_sample: int = F.MIN_SAMPLE,
    ):
        self.root = Path(root)
        self.heap_size = heap_size
        self.threads = threads
        self.frequent_share = frequent_share
        self.frequent_sample = frequent_sample
        self.frequent_min_sample = frequent_min_sample
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._index_dir: Path | None = None
        self._frequent = F.FrequentStrings()  # of the directory the reader has open
        self._writer_frequent: tuple[Path, F.FrequentStrings] | None = None
        self._meta_mtime = 0.0

    # --- index directories ----------------------------------------------------------------
    @property
    def _current_file(self) -> Path:
        return self.root / "CURRENT"

    def _live_dir(self) -> Path:
        try:
            name = self._current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            name = ""
        if not name:
            return self._create_empty()
        return self.root / name

    def _create_empty(self) -> Path:
        with writer_lock(self.root / "writer.lock"):
            if self._current_file.exists():
                return self.root / self._current_file.read_text(encoding="utf-8").strip()
            path = self._new_dir()
            _register(tantivy.Index(self.schema, path=str(path)))
            self._swap_to(path)
            return path

    def _new_dir(self) -> Path:
        """A new, unique index directory (unique even when the clock stands still)."""
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"idx-{time.time_ns()}-", dir=self.root))

    def _swap_to(self, path: Path) -> None:
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(path.name, encoding="utf-8")
        os.replace(tmp, self._current_file)

    def _collect_old(self, keep: Path) -> None:
        """Remove index directories other than the live one (readers of an old directory
        keep their open files on POSIX until they reload)."""
        for child in self.root.glob("idx-*"):
            if child != keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def _open(self, path: Path) -> tantivy.Index:
        try:
            return _register(tantivy.Index(self.schema, path=str(path), reuse=True))
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
            raise SearchUnavailable(
                f"全文索引 {path} 由旧版本建立，请运行 gongkai search reindex 重建。"
            ) from exc

    def _reader(self) -> _View:
        """A view of the live index, reopened after a swap and reloaded after a commit."""
        with self._lock:
            path = self._live_dir()
            if self._index is None or path != self._index_dir:
                self._index = self._open(path)
                self._frequent = F.FrequentStrings.load(path)
                self._index_dir = path
                self._meta_mtime = 0.0
            try:
                mtime = (path / "meta.json").stat().st_mtime
            except FileNotFoundError:
                mtime = 0.0
            if mtime != self._meta_mtime:
                self._index.reload()
                self._meta_mtime = mtime
            return _View(self._index.searcher(), self._frequent)

    # --- writes ---------------------------------------------------------------------------
    def _write(self, path: Path, fn: Callable[[tantivy.IndexWriter], None]) -> None:
        index = self._open(path)
        writer = index.writer(self.heap_size, self.threads)
        try:
            fn(writer)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def upsert(self, docs: Iterable[Document]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        self._live_dir()  # create the index first (takes the lock itself)
        with writer_lock(self.root / "writer.lock"):
            path = self._live_dir()
            frequent = self._frequent_of(path)
            self._write(path, lambda w: self._put(w, docs, frequent))
        return len(docs)

    def _frequent_of(self, path: Path) -> F.FrequentStrings:
        """The frequent strings of an index directory (kept while the directory stays live)."""
        cached = self._writer_frequent
        if cached is None or cached[0] != path:
            cached = self._writer_frequent = (path, F.FrequentStrings.load(path))
        return cached[1]

    @staticmethod
    def _put(
        writer: tantivy.IndexWriter, docs: list[Document], frequent: F.FrequentStrings
    ) -> None:
        for doc in docs:
            writer.delete_documents_by_term("key", doc.key)
            writer.add_document(to_tantivy(doc, frequent))

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return

        def run(writer):
            for key in keys:
                writer.delete_documents_by_term("key", key)

        self._live_dir()
        with writer_lock(self.root / "writer.lock"):
            self._write(self._live_dir(), run)

    def clear(self) -> None:
        self._live_dir()
        with writer_lock(self.root / "writer.lock"):
            self._write(self._live_dir(), lambda w: w.delete_all_documents())

    def _learn(self, docs: Iterable[Document]) -> tuple[F.FrequentStrings, Iterator[Document]]:
        """The frequent strings of the first documents, and all the documents again."""
        docs = iter(docs)
        head = list(islice(docs, self.frequent_sample))
        frequent = F.FrequentStrings.learn(
            [_normalized(doc)[1] for doc in head],
            share=self.frequent_share,
            min_sample=self.frequent_min_sample,
        )
        return frequent, chain(head, docs)

    def rebuild(self, docs, *, progress=None, before_swap=None) -> int:
        path = self._new_dir()
        index = _register(tantivy.Index(self.schema, path=str(path)))
        # A rebuild may use every core (at most 4 indexing threads); incremental writes use one.
        # Its indexing memory is 1 GB in all (at least 128 MB per thread): at 1,000,000 documents
        # on two cores, 128 MB per thread meant more segments to merge, 351 cpu-seconds against
        # 303.
        threads = max(self.threads, min(4, os.cpu_count() or 1))
        heap = max(self.heap_size * threads, REBUILD_HEAP)
        writer = index.writer(heap, threads)
        count = 0
        try:
            frequent, docs = self._learn(docs)
            frequent.save(path)
            for doc in docs:
                writer.add_document(to_tantivy(doc, frequent))
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        if progress:
            progress(count)
        with writer_lock(self.root / "writer.lock"):
            if before_swap:
                staging = TantivyBackend(self.root, heap_size=self.heap_size)
                staging._live_dir = lambda: path  # bind the staging backend to the new index
                before_swap(staging)
            self._swap_to(path)
            self._collect_old(path)
        return count

    # --- reads ----------------------------------------------------------------------------
    def count(self) -> int:
        return self._reader().searcher.num_docs

    def _q_part(self, field: str, part: str, view: _View) -> Query:
        """The documents whose `field` text contains `part` verbatim: one term when the part is
        a character or a frequent string, one bigram term for two characters, else a phrase."""
        if len(part) == 1 or part in view.frequent:
            return Query.term_query(self.schema, f"{field}_f", part)
        grams = T.grams_of_part(part)
        if len(grams) == 1:
            return Query.term_query(self.schema, f"{field}_g", grams[0])
        return Query.phrase_query(
            self.schema,
            f"{field}_g",
            [(i, grams[i]) for i in self._cover(grams, f"{field}_g", view.searcher)],
        )

    @staticmethod
    def _cover(grams: list[str], field: str, searcher: tantivy.Searcher) -> list[int]:
        """Offsets of a subset of the bigrams that still pins the whole part.

        Token k is characters k and k+1, so bigrams at offsets a < b leave no character
        between them unchecked when b - a <= 2: the first, the last and the rarest bigram
        (it leads tantivy's intersection) joined by steps of two match exactly the verbatim
        texts while reading about half the postings and positions of a long part."""
        last = len(grams) - 1
        rarest = min(range(len(grams)), key=lambda i: searcher.doc_freq(field, grams[i]))
        out = [0]
        for pos in sorted({rarest, last} - {0}):
            while pos - out[-1] > 2:
                out.append(out[-1] + 2)
            out.append(pos)
        return out

    def _and(self, queries: list[Query]) -> Query:
        if len(queries) == 1:
            return queries[0]
        return Query.boolean_query([(Occur.Must, q) for q in queries])

    def _or(self, queries: list[Query]) -> Query:
        if len(queries) == 1:
            return queries[0]
        return Query.boolean_query([(Occur.Should, q) for q in queries])

    def _filters(self, filters: dict) -> list[Query]:
        out = []
        for key in KEYWORD_FIELDS:
            if key in filters:
                out.append(Query.term_query(self.schema, key, filters[key]))
        if "topic" in filters:
            out.append(Query.term_query(self.schema, "topics", filters["topic"]))
        if "year" in filters:
            out.append(Query.term_query(self.schema, "year", int(filters["year"])))
        return out

    def _hit(self, plan: T.QueryPlan, view: _View) -> Query:
        """Every hit: some variant has each of its parts verbatim in the title or the body."""
        return self._or(
            [
                self._and([self._q_part("all", p, view) for p in v.parts])
                for v in plan.match_variants
            ]
        )

    def _queries(
        self, plan: T.QueryPlan, filters: dict, view: _View
    ) -> tuple[list[tuple[int, Query]], Query]:
        """The ranking tiers as (number, query), disjoint and best first (together exactly the
        hits), and the query of all hits (to count them in one pass).

        Tiers 1 and 2 need only the title (a title containing every part is a hit); tier 3 is
        left out when segmentation adds nothing."""
        flt = self._filters(filters)

        def q_and(*queries, must_not=()):
            if len(queries) == 1 and not flt and not must_not:
                return queries[0]  # unwrapped, a term counts without a boolean scorer around it
            clauses = [(Occur.Must, q) for q in (*queries, *flt)]
            clauses += [(Occur.MustNot, q) for q in must_not]
            return Query.boolean_query(clauses)

        hit = self._hit(plan, view)
        exact = self._or([Query.term_query(self.schema, "title_x", v.text) for v in plan.variants])
        title = self._or(
            [
                self._and([self._q_part("title", p, view) for p in v.parts])
                for v in plan.match_variants
            ]
        )
        tiers = [(1, q_and(exact)), (2, q_and(title, must_not=[exact]))]
        if any(v.terms != v.parts for v in plan.variants):
            terms = self._or(
                [
                    self._and([self._q_part("title", t, view) for t in v.terms])
                    for v in plan.variants
                ]
            )
            tiers.append((3, q_and(hit, terms, must_not=[title])))
            tiers.append((4, q_and(hit, must_not=[title, terms])))
        else:
            tiers.append((4, q_and(hit, must_not=[title])))
        return tiers, q_and(hit)

    def _count_plan(self, plan, filters):
        view = self._reader()
        query = self._and([self._hit(plan, view), *self._filters(filters)])
        return view.searcher.search(query, 1, count=True).count

    def _search_plan(self, plan, filters, offset, limit):
        """Run the tiers lazily, best first, only as far as the page needs.

        A tier before the page only contributes its size (it shifts the offset); a tier the
        page reaches also gives its newest documents by tantivy's top-k on the `pub` fast field.
        Once the page is full the remaining tiers are not run: the total is one count of all
        hits, a single term or phrase per part on the `all_*` fields.
        """
        view = self._reader()
        searcher = view.searcher
        tiers, every = self._queries(plan, filters, view)
        found: list[tuple[int, list]] = []  # (tier, hits on the page)
        start = offset
        total = 0
        want = limit
        for tier_no, query in tiers:
            if want <= 0:
                total = searcher.search(every, 1, count=True).count
                break
            result = searcher.search(query, want, count=True, order_by_field="pub", offset=start)
            size = result.count
            hits = result.hits if start < size else []
            start = max(0, start - size)
            total += size
            want -= len(hits)
            found.append((tier_no, hits))
        out: list[tuple[Document, int]] = []
        for tier_no, hits in found:
            for _key, address in hits:
                out.append((doc_from_json(searcher.doc(address)["doc"][0]), tier_no))
        return out[:limit], total


def utc_from_ts(ts: int) -> datetime | None:
    return datetime.fromtimestamp(ts, tz=UTC) if ts else None
