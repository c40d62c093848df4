"""Text handling shared by every backend: normalisation, n-grams, query planning, snippets.

Normalisation is a one-to-one character mapping (full-width ASCII to half-width, ideographic
space to space, lower case), so offsets in the normalised text are offsets in the original text
and snippets can be cut and highlighted without re-aligning. Runs of whitespace are collapsed
before that, once, when a document's plain text is made (`clean_text`).
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nh3

MAX_QUERY_CHARS = 100  # longer input is cut (recall is promised up to 20 characters)
SPACE_MARK = "\u2423"  # stands for a space inside a bigram token

_WS = re.compile(r"\s+")


_NARROW = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(match: re.Match) -> str:
    return _NARROW[match.group()]


def clean_text(text: str | None) -> str:
    """Collapse whitespace runs to one space and strip; the text documents are indexed as."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip()


def html_to_text(body: str | None) -> str:
    """Plain text of a sanitised HTML body (tags dropped, entities decoded, blocks spaced)."""
    if not body:
        return ""
    spaced = re.sub(r"<(br|/p|/div|/li|/tr|/h[1-6]|/td|/th)\b[^>]*>", " ", body, flags=re.I)
    stripped = nh3.clean(spaced, tags=set())
    return clean_text(html.unescape(stripped))


def normalize(text: str) -> str:
    """Case- and width-folded text, same length as the input (one-to-one per character)."""
    text = _WIDE.sub(_narrow, text)  # faster than str.translate when few characters are wide
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters lower-case to two (e.g. "İ"): keep those as they are
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def normalize_query(text: str) -> str:
    return normalize(clean_text(text)[:MAX_QUERY_CHARS])


def bigram_tokens(norm: str) -> str:
    """Whitespace-joined overlapping bigrams of normalised text, one per character position.

    Every adjacent pair is emitted (a space inside a pair becomes SPACE_MARK) so token
    positions equal character positions and a phrase of consecutive bigrams is a verbatim
    substring. Built with array slicing over code points (8x faster than joining pairs).
    """
    if len(norm) < 2:
        return ""
    points = array("I", norm.replace(" ", SPACE_MARK).encode("utf-32-le"))
    n = len(points) - 1
    out = array("I", [32]) * (3 * n)
    out[0::3] = points[:-1]
    out[1::3] = points[1:]
    return out.tobytes().decode("utf-32-le")[:-1]


def unigram_tokens(norm: str) -> str:
    """Whitespace-joined characters of normalised text (spaces dropped)."""
    compact = norm.replace(" ", "")
    if not compact:
        return ""
    points = array("I", compact.encode("utf-32-le"))
    out = array("I", [32]) * (2 * len(points))
    out[0::2] = points
    return out.tobytes().decode("utf-32-le")[:-1]


def grams_of_part(part: str) -> list[str]:
    """The index terms a query part needs: its characters if it has one, else its bigrams."""
    if len(part) == 1:
        return [part]
    return [part[i : i + 2] for i in range(len(part) - 1)]


# --- Synonyms and segmentation -------------------------------------------------------------


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    path = Path(__file__).with_name("synonyms.txt")
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        variants = tuple(normalize(v.strip()) for v in line.split("|") if v.strip())
        if len(variants) > 1:
            groups.append(variants)
    return tuple(groups)


@lru_cache(maxsize=1)
def _jieba():
    import rjieba

    # Teach the segmenter the district's terms so they are kept whole for ranking.
    for group in synonym_groups():
        for variant in group:
            if " " not in variant and len(variant) <= 12:
                rjieba.add_word(variant, 5000, None)
    return rjieba


def segment(text: str) -> list[str]:
    """Words of the text by the segmenter (rjieba), without spaces and punctuation-only tokens."""
    words = []
    for word in _jieba().cut(text):
        word = word.strip()
        if word and any(ch.isalnum() for ch in word):
            words.append(word)
    return words


# --- Query planning --------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One spelling of the query: parts that must all occur verbatim (AND)."""

    text: str  # normalised, single spaces
    parts: tuple[str, ...]
    terms: tuple[str, ...]  # segmenter words, for the "title terms" ranking tier


