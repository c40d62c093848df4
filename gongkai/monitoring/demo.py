"""Demo monitoring data: a realistic picture for the office's scorecard.

* a 错敏词 list (ordinary sensitive words, secrecy markers, the fictional district leaders'
  names with their posts, common wrong forms);
* availability targets with a week of hourly visits: the portal is fine, the 区文旅局's own
  tourism site fails often enough (7%) to be vetoed;
* a few departments that stopped publishing for some weeks: their recent records are moved back
  in time (publication, 成文 and formation dates together, never across a year boundary so the
  索引号 years stay right), so their 工作动态 or whole channel is stale;
* "相关链接" paragraphs in some records, with links that work, a link to a withdrawn record, a
  mistyped record address and an old file path; and three wording mistakes (a misspelt leader's
  name, a wrong 国名, a common 错别字).

Then the link and word scans run for real, and the 错别字 hit is confirmed by the office.
Idempotent: nothing happens when probe targets already exist.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Agency, User
from gongkai.records.models import Record, RecordType, Status
from gongkai.records.signals import record_changed

from . import summary
from .links import scan_links
from .models import HitStatus, Probe, ProbeTarget, WatchWord, WordHit, WordKind
from .words import scan_words

WORDS = [
    (WordKind.SENSITIVE, "博彩", "", "", True, "赌博类违法内容"),
    (WordKind.SENSITIVE, "六合彩", "", "", True, "赌博类违法内容"),
    (WordKind.SENSITIVE, "代开发票", "", "", True, "违法广告"),
    (WordKind.SENSITIVE, "色情", "", "", True, "淫秽色情内容"),
    (WordKind.SECRET, "绝密★", "", "", True, "国家秘密标志"),
    (WordKind.SECRET, "机密★", "", "", True, "国家秘密标志"),
    (WordKind.SECRET, "秘密★", "", "", True, "国家秘密标志"),
    (WordKind.SECRET, "内部资料 注意保存", "", "", True, "内部资料不得公开"),
    (WordKind.LEADER, "张卫东", "区委书记", "", True, "本区领导（演示，虚构人名）"),
    (WordKind.LEADER, "王建国", "区长", "", True, "本区领导（演示，虚构人名）"),
    (WordKind.LEADER, "李红梅", "常务副区长", "", True, "本区领导（演示，虚构人名）"),
    (WordKind.WRONG, "中华人名共和国", "", "中华人民共和国", True, "国名错误"),
    (WordKind.WRONG, "国务院办工厅", "", "国务院办公厅", True, "机关名称错误"),
    (WordKind.WRONG, "截止目前", "", "截至目前", False, "常见错别字"),
    (WordKind.WRONG, "按装", "", "安装", False, "常见错别字"),
]

# Departments that stopped publishing: code → (record type or None for everything, days).
STALE_FULL = {"tyj": (RecordType.NEWS, 35), "jrb": (None, 35), "mzzjw": (None, 21)}
STALE_SMALL = {"rsj": (RecordType.NEWS, 21), "cyjd": (None, 18)}
LINK_AGENCIES_FULL = ["jsglw", "fgj", "whlyj"]
LINK_AGENCIES_SMALL = ["mzj", "cyjd"]

# name, path or URL, agency code (None: the portal), failures in the week.
TARGETS = [
    ("门户网站首页", "/", None, 2),
    ("政府信息公开专栏", "/open/", None, 1),
    ("依申请公开", "/apply/", None, 0),
    ("示范区文化旅游网", "http://whly.shifan.gov.cn/", "whlyj", 12),
]


@transaction.atomic
def load(*, stdout, options) -> None:
    if ProbeTarget.objects.exists():
        stdout.write("已有网站监测数据，跳过。")
        return
    small = bool(options.get("small"))
    rng = random.Random(19)
    now = timezone.now()
    agencies = {a.code: a for a in Agency.objects.disclosing()}

    for kind, word, title, correct, severe, note in WORDS:
        WatchWord.objects.get_or_create(
            kind=kind,
            word=word,
            title=title,
            defaults={"correct": correct, "severe": severe, "note": note},
        )

    probes = 0
    for order, (name, where, code, failures) in enumerate(TARGETS):
        if code is not None and code not in agencies:
            continue
        url = where if where.startswith("http") else settings.GONGKAI_BASE_URL + where
        target = ProbeTarget.objects.create(
            name=name, url=url, agency=agencies.get(code) if code else None, order=order
        )
        probes += _history(target, now, failures, rng)

    changed: set[int] = set()
    stale = STALE_SMALL if small else STALE_FULL
    for code, (record_type, days) in stale.items():
        if code in agencies:
            changed |= _age(agencies[code], record_type, days, now)
    for code in LINK_AGENCIES_SMALL if small else LINK_AGENCIES_FULL:
        if code in agencies:
            changed |= _add_links(agencies[code], rng)
    changed |= _add_wording(agencies, small)
    for record_id in changed:
        transaction.on_commit(
            lambda rid=record_id: record_changed.send(sender=Record, record_id=rid)
        )

    words = scan_words(now=now).summary
    links = scan_links(now=now, external=False).summary
    _confirm_minor_hit()
    summary.store(now=now)  # what the dashboard widget shows until the first tick
    stdout.write(
        f"网站监测：监测地址 {ProbeTarget.objects.count()} 个（探测记录 {probes} 条），"
        f"错敏词 {WatchWord.objects.count()} 个，命中 {words['hits']} 处，"
        f"检查链接 {links['links']} 个（失效 {links['broken']} 个）"
    )


def _history(target: ProbeTarget, now, failures: int, rng) -> int:
    """A week of hourly visits ending just before `now`, with `failures` failed ones."""
    hours = 24 * 7
    failed = set(rng.sample(range(1, hours), failures))
    rows = []
    for hour in range(1, hours):
        at = now - datetime.timedelta(hours=hour, minutes=rng.randint(0, 3))
        if hour in failed:
            if rng.random() < 0.7:
                rows.append(
                    Probe(target=target, at=at, ok=False, elapsed_ms=15000, error="超过15秒未打开")
                )
            else:
                rows.append(
                    Probe(
                        target=target,
                        at=at,
                        ok=False,
                        status_code=502,
                        elapsed_ms=320,
                        error="返回状态码 502",
                    )
                )
        else:
            rows.append(
                Probe(
                    target=target, at=at, ok=True, status_code=200, elapsed_ms=rng.randint(60, 900)
                )
            )
    Probe.objects.bulk_create(rows)
    return len(rows)


def _shift(value, delta):
    return value - delta if value is not None else None


def _age(agency, record_type, days: int, now) -> set[int]:
    """Move the agency's records of the last `days` days back by `days` days."""
    delta = datetime.timedelta(days=days)
    qs = Record.objects.filter(agency=agency, published_at__gt=now - delta)
    if record_type:
        qs = qs.filter(record_type=record_type)
    moved = []
    for record in qs:
        before = timezone.localtime(record.published_at)
        after = timezone.localtime(record.published_at - delta)
        if before.year != after.year:
            continue  # the 索引号 carries the year of publication
        record.published_at -= delta
        record.written_on = _shift(record.written_on, delta)
        record.formed_on = _shift(record.formed_on, delta)
        record.due_on = _shift(record.due_on, delta)
        moved.append(record)
    # Records waiting for scheduled publication would make the column fresh again at once.
    waiting = Record.objects.filter(
        agency=agency, status=Status.REVIEWED, scheduled_at__gt=now - delta
    )
    if record_type:
        waiting = waiting.filter(record_type=record_type)
    waiting.update(scheduled_at=None)
    Record.objects.bulk_update(moved, ["published_at", "written_on", "formed_on", "due_on"])
    return {r.pk for r in moved}


