"""Checking uploaded attachments: type by content, size limit, safe names, nothing executable.

The type comes from the file's magic bytes (`puremagic`, a pure-Python magic-number library),
never from the uploaded name or the browser's Content-Type. Office Open XML and OFD files are
ZIP containers, so their inner structure is checked too: a DOCX must contain
``word/document.xml``, an XLSX ``xl/workbook.xml``, an OFD ``OFD.xml``; any container carrying
macros (``vbaProject.bin``) or an executable is refused.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError

from .models import AttachmentKind

#: Default size limit in megabytes; `GONGKAI_RECORDS_ATTACHMENT_MAX_MB` overrides it.
DEFAULT_MAX_MB = 50

_EXECUTABLE_SUFFIXES = (
    ".exe",
    ".dll",
    ".bat",
    ".cmd",
    ".com",
    ".js",
    ".vbs",
    ".ps1",
    ".sh",
    ".jar",
    ".msi",
    ".scr",
    ".bin",
    ".html",
    ".htm",
    ".svg",
)


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_RECORDS_ATTACHMENT_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def _zip_kind(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    lowered = [n.lower() for n in names]
    if any(n.endswith("vbaproject.bin") or n.endswith(_EXECUTABLE_SUFFIXES) for n in lowered):
        raise ValidationError("附件含有宏或可执行内容，不能上传。", code="executable")
    if "[content_types].xml" in lowered and "word/document.xml" in lowered:
        return AttachmentKind.DOCX
    if "[content_types].xml" in lowered and "xl/workbook.xml" in lowered:
        return AttachmentKind.XLSX
    if "ofd.xml" in lowered:
        return AttachmentKind.OFD
    return None


def detect_kind(fileobj) -> str:
    """The AttachmentKind of `fileobj` judged by its content; ValidationError if not allowed."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if not head:
        raise ValidationError("附件是空文件。", code="empty")
    if head.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
        fileobj.seek(0)
        if kind:
            return kind
        raise ValidationError(
            "附件类型不受支持：压缩包只接受 DOCX、XLSX 和 OFD 文件。", code="type"
        )
    try:
        ext = puremagic.from_string(head)
    except puremagic.PureError:
        ext = ""
    ext = ext.lower().lstrip(".")
    mapping = {
        "png": AttachmentKind.PNG,
        "jpg": AttachmentKind.JPG,
        "jpeg": AttachmentKind.JPG,
        "gif": AttachmentKind.GIF,
        "pdf": AttachmentKind.PDF,
    }
    if ext in mapping:
        return mapping[ext]
    raise ValidationError(
        "附件类型不受支持：只接受 PDF、DOCX、XLSX、OFD 文件和 PNG、JPEG、GIF 图片（按文件内容判断）。",
        code="type",
    )


def safe_name(original: str, kind: str) -> str:
    """A display name without paths, control characters or a misleading extension."""
    base = os.path.basename((original or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] not in ("C",))
    stem = re.sub(r'[<>:"/\\|?*;]+', "_", stem).strip(" .") or "附件"
    return f"{stem[:120]}.{kind}"


def check_upload(upload) -> tuple[str, str]:
    """Validate an uploaded file; returns (kind, safe display name)."""
    if upload.size > max_bytes():
        raise ValidationError(
            f"附件过大：{upload.size / 1024 / 1024:.1f} MB，上限为 {max_bytes() // 1024 // 1024} MB。",
            code="size",
        )
    kind = detect_kind(upload)
    return kind, safe_name(upload.name, kind)
