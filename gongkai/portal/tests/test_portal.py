"""The public shell: title, navigation, elderly mode, security headers, error pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_title_has_district_name(client, agency):
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>首页 - 示范区人民政府</title>" in html
    for label in ["政务公开", "政策文件", "依申请公开", "互动交流", "办事服务"]:
        assert f">{label}</a>" in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "区民政局" in html


def test_home_empty_state_reads_well(client, db):
    html = client.get("/").content.decode()
    assert "尚未登记公开主体" in html


def test_security_headers_on_public_pages(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_third_party_hosts_in_pages(client, agency):
    import re

    for url in [
        "/",
        "/open/",
        "/open/agencies/",
        f"/open/agencies/{agency.code}/",
        "/staff/login/",
    ]:
        html = client.get(url).content.decode()
        for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not attr.startswith(("http://", "https://", "//")), (url, attr)


def test_elderly_mode_persists(client, db):
    response = client.post("/preferences/elderly/", {"mode": "on", "next": "/open/"})
    assert response.status_code == 302 and response["Location"] == "/open/"
    assert response.cookies["gk_elderly"].value == "1"
    html = client.get("/open/").content.decode()
    assert '<html lang="zh-CN" class="elderly">' in html
    assert "退出关怀版" in html
    client.post("/preferences/elderly/", {"mode": "off"})
    assert '<html lang="zh-CN" class="">' in client.get("/").content.decode()


def test_elderly_toggle_does_not_redirect_offsite(client, db):
    response = client.post("/preferences/elderly/", {"mode": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_agency_guide_shows_contact_block(client, agency):
    html = client.get(f"/open/agencies/{agency.code}/").content.decode()
    assert "区民政局政府信息公开指南" in html
    for label in ["办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式"]:
        assert label in html
    assert "示范区政务路105号" in html


def test_404_page_in_chinese(client, db):
    response = client.get("/open/agencies/no-such-agency/")
    assert response.status_code == 404


def test_api_lists_agencies(client, agency):
    data = client.get("/api/v1/agencies").json()
    names = [a["name"] for a in data]
    assert "区民政局" in names
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_footer_shows_district_contact(client, district):
    district.address = "示范区政务路100号"
    district.phone = "021-66880000"
    district.save()
    html = client.get("/").content.decode()
    assert "地址：示范区政务路100号" in html and "电话：021-66880000" in html


def test_agency_guide_covers_article_12(client, agency):
    html = client.get(f"/open/agencies/{agency.code}/").content.decode()
    for heading in [
        "（一）公开范围与分类",
        "（二）编排体系",
        "（三）获取方式",
        "二、依申请公开",
        "三、政府信息公开工作机构",
    ]:
        assert heading in html
    assert f'href="/open/{agency.code}/' in html  # links to the agency's own column
    assert 'href="/apply/"' in html


def test_home_and_rules_list_only_public_records(client, agency, clerk, reviewer):
    from gongkai.records.models import Topic
    from gongkai.records.tests.helpers import draft, published

    rule = published(
        agency,
        clerk,
        reviewer,
        title="示范区政府信息公开工作规定",
        topic=Topic.objects.get(code="0201"),
    )
    other = published(agency, clerk, reviewer, title="关于做好防汛工作的通知")
    draft(agency, clerk, title="尚在起草的通知", topic=Topic.objects.get(code="0201"))
    home = client.get("/").content.decode()
    assert other.title in home and "尚在起草的通知" not in home
    rules = client.get("/open/rules/").content.decode()
    assert rule.title in rules
    assert other.title not in rules and "尚在起草的通知" not in rules


def test_home_lists_open_consultations_only(client, agency, clerk, reviewer):
    import datetime

    from gongkai.participation.tests.factories import closed, draft, opened, today

    open_one = opened(
        agency,
        clerk,
        reviewer,
        title="示范区老旧小区加装电梯实施办法",
        closes_on=today() + datetime.timedelta(days=40),
    )
    opened(
        agency,
        clerk,
        reviewer,
        title="示范区公园绿地开放管理规定",
        opens_on=today() + datetime.timedelta(days=5),
    )
    closed(agency, clerk, reviewer, title="示范区垃圾分类收运方案")
    draft(agency, clerk, title="示范区停车收费调整方案")
    html = client.get("/").content.decode()
    assert '<h2 id="consult-title">征求意见</h2>' in html
    assert f'<a href="{open_one.get_absolute_url()}">示范区老旧小区加装电梯实施办法</a>' in html
    assert '<span class="due">剩余 40 天</span>' in html
    for title in ("示范区公园绿地开放管理规定", "示范区垃圾分类收运方案", "示范区停车收费调整方案"):
        assert title not in html  # upcoming, closed, draft
    assert 'href="/interact/"' in html


def test_home_links_the_service_guides_and_map(client, district, agency):
    from gongkai.services.models import GuideState
    from gongkai.services.tests.factories import guide, point, subdistrict

    guide(agency)
    guide(agency, name="草稿指南", state=GuideState.DRAFT)
    point(agency, subdistrict(district))
    html = client.get("/").content.decode()
    assert '<a href="/services/guides/">办事指南</a>（1 项）' in html
    assert '<a href="/services/map/">便民服务地图</a>（1 个服务点）' in html
    assert 'action="/services/guides/"' in html
    assert "目前没有正在公开征求意见的决策草案。" in html
