"""The report's workflow: draft → approved (agency head) → published; audited; immutable once
published; a correction is a new version with a note."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportStatus

from .helpers import complete

YEAR = 2026

# These tests exercise the staff-entered path; test_live.py covers computed figures.
pytestmark = pytest.mark.usefixtures("no_live_sources")

BALANCED = {
    "三": {
        "一、本年新收政府信息公开申请数量": {"自然人": 4},
        "三、本年度办理结果/（一）予以公开": {"自然人": 3},
        "四、结转下年度继续办理": {"自然人": 1},
    }
}


@pytest.fixture
def draft(clerk, agency):
    return services.create_report(agency=agency, year=YEAR, actor=clerk)


def test_create_generates_drafts_and_marks_entered_sources(draft):
    assert draft.status == ReportStatus.DRAFT
    assert draft.overview.startswith("区民政局深入贯彻落实《中华人民共和国政府信息公开条例》")
    assert "本年新收政府信息公开申请0件" in draft.overview
    # applications/records/publicity are not installed in this branch: every part is entered
    assert draft.origin["三"] == "entered"
    assert draft.origin["二"]["第二十条第（八）项/行政事业性收费"] == "entered"
    assert (
        AuditEvent.objects.filter(action="annual_report.create", target_id=str(draft.pk)).count()
        == 1
    )


def test_only_one_report_per_agency_and_year(draft, clerk, agency):
    with pytest.raises(ValidationError, match="已存在"):
        services.create_report(agency=agency, year=YEAR, actor=clerk)


def test_other_agency_staff_cannot_create(other_clerk, agency):
    with pytest.raises(PermissionDenied):
        services.create_report(agency=agency, year=YEAR, actor=other_clerk)


def test_full_workflow_is_audited(draft, clerk, head):
    services.enter_figures(draft, actor=clerk, data=BALANCED, fees_collected="0")
    services.update_sections(
        draft, actor=clerk, overview="总体情况正文", problems="问题与改进", other_matters="无。"
    )
    with pytest.raises(PermissionDenied):
        services.approve_report(draft, actor=clerk)
    report = services.approve_report(draft, actor=head)
    assert report.status == ReportStatus.APPROVED
    with pytest.raises(ValidationError):
        services.update_sections(report, actor=clerk, overview="改")
    report = services.publish_report(report, actor=clerk)
    assert report.status == ReportStatus.PUBLISHED and report.published_at
    actions = list(
        AuditEvent.objects.filter(target_id=str(report.pk), target_type="reports.annualreport")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "annual_report.create",
        "annual_report.enter",
        "annual_report.edit",
        "annual_report.approve",
        "annual_report.publish",
    ]


def test_approval_refused_when_a_check_fails(draft, clerk, head):
    broken = {"三": {"一、本年新收政府信息公开申请数量": {"自然人": 4}}}
    services.enter_figures(draft, actor=clerk, data=broken)
    with pytest.raises(ValidationError) as exc:
        services.approve_report(complete(draft, head), actor=head)
    assert "自然人列：一（4）+ 二（0）= 4，而三（七）总计（0）+ 四（0）= 0。" in exc.value.messages
    assert AnnualReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_published_is_immutable_and_correction_is_new_version(draft, clerk, head):
    services.enter_figures(draft, actor=clerk, data=BALANCED)
    services.approve_report(complete(draft, head), actor=head)
    published = services.publish_report(draft, actor=clerk)
    for call in (
        lambda: services.update_sections(published, actor=clerk, overview="x"),
        lambda: services.enter_figures(published, actor=clerk, data={}),
        lambda: services.refresh_figures(published, actor=clerk),
    ):
        with pytest.raises(ValidationError):
            call()
    with pytest.raises(ValidationError):
        services.correct_report(published, actor=clerk, note="  ")
    v2 = services.correct_report(published, actor=clerk, note="更正表三予以公开数据。")
    assert (v2.version, v2.status, v2.previous_id) == (2, ReportStatus.DRAFT, published.pk)
    assert v2.tables == published.tables
    fixed = {
        "三": {
            **BALANCED["三"],
            "三、本年度办理结果/（一）予以公开": {"自然人": 2},
            "四、结转下年度继续办理": {"自然人": 2},
        }
    }
    services.enter_figures(v2, actor=clerk, data=fixed)
    services.approve_report(complete(v2, head), actor=head)
    services.publish_report(v2, actor=clerk)
    published.refresh_from_db()
    assert published.table3().get("granted", "natural_person") == 3  # the old version unchanged
    assert (
        AnnualReport.objects.latest_published().get(agency=published.agency, year=YEAR).version == 2
    )
    # only the latest version may be corrected
    with pytest.raises(ValidationError, match="已有第2版"):
        services.correct_report(published, actor=clerk, note="再次更正")


def test_carried_in_checked_against_last_years_published_report(clerk, head, agency):
    last = services.create_historical_report(agency=agency, year=YEAR - 1, fmt="2021", actor=clerk)
    services.enter_figures(
        last,
        actor=clerk,
        data={
            "三": {
                "一、本年新收政府信息公开申请数量": {"自然人": 2, "总计": 2},
                "四、结转下年度继续办理": {"自然人": 2, "总计": 2},
            }
        },
    )
    services.approve_report(complete(last, head), actor=head)
    services.publish_report(last, actor=clerk)
    report = services.create_report(agency=agency, year=YEAR, actor=clerk)
    typed = {"三": {**BALANCED["三"], "二、上年结转政府信息公开申请数量": {"自然人": 0}}}
    services.enter_figures(report, actor=clerk, data=typed)
    failed = AnnualReport.objects.get(pk=report.pk).failed_checks()
    assert [c.message for c in failed if c.rule.startswith("二、上年结转")] == [
        "自然人列：上年结转为0，上年度报告结转下年度为2。",
        "总计列：上年结转为0，上年度报告结转下年度为2。",
    ]


def test_historical_trial_format_only_for_2019_2020(clerk, agency):
    with pytest.raises(ValidationError, match="2019、2020"):
        services.create_historical_report(agency=agency, year=2021, fmt="2019", actor=clerk)
    with pytest.raises(ValidationError, match="2019–2020年度报告请按历史报告手工录入"):
        services.create_report(agency=agency, year=2020, actor=clerk)


def test_bad_cell_changes_nothing(draft, clerk):
    from gongkai.reports.tables import TableInputError

    with pytest.raises(
        TableInputError, match="表三“二、上年结转政府信息公开申请数量”行“科研机构”列：“两”不是整数"
    ):
        services.enter_figures(
            draft,
            actor=clerk,
            data={"三": {"二、上年结转政府信息公开申请数量": {"科研机构": "两"}}},
        )
    assert AnnualReport.objects.get(pk=draft.pk).entered == {}


def test_generated_drafts_follow_figures_until_edited(draft, clerk):
    report = services.enter_figures(draft, actor=clerk, data=BALANCED)
    assert "本年新收政府信息公开申请4件" in report.overview
    assert "结转下年度继续办理1件" in report.problems
    services.update_sections(report, actor=clerk, overview="本机关自行撰写的总体情况。")
    report = services.enter_figures(
        AnnualReport.objects.get(pk=draft.pk), actor=clerk, data={"三": {}}
    )
    assert report.overview == "本机关自行撰写的总体情况。"
    assert "结转下年度继续办理0件" in report.problems


def test_entered_carry_in_starts_from_last_years_carry_out(clerk, head, agency):
    last = services.create_report(agency=agency, year=YEAR - 1, actor=clerk)
    services.enter_figures(
        last,
        actor=clerk,
        data={
            "三": {
                "一、本年新收政府信息公开申请数量": {"科研机构": 2},
                "四、结转下年度继续办理": {"科研机构": 2},
            }
        },
    )
    services.approve_report(complete(last, head), actor=head)
    services.publish_report(last, actor=clerk)
    report = services.create_report(agency=agency, year=YEAR, actor=clerk)
    assert report.table3().get("carried_in", "research") == 2


def test_placeholders_block_approval(draft, clerk, head):
    services.enter_figures(draft, actor=clerk, data=BALANCED, fees_collected="0")
    draft.refresh_from_db()
    assert "（请填写" in draft.overview  # the generated draft leaves 监督保障 to staff
    with pytest.raises(ValidationError, match="一、总体情况"):
        services.approve_report(draft, actor=head)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT
    services.approve_report(complete(draft, clerk), actor=head)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.APPROVED
