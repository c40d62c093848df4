"""Every 办事服务 page: no third-party host, no inline script or style (CSP), the dashboard
widget, the demo data."""

import re

import pytest

from gongkai.services.models import Guide, GuideState, ServicePoint

from .factories import guide, point, subdistrict

pytestmark = pytest.mark.django_db


def _assert_self_hosted(html: str, url: str) -> None:
    for attr in re.findall(r'(?:src|href|action)="([^"]+)"', html):
        assert not attr.startswith(("http://", "https://", "//")), (url, attr)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html), url  # no inline script
    assert "<style" not in html and " style=" not in html, url  # no inline style
    assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers


def test_no_third_party_hosts_or_inline_code_in_any_page(client, login, clerk, agency, district):
    g = guide(agency)
    p = point(agency, subdistrict(district))
    public = [
        "/services/",
        "/services/guides/",
        g.get_absolute_url(),
        "/services/map/",
        p.get_absolute_url(),
        f"/services/notice/guide/{g.pk}/",
        f"/services/notice/point/{p.pk}/",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        _assert_self_hosted(response.content.decode(), url)
    staff = login(clerk)
    for url in [
        "/staff/",
        "/staff/services/",
        "/staff/services/guides/new/",
        f"/staff/services/guides/{g.pk}/",
        f"/staff/services/guides/{g.pk}/edit/",
        "/staff/services/points/",
        "/staff/services/points/new/",
        f"/staff/services/points/{p.pk}/",
        "/staff/services/scans/?q=通知",
    ]:
        response = staff.get(url)
        assert response.status_code == 200, url
        _assert_self_hosted(response.content.decode(), url)


def test_services_replaces_the_portal_placeholder(client, agency):
    guide(agency)
    html = client.get("/services/").content.decode()
    assert "办事服务" in html and "将在这里提供" not in html
    assert "最低生活保障申请" in html and 'href="/services/map/"' in html


def test_dashboard_widget_lists_guides_with_missing_elements(login, clerk, other_clerk, agency):
    guide(agency, name="缺要素已发布", complaint="")
    guide(agency, name="缺要素草稿", state=GuideState.DRAFT, fee="")
    guide(agency, name="齐全事项")
    html = login(clerk).get("/staff/").content.decode()
    assert "2 项办事指南缺少必备要素" in html and "1 项已发布" in html
    assert "缺要素已发布" in html and "监督投诉方式" in html and "齐全事项" not in html
    assert "办事指南要素齐全" in login(other_clerk).get("/staff/").content.decode()


def test_demo_data_is_realistic_and_idempotent(db):
    import io

    from gongkai.orgs import demo as orgs_demo
    from gongkai.services import demo
    from gongkai.services.elements import service_usefulness

    orgs_demo.load(stdout=io.StringIO(), options={})
    demo.load(stdout=io.StringIO(), options={})
    counts = (Guide.objects.count(), ServicePoint.objects.count())
    assert 20 <= counts[0] <= 40 and counts[1] >= 30
    assert {"最低生活保障申请", "失业登记"} <= set(Guide.objects.values_list("name", flat=True))
    # Every 街镇 has points; every published guide but the two migrated ones is complete.
    assert ServicePoint.objects.values("subdistrict").distinct().count() == 10
    assert len(service_usefulness().incomplete) == 2
    demo.load(stdout=io.StringIO(), options={})
    assert (Guide.objects.count(), ServicePoint.objects.count()) == counts
