"""Writing output files safely, and every OS error as a Russian sentence.

`atomic_output` yields a temporary file beside the target that replaces it on success;
`os_error_text` is the one translation of an OSError (no English `strerror` tail ever
reaches the user: «на диске нет свободного места», not «No space left on device»).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import UserError

_REASON_NAMES = {
    "ENOSPC": "на диске нет свободного места",
    "EDQUOT": "исчерпана квота на диске",
    "EFBIG": "файл слишком большой для этого диска",
    "EROFS": "диск доступен только для чтения",
    "EACCES": "нет права доступа",
    "EPERM": "нет права доступа",
    "ENOENT": "файл или папка не найдены",
    "ENOTDIR": "в пути указан файл вместо папки",
    "EISDIR": "указана папка, а нужен файл",
    "EEXIST": "файл уже существует",
    "ENAMETOOLONG": "слишком длинное имя файла",
    "EIO": "ошибка чтения или записи диска (диск неисправен или извлечён)",
    "EBUSY": "файл занят другой программой",
    "ETXTBSY": "файл занят другой программой",
    "EMFILE": "открыто слишком много файлов",
    "ENFILE": "открыто слишком много файлов",
    "EINVAL": "недопустимое имя файла",
    "EXDEV": "файл нельзя перенести на другой диск",
    "ENODEV": "устройство недоступно",
    "ENXIO": "устройство недоступно",
    "ETIMEDOUT": "сетевой диск не отвечает",
    "EHOSTUNREACH": "сетевой диск недоступен",
    "ENOTEMPTY": "папка не пуста",
    "ELOOP": "в пути циклическая ссылка",
}
# errno names missing on a platform (Windows lacks a few) are simply left out.
_REASONS = {getattr(errno, n): t for n, t in _REASON_NAMES.items() if hasattr(errno, n)}
# Windows error codes (OSError.winerror) that have no errno of their own.
_WINDOWS = {
    32: "файл занят другой программой (возможно, открыт в Excel или Word)",
    33: "часть файла заблокирована другой программой",
    39: "на диске нет свободного места",
    112: "на диске нет свободного места",
    19: "диск защищён от записи",
    21: "устройство не готово",
    53: "сетевой путь не найден",
    64: "сетевое подключение прервано",
    123: "недопустимое имя файла или папки",
    206: "слишком длинное имя файла",
    1224: "файл открыт другой программой",
}


def os_error_text(exc: OSError) -> str:
    """A Russian reason for an OSError (without the trailing full stop)."""
    win = getattr(exc, "winerror", None)
    if win in _WINDOWS:
        return _WINDOWS[win]
    if isinstance(exc, PermissionError) and exc.errno not in _REASONS:
        return "нет права доступа"
    reason = _REASONS.get(exc.errno or 0)
    if reason:
        return reason
    return f"ошибка ввода-вывода (код {exc.errno or win or 0})"


def os_error_message(exc: OSError, what: str | Path | None = None) -> str:
    """«Не удаётся записать «отчёт.xlsx»: на диске нет свободного места.»"""
    name = exc.filename if what is None else what
    if name:
        return f"Ошибка при работе с файлом «{Path(str(name)).name}»: {os_error_text(exc)}."
    return f"Ошибка ввода-вывода: {os_error_text(exc)}."


def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind an exception: itself, its cause/context, or its first argument
    (libraries wrap the OS error in their own exception class)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, OSError):
            return item
        todo += [item.__cause__, item.__context__, *item.args[:1]]
    return None


def _quietly_release(exc: BaseException) -> None:
    """Free what the failed writer left open (a half-written zip) now, so that its
    destructor's second «No space left on device» goes to the log, not to the screen."""
    def log_it(unraisable: sys.UnraisableHookArgs) -> None:
        logging.getLogger("metodist").warning("after a failed write: %r", unraisable.exc_value)

    previous = sys.unraisablehook
    sys.unraisablehook = log_it
    try:
        item: BaseException | None = exc
        while item is not None:
            if item.__traceback__ is not None:
                traceback.clear_frames(item.__traceback__)
            item = item.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous


