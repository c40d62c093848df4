"""Frequent strings: exact index terms for the strings most documents contain.

A query part of three characters or more is a phrase of bigrams, and a phrase costs a read of
positions for every document holding its bigrams. For a string in 14 % of a million documents
(关于进一步加强, 》政策, 发改委) that is 140,000 position checks per query. The remedy is the one
of Lucene's CommonGrams filter and of the "phrase index" of Williams, Zobel and Bahle (*Fast
phrase querying with combined indexes*, 2004): give the frequent phrases terms of their own.

Here the frequent strings are learnt from the documents when the index is built: every string of
3 to `MAX_LEN` characters (no space) found in at least `share` of a sample of the documents.
The set is stored in the index directory and fixed for the life of that directory, so every
document in it, also those added later, was indexed with the same set: a document has the term
`s` exactly when its text contains `s`, and a query part equal to a frequent string is one term
lookup, exact, without positions. Parts that are not frequent are rare enough for a phrase.

The same field holds each character of the text (the terms of one-character queries).
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path

import ahocorasick

from gongkai.search import text as T

FILE_NAME = "frequent.txt"
MAX_LEN = 20  # recall is promised for queries up to 20 characters
SHARE = 0.02  # a string in 2 % of the documents is worth a term of its own
SAMPLE = 5000  # documents the set is learnt from (the first ones of a rebuild)
MIN_SAMPLE = 1000  # below this an index is small enough for phrases everywhere
MAX_STRINGS = 20000  # bounds the terms per document when texts repeat long boilerplate

_END, _STRING = itemgetter(0), itemgetter(1)  # of an automaton match (end index, string)


class FrequentStrings:
    """A fixed set of strings, and the exact-substring terms of a text under it."""

    def __init__(self, strings: Iterable[str] = ()):
        self.strings = frozenset(s for s in strings if len(s) >= 3 and " " not in s)
        self._automaton = None
        if self.strings:
            automaton = ahocorasick.Automaton()
            for s in self.strings:
                automaton.add_word(s, s)
            automaton.make_automaton()
            self._automaton = automaton

    def __contains__(self, part: str) -> bool:
        return part in self.strings

    def __len__(self) -> int:
        return len(self.strings)

    def terms(self, title: str, both: str) -> tuple[str, str]:
        """Whitespace-joined terms of a normalised title and of the title and body (`both`
        starts with the title): each character (spaces dropped) and each distinct frequent
        string inside. One automaton pass over `both`; its matches come in order of their
        end, so those inside the title are a prefix of them."""
        title_terms, all_terms = T.unigram_tokens(title), T.unigram_tokens(both)
        if self._automaton is None:
            return title_terms, all_terms
        found = list(self._automaton.iter(both))
        if not found:
            return title_terms, all_terms
        in_title = bisect_left(found, len(title), key=_END)
        if in_title:
            title_terms = " ".join((title_terms, *set(map(_STRING, found[:in_title]))))
        return title_terms, " ".join((all_terms, *set(map(_STRING, found))))

    # --- learning and storage ---------------------------------------------------------------
    @classmethod
    def learn(
        cls,
        texts: list[str],
        *,
        share: float = SHARE,
        min_sample: int = MIN_SAMPLE,
        max_len: int = MAX_LEN,
        max_strings: int = MAX_STRINGS,
    ) -> FrequentStrings:
        """The strings of 3..max_len characters in at least `share` of the normalised texts,
        at most `max_strings` of them (the most frequent, then the shortest: a string left
        out is searched as a phrase, which stays exact).

        Level by level: a string can only be frequent if both its prefix and its suffix one
        character shorter are, so each level counts only those candidates."""
        if len(texts) < min_sample:
            return cls()
        min_docs = max(2, math.ceil(share * len(texts)))
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update({text[i : i + 3] for i in range(len(text) - 2)})
        level = {s for s, c in counts.items() if c >= min_docs and " " not in s}
        found = {s: counts[s] for s in level}
        n = 3
        while level and n < max_len:
            n += 1
            counts = Counter()
            for text in texts:
                counts.update(
                    {
                        text[i : i + n]
                        for i in range(len(text) - n + 1)
                        if text[i : i + n - 1] in level and text[i + 1 : i + n] in level
                    }
                )
            level = {s for s, c in counts.items() if c >= min_docs}
            found.update((s, counts[s]) for s in level)
        best = sorted(found, key=lambda s: (-found[s], len(s), s))
        return cls(best[:max_strings])

    @classmethod
    def load(cls, directory: str | os.PathLike) -> FrequentStrings:
        """The set of an index directory (empty when it has none: an index that was not built
        by a rebuild, or by an older version)."""
        try:
            text = (Path(directory) / FILE_NAME).read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        return cls(line for line in text.split("\n") if line)

    def save(self, directory: str | os.PathLike) -> None:
        path = Path(directory) / FILE_NAME
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(f"{s}\n" for s in sorted(self.strings)), encoding="utf-8")
        os.replace(tmp, path)
