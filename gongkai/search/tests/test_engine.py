"""The engine on both backends: recall against a brute-force scan, ranking, filters, snippets,
pagination, incremental updates, rebuild and "did you mean"."""

import os
from datetime import UTC, datetime

import pytest

from gongkai.search import text as T
from gongkai.search.backends.base import Document
from gongkai.search.backends.tantivy_backend import TantivyBackend
from gongkai.search.corpus import Corpus

PG_DSN = os.environ.get("SEARCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_DSN, connect_timeout=2):
            return True
    except Exception:
        return False


@pytest.fixture(params=["tantivy", "postgres"])
def make_backend(request, tmp_path):
    made = []

    def make():
        if request.param == "tantivy":
            backend = TantivyBackend(tmp_path / f"idx{len(made)}")
        else:
            if not _pg_available():
                pytest.skip(f"PostgreSQL not reachable at {PG_DSN}")
            from gongkai.search.backends.postgres import PostgresBackend

            backend = PostgresBackend(PG_DSN, table=f"search_test_{os.getpid()}_{len(made)}")
            backend.drop()
        made.append(backend)
        return backend

    yield make
    for backend in made:
        if backend.name == "postgres":
            backend.drop()
        backend.close()


def all_hits(backend, query, filters=None):
    hits, page = [], 1
    while True:
        results = backend.search(query, filters=filters, page=page, per_page=1000, suggest=False)
        hits.extend(results.hits)
        if not results.has_next:
            return hits, results.total
        page += 1


def when(year, month=1, day=1):
    return datetime(year, month, day, tzinfo=UTC)


def test_recall_matches_brute_force_scan(make_backend):
    corpus = Corpus(seed=3)
    docs = list(corpus.documents(2500))
    queries = corpus.queries(docs, 300)
    queries += ["〔2021〕30号", "示府〔2020〕", "5G通知", "PM2.5", "12345", "低保", "社保"]
    backend = make_backend()
    backend.rebuild(iter(docs))
    assert backend.count() == len(docs)
    by_key = {d.key: d for d in docs}
    texts = [
        (d.key, T.normalize(T.clean_text(d.title)), T.normalize(T.clean_text(d.body))) for d in docs
    ]
    for q in queries:
        plan = T.plan_query(q)
        expected = {
            key
            for key, title, body in texts
            if any(all(p in title or p in body for p in v.parts) for v in plan.variants)
        }
        nq = T.normalize_query(q)
        verbatim = {key for key, title, body in texts if nq in title or nq in body}
        hits, total = all_hits(backend, q)
        got = [h.key for h in hits]
        assert len(got) == len(set(got)) == total, q
        assert set(got) == expected, q
        assert verbatim <= set(got), f"missed verbatim matches for {q!r}"
        # ranking: tiers ascend; newest first inside a tier
        tiers = [h.tier for h in hits]
        assert tiers == sorted(tiers), q
        for h in hits:
            assert h.tier == T.tier(plan, by_key[h.key].title), q
        for a, b in zip(hits, hits[1:], strict=False):
            if a.tier == b.tier:
                assert (a.published or when(1970)) >= (b.published or when(1970)), q


def test_small_pages_across_tiers_match_the_full_ranking(make_backend):
    """Tiers are run lazily, only as far as a page needs, and the rest only counted: every
    small page must be the matching slice of the full ranking, with the same total."""
    corpus = Corpus(seed=11)
    docs = list(corpus.documents(800))
    queries = corpus.queries(docs, 40, seed=2) + ["的", "关于", "通知", "发改委", "低保 通知"]
    backend = make_backend()
    backend.rebuild(iter(docs))
    for q in queries:
        full, total = all_hits(backend, q)
        for per_page in (1, 7):
            for page in (1, 2, 3, total // per_page + 1, total // per_page + 2):
                results = backend.search(q, page=page, per_page=per_page, suggest=False)
                want = full[(page - 1) * per_page : page * per_page]
                assert results.total == total, (q, page, per_page)
                assert [(h.key, h.tier) for h in results.hits] == [(h.key, h.tier) for h in want], (
                    q,
                    page,
                    per_page,
                )


def test_query_parts_split_between_title_and_body(make_backend):
    backend = make_backend()
    backend.upsert(
        [
            _doc(1, "低保名单公示", "", published=when(2020)),
            _doc(2, "低保工作", "名单公示如下", published=when(2024)),
            _doc(3, "其他", "低保对象名单公示", published=when(2022)),
            _doc(4, "公示", "无关内容", published=when(2025)),
            _doc(5, "低保", "", published=when(2025)),
        ]
    )
    for per_page in (1, 20):
        hits, total = [], 0
        for page in (1, 2, 3):
            results = backend.search("低保 公示", page=page, per_page=per_page, suggest=False)
            hits += [(h.id, h.tier) for h in results.hits]
            total = results.total
        assert total == 3
        assert hits == [("1", 2), ("2", 4), ("3", 4)]


def _doc(i, title, body="", **kw):
    kw.setdefault("published", when(2020 + i % 6))
    kw.setdefault("year", kw["published"].year)
    return Document(id=str(i), kind="record", title=title, body=body, **kw)


def test_ranking_exact_title_then_title_then_terms_then_body_newer_first(make_backend):
    backend = make_backend()
    backend.upsert(
        [
            _doc(1, "其他事项", "正文提到低保标准", published=when(2026)),
            _doc(2, "低保标准", "", published=when(2019)),
            _doc(3, "关于调整低保标准的通知", "", published=when(2020)),
            _doc(4, "关于调整低保标准的通知（修订）", "", published=when(2024)),
            _doc(5, "标准化建设与低保工作", "正文：低保标准", published=when(2025)),
            _doc(6, "无关", "正文提到低保标准", published=when(2022)),
        ]
    )
    results = backend.search("低保标准")
    assert [h.id for h in results.hits] == ["2", "4", "3", "5", "1", "6"]
    assert [h.tier for h in results.hits] == [1, 2, 2, 3, 4, 4]


def test_filters_and_pagination(make_backend):
    backend = make_backend()
    docs = [
        _doc(
            i,
            f"社会救助通知{i}",
            "内容",
            agency_code="mz" if i % 2 else "rs",
            record_type="规章" if i % 3 == 0 else "政策解读",
            topic="民政\\社会救助" if i % 4 == 0 else "劳动\\社会保险",
            validity="valid" if i % 5 else "repealed",
            published=when(2020 + i % 5, 1 + i % 12),
        )
        for i in range(1, 61)
    ]
    backend.upsert(docs)

    def ids(**filters):
        return {h.id for h in all_hits(backend, "社会救助", filters)[0]}

    assert ids(agency="mz") == {d.id for d in docs if d.agency_code == "mz"}
    assert ids(record_type="规章") == {d.id for d in docs if d.record_type == "规章"}
    assert ids(topic="民政") == {d.id for d in docs if d.topic.startswith("民政")}
    assert ids(topic="民政\\社会救助") == ids(topic="民政")
    assert ids(year=2022) == {d.id for d in docs if d.year == 2022}
    assert ids(validity="repealed", agency="rs") == {
        d.id for d in docs if d.validity == "repealed" and d.agency_code == "rs"
    }
    assert ids(kind="catalog_item") == set()
    pages = [backend.search("社会救助", page=p, per_page=25) for p in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [25, 25, 10]
    assert pages[0].total == 60 and pages[0].pages == 3 and pages[2].has_next is False
    seen = [h.id for p in pages for h in p.hits]
    assert len(set(seen)) == 60
    assert backend.search("社会救助", page=9).hits == []


def test_snippets_highlight_matches_and_escape_html(make_backend):
    backend = make_backend()
    body = "前言" * 80 + "根据示府规〔2026〕3号文件，<b>调整</b>ＡＢＣ标准。" + "后记" * 80
    backend.upsert([_doc(1, "关于ABC标准的通知", body)])
    hit = backend.search("〔2026〕3号").hits[0]
    assert "<mark>〔2026〕3号</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.snippet and "<b>" not in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 300
    # full-width Latin is found by half-width queries and highlighted in the original text
    hit = backend.search("abc").hits[0]
    assert "<mark>ABC</mark>" in hit.title_html
    assert "<mark>ＡＢＣ</mark>" in hit.snippet


def test_synonyms_expand_abbreviations(make_backend):
    backend = make_backend()
    backend.upsert(
        [
            _doc(1, "区发展和改革委员会2026年工作要点"),
            _doc(2, "发改委关于价格监测的通知"),
            _doc(3, "城乡居民最低生活保障标准"),
            _doc(4, "无关的文件"),
        ]
    )
    assert {h.id for h in backend.search("发改委").hits} == {"1", "2"}
    assert {h.id for h in backend.search("发展和改革委员会").hits} == {"1", "2"}
    assert {h.id for h in backend.search("低保").hits} == {"3"}


def test_incremental_update_delete_and_rebuild_while_serving(make_backend):
    backend = make_backend()
    backend.upsert([_doc(1, "旧标题", "养老服务"), _doc(2, "第二份", "养老服务")])
    assert backend.search("养老服务").total == 2
    backend.upsert([_doc(1, "新标题", "已经修改")])
    assert backend.search("养老服务").total == 1
    assert backend.search("新标题").hits[0].id == "1"
    backend.delete(["record:2", "record:404"])
    assert backend.search("养老服务").total == 0
    assert backend.count() == 1

    replayed = []

    def docs():
        # while the new index is being built, the old one still answers
        assert backend.search("新标题").total == 1
        yield _doc(7, "重建后的文件", "退役军人")

    def before_swap(staging):
        staging.upsert([_doc(8, "重建期间发布", "退役军人")])
        replayed.append(True)

    assert backend.rebuild(docs(), before_swap=before_swap) == 1
    assert replayed
    assert {h.id for h in backend.search("退役军人").hits} == {"7", "8"}
    assert backend.search("新标题").total == 0


def test_did_you_mean_offers_a_query_with_hits(make_backend):
    backend = make_backend()
    backend.upsert([_doc(1, "关于调整城乡低保标准的通知", "各街道")])
    results = backend.search("低保调整通知")
    assert results.total == 0
    assert results.suggestion
    assert backend.search(results.suggestion).total == 1
    assert backend.search("完全不存在的内容").suggestion == ""
    assert backend.search("   ").total == 0


def test_did_you_mean_does_not_space_out_single_characters(make_backend):
    """A string the segmenter cuts into single characters is not answered with those characters
    as separate terms (they match nearly anything) but with a near string that exists."""
    backend = make_backend()
    backend.upsert([_doc(1, "我们都的工作", "从前"), _doc(2, "都的从", "其他")])
    assert all(len(w) == 1 for w in T.segment("们都的从"))
    results = backend.search("们都的从")
    assert results.total == 0
    assert " " not in results.suggestion
    assert results.suggestion in {"都的从", "们都的"}
    assert backend.search(results.suggestion).total >= 1


def test_long_queries_up_to_twenty_characters(make_backend):
    backend = make_backend()
    title = "关于印发示范区2026年度城乡居民基本养老保险工作实施方案的通知"
    backend.upsert([_doc(1, title), _doc(2, "示范区2026年度城乡居民")])
    for length in range(1, 21):
        q = title[5 : 5 + length]
        assert "1" in {h.id for h in all_hits(backend, q)[0]}, q


def test_long_parts_match_only_verbatim_not_with_one_character_changed(make_backend):
    """Long parts are matched by a subset of their n-grams; every character must still count."""
    backend = make_backend()
    q = "城乡居民基本养老保险工作实施"
    near = [q[:i] + "某" + q[i + 1 :] for i in range(len(q))]  # one character replaced
    near += [q[:i] + q[i + 1 :] for i in range(1, len(q) - 1)]  # one character dropped
    docs = [_doc(i, f"标题{i}", f"正文{text}结束") for i, text in enumerate(near, start=2)]
    backend.upsert([*docs, _doc(1, "标题", f"正文{q}结束")])
    assert [h.id for h in all_hits(backend, q)[0]] == ["1"]
    for text in near:  # the near misses are indexed and found verbatim
        assert all_hits(backend, text)[1] >= 1, text


def test_repeated_and_periodic_text_matches_exact_lengths(make_backend):
    """Parts made of one repeated n-gram (啊啊啊…, 哈哈哈…, abab…) must still count every
    character: a phrase of repeated terms at their offsets, not any two occurrences."""
    backend = make_backend()
    bodies = ["啊" * 4, "啊" * 7, "哈哈" * 3, "哈哈" * 5 + "啊", "abab" * 2, "ab" * 9]
    backend.upsert([_doc(i, f"标题{i}", f"正文{body}结束") for i, body in enumerate(bodies)])
    queries = ["啊" * k for k in range(1, 10)] + ["哈" * k for k in range(1, 13)]
    queries += ["ab" * k for k in range(1, 11)] + ["ba" * k for k in range(1, 10)]
    for q in queries:
        expected = {str(i) for i, body in enumerate(bodies) if q in body}
        assert {h.id for h in all_hits(backend, q)[0]} == expected, q


def test_rebuilds_in_the_same_instant_get_distinct_directories(tmp_path, time_machine):
    """Index directories are unique even when the clock does not move between two rebuilds."""
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False)
    backend = TantivyBackend(tmp_path / "idx")
    backend.rebuild(iter([_doc(1, "第一次重建")]))
    backend.rebuild(iter([_doc(2, "第二次重建")]))
    assert [h.id for h in backend.search("重建").hits] == ["2"]
    assert len(list((tmp_path / "idx").glob("idx-*"))) == 1


def test_variants_implied_by_another_are_not_searched_twice(make_backend):
    """一网通办理 contains 一网通办: its matches are the shorter variant's, so only that one is
    run; hits, totals and tiers stay those of the brute-force definition."""
    plan = T.plan_query("一网通办")
    assert [v.text for v in plan.variants] == ["一网通办", "一网通办理"]
    assert [v.text for v in plan.match_variants] == ["一网通办"]
    assert [v.text for v in T.plan_query("发改委").match_variants] == [
        "发改委",
        "发展和改革委员会",
        "发展改革委",
    ]
    assert [v.text for v in T.plan_query("甲 乙").match_variants] == ["甲 乙"]
    backend = make_backend()
    docs = [
        _doc(1, "一网通办理", published=when(2020)),
        _doc(2, "推进一网通办理工作", published=when(2021)),
        _doc(3, "通知", "全面推进一网通办", published=when(2022)),
        _doc(4, "一网通", "办理", published=when(2023)),
    ]
    backend.upsert(docs)
    plan = T.plan_query("一网通办")
    hits, total = all_hits(backend, "一网通办")
    assert [(h.id, h.tier) for h in hits] == [("1", 1), ("2", 2), ("3", 4)]
    assert total == 3
    assert all(h.tier == T.tier(plan, h.title) for h in hits)
