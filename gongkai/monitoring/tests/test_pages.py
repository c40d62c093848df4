"""Staff pages: the office's scorecard and its XLSX export, a department's own view (other
agencies' findings are 404 or absent), office-only configuration, the dashboard widget."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.monitoring import checks, summary
from gongkai.monitoring.links import scan_links
from gongkai.monitoring.models import HitStatus, WatchWord, WordHit, WordKind
from gongkai.monitoring.services import decide_hit
from gongkai.monitoring.words import scan_words
from gongkai.orgs.uscc import make_uscc

from .helpers import fill_channel, public_record

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def findings(district, agency, other_agency):
    """Both departments with a broken link and a wording hit; 区人社局's news is stale."""
    fill_channel(district, at=NOW - datetime.timedelta(days=1))
    fill_channel(agency, at=NOW - datetime.timedelta(days=1))
    fill_channel(other_agency, at=NOW - datetime.timedelta(days=1))
    WatchWord.objects.create(kind=WordKind.WRONG, word="中华人名共和国", correct="中华人民共和国")
    mine = public_record(
        agency,
        at=NOW,
        title="民政局通知",
        body='<p>《中华人名共和国民法典》<a href="/records/MZJ-OLD/">民政旧文</a></p>',
    )
    theirs = public_record(
        other_agency,
        at=NOW - datetime.timedelta(days=30),
        title="人社局动态",
        body='<p>中华人名共和国<a href="/records/RSJ-OLD/">人社旧文</a></p>',
    )
    from gongkai.records.models import Record, RecordType

    Record.objects.filter(agency=other_agency, record_type=RecordType.NEWS).update(
        published_at=NOW - datetime.timedelta(days=30)
    )
    scan_words(now=NOW)
    scan_links(now=NOW)
    return {
        "mine": WordHit.objects.get(record=mine),
        "theirs": WordHit.objects.get(record=theirs),
    }


def test_scorecard_for_the_office(findings, district_office, login, django_assert_max_num_queries):
    client = login(district_office)
    with django_assert_max_num_queries(40):
        response = client.get("/staff/monitoring/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "单项否决指标",
        "首页不更新",
        "栏目不更新",
        "服务不实用",
        "未评估",
        "区民政局",
        "区人力资源和社会保障局",
    ):
        assert text in page
    decide_hit(findings["theirs"], actor=district_office, status=HitStatus.CONFIRMED)
    failing = client.get("/staff/monitoring/", {"failing": "1"}).content.decode()
    report = checks.evaluate()
    assert [a.agency.code for a in report.failing_agencies] == ["rsj"]
    for row in report.agencies:
        link = f'href="/staff/monitoring/agencies/{row.agency.code}/"'
        assert (link in failing) is (not row.passed)


