"""The broken-link scan: internal links resolved against Gongkai's own pages without the network,
external links only when turned on, and then only against a local test server."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.monitoring import checks
from gongkai.monitoring.links import classify, extract_links, scan_links, site_hosts
from gongkai.monitoring.models import LinkCheck, MonitoringSettings
from gongkai.records.models import RecordType, Status

from .helpers import LocalServer, public_record

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _results(record):
    return {c.url: (c.ok, c.error) for c in LinkCheck.objects.filter(record=record)}


def test_extract_and_classify(settings):
    settings.GONGKAI_BASE_URL = "https://www.shifan.gov.cn"
    settings.ALLOWED_HOSTS = ["www.shifan.gov.cn", "testserver"]
    body = (
        '<p><a href="/records/1/">一</a> <a href="#top">顶部</a> <a href="mailto:a@b.cn">信箱</a>'
        '<a href="../open/mzj/">相对</a><img src="/static/x.png" alt="图"></p>'
    )
    assert [u for u, _ in extract_links(body)] == [
        "/records/1/",
        "#top",
        "mailto:a@b.cn",
        "../open/mzj/",
        "/static/x.png",
    ]
    assert extract_links(body)[0] == ("/records/1/", "一")
    hosts = site_hosts()
    base = "/records/ABC/2026-00001/"
    assert classify("#top", base, hosts)[0] == "skip"
    assert classify("mailto:a@b.cn", base, hosts)[0] == "skip"
    assert classify("../../../open/mzj/", base, hosts) == ("internal", "/open/mzj/")
    assert classify("https://www.shifan.gov.cn/open/?x=1", base, hosts) == (
        "internal",
        "/open/?x=1",
    )
    assert classify("https://www.gov.cn/zhengce/", base, hosts)[0] == "external"
    # The same host on another port is another site.
    assert classify("http://www.shifan.gov.cn:8080/", base, hosts)[0] == "external"


def test_internal_links_are_checked_against_gongkai(district, agency):
    target = public_record(agency, at=NOW - datetime.timedelta(days=3), title="目标信息")
    withdrawn = public_record(agency, at=NOW - datetime.timedelta(days=9), status=Status.WITHDRAWN)
    hidden = public_record(agency, at=None, status=Status.REVIEWED, title="未公开")
    body = (
        f'<p><a href="/records/{target.pk}/">有效</a>'
        f'<a href="/records/{withdrawn.pk}/">已撤回</a>'
        f'<a href="/records/{hidden.pk}/">未公开</a>'
        '<a href="/records/NOPE-2019-0001/">写错</a>'
        f'<a href="/open/{agency.code}/news/">栏目</a>'
        '<a href="/open/nosuch/">无此单位</a>'
        '<a href="/media/uploads/old.doc">旧附件</a>'
        '<a href="/staff/records/">工作台</a>'
        '<img src="/static/gongkai/site.css" alt="样式">'
        '<img src="/static/gongkai/banner-2019.png" alt="海报">'
        '<a href="/open/">公开专栏</a>'
        '<a href="https://www.gov.cn/zhengce/">政策库</a></p>'
    )
    record = public_record(agency, at=NOW - datetime.timedelta(days=1), body=body)
    run = scan_links(now=NOW)
    results = _results(record)
    assert results[f"/records/{target.pk}/"] == (True, "")
    assert results[f"/records/{withdrawn.pk}/"] == (False, "链接的信息已撤回")
    assert results[f"/records/{hidden.pk}/"][0] is False
    assert results["/records/NOPE-2019-0001/"] == (False, "信息不存在")
    assert results[f"/open/{agency.code}/news/"] == (True, "")
    assert results["/open/nosuch/"][0] is False
    assert results["/media/uploads/old.doc"] == (False, "页面不存在")
    assert results["/staff/records/"][0] is False
    assert results["/static/gongkai/site.css"] == (True, "")
    assert results["/static/gongkai/banner-2019.png"] == (False, "静态文件不存在")
    assert results["/open/"] == (True, "")  # rendered in-process
    assert results["https://www.gov.cn/zhengce/"][0] is None  # external checks are off
    assert run.summary == {"links": 12, "broken": 7, "unchecked": 1}
    report = checks.evaluate(agencies=[agency])
    assert report.agencies[0].broken_links == 7
    assert report.agencies[0].unchecked_links == 1


def test_rescan_keeps_first_seen_and_drops_fixed_links(agency):
    record = public_record(agency, at=NOW, body='<a href="/records/999999/">旧</a>')
    scan_links(now=NOW - datetime.timedelta(days=2))
    check = LinkCheck.objects.get(record=record)
    assert check.ok is False
    first = check.broken_since
    scan_links(now=NOW)
    check.refresh_from_db()
    assert check.broken_since == first
    record.body = "<p>链接已删除</p>"
    record.save()
    scan_links(now=NOW)
    assert not LinkCheck.objects.filter(record=record).exists()


def test_links_of_records_no_longer_public_are_dropped(agency):
    record = public_record(agency, at=NOW, body='<a href="/records/999999/">旧</a>')
    scan_links(now=NOW)
    assert LinkCheck.objects.filter(record=record).exists()
    record.status = Status.WITHDRAWN
    record.save()
    assert checks.evaluate(agencies=[agency]).agencies[0].broken_links == 0
    scan_links(now=NOW)
    assert not LinkCheck.objects.filter(record=record).exists()


def _enable_external_checks():
    settings_row = MonitoringSettings.current()
    settings_row.check_external_links = True
    settings_row.link_timeout_seconds = 2
    settings_row.save()


def test_external_links_checked_only_when_enabled(agency, settings):
    # The test server listens on 127.0.0.1, a non-public address the checker visits only when
    # the deployment lists it.
    settings.GONGKAI_MONITORING_LINK_CHECK_PRIVATE_HOSTS = ["127.0.0.1"]
    with LocalServer() as server:
        body = f'<a href="{server.url}/ok">可用</a><a href="{server.url}/missing">失效</a>'
        record = public_record(agency, at=NOW, record_type=RecordType.NOTICE, body=body)
        scan_links(now=NOW)
        assert server.hits == 0
        assert set(_results(record).values()) == {(None, "未检查（外部链接检查未开启）")}
        settings_row = MonitoringSettings.current()
        settings_row.check_external_links = True
        settings_row.link_timeout_seconds = 2
        settings_row.save()
        scan_links(now=NOW)
        results = _results(record)
        assert results[f"{server.url}/ok"] == (True, "")
        assert results[f"{server.url}/missing"] == (False, "返回状态码 404")
        assert server.hits >= 2


def test_link_checker_never_visits_private_addresses_or_local_files(agency, settings):
    """A record body is written by any clerk (or imported): the checker must not become a way to
    make the server request intranet, loopback or cloud-metadata addresses, or read files. Such
    links are reported broken (the public cannot open them either) without being visited."""
    _enable_external_checks()
    with LocalServer() as server:
        port = server.httpd.server_address[1]
        body = (
            f'<a href="{server.url}/ok">回环地址</a>'
            f'<a href="http://localhost:{port}/ok">本机名</a>'
            '<a href="http://169.254.169.254/latest/meta-data/">元数据</a>'
            '<a href="http://10.0.0.1/oa/">内网</a>'
            '<a href="file:///etc/passwd">文件</a>'
            '<a href="ftp://ftp.example.org/a.doc">FTP</a>'
        )
        record = public_record(agency, at=NOW, record_type=RecordType.NOTICE, body=body)
        scan_links(now=NOW)
        results = _results(record)
        assert server.hits == 0
    for url in (
        f"{server.url}/ok",
        f"http://localhost:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/oa/",
    ):
        ok, error = results[url]
        assert ok is False and "内网或本机地址" in error, url
    assert results["file:///etc/passwd"][0] is False
    assert "本机文件" in results["file:///etc/passwd"][1]
    assert results["ftp://ftp.example.org/a.doc"] == (None, "未检查（只检查 http 和 https 链接）")


def test_link_checker_does_not_follow_redirects_to_private_addresses(agency, settings):
    settings.GONGKAI_MONITORING_LINK_CHECK_PRIVATE_HOSTS = ["127.0.0.1"]
    _enable_external_checks()
    with LocalServer() as server:
        port = server.httpd.server_address[1]
        hop = f"{server.url}/redirect?to=http://localhost:{port}/ok"
        fine = f"{server.url}/redirect?to={server.url}/ok"
        body = f'<a href="{hop}">跳转到本机名</a><a href="{fine}">跳转到允许的地址</a>'
        record = public_record(agency, at=NOW, record_type=RecordType.NOTICE, body=body)
        scan_links(now=NOW)
        results = _results(record)
    ok, error = results[hop]
    assert ok is False and "跳转" in error and "内网或本机地址" in error
    assert results[fine] == (True, "")
