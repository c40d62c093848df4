"""Search benchmark: `python bench/search.py --records N`.

Builds a deterministic synthetic corpus (Zipf-distributed words from jieba's dictionary, mixed
with government phrases, titles and 文号; `pip install -e '.[bench]'` for the dictionary),
indexes it with Gongkai's embedded backend, runs a fixed query set and prints indexing
throughput, latency percentiles, recall against a brute-force scan and peak RSS. Side by side
in the same run: a naive SQLite `LIKE '%q%'` scan and tantivy with a plain n-gram index
(tantivy's own ngram(1,2) tokenizer, AND of the query's grams, BM25 top-20) as the reference.

Run it niced on a shared machine: `nice -n 10 .venv/bin/python bench/search.py --records 100000`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tantivy  # noqa: E402
from tantivy import Occur, Query  # noqa: E402

from gongkai.search import text as T  # noqa: E402
from gongkai.search.backends.tantivy_backend import TantivyBackend  # noqa: E402
from gongkai.search.corpus import Corpus, builtin_vocabulary, jieba_vocabulary  # noqa: E402

FIXED_QUERIES = [
    # two characters
    "低保",
    "社保",
    "医保",
    "通知",
    "救助",
    "招聘",
    "预算",
    "养老",
    # three and four characters
    "发改委",
    "公积金",
    "放管服",
    "双公示",
    "一网通办",
    "营商环境",
    "垃圾分类",
    "乡村振兴",
    # phrases
    "关于进一步加强",
    "最低生活保障",
    "城乡居民养老保险",
    "老旧小区改造",
    "实施方案的通知",
    # 文号
    "〔2021〕30号",
    "示府〔2020〕",
    "示民〔2024〕5号",
    "〔2019〕",
    # mixed script
    "PM2.5",
    "5G",
    "12345",
    "GDP增长",
    "App",
    # very common
    "的",
    "是",
    "工作",
    "关于",
    "发展",
    "中国",
    "人民",
    # rare / absent
    "饕餮",
    "魑魅魍魉",
    "量子纠缠态",
    "区块链存证平台",
]


def doc_to_row(doc) -> dict:
    row = dict(doc.__dict__)
    row["published"] = doc.published.isoformat() if doc.published else None
    return row


def row_to_doc(row: dict):
    from datetime import datetime

    from gongkai.search.backends.base import Document

    if row["published"]:
        row["published"] = datetime.fromisoformat(row["published"])
    return Document(**row)


def percentile(values: list[float], pct: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = max(0, min(len(values) - 1, round(pct / 100 * (len(values) - 1))))
    return values[k]


def cpu_seconds() -> float:
    """CPU time of this process, all threads (a loaded machine stretches wall time, not this)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latency_line(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (
        f"{name:<34} p50 {percentile(ms, 50):8.2f} ms   p95 {percentile(ms, 95):8.2f} ms   "
        f"p99 {percentile(ms, 99):8.2f} ms   max {max(ms):8.2f} ms"
    )


def build_reference(docs_iter, path: Path, *, reuse: bool = False):
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("text", tokenizer_name="ng", index_option="freq")
    sb.add_integer_field("pub", fast=True)
    sb.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    schema = sb.build()
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(path), reuse=reuse)
    index.register_tokenizer(
        "ng",
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 2, False))
        .filter(tantivy.Filter.lowercase())
        .build(),
    )
    if reuse:
        index.reload()
        return index, schema
    writer = index.writer(256 * 1024 * 1024, 1)
    for doc in docs_iter:
        writer.add_document(
            tantivy.Document(text=doc.title + "\n" + doc.body, pub=doc.published_ts(), key=doc.key)
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema


def reference_query(schema, q: str):
    norm = T.normalize_query(q)
    grams = set()
    for part in norm.split(" "):
        grams.update(T.grams_of_part(part))
    terms = [Query.term_query(schema, "text", g) for g in sorted(grams)]
    if len(terms) == 1:
        return terms[0]
    return Query.boolean_query([(Occur.Must, t) for t in terms])


def api_latencies(search_dir: Path, queries: list[str], repeat: int) -> list[float]:
    """End-to-end latency of the JSON endpoint through Django's full request cycle."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["SEARCH_DIR"] = str(search_dir)
    os.environ["SEARCH_API_RATE"] = "100000000/60"
    import django

    django.setup()
    from django.test import Client

    from gongkai.search.engine import reset_backend

    reset_backend()
    client = Client(HTTP_HOST="127.0.0.1")
    times = []
    for _ in range(repeat):
        for q in queries:
            t0 = time.perf_counter()
            response = client.get("/api/v1/search", {"q": q})
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.content[:200]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sampled-queries", type=int, default=60)
    parser.add_argument("--like-queries", type=int, default=20, help="queries timed on LIKE")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="untimed passes over the query set per engine first (page cache, lazy index "
        "structures: a freshly started process otherwise pays them on its first queries)",
    )
    parser.add_argument("--dir", default=None, help="work directory (default: a temp dir)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the corpus and indexes left in --dir by an earlier run (query figures only)",
    )
    args = parser.parse_args()
    n = args.records

    try:
        vocab = jieba_vocabulary()
        vocab_name = f"jieba dict.txt top {len(vocab)} words + government phrases"
    except ImportError:
        vocab = builtin_vocabulary()
        vocab_name = "built-in government phrases (install the bench extra for jieba's)"
    corpus = Corpus(seed=2026, vocabulary=vocab, body_words=(60, 260))
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="gk-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"records: {n:,}   vocabulary: {vocab_name}   workdir: {workdir}")
    print(
        f"cpus: {os.cpu_count()}   python: {sys.version.split()[0]}   tantivy: {tantivy.__version__}"
    )

    # --- corpus: generated once to a JSON-lines file, streamed from it by every pass -------
    t0 = time.perf_counter()
    total_bytes = 0
    corpus_file = workdir / "corpus.jsonl"
    reuse = args.reuse and corpus_file.exists() and (workdir / "ref" / "meta.json").exists()
    if not reuse:
        with corpus_file.open("w", encoding="utf-8") as fh:
            for doc in corpus.documents(n):
                total_bytes += len(doc.title.encode()) + len(doc.body.encode())
                fh.write(json.dumps(doc_to_row(doc), ensure_ascii=False) + "\n")
        print(f"corpus written in {time.perf_counter() - t0:.1f} s")

    def documents():
        with corpus_file.open(encoding="utf-8") as fh:
            for line in fh:
                yield row_to_doc(json.loads(line))

    t0, c0 = time.perf_counter(), cpu_seconds()
    for doc in documents():
        if reuse:
            total_bytes += len(doc.title.encode()) + len(doc.body.encode())
    gen_s, gen_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    mb = total_bytes / 1e6
    print(f"corpus: {mb:,.1f} MB of UTF-8 text, read back in {gen_s:.1f} s (not counted below)")

    # --- indexing ------------------------------------------------------------------------------
    ours = TantivyBackend(workdir / "search" / "tantivy", threads=1)
    if reuse:
        print(f"reusing the indexes in {workdir} (indexing figures: see the earlier run)")
        ref_index, ref_schema = build_reference([], workdir / "ref", reuse=True)
    else:
        t0, c0 = time.perf_counter(), cpu_seconds()
        ours.rebuild(documents())
        ours_s = time.perf_counter() - t0 - gen_s
        ours_cpu = cpu_seconds() - c0 - gen_cpu
        print(
            f"index ours (bigrams + frequent)    {ours_s:7.1f} s  {mb / ours_s:6.2f} MB/s "
            f"(generation time subtracted)   cpu {ours_cpu:.0f} s = {mb / ours_cpu:.2f} MB per "
            f"cpu-second   count {ours.count():,}"
        )
        t0, c0 = time.perf_counter(), cpu_seconds()
        ref_index, ref_schema = build_reference(documents(), workdir / "ref")
        ref_s = time.perf_counter() - t0 - gen_s
        ref_cpu = cpu_seconds() - c0 - gen_cpu
        print(
            f"index reference (tantivy ngram)    {ref_s:7.1f} s  {mb / ref_s:6.2f} MB/s   "
            f"cpu {ref_cpu:.0f} s = {mb / ref_cpu:.2f} MB per cpu-second"
        )
    like_db = sqlite3.connect(str(workdir / "like.sqlite3"))
    like_db.execute("DROP TABLE IF EXISTS docs")
    like_db.execute("CREATE TABLE docs (key TEXT, title TEXT, body TEXT, pub INTEGER)")
    t0 = time.perf_counter()
    like_db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?)",
        ((d.key, d.title, d.body, d.published_ts()) for d in documents()),
    )
    like_db.commit()
    print(f"load LIKE table (sqlite)           {time.perf_counter() - t0 - gen_s:7.1f} s")

    # --- queries ---------------------------------------------------------------------------------
    rng = random.Random(99)
    sample_docs = []
    for i, doc in enumerate(corpus.documents(min(n, 20000))):  # same seed: the first docs
        if i % 50 == 0:
            sample_docs.append(doc)
    queries = FIXED_QUERIES + corpus.queries(sample_docs, args.sampled_queries, seed=5)
    rng.shuffle(queries)
    print(f"queries: {len(queries)} ({len(FIXED_QUERIES)} fixed + sampled 1-6 chars, 文号, titles)")

    searcher = ref_index.searcher()
    for _ in range(args.warmup):
        for q in queries:
            ours.search(q, per_page=20)
            searcher.search(reference_query(ref_schema, q), 20, count=True)
    ours_times, ours_totals, per_query = [], {}, {}
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            res = ours.search(q, per_page=20)
            elapsed = time.perf_counter() - t0
            ours_times.append(elapsed)
            per_query[q] = max(per_query.get(q, 0), elapsed)
            ours_totals[q] = res.total
    api_times = api_latencies(workdir / "search", queries, args.repeat)
    ref_times, ref_keys = [], {}
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            res = searcher.search(reference_query(ref_schema, q), 20, count=True)
            for _score, addr in res.hits:
                searcher.doc(addr)
            ref_times.append(time.perf_counter() - t0)
            ref_keys[q] = res.count
    like_times = []
    for q in queries[: args.like_queries]:
        pat = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        t0 = time.perf_counter()
        like_db.execute(
            "SELECT key, title FROM docs WHERE title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' "
            "ORDER BY pub DESC LIMIT 20",
            (pat, pat),
        ).fetchall()
        like_times.append(time.perf_counter() - t0)

    # --- recall against a brute-force scan -------------------------------------------------
    plans = {q: T.plan_query(q) for q in queries}
    brute = dict.fromkeys(queries, 0)
    verbatim = dict.fromkeys(queries, 0)
    norm_q = {q: T.normalize_query(q) for q in queries}
    t0 = time.perf_counter()
    for doc in documents():
        title = T.normalize(T.clean_text(doc.title))
        body = T.normalize(T.clean_text(doc.body))
        for q, plan in plans.items():
            if any(all(p in title or p in body for p in v.parts) for v in plan.variants):
                brute[q] += 1
                if norm_q[q] in title or norm_q[q] in body:
                    verbatim[q] += 1
    scan_s = time.perf_counter() - t0 - gen_s
    exact = sum(1 for q in queries if ours_totals[q] == brute[q])
    missed = [q for q in queries if ours_totals[q] < brute[q]]
    ref_over = sum(1 for q in queries if ref_keys[q] > verbatim[q])
    print()
    print(latency_line("ours: search() top-20 + snippets", ours_times))
    print(latency_line("ours: GET /api/v1/search (Django)", api_times))
    print(latency_line("reference: tantivy ngram top-20", ref_times))
    print(latency_line(f"naive LIKE scan ({len(like_times)} queries)", like_times))
    print()
    print(
        f"recall ours: {exact}/{len(queries)} queries with exactly the brute-force hit count; "
        f"missed hits in {len(missed)} queries {missed[:5]}"
    )
    print(
        f"reference ngram AND query returned more than the verbatim matches for {ref_over} "
        f"queries (false positives: its grams are not checked for adjacency)"
    )
    print(f"brute-force Python scan of all queries: {scan_s:.1f} s")
    common = sorted(queries, key=lambda q: -brute[q])[:5]
    print("most common queries (hits): " + ", ".join(f"{q}={brute[q]:,}" for q in common))
    slow = sorted(per_query, key=per_query.get, reverse=True)[:5]
    print(
        "slowest queries (ours): "
        + ", ".join(f"{q}={per_query[q] * 1000:.1f} ms ({ours_totals[q]:,} hits)" for q in slow)
    )
    print(f"p95 ratio ours/reference: {percentile(ours_times, 95) / percentile(ref_times, 95):.2f}")
    print(f"peak RSS: {peak_rss_mb():,.0f} MB")
    sizes = {
        name: sum(f.stat().st_size for f in (workdir / name).rglob("*") if f.is_file()) / 1e6
        for name in ("search", "ref")
    }
    print(f"index size: ours {sizes['search']:,.0f} MB, reference {sizes['ref']:,.0f} MB")


if __name__ == "__main__":
    main()
