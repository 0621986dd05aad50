"""Files kept inside the database: content deduplicated by SHA-256 in `blob`."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import Attachment, Blob

MAX_FILE_BYTES = 200 * 1024 * 1024


def safe_file_name(name: str) -> str:
    """The bare file name, without folders, control characters or reserved characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r'[\x00-\x1f<>:"|?*]', "_", base).strip(" .")
    return base[:200] or "файл"


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
        raise UserError(f"Не удаётся прочитать файл «{Path(path).name}»: {exc.strerror}.") from None
    return store_bytes(s, data, Path(path).name)


def export_attachment(s: Session, attachment_id: int, folder: Path) -> Path:
    """Write an attachment's content to `folder` (to open it in the system viewer)."""
    att = s.get(Attachment, attachment_id)
    if att is None:
        raise UserError("Вложение не найдено.")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_file_name(att.file_name)
    target.write_bytes(att.blob.data)
    return target