def test_clerk_is_sent_to_their_own_agency(findings, clerk, login):
    response = login(clerk).get("/staff/monitoring/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/monitoring/agencies/mzj/"


def test_department_sees_only_its_own_findings(findings, clerk, login):
    client = login(clerk)
    page = client.get("/staff/monitoring/agencies/mzj/").content.decode()
    assert "/records/MZJ-OLD/" in page and "/records/RSJ-OLD/" not in page
    assert "民政局通知" in page and "人社局动态" not in page
    assert client.get("/staff/monitoring/agencies/rsj/").status_code == 404
    hits = client.get("/staff/monitoring/hits/").content.decode()
    assert "民政局通知" in hits and "人社局动态" not in hits
    links = client.get("/staff/monitoring/links/").content.decode()
    assert "/records/MZJ-OLD/" in links and "/records/RSJ-OLD/" not in links
    # Another agency's hit cannot be decided, nor even found.
    url = f"/staff/monitoring/hits/{findings['theirs'].pk}/decide/"
    assert client.post(url, {"status": HitStatus.DISMISSED, "note": "x"}).status_code == 404
    findings["theirs"].refresh_from_db()
    assert findings["theirs"].status == HitStatus.OPEN


def test_agency_page_lists_its_published_guides_missing_elements(
    findings, agency, other_agency, clerk, login
):
    from gongkai.services.tests.factories import guide

    mine = guide(agency, materials=[])
    guide(other_agency, name="失业登记", basis="")
    guide(agency, name="草稿指南", state="draft", fee="")
    page = login(clerk).get("/staff/monitoring/agencies/mzj/").content.decode()
    assert f'href="/staff/services/guides/{mine.pk}/">最低生活保障申请</a>' in page
    assert "<td>办理材料</td>" in page
    assert "失业登记" not in page and "草稿指南" not in page


def test_clerk_cannot_decide_reviewer_can(findings, clerk, reviewer, login):
    hit = findings["mine"]
    url = f"/staff/monitoring/hits/{hit.pk}/decide/"
    page = login(clerk).get("/staff/monitoring/hits/").content.decode()
    assert url not in page  # no decision form for a clerk
    count = AuditEvent.objects.count()
    assert login(clerk).post(url, {"status": HitStatus.CONFIRMED}).status_code == 403
    assert AuditEvent.objects.count() == count
    client = login(reviewer)
    assert url in client.get("/staff/monitoring/hits/").content.decode()
    response = client.post(url, {"status": HitStatus.CONFIRMED, "note": "已更正"})
    assert response.status_code == 302
    hit.refresh_from_db()
    assert hit.status == HitStatus.CONFIRMED and hit.decided_by == reviewer
    event = AuditEvent.objects.get(action="monitoring.hit.decide")
    assert event.agency_id == hit.record.agency_id
    assert event.after == {"status": "confirmed", "decision_note": "已更正"}


def test_dismissing_needs_a_reason(findings, reviewer, login):
    hit = findings["mine"]
    count = AuditEvent.objects.count()
    response = login(reviewer).post(
        f"/staff/monitoring/hits/{hit.pk}/decide/", {"status": HitStatus.DISMISSED}, follow=True
    )
    assert "认定为误报时请说明理由" in response.content.decode()
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize(
    "url",
    [
        "/staff/monitoring/settings/",
        "/staff/monitoring/words/",
        "/staff/monitoring/probes/",
        "/staff/monitoring/scorecard.xlsx",
    ],
)
def test_configuration_and_export_are_for_the_office(findings, clerk, head, login, url):
    assert login(clerk).get(url).status_code == 403
    assert login(head).get(url).status_code == 403


def test_office_pages_render(findings, district_office, login):
    client = login(district_office)
    for url in (
        "/staff/monitoring/settings/",
        "/staff/monitoring/words/",
        "/staff/monitoring/probes/",
        "/staff/monitoring/hits/?status=open",
        "/staff/monitoring/links/?show=all",
        "/staff/monitoring/agencies/rsj/",
    ):
        assert client.get(url).status_code == 200, url


def test_xlsx_export(findings, district_office, login):
    response = login(district_office).get("/staff/monitoring/scorecard.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["各单位得分", "单项否决", "问题栏目"]
    rows = list(book["各单位得分"].iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "单位", "层级", "栏目数")
    header = rows[1]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    report = checks.evaluate()
    assert set(by_name) == {a.agency.name for a in report.agencies}
    for row in report.agencies:
        line = by_name[row.agency.name]
        assert line["得分"] == float(row.score)
        assert line["未按期更新栏目"] == len(row.stale_columns)
        assert line["错链断链"] == row.broken_links
        assert line["结论"] == row.verdict
    assert by_name["区人力资源和社会保障局"]["未按期更新栏目"] == 1
    assert by_name["区民政局"]["错链断链"] == 1
    vetoes = list(book["单项否决"].iter_rows(values_only=True))
    assert [r[1] for r in vetoes[2:]] == [v.label for v in report.vetoes]
    problems = list(book["问题栏目"].iter_rows(values_only=True))
    assert ("区人力资源和社会保障局", "工作动态") in {(r[0], r[1]) for r in problems[1:]}


def test_dashboard_widget_reads_the_stored_summary(findings, district_office, clerk, login):
    def dashboard(user):
        return login(user).get("/staff/").content.decode()

    for user in (district_office, clerk):
        page = dashboard(user)
        assert "网站监测" in page and "尚未检查" in page and "检查时间" not in page
    stored = summary.store(now=NOW)
    page = dashboard(district_office)
    assert (
        "门户网站单项否决" in page and f"检查时间：{timezone.localtime(NOW):%Y-%m-%d %H:%M}" in page
    )
    assert f"不合格单位 {stored.data['failing']} 个" in page and "尚未检查" not in page
    assert "待核实错敏词 2 处" in page
    page = dashboard(clerk)
    assert "区民政局：得分" in page and "错链 1 处" in page and "检查时间" in page
    assert "区人力资源和社会保障局" not in page
    # The figures are those of the stored run: a decision taken since shows after the next one.
    decide_hit(findings["mine"], actor=district_office, status=HitStatus.DISMISSED, note="误报")
    assert "待核实错敏词 2 处" in dashboard(district_office)
    summary.store()
    assert "待核实错敏词 1 处" in dashboard(district_office)


def test_dashboard_does_not_evaluate_the_site(
    findings, district, district_office, clerk, login, monkeypatch, django_assert_max_num_queries
):
    from gongkai.orgs.models import Agency

    for n in range(12):  # more agencies must not mean more dashboard queries
        Agency.objects.create(
            code=f"jd{n}",
            name=f"第{n}街道办事处",
            short_name=f"第{n}街道",
            level="subdistrict",
            parent=district,
            uscc=make_uscc(f"11310120000{n + 900:06d}"),
        )
    summary.store(now=NOW)

    def refuse(**kwargs):
        raise AssertionError("the dashboard evaluated the site")

    monkeypatch.setattr(checks, "evaluate", refuse)
    for user in (district_office, clerk):
        client = login(user)
        with django_assert_max_num_queries(50):  # 70 when it evaluated the site
            page = client.get("/staff/").content.decode()
        assert "网站监测" in page and "检查时间" in page


def test_nav_link(findings, clerk, login):
    page = login(clerk).get("/staff/monitoring/agencies/mzj/").content.decode()
    assert 'href="/staff/monitoring/" aria-current="page">监测</a>' in page
