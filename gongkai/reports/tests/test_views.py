"""Back-office and portal pages of annual reports: access, workflow by form, hand entry, public
HTML (accessible tables), downloads."""

from __future__ import annotations

import pytest

from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportStatus

from .helpers import complete

YEAR = 2026

# These tests exercise the staff-entered path; test_live.py covers computed figures.
pytestmark = pytest.mark.usefixtures("no_live_sources")


@pytest.fixture
def draft(clerk, agency):
    return services.create_report(agency=agency, year=YEAR, actor=clerk)


def test_list_and_create_by_form(login, clerk, agency):
    client = login(clerk)
    page = client.get("/staff/reports/")
    assert page.status_code == 200
    assert "编制年度报告" in page.content.decode()
    response = client.post("/staff/reports/new/", {"agency": agency.pk, "year": YEAR})
    report = AnnualReport.objects.get(agency=agency, year=YEAR)
    assert response.status_code == 302 and response["Location"] == f"/staff/reports/{report.pk}/"
    detail = client.get(response["Location"]).content.decode()
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in detail
    assert "以下数据由工作人员填报" in detail


def test_other_agency_report_is_404(login, other_clerk, draft):
    client = login(other_clerk)
    assert client.get(f"/staff/reports/{draft.pk}/").status_code == 404
    assert client.get(f"/staff/reports/{draft.pk}/export.json").status_code == 404
    assert client.post(f"/staff/reports/{draft.pk}/approve/").status_code == 404


def test_unknown_action_is_404(login, clerk, draft):
    assert login(clerk).post(f"/staff/reports/{draft.pk}/delete/").status_code == 404


def test_hand_entry_form_names_bad_cell_and_saves_good_input(login, clerk, draft):
    client = login(clerk)
    page = client.get(f"/staff/reports/{draft.pk}/figures/").content.decode()
    assert 'name="三|一、本年新收政府信息公开申请数量|自然人"' in page
    # totals are computed, never typed
    assert 'name="三|一、本年新收政府信息公开申请数量|总计"' not in page
    bad = client.post(
        f"/staff/reports/{draft.pk}/figures/",
        {"三|一、本年新收政府信息公开申请数量|自然人": "五"},
    )
    assert (
        "表三“一、本年新收政府信息公开申请数量”行“自然人”列：“五”不是整数。" in bad.content.decode()
    )
    good = client.post(
        f"/staff/reports/{draft.pk}/figures/",
        {
            "三|一、本年新收政府信息公开申请数量|自然人": "5",
            "三|三、本年度办理结果/（一）予以公开|自然人": "5",
            "二|第二十条第（五）项/行政许可|本年处理决定数量": "17",
            "fees_collected": "30",
        },
    )
    assert good.status_code == 302
    draft.refresh_from_db()
    assert draft.table3().get("total", "total") == 5
    assert draft.table2().get("licence", "decisions") == 17
    assert str(draft.fees_collected) == "30.00"
    assert draft.failed_checks() == []


