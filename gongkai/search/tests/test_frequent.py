"""Frequent strings of the embedded backend: learnt exactly, indexed as exact terms, and giving
the same hits, tiers and totals as the phrase queries they replace, also for documents added
after the rebuild that learnt them."""

import random
from itertools import chain

from gongkai.search import text as T
from gongkai.search.backends.frequent import FILE_NAME, FrequentStrings
from gongkai.search.backends.tantivy_backend import TantivyBackend
from gongkai.search.corpus import Corpus

from .test_engine import _doc, all_hits


def test_learn_finds_exactly_the_strings_in_enough_texts():
    for seed in range(5):
        rng = random.Random(seed)
        texts = [
            "".join(rng.choice("甲乙丙丁 ") for _ in range(rng.randint(0, 40))) for _ in range(60)
        ]
        learnt = FrequentStrings.learn(texts, share=0.2, min_sample=10, max_len=9)
        expected = set()
        for text in texts:
            for n in range(3, 10):
                for i in range(len(text) - n + 1):
                    s = text[i : i + n]
                    if " " not in s and sum(s in t for t in texts) >= 12:  # 20 % of 60
                        expected.add(s)
        assert expected, seed  # the alphabet is small: plenty of strings are frequent
        assert learnt.strings == expected, seed


def test_learn_keeps_the_most_frequent_strings_when_there_are_too_many():
    texts = ["甲乙丙丁戊"] * 30 + ["甲乙丙"] * 30 + ["子丑寅"] * 20 + ["其他"] * 20
    everything = FrequentStrings.learn(texts, share=0.1, min_sample=10)
    assert everything.strings == {
        "甲乙丙",
        "乙丙丁",
        "丙丁戊",
        "甲乙丙丁",
        "乙丙丁戊",
        "甲乙丙丁戊",
        "子丑寅",
    }
    # 甲乙丙 is in 60 texts; then come those in 30, the shortest first; 子丑寅 (20) is left out
    kept = FrequentStrings.learn(texts, share=0.1, min_sample=10, max_strings=3)
    assert kept.strings == {"甲乙丙", "乙丙丁", "丙丁戊"}


def test_learn_needs_a_large_enough_sample():
    texts = ["关于进一步加强管理"] * 999
    assert len(FrequentStrings.learn(texts, min_sample=1000)) == 0
    assert "关于进一步加强管理" in FrequentStrings.learn([*texts, "其他"], min_sample=1000)


def test_terms_are_each_character_and_each_frequent_string_contained():
    frequent = FrequentStrings(["进一步加强", "一步加", "不在文中", "ab", "有 空格"])
    assert "ab" not in frequent and "有 空格" not in frequent  # 3+ characters, no space
    title, both = frequent.terms("一步加强", "一步加强 关于进一步加强管理")
    assert sorted(title.split(" ")) == sorted([*"一步加强", "一步加"])
    assert sorted(set(both.split(" "))) == sorted(
        {*"一步加强关于进一步加强管理", "进一步加强", "一步加"}
    )
    assert both.count("进一步加强") == 1  # each frequent string once
    assert frequent.terms("", "管理 进一步加强")[0] == ""
    assert FrequentStrings().terms("甲", "甲 乙甲") == ("甲", "甲 乙 甲")


def test_set_is_saved_with_the_index_directory(tmp_path):
    frequent = FrequentStrings(["关于进一步", "实施方案"])
    frequent.save(tmp_path)
    assert (tmp_path / FILE_NAME).is_file()
    assert FrequentStrings.load(tmp_path).strings == frequent.strings
    assert len(FrequentStrings.load(tmp_path / "missing")) == 0


def _ranking(backend, query):
    hits, total = all_hits(backend, query)
    return [(h.key, h.tier) for h in hits], total


