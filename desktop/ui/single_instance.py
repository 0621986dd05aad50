"""The second copy of the app on the same database brings the first window forward."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

MESSAGE = b"raise"


def server_name(db_path: Path) -> str:
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"metodist-{digest}"


class InstanceServer(QObject):
    """Listens for later copies; emits `raise_requested` when one starts."""

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        QLocalServer.removeServer(self.name)  # a socket left by a crashed first copy
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._connection)
        self.server.listen(self.name)

    def _connection(self) -> None:
        sock = self.server.nextPendingConnection()
        if sock is None:
            return
        sock.waitForReadyRead(500)
        if bytes(sock.readAll().data()).strip() == MESSAGE:
            self.raise_requested.emit()
        sock.disconnectFromServer()

    def close(self) -> None:
        self.server.close()


def ask_first_to_raise(db_path: Path) -> bool:
    """Tell the running copy to come forward; True when it answered."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(db_path))
    if not sock.waitForConnected(1000):
        return False
    sock.write(MESSAGE)
    sock.flush()
    sock.waitForBytesWritten(1000)
    sock.disconnectFromServer()
    return True
