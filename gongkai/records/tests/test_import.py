"""`gongkai records import FILE.jsonl`: all or nothing, errors by line, existing 索引号 kept."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.models import AuditEvent
from gongkai.records import services
from gongkai.records.models import IndexCounter, Record, Status

from .helpers import reviewed

pytestmark = pytest.mark.django_db


def _write(tmp_path, rows):
    path = tmp_path / "records.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
        encoding="utf-8",
    )
    return str(path)


def _row(**extra):
    row = {
        "agency": "mzj",
        "title": "关于做好救助工作的通知",
        "record_type": "其他文件",
        "attribute": "主动公开",
        "document_number": "示民发〔2025〕4号",
        "written_on": "2025-03-03",
        "published_at": "2025-03-05T10:00:00+08:00",
        "topic": "民政、扶贫、救灾\\社会福利",
    }
    row.update(extra)
    return row


def test_import_keeps_index_numbers_and_raises_counters(agency, clerk, reviewer, tmp_path, capsys):
    uscc = agency.uscc
    path = _write(
        tmp_path,
        [
            _row(index_no=f"{uscc}/2025-00041", title="规范性文件", record_type="normative"),
            _row(
                title="其解读",
                record_type="政策解读",
                interprets=f"{uscc}/2025-00041",
                document_number="",
            ),
            _row(title="无索引号", published_at="2025-06-01"),
            _row(
                title="依申请件",
                attribute="依申请公开",
                published_at=None,
                withholding_ground="third_party",
                attribute_basis="涉及商业秘密",
            ),
        ],
    )
    call_command("records", "import", path)
    out = capsys.readouterr().out
    assert "已导入 4 条" in out
    policy = Record.objects.get(title="规范性文件")
    assert policy.index_no == f"{uscc}/2025-00041" and policy.status == Status.PUBLISHED
    assert Record.objects.get(title="其解读").interprets == policy
    assert Record.objects.get(title="其解读").index_no == f"{uscc}/2025-00042"
    assert Record.objects.get(title="无索引号").index_no == f"{uscc}/2025-00043"
    assert Record.objects.get(title="依申请件").index_no is None
    assert IndexCounter.objects.get(agency=agency, year=2025).last == 43
    assert Record.objects.get(title="规范性文件").topic.path == "民政、扶贫、救灾\\社会福利"
    assert AuditEvent.objects.filter(action="record.import").count() == 1
    # Publication afterwards continues the sequence of the publication year.
    tz = datetime.timezone(datetime.timedelta(hours=8))
    r = services.publish_record(
        reviewed(agency, clerk, reviewer),
        actor=clerk,
        now=datetime.datetime(2025, 7, 1, 9, tzinfo=tz),
    )
    assert r.index_no == f"{uscc}/2025-00044"


def test_bad_file_imports_nothing_and_names_lines(agency, tmp_path, capsys):
    path = _write(
        tmp_path,
        [
            _row(),
            "{not json",
            _row(agency="nobody"),
            _row(document_number="示民发2025-4"),
            _row(record_type="公告栏"),
            _row(attribute="不予公开"),
            _row(title="解读", record_type="interpretation", interprets="NOPE/2025-00001"),
            _row(colour="red"),
        ],
    )
    with pytest.raises(CommandError) as exc:
        call_command("records", "import", path)
    err = capsys.readouterr().err
    assert "未导入任何信息" in str(exc.value)
    for line in range(2, 9):
        assert f"第{line}行" in err
    assert "第1行" not in err
    assert Record.objects.count() == 0


def test_duplicate_index_numbers_are_refused(agency, tmp_path, capsys):
    index = f"{agency.uscc}/2025-00001"
    path = _write(tmp_path, [_row(index_no=index), _row(index_no=index)])
    with pytest.raises(CommandError):
        call_command("records", "import", path)
    assert "与第1行重复" in capsys.readouterr().err
    assert Record.objects.count() == 0
