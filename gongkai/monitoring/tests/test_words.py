"""The 错敏词 scan: watched words, wrong forms, near-misses of leaders' names, and the life of a hit
across scans (decisions kept, hits dropped when the text is fixed)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.monitoring import checks
from gongkai.monitoring.models import HitStatus, WatchWord, WordHit, WordKind
from gongkai.monitoring.services import decide_hit
from gongkai.monitoring.words import find, scan_words
from gongkai.records.models import Status

from .helpers import public_record

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def words(db):
    return {
        "sensitive": WatchWord.objects.create(kind=WordKind.SENSITIVE, word="博彩"),
        "secret": WatchWord.objects.create(kind=WordKind.SECRET, word="机密★"),
        "leader": WatchWord.objects.create(kind=WordKind.LEADER, word="王建国", title="区长"),
        "wrong": WatchWord.objects.create(
            kind=WordKind.WRONG, word="中华人名共和国", correct="中华人民共和国"
        ),
        "typo": WatchWord.objects.create(
            kind=WordKind.WRONG, word="截止目前", correct="截至目前", severe=False
        ),
    }


def _matched(found):
    return sorted((f.word.word, f.matched, f.field) for f in found)


def test_find_words_and_wrong_forms(words):
    found = find(
        list(words.values()),
        "关于打击非法博彩活动的通告",
        "<p>依据《中华人名共和国治安管理处罚法》。</p><p>截止目前</p><p>截止目前</p>",
    )
    assert _matched(found) == [
        ("中华人名共和国", "中华人名共和国", "body"),
        ("博彩", "博彩", "title"),
        ("截止目前", "截止目前", "body"),
    ]
    typo = next(f for f in found if f.word == words["typo"])
    assert typo.occurrences == 2 and typo.suggestion == "应为“截至目前”"


def test_leader_name_near_misses(words):
    leader = [words["leader"]]
    # One character off, after or before the post: suspected misspelling.
    assert _matched(find(leader, "", "区长王建围出席会议")) == [("王建国", "王建围", "body")]
    assert _matched(find(leader, "", "会议由王建图区长主持")) == [("王建国", "王建图", "body")]
    # The right name, another person, or ordinary words after the post: nothing.
    assert find(leader, "", "区长王建国出席会议；副区长李红梅主持") == []
    assert find(leader, "", "区长办公会议研究决定") == []
    # The name split by markup is still found (the scan reads the visible text).
    assert _matched(find(leader, "", "<p>区长<b>王建围</b>讲话</p>")) == [
        ("王建国", "王建围", "body")
    ]


def test_tags_and_entities_are_not_text(words):
    assert find([words["secret"]], "", '<p title="机密★">正文</p>') == []
    assert len(find([words["secret"]], "", "<p>机密&#9733;</p>")) == 1


def test_scan_lifecycle_keeps_decisions_and_drops_fixed_text(words, agency, reviewer):
    record = public_record(agency, at=NOW, body="<p>截止目前，区长王建围出席。</p>")
    public_record(agency, at=None, status=Status.REVIEWED, body="<p>博彩</p>")  # not public
    run = scan_words(now=NOW - datetime.timedelta(hours=1))
    assert run.summary == {"hits": 2, "new": 2, "resolved": 0}
    typo = WordHit.objects.get(word=words["typo"])
    decide_hit(typo, actor=reviewer, status=HitStatus.CONFIRMED, note="已安排更正")
    scan_words(now=NOW)
    typo.refresh_from_db()
    assert typo.status == HitStatus.CONFIRMED
    assert typo.last_found_at == NOW
    row = checks.evaluate(agencies=[agency]).agencies[0]
    assert (row.hits_open, row.hits_minor, row.hits_severe) == (1, 1, 0)
    record.body = "<p>截至目前，区长王建国出席。</p>"
    record.save()
    run = scan_words(now=NOW)
    assert run.summary["resolved"] == 2
    assert not WordHit.objects.exists()


def test_confirmed_severe_hit_vetoes_site_and_agency(words, agency, reviewer):
    public_record(agency, at=NOW, body="<p>区长王建围出席。</p>")
    scan_words(now=NOW)
    report = checks.evaluate(now=NOW)
    security = report.vetoes[0]
    assert security.state == checks.PENDING
    decide_hit(WordHit.objects.get(), actor=reviewer, status=HitStatus.CONFIRMED)
    report = checks.evaluate(now=NOW)
    assert report.vetoes[0].state == checks.VETO
    row = next(a for a in report.agencies if a.agency == agency)
    assert row.vetoes == ["严重表述错误"] and not row.passed


def test_inactive_words_are_not_scanned(words, agency):
    public_record(agency, at=NOW, body="<p>博彩</p>")
    words["sensitive"].is_active = False
    words["sensitive"].save()
    scan_words(now=NOW)
    assert not WordHit.objects.exists()
