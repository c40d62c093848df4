"""Attachments: type by content, size limit, safe names, served only when public."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.records import services
from gongkai.records.attachments import safe_name

from .helpers import draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _zip(**files) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("图解.png", PNG, "png"),
        ("x.bin", _zip(**{"[Content_Types].xml": "x", "word__document.xml": "x"}), "docx"),
        ("表.xlsx", _zip(**{"[Content_Types].xml": "x", "xl__workbook.xml": "x"}), "xlsx"),
        ("版式.ofd", _zip(**{"OFD.xml": "x", "Doc_0__Document.xml": "x"}), "ofd"),
    ],
)
def test_type_is_detected_by_content(agency, clerk, name, data, kind):
    record = draft(agency, clerk)
    attachment = services.add_attachment(record, actor=clerk, upload=_upload(name, data))
    assert attachment.kind == kind
    assert attachment.name.endswith("." + kind)
    assert attachment.file.name.endswith("." + kind)


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00" + b"\x00" * 200,  # a Windows executable named .pdf
        b"<html><script>alert(1)</script></html>",
        _zip(
            **{"[Content_Types].xml": "x", "word__document.xml": "x", "word__vbaProject.bin": "m"}
        ),
        _zip(**{"run.exe": "x"}),
        b"",
    ],
)
def test_dangerous_or_unknown_content_is_refused(agency, clerk, data):
    record = draft(agency, clerk)
    with pytest.raises(ValidationError):
        services.add_attachment(record, actor=clerk, upload=_upload("报告.pdf", data))
    assert record.attachments.count() == 0


def test_size_limit(agency, clerk, settings):
    settings.GONGKAI_RECORDS_ATTACHMENT_MAX_MB = 1
    record = draft(agency, clerk)
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(record, actor=clerk, upload=_upload("大.pdf", big))
    assert "上限" in exc.value.messages[0]


def test_safe_names():
    assert safe_name("../../etc/passwd.pdf", "pdf") == "passwd.pdf"
    assert safe_name("C:\\Users\\x\\报告.exe", "pdf") == "报告.pdf"
    assert safe_name('a<b>"c"\x00.docx', "docx") == "a_b_c_.docx"
    assert safe_name("", "png") == "附件.png"


def test_download_only_when_public_or_staff(agency, clerk, reviewer, other_clerk, client, login):
    record = draft(agency, clerk)
    attachment = services.add_attachment(
        record,
        actor=clerk,
        upload=_upload(
            "通知.docx", _zip(**{"[Content_Types].xml": "x", "word__document.xml": "x"})
        ),
    )
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404
    assert login(other_clerk).get(url).status_code == 404
    response = login(clerk).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    services.submit_record(record, actor=clerk)
    services.review_record(record, actor=reviewer, secrecy_checked=True)
    services.publish_record(record, actor=clerk)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_attachments_are_frozen_after_submission(agency, clerk):
    record = draft(agency, clerk)
    services.submit_record(record, actor=clerk)
    with pytest.raises(ValidationError):
        services.add_attachment(record, actor=clerk, upload=_upload("a.pdf", PDF))
