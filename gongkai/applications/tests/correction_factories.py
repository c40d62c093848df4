"""Helpers for the correction-request tests (planted personal data is fictional)."""

from __future__ import annotations

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications.corrections import services

from .factories import PLANTED_ID, PLANTED_NAME, PLANTED_PHONE

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def pdf_upload(name="证明.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def applicant(**overrides) -> dict:
    values = {
        "applicant_type": "natural_person",
        "applicant_name": PLANTED_NAME,
        "id_type": "resident_id",
        "id_number": PLANTED_ID,
        "phone": PLANTED_PHONE,
        "email": "qinglan@example.invalid",
        "address": "示范区幸福路8号302室",
        "postcode": "200000",
    }
    values.update(overrides)
    return values


def info(**overrides) -> dict:
    values = {
        "info_index_no": "",
        "info_document_number": "",
        "info_title": "2025年最低生活保障家庭收入核对结果",
        "info_description": "",
        "inaccurate_content": "核对结果中本人3月工资收入记为4800元。",
        "correct_content": "应为2800元。",
        "delivery": "post",
    }
    values.update(overrides)
    return values


def register(agency, actor, on: datetime.date, *, received_on=None, files=(), **kwargs):
    request, _code = services.register_correction(
        agency=agency,
        channel=kwargs.pop("channel", "in_person"),
        submitted_on=on,
        received_on=received_on or on,
        applicant=kwargs.pop("applicant", None) or applicant(),
        info=kwargs.pop("info", None) or info(),
        files=files,
        actor=actor,
    )
    return request