@dataclass(frozen=True)
class QueryPlan:
    raw: str
    norm: str
    variants: tuple[Variant, ...]

    @property
    def empty(self) -> bool:
        return not self.variants

    @property
    def match_variants(self) -> tuple[Variant, ...]:
        """The variants that decide which documents match: a variant is left out when another
        one is implied by it (each part of the other is inside one of its parts, as 一网通办 is
        inside 一网通办理), since every document it matches is matched by the other one too.
        Equivalent for "is a hit" and for "the title contains the query"; cheaper to run."""
        out = []
        for i, v in enumerate(self.variants):
            implied = any(
                _implies(v, w) and not (_implies(w, v) and i < j)
                for j, w in enumerate(self.variants)
                if j != i
            )
            if not implied:
                out.append(v)
        return tuple(out)

    def highlight_terms(self) -> list[str]:
        terms = {p for v in self.variants for p in v.parts}
        return sorted(terms, key=len, reverse=True)


def _implies(v: Variant, w: Variant) -> bool:
    """Whether a text holding every part of `v` necessarily holds every part of `w`."""
    return all(any(p in q for q in v.parts) for p in w.parts)


def _variant(text: str) -> Variant:
    parts = tuple(dict.fromkeys(p for p in text.split(" ") if p))
    terms: list[str] = []
    for part in parts:
        words = segment(part)
        terms.extend(words if len(words) > 1 else [part])
    return Variant(text=" ".join(parts), parts=parts, terms=tuple(dict.fromkeys(terms)))


def plan_query(raw: str, *, synonyms: bool = True) -> QueryPlan:
    norm = normalize_query(raw or "")
    if not norm:
        return QueryPlan(raw=raw or "", norm="", variants=())
    texts = [norm]
    if synonyms:
        for group in synonym_groups():
            for variant in group:
                if variant in norm:
                    for other in group:
                        if other != variant:
                            texts.append(norm.replace(variant, other))
    variants = tuple(_variant(t) for t in dict.fromkeys(texts) if t.strip())
    return QueryPlan(raw=raw, norm=norm, variants=variants)


# --- Matching and snippets (used by tests, brute force and snippets) -------------------------


def matches(plan: QueryPlan, title: str, body: str) -> bool:
    """Brute-force definition of a hit: some variant has every part in the title or the body."""
    nt, nb = normalize(clean_text(title)), normalize(clean_text(body))
    return any(all(p in nt or p in nb for p in v.parts) for v in plan.variants)


def tier(plan: QueryPlan, title: str) -> int:
    """Ranking tier of a hit: 1 exact title, 2 title contains the query, 3 title has its terms,
    4 body only. Lower is better; newer first inside a tier."""
    nt = normalize(clean_text(title))
    if any(nt == v.text for v in plan.variants):
        return 1
    if any(all(p in nt for p in v.parts) for v in plan.variants):
        return 2
    if any(len(v.terms) > 1 and all(t in nt for t in v.terms) for v in plan.variants):
        return 3
    return 4


def highlight(text: str, terms: list[str]) -> str:
    """HTML-escaped text with every occurrence of the (normalised) terms wrapped in <mark>."""
    if not text:
        return ""
    terms = [t for t in terms if t]
    if not terms:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    norm = normalize(text)
    spans: list[list[int]] = []
    pos = 0
    while True:
        m = pattern.search(norm, pos)
        if not m:
            break
        if spans and m.start() <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], m.end())
        else:
            spans.append([m.start(), m.end()])
        pos = m.start() + 1
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, terms: list[str], *, width: int = 120) -> str:
    """A highlighted window of about `width` characters around the first match (HTML)."""
    text = clean_text(text)
    if not text:
        return ""
    norm = normalize(text)
    first = min((p for p in (norm.find(t) for t in terms if t) if p != -1), default=-1)
    if first == -1:
        window, start = text[:width], 0
    else:
        start = max(0, first - width // 3)
        window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return prefix + highlight(window, terms) + suffix
