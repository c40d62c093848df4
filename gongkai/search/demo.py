"""`gongkai demo`: (re)build the search index over the demo data loaded by the apps before
this one (records, catalogue). Idempotent: a rebuild replaces the whole index."""

from gongkai.search.indexing import reindex


def load(*, stdout, options) -> None:
    count = reindex()
    stdout.write(f"全文索引已重建：{count} 个公开对象。")
