"""Import and export in the 790号 layout: all-or-nothing with every error named, round trips."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publicity import exporting, services
from gongkai.publicity.importing import ImportRejected, _text, read_table
from gongkai.publicity.masking import staff_row
from gongkai.publicity.models import ImportBatch, Licence, Penalty, State

from .factories import (
    COMPANY_USCC,
    PERSON_ID,
    csv_bytes,
    licence_row,
    penalty_row,
    person_penalty_row,
    table,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 6, 10, tzinfo=SHANGHAI), tick=False)


def test_good_file_is_published_with_derived_dates(clerk, agency):
    data = xlsx_bytes("penalty", [penalty_row(agency, 1), person_penalty_row(agency, 2)])
    result = services.import_file(actor=clerk, kind="penalty", filename="p.xlsx", data=data)
    assert len(result.objects) == 2
    penalty = Penalty.objects.get(decision_number="示民罚〔2026〕1号")
    assert penalty.state == State.PUBLISHED
    assert penalty.fine == penalty.fine.__class__("0.5")
    assert penalty.category_list == ["警告", "罚款"]
    assert penalty.publicity_min_end == datetime.date(2026, 6, 2)
    assert penalty.publicity_end == datetime.date(2029, 3, 2)
    # 2026-03-02 (Monday) + 7 working days = 2026-03-11; published 03-06: on time.
    assert penalty.publish_due == datetime.date(2026, 3, 11)
    assert not penalty.is_late
    assert AuditEvent.objects.filter(action="publicity.penalty.import").count() == 1


def test_bad_rows_reject_the_whole_file_naming_every_error(clerk, agency):
    rows = [
        penalty_row(agency, 1),  # good: must not be saved either
        penalty_row(agency, 2, **{"行政相对人代码_1（统一社会信用代码）": "91310120MA1K001230"}),
        person_penalty_row(
            agency, 3, 证件号码=PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")
        ),
        penalty_row(agency, 4, 处罚类别="罚款；记过"),
        penalty_row(agency, 5, 处罚决定日期="2026-02-30", 违法事实=""),
        person_penalty_row(agency, 6, **{"行政相对人代码_1（统一社会信用代码）": COMPANY_USCC}),
        penalty_row(agency, 1),  # duplicate number of line 2
        penalty_row(agency, 8, 处罚机关="区人社局"),
    ]
    with pytest.raises(ImportRejected) as exc:
        services.import_file(
            actor=clerk, kind="penalty", filename="bad.xlsx", data=xlsx_bytes("penalty", rows)
        )
    messages = [str(e) for e in exc.value.errors]
    expected = [
        "第 3 行「行政相对人代码_1（统一社会信用代码）」：统一社会信用代码校验位错误",
        "第 4 行「证件号码」：身份证号码校验位错误",
        "第 5 行「处罚类别」：“记过”不是行政处罚法第九条规定的种类",
        "第 6 行「处罚决定日期」：日期“2026-02-30”无效",
        "第 6 行「违法事实」：必填",
        "第 7 行「行政相对人代码_1（统一社会信用代码）」：行政相对人类别为自然人时，行政相对人代码应为空",
        "第 8 行「行政处罚决定书文号」：与第 2 行重复",
        "第 9 行「处罚机关」：与统一社会信用代码不符",
    ]
    for text in expected:
        assert any(m.startswith(text) for m in messages), (text, messages)
    assert len(messages) == len(expected)
    assert Penalty.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="publicity.penalty.import").exists()


def test_header_problems_are_named(clerk, agency):
    lines = table("penalty", [penalty_row(agency)])
    lines[0][0] = "相对人名称"
    with pytest.raises(ImportRejected) as exc:
        services.import_file(
            actor=clerk, kind="penalty", filename="h.csv", data=csv_bytes_from(lines)
        )
    messages = [str(e) for e in exc.value.errors]
    assert "第 1 行「相对人名称」：不是标准字段名" in messages
    assert "第 1 行「行政相对人名称」：缺少此列" in messages


def csv_bytes_from(lines):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return out.getvalue().encode("utf-8")


def test_clerk_cannot_publish_for_another_agency(other_clerk, agency):
    with pytest.raises(ImportRejected) as exc:
        services.import_file(
            actor=other_clerk,
            kind="licence",
            filename="l.xlsx",
            data=xlsx_bytes("licence", [licence_row(agency)]),
        )
    assert any("您没有“区民政局”的岗位" in str(e) for e in exc.value.errors)


def test_already_published_number_is_a_duplicate(clerk, agency):
    data = xlsx_bytes("licence", [licence_row(agency, 1)])
    services.import_file(actor=clerk, kind="licence", filename="a.xlsx", data=data)
    with pytest.raises(ImportRejected) as exc:
        services.import_file(actor=clerk, kind="licence", filename="b.xlsx", data=data)
    assert [str(e) for e in exc.value.errors] == [
        "第 2 行「行政许可决定文书号」：该机构已公示过此文号"
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["licence", "penalty"])
def test_good_file_round_trips_through_export(clerk, agency, kind, fmt):
    if kind == "licence":
        rows = [licence_row(agency, n) for n in range(1, 4)]
        rows[1]["许可类别"] = "其他-备案"
        rows[2]["有效期至"] = ""
    else:
        rows = [
            penalty_row(agency, 1),
            person_penalty_row(agency, 2, **{"处罚类别": "没收违法所得", "罚款金额（万元）": ""}),
            penalty_row(
                agency, 3, **{"处罚类别": "罚款；吊销许可证件", "罚款金额（万元）": "12.345678"}
            ),
        ]
        rows[1]["没收违法所得、没收非法财物的金额（万元）"] = "0.12"
        rows[2]["暂扣或吊销证照名称及编号"] = "养老机构设立许可证 示民〔2020〕8号"
        rows[2]["公示截止期"] = "2027-03-02"
        for row in rows:
            row.setdefault("公示截止期", "2029-03-02")
    for row in rows:
        row.setdefault("数据来源单位", agency.name)
        row.setdefault("数据来源单位统一社会信用代码", agency.uscc)
        row["备注"] = "测试"
    original = table(kind, rows)
    data = xlsx_bytes(kind, rows) if fmt == "xlsx" else csv_bytes(kind, rows)
    services.import_file(actor=clerk, kind=kind, filename=f"in.{fmt}", data=data)
    model = Licence if kind == "licence" else Penalty
    writer, _ = exporting.WRITERS[fmt]
    exported = writer(kind, [staff_row(o) for o in model.objects.order_by("id")])
    assert _normalise(read_table(exported, f"out.{fmt}")) == _normalise(original)
    # and the export is itself importable (after the originals are gone)
    model.objects.all().delete()
    services.import_file(actor=clerk, kind=kind, filename=f"again.{fmt}", data=exported)
    assert model.objects.count() == 3


def _normalise(lines):
    return [[_text(c) for c in line] for line in lines]


def test_late_publication_is_flagged_not_refused(clerk, agency):
    row = penalty_row(agency, 1, 处罚决定日期="2026-02-10")  # before the Spring Festival break
    services.import_file(
        actor=clerk, kind="penalty", filename="late.xlsx", data=xlsx_bytes("penalty", [row])
    )
    penalty = Penalty.objects.get()
    # 春节 2026-02-15..23 is not counted; Saturday 02-14 is a make-up working day.
    assert penalty.publish_due == datetime.date(2026, 2, 26)
    assert penalty.is_late
    assert list(Penalty.objects.late()) == [penalty]


def test_minor_is_never_published(clerk, agency):
    from gongkai.publicity.standard import make_id_card

    minor = make_id_card("31010720100315123")
    row = person_penalty_row(agency, 1, 证件号码=minor)
    services.import_file(
        actor=clerk, kind="penalty", filename="m.xlsx", data=xlsx_bytes("penalty", [row])
    )
    penalty = Penalty.objects.get()
    assert penalty.state == State.WITHHELD and penalty.is_minor
    assert not Penalty.objects.public().exists()


def test_back_office_upload_preview_confirm(login, clerk, agency):
    client = login(clerk)
    upload = _upload("good.xlsx", xlsx_bytes("licence", [licence_row(agency, 1)]))
    response = client.post(reverse("staff_publicity:import"), {"kind": "licence", "file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    preview = client.get(reverse("staff_publicity:import_preview", args=[batch.pk]))
    assert "共 1 行校验通过" in preview.content.decode()
    assert not Licence.objects.exists()  # nothing until confirmed
    client.post(reverse("staff_publicity:import_preview", args=[batch.pk]))
    assert Licence.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and bytes(batch.content) == b""


def test_back_office_preview_lists_every_error(login, clerk, agency):
    client = login(clerk)
    rows = [licence_row(agency, 1, 许可类别="许可"), licence_row(agency, 2, 有效期至="2020-01-01")]
    upload = _upload("bad.csv", csv_bytes("licence", rows))
    client.post(reverse("staff_publicity:import"), {"kind": "licence", "file": upload})
    batch = ImportBatch.objects.get()
    page = client.get(reverse("staff_publicity:import_preview", args=[batch.pk])).content.decode()
    assert "发现 2 处错误" in page
    assert "第 2 行「许可类别」" in page and "第 3 行「有效期至」" in page
    client.post(reverse("staff_publicity:import_preview", args=[batch.pk]))
    assert not Licence.objects.exists()


def test_other_agency_cannot_see_a_batch(login, clerk, other_clerk, agency):
    batch = services.stage_import(actor=clerk, kind="licence", filename="x.csv", data=b"")
    response = login(other_clerk).get(reverse("staff_publicity:import_preview", args=[batch.pk]))
    assert response.status_code == 404


def test_cli_import_reports_errors_and_imports_nothing(tmp_path, clerk, agency):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("penalty", [penalty_row(agency, 1, **{"罚款金额（万元）": "-1"})]))
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("publicity", "import", str(bad), "--kind", "penalty", "--user", "clerk")
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes("penalty", [penalty_row(agency, n) for n in range(1, 6)]))
    call_command("publicity", "import", str(good), "--kind", "penalty", "--user", "clerk")
    assert Penalty.objects.count() == 5


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_unconfirmed_uploads_are_dropped_by_tick(time_machine, clerk, agency):
    import io

    batch = services.stage_import(
        actor=clerk,
        kind="licence",
        filename="x.xlsx",
        data=xlsx_bytes("licence", [licence_row(agency)]),
    )
    call_command("tick", stdout=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING  # still within the day
    time_machine.move_to(datetime.datetime(2026, 3, 7, 11, tzinfo=SHANGHAI), tick=False)
    call_command("tick", stdout=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REJECTED and bytes(batch.content) == b""
    call_command("tick", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="publicity.import.discard").count() == 1


def test_due_dates_follow_calendar_recomputation(clerk, agency):
    from gongkai.workdays import calendar

    services.import_file(
        actor=clerk,
        kind="penalty",
        filename="p.xlsx",
        data=xlsx_bytes("penalty", [penalty_row(agency)]),
    )
    Penalty.objects.update(
        publish_due=datetime.date(2026, 1, 1)
    )  # as if computed on an old calendar
    assert calendar.recompute_open_deadlines({2026})["publicity"] == 1
    assert Penalty.objects.get().publish_due == datetime.date(2026, 3, 11)
