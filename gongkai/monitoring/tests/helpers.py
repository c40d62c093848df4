"""Builders for monitoring tests: public records at chosen times, full channels, a local HTTP
server that answers, fails or hangs on request (the only server tests ever probe)."""

from __future__ import annotations

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from gongkai.core.legal import DisclosureAttribute
from gongkai.records.models import COLUMNS, Record, RecordType, Status

#: One record type per column of an agency's channel.
COLUMN_TYPE = {slug: types[0] for slug, _label, types in COLUMNS}


def public_record(
    agency, *, at, record_type=RecordType.NEWS, title="测试信息", body="<p>正文</p>", **extra
):
    """A published proactive record with `published_at=at` (written straight to the table)."""
    day = (at.date() if at else datetime.date(2026, 1, 5)) - datetime.timedelta(days=1)
    values = {
        "title": title,
        "body": body,
        "record_type": record_type,
        "agency": agency,
        "attribute": DisclosureAttribute.PROACTIVE,
        "status": Status.PUBLISHED,
        "published_at": at,
        "written_on": day,
        "formed_on": day,
    }
    values.update(extra)
    return Record.objects.create(**values)


def fill_channel(agency, *, at) -> dict[str, Record]:
    """One public record in every column of the agency's channel, all published at `at`."""
    return {
        slug: public_record(agency, at=at, record_type=rtype, title=f"{agency.name}{slug}")
        for slug, rtype in COLUMN_TYPE.items()
    }


COLUMN_TYPES = {slug: types for slug, _label, types in COLUMNS}


def set_column_time(agency, slug: str, at) -> None:
    Record.objects.filter(agency=agency, record_type__in=COLUMN_TYPES[slug]).update(published_at=at)


def clear_column(agency, slug: str) -> None:
    Record.objects.filter(agency=agency, record_type__in=COLUMN_TYPES[slug]).delete()


class LocalServer:
    """A tiny HTTP server on 127.0.0.1 whose behaviour the test sets: `mode` is "ok", "error"
    (HTTP 500) or "slow" (answers after `delay` seconds). Paths /missing and /ok are fixed;
    /redirect?to=<url> answers 302 to <url>."""

    def __init__(self, delay: float = 1.0):
        self.mode = "ok"
        self.delay = delay
        self.hits = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, with_body: bool):
                server.hits += 1
                if self.path.startswith("/redirect?to="):
                    # /redirect?to=<url>: a 302 to any address (for the redirect guard).
                    from urllib.parse import unquote

                    self.send_response(302)
                    self.send_header("Location", unquote(self.path[len("/redirect?to=") :]))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path.startswith("/missing"):
                    code = 404
                elif self.path.startswith("/ok"):
                    code = 200
                elif server.mode == "slow":
                    time.sleep(server.delay)
                    code = 200
                elif server.mode == "error":
                    code = 500
                else:
                    code = 200
                body = "<html><body>示范区</body></html>".encode()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if with_body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):  # noqa: N802
                self._answer(True)

            def do_HEAD(self):  # noqa: N802
                self._answer(False)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