def test_workflow_through_pages_and_public_html(login, clerk, head, draft, client):
    services.enter_figures(
        draft,
        actor=clerk,
        data={
            "三": {
                "一、本年新收政府信息公开申请数量": {"商业企业": 2},
                "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）": {
                    "商业企业": 2
                },
            }
        },
    )
    # not public while a draft
    assert client.get(f"/open/reports/mzj/{YEAR}/").status_code == 404
    staff = login(clerk)
    page = staff.get(f"/staff/reports/{draft.pk}/").content.decode()
    assert "审定（机构负责人）" not in page  # a clerk cannot approve
    complete(draft, clerk)
    staff = login(head)
    assert staff.post(f"/staff/reports/{draft.pk}/approve/").status_code == 302
    assert staff.post(f"/staff/reports/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED
    staff.logout()
    index = client.get("/open/reports/").content.decode()
    assert f"/open/reports/mzj/{YEAR}/" in index
    html = client.get(f"/open/reports/mzj/{YEAR}/").content.decode()
    assert "区民政局2026年政府信息公开工作年度报告" in html
    # accessible table: caption, scoped headers, merged cells as printed
    assert '<caption class="visually-hidden">三、收到和处理政府信息公开申请情况</caption>' in html
    assert '<th scope="colgroup" colspan="7">申请人情况</th>' in html
    assert '<th scope="rowgroup" rowspan="22" class="row-label">三、本年度办理结果</th>' in html
    assert '<th scope="rowgroup" rowspan="8" class="row-label">（三）不予公开</th>' in html
    assert "<script" not in html and 'style="' not in html
    docx = client.get(f"/open/reports/mzj/{YEAR}/report.docx")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    data = client.get(f"/open/reports/mzj/{YEAR}/report.json").json()
    assert data["三"]["三、本年度办理结果/（七）总计"]["商业企业"] == 2


def test_correction_shows_note_and_versions(login, clerk, head, draft, client):
    services.approve_report(complete(draft, head), actor=head)
    services.publish_report(draft, actor=clerk)
    staff = login(clerk)
    response = staff.post(f"/staff/reports/{draft.pk}/correct/", {"note": "更正第六部分表述。"})
    v2 = AnnualReport.objects.get(agency=draft.agency, year=YEAR, version=2)
    assert response["Location"] == f"/staff/reports/{v2.pk}/"
    services.approve_report(complete(v2, head), actor=head)
    services.publish_report(v2, actor=clerk)
    staff.logout()
    html = client.get(f"/open/reports/mzj/{YEAR}/").content.decode()
    assert "更正说明：</strong>更正第六部分表述。" in html
    old = client.get(f"/open/reports/mzj/{YEAR}/?v=1").content.decode()
    assert "已被" in old and "第2版" in old


def test_api_lists_only_published_reports(clerk, head, draft, client):
    assert client.get("/api/v1/annual-reports").json() == []
    assert client.get(f"/api/v1/annual-reports/mzj/{YEAR}").status_code == 404
    services.approve_report(complete(draft, head), actor=head)
    services.publish_report(draft, actor=clerk)
    listing = client.get("/api/v1/annual-reports", {"agency": "mzj"}).json()
    assert [(r["agency"], r["year"], r["url"]) for r in listing] == [
        ("mzj", YEAR, f"/open/reports/mzj/{YEAR}/")
    ]
    body = client.get(f"/api/v1/annual-reports/mzj/{YEAR}").json()
    assert list(body["tables"]) == ["二", "三", "四"]
    assert body["tables"]["三"]["四、结转下年度继续办理"]["总计"] == 0
    assert "六、其他需要报告的事项" in body["sections"]


def test_historical_report_imported_from_xlsx_all_or_nothing(login, clerk, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.reports import exports

    report = services.create_historical_report(agency=agency, year=2020, fmt="2019", actor=clerk)
    filled = services.create_historical_report(agency=agency, year=2019, fmt="2019", actor=clerk)
    filled = services.enter_figures(
        filled,
        actor=clerk,
        data={
            "三": {
                "一、本年新收政府信息公开申请数量": {"自然人": 7, "总计": 7},
                "四、结转下年度继续办理": {"自然人": 7, "总计": 7},
            }
        },
    )
    workbook = exports.to_xlsx(filled)
    client = login(clerk)
    bad = client.post(
        f"/staff/reports/{report.pk}/figures/",
        {"workbook": SimpleUploadedFile("x.xlsx", b"not a workbook")},
        follow=True,
    )
    assert "导入失败（未做任何修改）：文件不是有效的Excel工作簿（.xlsx）。" in bad.content.decode()
    good = client.post(
        f"/staff/reports/{report.pk}/figures/", {"workbook": SimpleUploadedFile("r.xlsx", workbook)}
    )
    assert good.status_code == 302
    report.refresh_from_db()
    assert report.export_dict() == filled.export_dict()
    assert report.table3().get("carried_out", "total") == 7