SQLITE_MAGIC = b"SQLite format 3\x00"
# What SQLite and the app keep beside a database: never an output file.
SIDECARS = ("-wal", "-shm", "-journal", ".lock")


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def refuse_database_target(path: Path | str) -> None:
    """The one guard of every output file: a report never replaces a database. Refused (a
    UserError, nothing written): a path that is — by name, through a link, or as the same
    file on disk — an SQLite file (the open database, a backup, any other program's), or
    the -wal/-shm/-journal/.lock kept beside one."""
    target = Path(path)
    real = Path(os.path.realpath(target))
    if _is_sqlite(real):
        raise UserError(
            f"«{target.name}» — файл базы данных SQLite (база программы, её копия или база "
            "другой программы): записать в него нельзя, он не изменён. Укажите другое имя "
            "файла.")
    for sidecar in SIDECARS:
        base = real.name.removesuffix(sidecar)
        if real.name.endswith(sidecar) and base and _is_sqlite(real.with_name(base)):
            raise UserError(
                f"«{target.name}» — служебный файл базы данных «{base}»: записать в него "
                "нельзя, он не изменён. Укажите другое имя файла.")


def ensure_writable(path: Path | str) -> Path:
    """Check before any work that a file can be written at `path` (its folder exists and is
    writable, it is not a folder itself, and it is not a database: `refuse_database_target`)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"«{target}» — это папка; укажите имя файла.")
    refuse_database_target(target)
    if not folder.is_dir():
        raise UserError(f"Папка «{folder}» не существует.")
    if not os.access(folder, os.W_OK):
        raise UserError(f"Нет права записи в папку «{folder}».")
    try:  # the real test (a read-only disk, a system folder): make and remove a file there
        fd, probe = tempfile.mkstemp(prefix=".metodist-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UserError(f"Не удаётся записать файл в папку «{folder}»: "
                        f"{os_error_text(exc)}.") from None
    return target


def sync_file(path: Path) -> None:
    """Force a written file's contents to the disk (a power cut after this keeps them)."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def durable_replace(tmp: Path, target: Path) -> None:
    """Rename a finished temporary file over `target` so that a power cut leaves the old
    file or the whole new one: the file is synced before the rename, its folder after."""
    sync_file(tmp)
    os.replace(tmp, target)
    sync_folder(target.parent if str(target.parent) else Path("."))


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on error it is
    removed, so a failed export never leaves a half-written file. An OSError while writing
    (a full disk, a removed USB stick) becomes a UserError with a Russian sentence."""
    target = ensure_writable(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp
        except Exception as exc:
            cause = os_error_in(exc)  # writers wrap it (XlsxWriter's FileCreateError)
            if cause is None:
                raise
            _quietly_release(exc)
            raise UserError(f"Не удаётся записать «{target.name}»: {os_error_text(cause)}. "
                            "Файл не записан.") from None
        try:
            durable_replace(tmp, target)
        except PermissionError:
            raise UserError(
                f"Файл «{target.name}» занят другой программой (возможно, открыт в Excel) "
                "или защищён от записи. Закройте его и повторите."
            ) from None
        except OSError as exc:
            raise UserError(f"Не удаётся записать «{target.name}»: {os_error_text(exc)}. "
                            "Файл не записан.") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_outputs(paths: list[Path]) -> Iterator[list[Path]]:
    """`atomic_output` for several files written as one: a temporary file beside each
    target, and only when the whole block succeeds do they all replace their targets (none
    does on error). An OSError while writing becomes one Russian UserError."""
    targets = [Path(p) for p in paths]
    for folder in dict.fromkeys(t.parent for t in targets):
        ensure_writable(folder / ".metodist-probe")
    for target in targets:
        refuse_database_target(target)
    temps: list[Path] = []
    try:
        for target in targets:
            fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                                        dir=target.parent)
            os.close(fd)
            temps.append(Path(name))
        try:
            yield temps
        except Exception as exc:
            cause = os_error_in(exc)
            if cause is None:
                raise
            _quietly_release(exc)
            where = (f"«{targets[0].name}»" if len(targets) == 1
                     else f"файлы в папку «{targets[0].parent}»")
            raise UserError(f"Не удаётся записать {where}: {os_error_text(cause)}. "
                            "Ничего не записано.") from None
        for tmp, target in zip(temps, targets, strict=True):
            try:
                durable_replace(tmp, target)
            except PermissionError:
                raise UserError(
                    f"Файл «{target.name}» занят другой программой или защищён от записи. "
                    "Закройте его и повторите.") from None
    except OSError as exc:  # creating the temporary files: the disk is already full
        raise UserError(f"Не удаётся записать файлы в папку «{targets[0].parent}»: "
                        f"{os_error_text(exc)}. Ничего не записано.") from None
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
