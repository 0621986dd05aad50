"""The справки dialog opened from the app's window: the folder the user picks is remembered
in the window's settings (the dialog itself used to have no settings attribute, so issuing
справки from the app stopped with an internal error); the справка is signed by the head's
position and «И. О. Фамилия», read back from the PDF."""

from __future__ import annotations

from pdfcheck import pdf_text
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


def _host(db, event_id: int, head: str, position: str) -> str:
    """Type the host organisation's head and position as the card does. → its short name."""
    from desktop.models import Event
    from desktop.services import organisations as orgs

    with db.session() as s:
        org_id = s.get(Event, event_id).site.organisation_id
    data = orgs.get(db, org_id)
    data.head_name, data.head_position = head, position
    orgs.save_organisation(db, data)
    return data.short_name


def test_the_spravka_is_signed_by_position_and_initials_before_the_surname(
        qtbot, demo_db, tmp_path):
    from desktop.services import spravki
    from desktop.services.centre import save_centre
    from desktop.ui.events import SpravkiDialog

    event_id = _event_with(demo_db)
    short = _host(demo_db, event_id, "Андреева  Мария Юрьевна", "и. о. директора")
    window = _Window(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    dialog = SpravkiDialog(demo_db, event_id, window.tab)
    dialog.signer.setCurrentIndex(dialog.signer.findData("organisation"))
    dialog.each.setChecked(False)
    errors = when_modal(lambda d: (d.setDirectory(str(tmp_path)), d.accept()))
    dialog.save()
    assert not errors, errors
    assert dialog.batch is not None, dialog.error.text()
    text = pdf_text(dialog.batch.paths[0], 0)
    assert f"И. о. директора {short}" in text and "М. Ю. Андреева" in text
    assert "Андреева Мария" not in text and "Руководитель" not in text

    # no position typed: «Руководитель …»; a name that cannot be split: as typed
    _host(demo_db, event_id, "Мария Юрьевна", "")
    batch = spravki.write(demo_db, event_id, tmp_path / "s.pdf")
    text = pdf_text(batch.paths[0], 0)
    assert f"Руководитель {short}" in text and "Мария Юрьевна" in text
    # the centre signs: its head's name with the initials first too
    save_centre(demo_db, {"name": "МБУ «Центр развития образования»",
                          "head_name": "Лебедева Елена Викторовна",
                          "head_position": "Директор"})
    batch = spravki.write(demo_db, event_id, tmp_path / "c.pdf", signer="centre")
    text = pdf_text(batch.paths[0], 0)
    assert "Директор" in text and "Е. В. Лебедева" in text and "Лебедева Елена" not in text
