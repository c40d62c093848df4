"""`gongkai workdays add|between|is|import`."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.models import AuditEvent
from gongkai.workdays import calendar, notices
from gongkai.workdays.models import Arrangement

pytestmark = pytest.mark.django_db
SYNTHETIC_2027 = Path(__file__).parent / "notices" / "2027-synthetic.txt"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_add():
    assert run("add", "2026-09-21", "20")[0] == "2026-10-26"
    assert run("add", "2026-10-01", "1")[0] == "2026-10-08"


def test_between():
    # 30 Sep (Wed) up to 9 Oct: 1–7 Oct off, 8–9 Oct work.
    assert run("between", "2026-09-30", "2026-10-09")[0] == "2"
    assert run("between", "2026-09-21", "2026-10-26")[0] == "20"


def test_is():
    assert run("is", "2026-10-10")[0] == "workday"  # Saturday makeup day
    assert run("is", "2026-10-03")[0] == "holiday 国庆节"
    assert run("is", "2026-10-11")[0] == "holiday"  # a plain Sunday has no name
    assert run("is", "2026-04-05")[0] == "holiday 清明节"


@pytest.mark.parametrize(
    "args",
    [("add", "2026-12-20", "20"), ("is", "2027-01-04"), ("between", "2026-12-01", "2027-01-10")],
)
def test_unknown_year_fails_naming_the_year(args):
    with pytest.raises(CommandError, match="2027年的节假日安排尚未载入"):
        run(*args)


def test_unknown_year_exit_status(capsys):
    import sys

    from gongkai.__main__ import main

    argv = sys.argv
    sys.argv = ["gongkai", "workdays", "add", "2026-12-20", "20"]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = argv
    assert exc.value.code != 0
    assert "2027" in capsys.readouterr().err


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("add", "2026/09/21", "20")


def test_import_dry_run_json_saves_nothing():
    out, _ = run("import", str(SYNTHETIC_2027), "--dry-run", "--json")
    data = json.loads(out)
    assert data["year"] == 2027
    assert data["holidays"][0] == {"date": "2027-01-01", "name": "元旦"}
    assert [h["date"] for h in data["holidays"]] == sorted(h["date"] for h in data["holidays"])
    assert data["workdays"] == sorted(data["workdays"])
    assert "2027-01-31" in data["workdays"]
    assert not Arrangement.objects.exists()


def test_import_saves_with_provenance(tmp_path):
    path = tmp_path / "2026.txt"
    path.write_text(notices.text(2026), encoding="utf-8")
    out, _ = run("import", str(path), "--url", "https://www.gov.cn/x.htm")
    assert "已载入2026年节假日安排" in out
    stored = Arrangement.objects.get(year=2026)
    assert stored.notice_number == "国办发明电〔2025〕7号"
    assert stored.loaded_by_name == "命令行操作员"
    assert stored.notice_url == "https://www.gov.cn/x.htm"
    assert AuditEvent.objects.filter(action="workdays.arrangement.create").count() == 1
    out, _ = run("import", str(path))
    assert "已替换2026年节假日安排" in out


def test_import_then_count_into_the_new_year():
    run("import", str(SYNTHETIC_2027))
    assert run("add", "2026-12-31", "1")[0] == "2027-01-04"
    assert 2027 in calendar.known_years()


def test_import_errors_line_by_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(notices.text(2026).replace("共9天", "共8天"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="未保存任何数据"):
        call_command("workdays", "import", str(path), stdout=out, stderr=err)
    assert "第7行：通知写“共8天”" in err.getvalue()
    assert not Arrangement.objects.exists()


def test_import_missing_file():
    with pytest.raises(CommandError, match="无法读取文件"):
        run("import", "/nonexistent/notice.txt")


def test_import_as_a_named_user(district_office, clerk):
    run("import", str(SYNTHETIC_2027), "--user", district_office.username)
    assert Arrangement.objects.get().loaded_by == district_office
    with pytest.raises(CommandError, match="只有区政务公开办"):
        run("import", str(SYNTHETIC_2027), "--user", clerk.username)
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        run("import", str(SYNTHETIC_2027), "--user", "nobody")
