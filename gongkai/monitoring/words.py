"""The 错敏词 scan: watched words and leader names in the titles and bodies of public records.

Four kinds of entries (`WatchWord.kind`):

* 敏感词 and 涉密标识: the word itself is a hit;
* 错误表述: a known wrong form, with its correct form as the suggestion;
* 领导姓名: the correct name with a 职务 (e.g. 区长 王建国). A name of the same length written
  right before or after the 职务 that differs from the correct name in exactly one character is a
  suspected misspelling (e.g. “区长王建围”). This is how 严重错别字 in leaders' names are usually
  made: one homophone.

Hits are kept while the text is still there; staff decide whether each one is an error (see
`services.decide_hit`). Results are for staff only.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.records.models import Record

from .models import CheckRun, WatchWord, WordHit, WordKind

HAN = re.compile(r"^[\u4e00-\u9fff]+$")
EXCERPT_CHARS = 18


@dataclass
class Found:
    word: WatchWord
    field: str
    matched: str
    suggestion: str
    excerpt: str
    occurrences: int


BLOCK_END = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/td|/th)\b[^>]*>", re.IGNORECASE)


def plain_text(body: str) -> str:
    """The visible text of an HTML body, with blocks separated by a space."""
    text = html.unescape(strip_tags(BLOCK_END.sub(" ", body or "")))
    return re.sub(r"\s+", " ", text).strip()


def _excerpt(text: str, start: int, length: int) -> str:
    left = max(0, start - EXCERPT_CHARS)
    right = min(len(text), start + length + EXCERPT_CHARS)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _one_char_off(candidate: str, name: str) -> bool:
    if len(candidate) != len(name) or not HAN.match(candidate):
        return False
    return sum(1 for a, b in zip(candidate, name, strict=True) if a != b) == 1


def _suggestion(word: WatchWord) -> str:
    if word.kind == WordKind.WRONG:
        return f"应为“{word.correct}”" if word.correct else "错误表述，请核实"
    if word.kind == WordKind.SECRET:
        return "涉密标识，请核实是否泄露国家秘密"
    return "敏感词，请核实"


def find(words: list[WatchWord], title: str, body: str) -> list[Found]:
    """Every watched word (and leader near-miss) in a record's title and body."""
    found: list[Found] = []
    for field, text in (("title", title or ""), ("body", plain_text(body))):
        if not text:
            continue
        for word in words:
            if word.kind == WordKind.LEADER:
                found.extend(_leader_misses(word, field, text))
                continue
            count = text.count(word.word)
            if count:
                start = text.index(word.word)
                found.append(
                    Found(
                        word,
                        field,
                        word.word,
                        _suggestion(word),
                        _excerpt(text, start, len(word.word)),
                        count,
                    )
                )
    return found


def _leader_misses(word: WatchWord, field: str, text: str) -> list[Found]:
    if not word.title:
        return []
    name, n = word.word, len(word.word)
    misses: dict[str, Found] = {}
    for m in re.finditer(re.escape(word.title), text):
        for start in (m.end(), m.start() - n):
            if start < 0:
                continue
            candidate = text[start : start + n]
            if _one_char_off(candidate, name):
                if candidate in misses:
                    misses[candidate].occurrences += 1
                else:
                    misses[candidate] = Found(
                        word,
                        field,
                        candidate,
                        f"疑似{word.title}“{name}”的姓名写错",
                        _excerpt(text, start, n),
                        1,
                    )
    return list(misses.values())


def scan_words(*, now=None, actor=None) -> CheckRun:
    """Scan every public record; keep, add and drop hits so the table matches the text."""
    now = now or timezone.now()
    run = CheckRun(kind=CheckRun.Kind.WORDS, started_at=now, actor=actor)
    words = list(WatchWord.objects.filter(is_active=True))
    found: dict[tuple, Found] = {}
    if words:
        rows = Record.objects.public().values_list("id", "title", "body").order_by("id")
        for record_id, title, body in rows.iterator(chunk_size=2000):
            for hit in find(words, title, body):
                found[(record_id, hit.word.pk, hit.field, hit.matched)] = hit
    with transaction.atomic():
        existing = {(h.record_id, h.word_id, h.field, h.matched): h for h in WordHit.objects.all()}
        gone = [h.pk for key, h in existing.items() if key not in found]
        WordHit.objects.filter(pk__in=gone).delete()
        new, changed = [], []
        for key, hit in found.items():
            current = existing.get(key)
            if current is None:
                new.append(
                    WordHit(
                        record_id=key[0],
                        word=hit.word,
                        field=hit.field,
                        matched=hit.matched[:60],
                        suggestion=hit.suggestion[:100],
                        excerpt=hit.excerpt[:200],
                        occurrences=min(hit.occurrences, 32767),
                        first_found_at=now,
                        last_found_at=now,
                    )
                )
            else:
                current.excerpt = hit.excerpt[:200]
                current.suggestion = hit.suggestion[:100]
                current.occurrences = min(hit.occurrences, 32767)
                current.last_found_at = now
                changed.append(current)
        WordHit.objects.bulk_create(new, batch_size=500)
        WordHit.objects.bulk_update(
            changed, ["excerpt", "suggestion", "occurrences", "last_found_at"], batch_size=500
        )
        run.finished_at = timezone.now()
        run.summary = {"hits": len(found), "new": len(new), "resolved": len(gone)}
        run.save()
    return run
