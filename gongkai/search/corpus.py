"""Deterministic synthetic corpus of government documents, for recall tests and the benchmark.

Words are drawn with a Zipf distribution (weight 1/rank^s) from a vocabulary: by default a
built-in list of government phrases and common characters (no dependency), or, for the
benchmark, the words of a real segmenter dictionary (`jieba_vocabulary()`, ranked by their
dictionary frequency) mixed with the government phrases. Titles follow real patterns and
bodies cite 文号 with full-width brackets, Latin abbreviations and numbers.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from gongkai.search.backends.base import Document

GOV_PHRASES = [
    "一网通办",
    "放管服",
    "双公示",
    "发改委",
    "发展和改革委员会",
    "最低生活保障",
    "低保",
    "社保",
    "医保",
    "公积金",
    "营商环境",
    "政务公开",
    "行政许可",
    "行政处罚",
    "规范性文件",
    "政策解读",
    "城乡居民",
    "养老保险",
    "社会救助",
    "特困人员",
    "临时救助",
    "残疾人",
    "退役军人",
    "优抚对象",
    "乡村振兴",
    "安全生产",
    "生态环境",
    "垃圾分类",
    "老旧小区",
    "改造",
    "义务教育",
    "招生",
    "财政预算",
    "决算",
    "三公经费",
    "政府采购",
    "公开招标",
    "中标公告",
    "人事任免",
    "招聘",
    "区人民政府",
    "办公室",
    "民政局",
    "人社局",
    "住建局",
    "市场监管局",
    "卫健委",
    "教育局",
    "通知",
    "意见",
    "办法",
    "规定",
    "实施方案",
    "工作要点",
    "公告",
    "批复",
    "决定",
    "报告",
    "关于",
    "印发",
    "做好",
    "进一步",
    "加强",
    "推进",
    "开展",
    "调整",
    "标准",
    "管理",
]
TITLE_PATTERNS = [
    "关于{a}{b}的通知",
    "关于印发《{a}{b}实施方案》的通知",
    "{agency}关于{a}{b}工作的意见",
    "{year}年{a}{b}工作要点",
    "关于进一步加强{a}{b}的实施意见",
    "《{a}{b}办法》政策解读",
    "{agency}{year}年{a}公告",
]
AGENCIES = [
    ("gov", "区人民政府", "示府"),
    ("gov-office", "区人民政府办公室", "示政办"),
    ("mz", "区民政局", "示民"),
    ("rs", "区人力资源和社会保障局", "示人社"),
    ("fg", "区发展和改革委员会", "示发改"),
    ("jy", "区教育局", "示教"),
    ("zj", "区住房和城乡建设局", "示建"),
    ("sj", "区市场监督管理局", "示市监"),
]
RECORD_TYPES = ["规章", "行政规范性文件", "政策解读", "其他文件", "工作动态"]
TOPICS = [
    "民政\\社会救助",
    "民政\\养老服务",
    "劳动\\社会保险",
    "城乡建设\\住房",
    "综合政务\\政务公开",
]
VALIDITY = ["valid", "valid", "valid", "expired", "repealed"]
LATIN = ["ABC", "PPP", "GDP", "CPI", "5G", "AI", "App", "12345", "PM2.5", "ETC", "QQ", "Wi-Fi"]
COMMON_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
)
PUNCT = "，。；、：（）"


def zipf_weights(n: int, s: float = 1.07) -> list[float]:
    return list(accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


def builtin_vocabulary() -> list[str]:
    """Government phrases first (most frequent), then single common characters."""
    return GOV_PHRASES + list(dict.fromkeys(COMMON_CHARS))


def jieba_vocabulary(limit: int = 60000) -> list[str]:
    """The `limit` most frequent words of jieba's dictionary (needs the `bench` extra)."""
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split(" ")
            if word.strip() and not word.isascii():
                rows.append((int(freq), word))
    rows.sort(reverse=True)
    words = [w for _, w in rows[:limit]]
    # Government phrases are frequent in this domain: interleave them from rank 50 on, one in
    # every ten words (so the commonest reaches a few percent of the word draws).
    out = []
    for i, word in enumerate(words):
        out.append(word)
        slot = (i - 50) // 10
        if i >= 50 and i % 10 == 0 and slot < len(GOV_PHRASES):
            out.append(GOV_PHRASES[slot])
    return out


class Corpus:
    def __init__(self, *, seed: int = 7, vocabulary: list[str] | None = None, body_words=(40, 160)):
        self.seed = seed
        self.vocab = vocabulary or builtin_vocabulary()
        self.cum = zipf_weights(len(self.vocab))
        self.body_words = body_words
        self.start = datetime(2015, 1, 1, tzinfo=UTC)

    def doc_number(self, rng: random.Random, prefix: str) -> str:
        return f"{prefix}〔{rng.randint(2015, 2026)}〕{rng.randint(1, 60)}号"

    def documents(self, n: int, *, offset: int = 0):
        rng = random.Random(self.seed)
        vocab, cum, choices = self.vocab, self.cum, rng.choices
        for i in range(offset, offset + n):
            code, name, prefix = AGENCIES[i % len(AGENCIES)]
            a, b = choices(vocab, cum_weights=cum, k=2)
            published = self.start + timedelta(minutes=rng.randint(0, 6_000_000))
            title = rng.choice(TITLE_PATTERNS).format(a=a, b=b, agency=name, year=published.year)
            words = choices(vocab, cum_weights=cum, k=rng.randint(*self.body_words))
            for _ in range(rng.randint(1, 4)):
                words.insert(rng.randrange(len(words)), rng.choice(PUNCT))
            if rng.random() < 0.5:
                words.insert(rng.randrange(len(words)), self.doc_number(rng, prefix))
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), " " + rng.choice(LATIN) + " ")
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99999)}元")
            yield Document(
                id=str(i),
                kind="record",
                title=title,
                body="".join(words),
                agency_code=code,
                agency_name=name,
                record_type=RECORD_TYPES[i % len(RECORD_TYPES)],
                topic=TOPICS[i % len(TOPICS)],
                year=published.year,
                validity=VALIDITY[i % len(VALIDITY)],
                published=published,
                url=f"/records/{i}/",
                index_no=f"00000-{published.year}-{i:07d}",
            )

    def queries(self, docs: list[Document], n: int, *, seed: int = 11) -> list[str]:
        """Substrings of the corpus (1-6 characters, some with Latin or digits), 文号, whole
        titles, and strings that occur nowhere."""
        rng = random.Random(seed)
        out: list[str] = []
        while len(out) < n:
            doc = rng.choice(docs)
            kind = rng.random()
            if kind < 0.7:
                text = doc.body if rng.random() < 0.7 else doc.title
                length = rng.randint(1, 6)
                if len(text) > length:
                    start = rng.randrange(len(text) - length)
                    q = text[start : start + length].strip()
                    if q:
                        out.append(q)
            elif kind < 0.8:
                start = doc.body.find("〔")
                if start > 0:
                    end = doc.body.find("号", start)
                    out.append(
                        doc.body[start : end + 1]
                        if rng.random() < 0.5
                        else doc.body[start - 2 : end + 1]
                    )
            elif kind < 0.85:
                out.append(doc.title)
            elif kind < 0.92:
                out.append(rng.choice(LATIN) + rng.choice(GOV_PHRASES)[:2])
            else:
                out.append("".join(rng.choice(COMMON_CHARS) for _ in range(rng.randint(3, 8))))
        return out