def _add_links(agency, rng) -> set[int]:
    public = Record.objects.public().filter(agency=agency)
    hosts, titles = [], set()
    for record in public.filter(record_type__in=[RecordType.NEWS, RecordType.NOTICE]).order_by(
        "-published_at"
    )[:20]:
        if record.title not in titles and len(hosts) < 3:
            hosts.append(record)
            titles.add(record.title)
    others = list(public.exclude(pk__in=[h.pk for h in hosts]).order_by("-published_at")[:5])
    withdrawn = Record.objects.filter(status=Status.WITHDRAWN, published_at__isnull=False).first()
    changed = set()
    for n, record in enumerate(hosts):
        links = []
        if others:
            other = rng.choice(others)
            links.append(f'<a href="/records/{other.index_no or other.pk}/">{other.title}</a>')
        links.append(f'<a href="/open/{agency.code}/">{agency.name}政府信息公开</a>')
        if n == 0:
            links.append(f'<a href="/records/{agency.code.upper()}-2019-0001/">2019年工作要点</a>')
            links.append('<a href="/media/uploads/2019/附件1.doc">附件1：申报表</a>')
        if n == 1 and withdrawn is not None:
            links.append(
                f'<a href="/records/{withdrawn.index_no or withdrawn.pk}/">{withdrawn.title}</a>'
            )
        if n == 2:
            links.append('<img src="/static/gongkai/banner-2019.png" alt="活动海报">')
        links.append('<a href="https://www.gov.cn/zhengce/">中国政府网政策文件库</a>')
        record.body += "<p>相关链接：" + "；".join(links) + "</p>"
        record.save(update_fields=["body"])
        changed.add(record.pk)
    return changed


def _add_wording(agencies, small: bool) -> set[int]:
    sentences = [
        ("mzj", "会上，区长王建围出席并讲话，要求各街镇把好事办好、实事办实。"),
        (
            "mzj" if small else "jsglw",
            "依据《中华人名共和国建筑法》等法律法规，加强建设工程质量安全管理。",
        ),
        ("district" if small else "fgw", "截止目前，各项重点任务均按计划推进。"),
    ]
    changed = set()
    for code, sentence in sentences:
        agency = agencies.get(code)
        if agency is None:
            continue
        record = (
            Record.objects.public()
            .filter(agency=agency, record_type__in=[RecordType.NEWS, RecordType.NOTICE])
            .exclude(pk__in=changed)
            .order_by("-published_at")
            .first()
        )
        if record is None:
            continue
        record.body += f"<p>{sentence}</p>"
        record.save(update_fields=["body"])
        changed.add(record.pk)
    return changed


def _confirm_minor_hit() -> None:
    from .services import decide_hit

    office = User.objects.filter(username="office").first()
    hit = WordHit.objects.filter(word__severe=False, status=HitStatus.OPEN).first()
    if office is not None and hit is not None:
        decide_hit(hit, actor=office, status=HitStatus.CONFIRMED, note="已通知责任单位更正。")
