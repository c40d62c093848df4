"""The 错链断链 scan of public record bodies.

Links to Gongkai itself (relative links, or absolute ones whose host is the site's own) are
checked without the network: the path is resolved against Gongkai's URL patterns and the page is
rendered in-process as an anonymous visitor would get it, so a link to a withdrawn record or a
deleted attachment is found as well as a mistyped path. Links to other sites are checked with a
HEAD (then GET) request only when the office has turned that on (`MonitoringSettings`), because
many deployments sit on an intranet without outside access.

Record bodies are written by any clerk (or imported), so the external check must not let them
steer the server: only http and https links are visited, never an address that is not public
(loopback, private, link-local such as cloud metadata, reserved), neither directly nor through a
redirect. Such links are reported broken without being visited — the public cannot open them
either. A deployment that must check an intranet host lists it in
``settings.GONGKAI_MONITORING_LINK_CHECK_PRIVATE_HOSTS`` (tests list their 127.0.0.1 server).
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.http.request import validate_host
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from gongkai.records.models import Record

from .models import CheckRun, LinkCheck, MonitoringSettings

USER_AGENT = "Gongkai-LinkCheck/1.0 (link checker)"
SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "sms"}


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[int] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append((values["href"].strip(), ""))
            self._open.append(len(self.links) - 1)
        elif tag in ("img", "iframe", "source", "embed") and values.get("src"):
            self.links.append(
                (values["src"].strip(), values.get("alt") or values.get("title") or "")
            )

    def handle_data(self, data):
        if self._open:
            index = self._open[-1]
            url, text = self.links[index]
            self.links[index] = (url, (text + data.strip())[:200])

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()


def extract_links(body: str) -> list[tuple[str, str]]:
    """(url, link text) of every link and embedded resource in an HTML body, in order."""
    parser = _LinkParser()
    parser.feed(body or "")
    parser.close()
    return parser.links


def site_hosts() -> set[str]:
    """Names under which links point at Gongkai itself: the public address (with its port) and
    the host names the site answers to (without a port)."""
    base = urlsplit(settings.GONGKAI_BASE_URL)
    hosts = {base.netloc.lower(), (base.hostname or "").lower()}
    for host in settings.ALLOWED_HOSTS:
        host = host.strip().lstrip(".").lower()
        if host and host != "*":
            hosts.add(host)
    hosts.discard("")
    return hosts


def classify(url: str, base_path: str, hosts: set[str]) -> tuple[str, str]:
    """("skip" | "internal" | "external", the URL to check). Internal URLs become local paths.

    An absolute URL is internal when its host and port are the public address's, or its host is
    one the site answers to and it names no port."""
    if not url or url.startswith("#"):
        return "skip", url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in SKIP_SCHEMES:
        return "skip", url
    if not scheme and not parts.netloc:
        absolute = urlsplit(urljoin(base_path, url))
        return "internal", absolute.path + (f"?{absolute.query}" if absolute.query else "")
    if url.startswith("//"):
        parts = urlsplit("http:" + url)
    try:
        port = parts.port
    except ValueError:
        return "external", url
    if parts.netloc.lower() in hosts or (port is None and (parts.hostname or "") in hosts):
        return "internal", (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return "external", url


def _record_link(ref: str) -> tuple[bool, int, str]:
    from gongkai.records.models import Status

    rows = Record.objects.only("status", "attribute", "published_at")
    record = (
        rows.filter(pk=int(ref)).first() if ref.isdigit() else rows.filter(index_no=ref).first()
    )
    if record is None:
        return False, 404, "信息不存在"
    if record.is_public:
        return True, 200, ""
    if record.status == Status.WITHDRAWN and record.published_at:
        return False, 410, "链接的信息已撤回"
    return False, 404, "信息未公开"


def _attachment_link(pk: int) -> tuple[bool, int, str]:
    from gongkai.records.models import Attachment

    attachment = Attachment.objects.select_related("record").filter(pk=pk).first()
    if attachment is None or not attachment.record.is_public:
        return False, 404, "附件不存在或所属信息未公开"
    return True, 200, ""


def _agency_link(code: str, column: str | None = None) -> tuple[bool, int, str]:
    from gongkai.orgs.models import Agency
    from gongkai.records.models import COLUMN_TYPES

    if not Agency.objects.disclosing().filter(code=code).exists():
        return False, 404, "机构不存在"
    if column is not None and column not in COLUMN_TYPES:
        return False, 404, "栏目不存在"
    return True, 200, ""


def _catalog_link(model_name: str, code: str) -> tuple[bool, int, str]:
    from gongkai.catalog.models import Domain, Item

    qs = Item.objects.active() if model_name == "item" else Domain.objects.all()
    if qs.filter(code=code).exists():
        return True, 200, ""
    return False, 404, "目录事项或领域不存在"


#: Pages that show one object: checked by looking the object up the way the view does, which
#: is fast and needs no rendering. Other pages are rendered in-process (`InternalChecker`).
OBJECT_CHECKS = {
    "records:detail": lambda kw: _record_link(kw["ref"].strip("/")),
    "records:attachment": lambda kw: _attachment_link(kw["pk"]),
    "records:column": lambda kw: _agency_link(kw["code"]),
    "records:column_list": lambda kw: _agency_link(kw["code"], kw["column"]),
    "portal:agency_guide": lambda kw: _agency_link(kw["code"]),
    "catalog:item": lambda kw: _catalog_link("item", kw["code"]),
    "catalog:domain": lambda kw: _catalog_link("domain", kw["code"]),
}


class InternalChecker:
    """Checks paths on Gongkai itself without the network: the path must resolve to one of
    Gongkai's pages, and the object it names must be public. Pages without an explicit object
    check are rendered in-process as an anonymous visitor would get them."""

    def __init__(self):
        base = urlsplit(settings.GONGKAI_BASE_URL)
        host = base.netloc or "localhost"
        if not validate_host(base.hostname or "", settings.ALLOWED_HOSTS):
            allowed = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip("*. ")]
            host = allowed[0] if allowed else "localhost"
        self.client = Client(HTTP_HOST=host, raise_request_exception=False)
        self.secure = base.scheme == "https"
        self.login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path

    def check(self, path: str) -> tuple[bool | None, int | None, str]:
        clean = urlsplit(path).path
        if clean.startswith(settings.STATIC_URL):
            name = clean[len(settings.STATIC_URL) :]
            if finders.find(name) or _static_exists(name):
                return True, 200, ""
            return False, 404, "静态文件不存在"
        try:
            match = resolve(clean)
        except Resolver404:
            return False, 404, "页面不存在"
        if match.view_name in OBJECT_CHECKS:
            return OBJECT_CHECKS[match.view_name](match.kwargs)
        if clean.startswith("/staff/") or clean.startswith("/django-admin/"):
            return False, 302, "指向工作台，公众无法访问"
        try:
            response = self.client.get(path, secure=self.secure)
            if response.streaming:
                _close_quietly(response)
        except Exception as exc:  # noqa: BLE001 - a page that cannot render here is "unknown"
            return None, None, f"无法检查：{type(exc).__name__}"
        code = response.status_code
        if 200 <= code < 300:
            return True, code, ""
        if 300 <= code < 400:
            location = response.get("Location", "")
            if self.login_path and urlsplit(location).path == self.login_path:
                return False, code, "需要登录才能访问"
            return True, code, ""
        if code == 404:
            return False, code, "页面不存在"
        if code == 410:
            return False, code, "链接的信息已撤回"
        if code >= 500:
            return None, code, "无法检查：页面出错"
        return False, code, f"返回状态码 {code}"


def _close_quietly(response) -> None:
    """Release a streaming response's file without the request_finished signal, which would
    close the database connection in the middle of the scan (the test client does the same for
    the responses it closes itself)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _static_exists(name: str) -> bool:
    try:
        return staticfiles_storage.exists(name)
    except Exception:  # noqa: BLE001 - a storage that cannot answer is "not found"
        return False


