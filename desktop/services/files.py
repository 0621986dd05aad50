"""Files kept inside the database: content deduplicated by SHA-256 in `blob`.

A stored name is safe to write back on any system: the bare name cleaned by the one text
rule (no control characters or bidi overrides: «report.pdf\u202egpj.exe» is stored as the
.exe it is), no characters Windows forbids, no reserved device name (CON, NUL, COM1 ... get
a leading «_»), and at most MAX_NAME_BYTES bytes of UTF-8 with its extension kept (file
systems count bytes, and a Cyrillic letter takes two).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.fileio import os_error_text
from desktop.models import Attachment, Blob
from desktop.text import clean_chars

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_NAME_BYTES = 180  # ext4 and others allow 255 bytes: room left for « (2)» and temp names
MAX_EXT_CHARS = 10
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)",
                       re.IGNORECASE)


def _cut(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` bytes of UTF-8 (whole characters)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def safe_file_name(name: str) -> str:
    """The bare file name, safe on Windows and Linux, at most MAX_NAME_BYTES bytes with its
    extension kept."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = clean_chars(base, one_line=True)
    base = re.sub(r'[<>:"|?*]', "_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or not re.fullmatch(rf"\w{{1,{MAX_EXT_CHARS}}}", ext):
        stem, ext = base, ""
    if _RESERVED.fullmatch(stem.split(".")[0].strip()):
        stem = "_" + stem
    suffix = f".{ext}" if ext else ""
    stem = _cut(stem, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).rstrip(" .")
    return (stem or "файл") + suffix


def store_bytes(s: Session, data: bytes, file_name: str) -> Attachment:
    if len(data) > MAX_FILE_BYTES:
        raise UserError(f"Файл «{safe_file_name(file_name)}» больше 200 МБ и не может быть вложен.")
    digest = hashlib.sha256(data).hexdigest()
    blob = s.scalar(select(Blob).where(Blob.sha256 == digest))
    if blob is None:
        blob = Blob(sha256=digest, size=len(data), data=data)
        s.add(blob)
        s.flush()
    name = safe_file_name(file_name)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    att = Attachment(blob_id=blob.id, file_name=name, mime=mime)
    s.add(att)
    s.flush()
    return att


def store_file(s: Session, path: Path) -> Attachment:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"Не удаётся прочитать файл «{Path(path).name}»: "
                        f"{os_error_text(exc)}.") from None
    return store_bytes(s, data, Path(path).name)


def export_attachment(s: Session, attachment_id: int, folder: Path) -> Path:
    """Write an attachment's content to `folder` (to open it in the system viewer)."""
    att = s.get(Attachment, attachment_id)
    if att is None:
        raise UserError("Вложение не найдено.")
    target = folder / safe_file_name(att.file_name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(att.blob.data)
    except OSError as exc:
        raise UserError(f"Не удаётся записать вложение «{target.name}»: "
                        f"{os_error_text(exc)}.") from None
    return target
