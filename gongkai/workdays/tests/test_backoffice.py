"""/staff/workdays/: the district office lists years, imports a notice through a preview, and
deletes or replaces stored arrangements; other staff cannot reach any of it."""

import datetime
from pathlib import Path

import pytest
import time_machine

from gongkai.core.models import AuditEvent
from gongkai.workdays import notices, services
from gongkai.workdays.models import Arrangement

pytestmark = pytest.mark.django_db
SYNTHETIC_2027 = (Path(__file__).parent / "notices" / "2027-synthetic.txt").read_text("utf-8")
URLS = ["/staff/workdays/", "/staff/workdays/import/", "/staff/workdays/2026/"]


@pytest.mark.parametrize("url", URLS)
def test_clerks_are_refused(login, clerk, url):
    assert login(clerk).get(url).status_code == 403


def test_clerk_cannot_post_an_import_or_delete(login, clerk, district_office):
    services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    client = login(clerk)
    response = client.post("/staff/workdays/import/", {"text": SYNTHETIC_2027, "action": "confirm"})
    assert response.status_code == 403
    assert client.post("/staff/workdays/2027/delete/").status_code == 403
    assert Arrangement.objects.filter(year=2027).exists()


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


@time_machine.travel(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC))
def test_year_list_shows_sources_and_the_missing_year(
    login, district_office, django_assert_max_num_queries
):
    services.import_notice(
        actor=district_office, text=notices.text(2026), notice_url=notices.URLS[2026]
    )
    client = login(district_office)
    with django_assert_max_num_queries(12):
        response = client.get("/staff/workdays/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "已载入通知" in html and "国办发明电〔2025〕7号" in html
    assert "chinese_calendar 1.11.0 软件包" in html
    assert "2027年节假日安排尚未载入" in html
    assert "未载入" in html


def test_year_detail_shows_grid_and_provenance(login, district_office):
    services.import_notice(
        actor=district_office, text=notices.text(2026), notice_url=notices.URLS[2026]
    )
    html = login(district_office).get("/staff/workdays/2026/").content.decode()
    assert "国务院办公厅关于2026年部分节假日安排的通知" in html
    assert notices.URLS[2026] in html
    assert "全年工作日 248 天，其中调休上班 6 天" in html
    assert 'class="wd-day wd-makeup" title="2月14日 调休上班"' in html
    assert 'title="2月16日 放假（春节）"' in html


def test_year_detail_of_an_unknown_year_is_an_alarm(login, district_office):
    html = login(district_office).get("/staff/workdays/2027/").content.decode()
    assert "2027年节假日安排尚未载入" in html


def test_preview_saves_nothing_then_confirm_saves(login, district_office):
    client = login(district_office)
    response = client.post("/staff/workdays/import/", {"text": SYNTHETIC_2027, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：2027年（尚未保存）" in html
    assert "共9天与日期区间一致" in html
    assert 'title="1月31日 调休上班（春节）"' in html
    assert not Arrangement.objects.exists()
    previewed = response.context["previewed"]
    response = client.post(
        "/staff/workdays/import/",
        {
            "text": SYNTHETIC_2027,
            "action": "confirm",
            "previewed": previewed,
            "notice_url": "https://www.gov.cn/example.htm",
            "notice_number": "国办发明电〔2026〕99号",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/staff/workdays/2027/"
    stored = Arrangement.objects.get(year=2027)
    assert stored.loaded_by == district_office
    assert stored.notice_number == "国办发明电〔2026〕99号"
    assert stored.notice_text.startswith("【合成样例")
    assert AuditEvent.objects.filter(action="workdays.arrangement.create").count() == 1


def test_confirm_of_text_changed_after_preview_previews_again(login, district_office):
    client = login(district_office)
    response = client.post("/staff/workdays/import/", {"text": SYNTHETIC_2027, "action": "preview"})
    changed = SYNTHETIC_2027.replace("4月25日（周日）、", "")
    response = client.post(
        "/staff/workdays/import/",
        {"text": changed, "action": "confirm", "previewed": response.context["previewed"]},
    )
    assert response.status_code == 200
    assert "通知内容在预览后被修改" in response.content.decode()
    assert not Arrangement.objects.exists()


def test_errors_are_listed_line_by_line(login, district_office):
    text = notices.text(2026).replace("共9天", "共8天").replace("5月9日（周六）", "5月9日（周日）")
    response = login(district_office).post(
        "/staff/workdays/import/", {"text": text, "action": "confirm", "previewed": "x"}
    )
    html = response.content.decode()
    assert "通知无法解析，未保存任何数据" in html
    assert "<strong>第7行</strong>：通知写“共8天”" in html
    assert "<strong>第9行</strong>：5月9日标注为“周日”" in html
    assert "四、劳动节：5月1日（周五）" in html  # the offending line is quoted
    assert not Arrangement.objects.exists()


def test_preview_against_the_package_reports_differences(login, district_office):
    text = notices.text(2026).replace(
        "5月9日（周六）上班", "5月9日（周六）上班。5月10日（周日）上班"
    )
    html = (
        login(district_office)
        .post("/staff/workdays/import/", {"text": text, "action": "preview"})
        .content.decode()
    )
    assert "与现行日历有 1 天不一致" in html
    html = (
        login(district_office)
        .post("/staff/workdays/import/", {"text": notices.text(2026), "action": "preview"})
        .content.decode()
    )
    assert "工作日完全一致" in html


def test_replace_warns_and_delete_confirms(login, district_office):
    services.import_notice(actor=district_office, text=SYNTHETIC_2027)
    client = login(district_office)
    html = client.post(
        "/staff/workdays/import/", {"text": SYNTHETIC_2027, "action": "preview"}
    ).content.decode()
    assert "确认后将<strong>替换</strong>已载入的安排" in html
    html = client.get("/staff/workdays/2027/delete/").content.decode()
    assert "软件包不包含2027年" in html
    assert Arrangement.objects.exists()
    response = client.post("/staff/workdays/2027/delete/")
    assert response.status_code == 302
    assert not Arrangement.objects.exists()
    assert AuditEvent.objects.filter(action="workdays.arrangement.delete").count() == 1


def test_delete_of_a_year_not_stored_is_404(login, district_office):
    assert login(district_office).get("/staff/workdays/2025/delete/").status_code == 404
