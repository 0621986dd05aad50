"""Writing output files safely: a temporary file beside the target, replaced on success."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import UserError

_REASONS = {errno.EACCES: "нет права записи", errno.EPERM: "нет права записи",
            errno.EROFS: "диск только для чтения", errno.ENOSPC: "на диске нет места"}


def ensure_writable(path: Path | str) -> Path:
    """Check before any work that a file can be written at `path` (its folder exists and is
    writable, and it is not a folder itself)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"«{target}» — это папка; укажите имя файла.")
    if not folder.is_dir():
        raise UserError(f"Папка «{folder}» не существует.")
    if not os.access(folder, os.W_OK):
        raise UserError(f"Нет права записи в папку «{folder}».")
    try:  # the real test (a read-only disk, a system folder): make and remove a file there
        fd, probe = tempfile.mkstemp(prefix=".metodist-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = _REASONS.get(exc.errno, "папка недоступна для записи")
        raise UserError(f"Не удаётся записать файл в папку «{folder}»: {reason}.") from None
    return target


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on error it is
    removed, so a failed export never leaves a half-written file."""
    target = ensure_writable(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise UserError(
                f"Файл «{target.name}» занят другой программой (возможно, открыт в Excel) "
                "или защищён от записи. Закройте его и повторите."
            ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
