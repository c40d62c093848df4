"""`gongkai search "QUERY" [--json] [--limit N]` and `gongkai search reindex`."""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.search.api import search
from gongkai.search.backends.base import SearchUnavailable
from gongkai.search.indexing import reindex
from gongkai.search.sources import kind_labels, total_count


class ProgressBar:
    def __init__(self, total: int, stream, width: int = 30):
        self.total, self.stream, self.width = max(total, 1), stream, width
        self.start = time.monotonic()

    def __call__(self, done: int) -> None:
        frac = min(1.0, done / self.total)
        filled = int(frac * self.width)
        rate = done / max(time.monotonic() - self.start, 1e-6)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {frac:6.1%} {rate:,.0f}/s")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        '全文检索：gongkai search "检索词" [--json] [--limit N]；重建索引：gongkai search reindex'
    )

    def add_arguments(self, parser):
        parser.add_argument("query", help='检索词，或 "reindex" 重建索引')
        parser.add_argument("--json", action="store_true", help="print a JSON array")
        parser.add_argument("--limit", type=int, default=20, help="number of hits (1-100)")

    def handle(self, *args, **options):
        query = options["query"]
        if query == "reindex":
            return self.reindex()
        limit = options["limit"]
        if not 1 <= limit <= 100:
            raise CommandError("--limit 应为 1 到 100 之间的整数。")
        try:
            results = search(query, per_page=limit)
        except SearchUnavailable as exc:
            raise CommandError(str(exc)) from exc
        labels = kind_labels()
        if options["json"]:
            rows = [
                {
                    "kind": h.kind,
                    "kind_label": labels.get(h.kind, h.kind),
                    "index_no": h.index_no,
                    "title": h.title,
                    "agency": h.agency_name,
                    "published": h.published.isoformat() if h.published else None,
                    "url": h.url,
                }
                for h in results.hits
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not results.total:
            self.stdout.write(f"没有找到包含“{query}”的公开信息。")
            if results.suggestion:
                self.stdout.write(f"您是不是要找：{results.suggestion}")
            return
        self.stdout.write(f"共 {results.total} 条，显示前 {len(results.hits)} 条：")
        for h in results.hits:
            date = h.published.strftime("%Y-%m-%d") if h.published else "----------"
            kind = labels.get(h.kind, h.kind)
            self.stdout.write(
                f"{date}  {h.index_no or '-':<24} {h.title}  [{kind}·{h.agency_name}]"
            )

    def reindex(self):
        total = total_count()
        self.stdout.write(f"重建全文索引：共 {total} 个公开对象。")
        bar = ProgressBar(total, sys.stderr)
        count = reindex(progress=bar)
        bar.stream.write("\n")
        self.stdout.write(self.style.SUCCESS(f"索引已重建并切换：{count} 个对象。"))