PRIVATE_ADDRESS = "链接指向内网或本机地址，公众无法访问（系统未访问该地址）"
LOCAL_FILE = "链接指向本机文件（file:），公众无法访问"
UNSUPPORTED_SCHEME = "未检查（只检查 http 和 https 链接）"


def _not_public(host: str) -> bool:
    """True when `host` is, or resolves to, an address that is not on the public internet."""
    allowed = {
        h.lower() for h in getattr(settings, "GONGKAI_MONITORING_LINK_CHECK_PRIVATE_HOSTS", [])
    }
    if host.lower() in allowed:
        return False
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False  # unresolvable: the request itself reports the failure
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            return True
    return False


def _refusal(url: str) -> str:
    """Why the checker will not visit `url` ("" when it may)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return LOCAL_FILE
    if scheme not in ("http", "https"):
        return UNSUPPORTED_SCHEME
    if not parts.hostname or _not_public(parts.hostname):
        return PRIVATE_ADDRESS
    return ""


class _RefusedRedirect(urllib.error.URLError):
    pass


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address the checker may visit."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = _refusal(urljoin(req.full_url, newurl))
        if reason == PRIVATE_ADDRESS:
            raise _RefusedRedirect("链接跳转到内网或本机地址，公众无法访问（系统未跟随该跳转）")
        if reason:
            raise _RefusedRedirect("链接跳转到 http、https 以外的地址（系统未跟随该跳转）")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_GuardedRedirects)


def check_external(url: str, timeout: float) -> tuple[bool | None, int | None, str]:
    """HEAD the URL (GET when HEAD is refused); follow redirects; never read the body. Links the
    checker may not visit (see the module docstring) are judged without a request."""
    reason = _refusal(url)
    if reason == UNSUPPORTED_SCHEME:
        return None, None, reason
    if reason:
        return False, None, reason
    last_error = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with _opener.open(request, timeout=timeout) as response:
                return True, response.status, ""
        except _RefusedRedirect as exc:
            return False, None, str(exc.reason)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                last_error = f"返回状态码 {exc.code}"
                continue
            return False, exc.code, f"返回状态码 {exc.code}"
        except TimeoutError:
            return False, None, f"超过{timeout:g}秒无响应"
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return False, None, f"超过{timeout:g}秒无响应"
            return False, None, f"无法连接：{exc.reason}"[:300]
        except (OSError, ValueError) as exc:
            return False, None, f"无法访问：{exc}"[:300]
    return False, None, last_error or "无法访问"


def scan_links(*, now=None, actor=None, external: bool | None = None) -> CheckRun:
    """Check every link in the bodies of public records and store one result per link."""
    now = now or timezone.now()
    options = MonitoringSettings.current()
    if external is None:
        external = options.check_external_links
    run = CheckRun(kind=CheckRun.Kind.LINKS, started_at=now, actor=actor)
    hosts = site_hosts()
    internal = InternalChecker()
    cache: dict[tuple[str, str], tuple[bool | None, int | None, str]] = {}
    found: dict[tuple[int, str], dict] = {}
    rows = (
        Record.objects.public()
        .filter(Q(body__icontains="href") | Q(body__icontains="src="))
        .values_list("id", "index_no", "body")
        .order_by("id")
    )
    for record_id, index_no, body in rows.iterator(chunk_size=500):
        base_path = reverse("records:detail", args=[index_no or record_id])
        for url, text in extract_links(body):
            kind, target = classify(url, base_path, hosts)
            if kind == "skip" or (record_id, url[:1000]) in found:
                continue
            key = (kind, target)
            if key not in cache:
                if kind == "internal":
                    cache[key] = internal.check(target)
                elif external:
                    cache[key] = check_external(target, options.link_timeout_seconds)
                else:
                    cache[key] = (None, None, "未检查（外部链接检查未开启）")
            ok, status, error = cache[key]
            found[(record_id, url[:1000])] = {
                "internal": kind == "internal",
                "ok": ok,
                "status_code": status,
                "error": error[:300],
                "text": text[:200],
            }
    with transaction.atomic():
        existing = {(c.record_id, c.url): c for c in LinkCheck.objects.all()}
        gone = [c.pk for key, c in existing.items() if key not in found]
        LinkCheck.objects.filter(pk__in=gone).delete()
        new, changed = [], []
        for (record_id, url), values in found.items():
            current = existing.get((record_id, url))
            if current is None:
                new.append(
                    LinkCheck(
                        record_id=record_id,
                        url=url,
                        checked_at=now,
                        broken_since=now if values["ok"] is False else None,
                        **values,
                    )
                )
                continue
            if values["ok"] is False and current.ok is not False:
                current.broken_since = now
            elif values["ok"] is not False:
                current.broken_since = None
            for name, value in values.items():
                setattr(current, name, value)
            current.checked_at = now
            changed.append(current)
        LinkCheck.objects.bulk_create(new, batch_size=500)
        LinkCheck.objects.bulk_update(
            changed,
            ["internal", "ok", "status_code", "error", "text", "checked_at", "broken_since"],
            batch_size=500,
        )
        results = [v["ok"] for v in found.values()]
        run.finished_at = timezone.now()
        run.summary = {
            "links": len(found),
            "broken": sum(1 for ok in results if ok is False),
            "unchecked": sum(1 for ok in results if ok is None),
        }
        run.save()
    return run
