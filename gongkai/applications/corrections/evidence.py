"""Checking uploaded evidence files: PDF, JPEG or PNG judged by content, with size limits.

The type comes from the file's magic bytes (`puremagic`, cross-checked against the format's own
signature), never from the uploaded name or the browser's Content-Type; the stored name gets the
extension of the detected type. Limits are settings (Django setting or environment variable):

* ``GONGKAI_CORRECTION_EVIDENCE_MAX_MB`` (default 10): per file;
* ``GONGKAI_CORRECTION_EVIDENCE_MAX_FILES`` (default 5): per upload.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import EvidenceKind

DEFAULT_MAX_MB = 10
DEFAULT_MAX_FILES = 5

#: The format's own signature, checked after puremagic named it.
SIGNATURES = {
    EvidenceKind.PDF: (b"%PDF-",),
    EvidenceKind.PNG: (b"\x89PNG\r\n\x1a\n",),
    EvidenceKind.JPG: (b"\xff\xd8\xff",),
}
_PUREMAGIC = {
    "pdf": EvidenceKind.PDF,
    "png": EvidenceKind.PNG,
    "jpg": EvidenceKind.JPG,
    "jpeg": EvidenceKind.JPG,
    "jfif": EvidenceKind.JPG,
}


class EvidenceError(ValueError):
    """A file that cannot be accepted; the message is Chinese and names the file."""


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "").strip() or default
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} 应为正整数（收到 {value!r}）。") from exc
    if number < 1:
        raise ImproperlyConfigured(f"{name} 应为正整数（收到 {value!r}）。")
    return number


def max_bytes() -> int:
    return _setting("GONGKAI_CORRECTION_EVIDENCE_MAX_MB", DEFAULT_MAX_MB) * 1024 * 1024


def max_files() -> int:
    return _setting("GONGKAI_CORRECTION_EVIDENCE_MAX_FILES", DEFAULT_MAX_FILES)


def detect_kind(fileobj) -> str | None:
    """The EvidenceKind of `fileobj` by content, or None."""
    fileobj.seek(0)
    head = fileobj.read(4096)
    fileobj.seek(0)
    if not head:
        return None
    try:
        ext = puremagic.from_string(head)
    except (puremagic.PureError, ValueError):
        ext = ""
    kind = _PUREMAGIC.get(ext.lower().lstrip("."))
    if kind is None:
        # puremagic ranks by match length; trust a plain signature at offset 0 as well.
        kind = next((k for k, sigs in SIGNATURES.items() if head.startswith(sigs)), None)
    if kind is None or not head.startswith(SIGNATURES[kind]):
        return None
    return kind


def safe_name(original: str, kind: str) -> str:
    """A display name without paths, control characters or a misleading extension."""
    base = os.path.basename((original or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = re.sub(r'[<>:"/\\|?*;]+', "_", stem).strip(" .") or "证据材料"
    return f"{stem[:120]}.{kind}"


@dataclass
class CheckedFile:
    upload: object
    kind: str
    name: str
    size: int


def check_upload(upload) -> CheckedFile:
    label = os.path.basename((upload.name or "").replace("\\", "/")) or "文件"
    if upload.size == 0:
        raise EvidenceError(f"证据材料“{label}”是空文件。")
    if upload.size > max_bytes():
        raise EvidenceError(
            f"证据材料“{label}”过大：{upload.size / 1024 / 1024:.1f} MB，"
            f"每个文件不超过 {max_bytes() // 1024 // 1024} MB。"
        )
    kind = detect_kind(upload)
    if kind is None:
        raise EvidenceError(
            f"证据材料“{label}”的类型不受支持：只接受 PDF 文件和 JPG、PNG 图片（按文件内容判断）。"
        )
    return CheckedFile(
        upload=upload, kind=kind, name=safe_name(upload.name, kind), size=upload.size
    )


def check_uploads(uploads) -> list[CheckedFile]:
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > max_files():
        raise EvidenceError(f"证据材料最多上传 {max_files()} 个文件（收到 {len(uploads)} 个）。")
    return [check_upload(u) for u in uploads]
