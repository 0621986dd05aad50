"""The справки dialog opened from the app's window: the folder the user picks is remembered
in the window's settings (the dialog itself used to have no settings attribute, so issuing
справки from the app stopped with an internal error)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QVBoxLayout, QWidget
from test_spravki import HEAD, _event_with, _set_head

from uihelpers import when_modal


class _Window(QWidget):
    """Stands for the main window: it carries the application's settings."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.tab = QWidget(self)  # the dialog's parent is a tab inside the window
        QVBoxLayout(self).addWidget(self.tab)


def test_the_folder_is_remembered_in_the_windows_settings(qtbot, demo_db, tmp_path):
    from desktop.ui.events import SpravkiDialog

    event_id = _event_with(demo_db)
    _set_head(demo_db, event_id, HEAD)
    window = _Window(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    dialog = SpravkiDialog(demo_db, event_id, window.tab)
    dialog.signer.setCurrentIndex(dialog.signer.findData("organisation"))
    dialog.each.setChecked(True)
    folder = tmp_path / "выдано"
    folder.mkdir()
    errors = when_modal(lambda d: (d.setDirectory(str(folder)), d.accept()))
    dialog.save()
    assert not errors, errors
    assert dialog.batch is not None, dialog.error.text()
    assert len(list(folder.iterdir())) == len(dialog.batch.items)
    assert window.settings.value("folders/spravki") == str(folder)
