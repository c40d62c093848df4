"""PostgreSQL backend: no extension needed (core GIN over a text[] of n-grams).

Each row keeps the normalised title and body and `grams`, the distinct characters and
bigrams of both. A query part of n characters needs its bigrams (or its character): the GIN
index finds candidates with `grams @> ARRAY[...]`, and `strpos()` on the normalised text keeps
exactly the rows that contain the part verbatim. Ranking tiers are computed in SQL with the
same rules as every backend (see `gongkai.search.text.tier`).

A rebuild fills `<table>_new` and renames it over the live table in one transaction; a
session advisory lock keyed on the table name makes writers queue.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterable
from datetime import datetime

import psycopg
from psycopg import sql

from gongkai.search import text as T

from .base import Document, SearchBackend
from .tantivy_backend import _doc_json

COLUMNS = (
    "key",
    "kind",
    "agency",
    "record_type",
    "validity",
    "topics",
    "year",
    "pub",
    "title_norm",
    "body_norm",
    "grams",
    "doc",
)


def row_of(doc: Document) -> tuple:
    title = T.normalize(T.clean_text(doc.title))
    body = T.normalize(T.clean_text(doc.body))
    grams = set()
    for text in (title, body):
        grams.update(ch for ch in text if ch != " ")
        grams.update(a + b for a, b in zip(text, text[1:], strict=False) if " " not in (a, b))
    return (
        doc.key,
        doc.kind,
        doc.agency_code,
        doc.record_type,
        doc.validity,
        doc.topics(),
        doc.year,
        doc.published_ts(),
        title,
        body,
        sorted(grams),
        _doc_json(doc).decode("utf-8"),
    )


class PostgresBackend(SearchBackend):
    name = "postgres"

    def __init__(self, dsn: str, *, table: str = "search_document"):
        self.dsn = dsn
        self.table = table
        self._conn: psycopg.Connection | None = None
        self._ready = False

    # --- plumbing ---------------------------------------------------------------------------
    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.dsn, autocommit=True)
            self._ready = False
        if not self._ready:
            self._create(self.table)
            self._ready = True
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _lock_id(self) -> int:
        return zlib.crc32(f"gongkai-search:{self.table}".encode()) & 0x7FFFFFFF

    def _create(self, table: str) -> None:
        stamp = time.time_ns()
        conn = self._conn
        assert conn is not None
        conn.execute(
            sql.SQL(
                """CREATE TABLE IF NOT EXISTS {t} (
                    key text PRIMARY KEY, kind text NOT NULL, agency text NOT NULL,
                    record_type text NOT NULL, validity text NOT NULL, topics text[] NOT NULL,
                    year integer, pub bigint NOT NULL, title_norm text NOT NULL,
                    body_norm text NOT NULL, grams text[] NOT NULL, doc jsonb NOT NULL)"""
            ).format(t=sql.Identifier(table))
        )
        exists = conn.execute(
            "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            (table, "%gin (grams)%"),
        ).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("CREATE INDEX {i} ON {t} USING gin (grams)").format(
                    i=sql.Identifier(f"search_grams_{stamp}"), t=sql.Identifier(table)
                )
            )
            conn.execute(
                sql.SQL("CREATE INDEX {i} ON {t} (pub DESC)").format(
                    i=sql.Identifier(f"search_pub_{stamp}"), t=sql.Identifier(table)
                )
            )

    def _insert(self, conn, table: str, docs: list[Document]) -> None:
        stmt = sql.SQL(
            "INSERT INTO {t} ({cols}) VALUES ({vals}) ON CONFLICT (key) DO UPDATE SET {upd}"
        ).format(
            t=sql.Identifier(table),
            cols=sql.SQL(", ").join(map(sql.Identifier, COLUMNS)),
            vals=sql.SQL(", ").join(sql.Placeholder() * len(COLUMNS)),
            upd=sql.SQL(", ").join(
                sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c)) for c in COLUMNS[1:]
            ),
        )
        with conn.cursor() as cur:
            cur.executemany(stmt, [row_of(d) for d in docs])

    # --- writes ------------------------------------------------------------------------------
    def upsert(self, docs: Iterable[Document]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        conn = self._connection()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_id(),))
            self._insert(conn, self.table, docs)
        return len(docs)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        conn = self._connection()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_id(),))
            conn.execute(
                sql.SQL("DELETE FROM {t} WHERE key = ANY(%s)").format(t=sql.Identifier(self.table)),
                (keys,),
            )

    def clear(self) -> None:
        conn = self._connection()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_id(),))
            conn.execute(sql.SQL("DELETE FROM {t}").format(t=sql.Identifier(self.table)))

    def rebuild(self, docs, *, progress=None, before_swap=None) -> int:
        conn = self._connection()
        new = f"{self.table}_new"
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {t}").format(t=sql.Identifier(new)))
        self._create(new)
        count, batch = 0, []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= 1000:
                self._insert(conn, new, batch)
                count += len(batch)
                batch = []
                if progress:
                    progress(count)
        if batch:
            self._insert(conn, new, batch)
            count += len(batch)
        if progress:
            progress(count)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_id(),))
            if before_swap:
                staging = PostgresBackend(self.dsn, table=new)
                staging._conn, staging._ready = conn, True
                before_swap(staging)
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {t}").format(t=sql.Identifier(self.table)))
            conn.execute(
                sql.SQL("ALTER TABLE {n} RENAME TO {t}").format(
                    n=sql.Identifier(new), t=sql.Identifier(self.table)
                )
            )
        return count

    def drop(self) -> None:
        """Remove the table (tests, or switching backends)."""
        conn = self._connection()
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {t}").format(t=sql.Identifier(self.table)))
        self._ready = False

    # --- reads -------------------------------------------------------------------------------
    def count(self) -> int:
        conn = self._connection()
        return conn.execute(
            sql.SQL("SELECT count(*) FROM {t}").format(t=sql.Identifier(self.table))
        ).fetchone()[0]

    @staticmethod
    def _all_in_title(parts) -> tuple[str, list]:
        return " AND ".join(["strpos(title_norm, %s) > 0"] * len(parts)), list(parts)

    def _where(self, plan: T.QueryPlan, filters: dict) -> tuple[str, list]:
        ors, params = [], []
        for v in plan.variants:
            grams = sorted({g for p in v.parts for g in T.grams_of_part(p)})
            conds = ["grams @> %s::text[]"]
            params.append(grams)
            for p in v.parts:
                conds.append("(strpos(title_norm, %s) > 0 OR strpos(body_norm, %s) > 0)")
                params += [p, p]
            ors.append("(" + " AND ".join(conds) + ")")
        where = ["(" + " OR ".join(ors) + ")"]
        for key in ("kind", "agency", "record_type", "validity"):
            if key in filters:
                where.append(f"{key} = %s")
                params.append(filters[key])
        if "topic" in filters:
            where.append("topics @> ARRAY[%s]::text[]")
            params.append(filters["topic"])
        if "year" in filters:
            where.append("year = %s")
            params.append(int(filters["year"]))
        return " AND ".join(where), params

    def _tier_sql(self, plan: T.QueryPlan) -> tuple[str, list]:
        params: list = [[v.text for v in plan.variants]]
        title_or, terms_or = [], []
        for v in plan.variants:
            cond, p = self._all_in_title(v.parts)
            title_or.append(f"({cond})")
            params += p
        for v in plan.variants:
            cond, p = self._all_in_title(v.terms)
            terms_or.append(f"({cond})")
            params += p
        expr = (
            "CASE WHEN title_norm = ANY(%s) THEN 1 "
            f"WHEN {' OR '.join(title_or)} THEN 2 "
            f"WHEN {' OR '.join(terms_or)} THEN 3 ELSE 4 END"
        )
        return expr, params

    def _search_plan(self, plan, filters, offset, limit):
        conn = self._connection()
        where, wparams = self._where(plan, filters)
        t = sql.Identifier(self.table).as_string(conn)
        total = conn.execute(f"SELECT count(*) FROM {t} WHERE {where}", wparams).fetchone()[0]
        if total == 0 or offset >= total:
            return [], total
        tier_expr, tparams = self._tier_sql(plan)
        rows = conn.execute(
            f"SELECT doc, {tier_expr} AS tier FROM {t} WHERE {where} "
            "ORDER BY tier, pub DESC, key LIMIT %s OFFSET %s",
            [*tparams, *wparams, limit, offset],
        ).fetchall()
        out = []
        for doc, tier in rows:
            data = doc if isinstance(doc, dict) else json.loads(doc)
            if data.get("published"):
                data["published"] = datetime.fromisoformat(data["published"])
            out.append((Document(**data), tier))
        return out, total