def test_frequent_terms_give_the_same_results_as_phrases(tmp_path):
    corpus = Corpus(seed=7)
    docs = list(corpus.documents(1500))
    with_terms = TantivyBackend(tmp_path / "frequent", frequent_min_sample=500)
    phrases_only = TantivyBackend(tmp_path / "phrases", frequent_share=2.0)  # learns nothing
    for backend in (with_terms, phrases_only):
        backend.rebuild(iter(docs))
    live = with_terms.root / (with_terms.root / "CURRENT").read_text().strip()
    frequent = FrequentStrings.load(live)
    assert len(FrequentStrings.load(phrases_only._live_dir())) == 0
    assert len(frequent) > 50

    # queries whose parts are frequent strings, as they are and with a character more or less
    # (not frequent then, or a character missing), and the usual sampled ones
    rng = random.Random(5)
    chosen = rng.sample(sorted(frequent.strings), 40)
    queries = chosen + [s[:-1] for s in chosen[:10]] + [s + "的" for s in chosen[:10]]
    queries += [f"{a} {b}" for a, b in zip(chosen[:10], chosen[10:20], strict=True)]
    queries += corpus.queries(docs, 60, seed=9) + ["发改委", "低保", "的"]
    assert sum(all(p in frequent for p in T.normalize_query(q).split(" ")) for q in queries) >= 50

    def same_everywhere():
        for q in queries:
            assert _ranking(with_terms, q) == _ranking(phrases_only, q), q

    same_everywhere()

    # documents added, changed and removed after the rebuild use the set of the live directory
    later = [
        _doc(9001, chosen[0], f"正文含有{chosen[1]}和{chosen[2]}"),
        _doc(9002, f"标题{chosen[3]}", chosen[4]),
    ]
    changed = _doc(int(docs[0].id), "改过的标题", "不再含有原来的内容")
    for backend in (with_terms, phrases_only):
        backend.upsert([*later, changed])
        backend.delete([docs[1].key])
    assert frequent.strings == FrequentStrings.load(live).strings
    assert "9001" in {h.id for h in all_hits(with_terms, chosen[1])[0]}
    same_everywhere()

    # a rebuild learns the set of the new documents; changes replayed before the swap use it
    def replay(staging):
        staging.upsert([_doc(9003, "重建期间发布", f"内容{chosen[5]}")])

    with_terms.rebuild(chain(iter(docs[:1200]), iter(later)), before_swap=replay)
    assert "9003" in {h.id for h in all_hits(with_terms, chosen[5])[0]}
    assert "9001" in {h.id for h in all_hits(with_terms, chosen[1])[0]}


def test_long_frequent_strings_are_found_whole(tmp_path):
    """A frequent string of 20 characters (60 bytes of UTF-8) is one term, and is found: no
    token-length limit drops it."""
    phrase = "区发展和改革委员会关于进一步加强城乡居民"
    assert len(phrase) == 20
    docs = [
        _doc(i, f"文件{i}", f"第{i}号。{phrase}医疗保险。" if i % 25 == 0 else f"其他内容{i}")
        for i in range(1000)
    ]
    backend = TantivyBackend(tmp_path / "idx")
    backend.rebuild(iter(docs))
    frequent = FrequentStrings.load(backend._live_dir())
    assert phrase in frequent and phrase[1:] in frequent
    want = {str(i) for i in range(0, 1000, 25)}
    for q in (phrase, phrase[1:], phrase[:-1] + "医"):
        hits, total = all_hits(backend, q)
        assert {h.id for h in hits} == (want if q != phrase[:-1] + "医" else set()), q


def test_a_rebuild_failing_while_learning_changes_nothing(tmp_path):
    backend = TantivyBackend(tmp_path / "idx")
    backend.rebuild(iter([_doc(1, "原有文件", "养老服务")]))
    before = sorted(p.name for p in backend.root.iterdir())

    def broken():
        yield _doc(2, "新文件", "内容")
        raise OSError("数据库连接中断")

    try:
        backend.rebuild(broken())
    except OSError:
        pass
    else:
        raise AssertionError("the rebuild should have failed")
    assert sorted(p.name for p in backend.root.iterdir()) == before
    assert [h.id for h in backend.search("养老服务").hits] == ["1"]
