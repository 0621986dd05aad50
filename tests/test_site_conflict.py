"""The site card and undo when another user changed the site meanwhile (a second engine on
the same file): the save is refused with who and when, the differences are shown, the reload
keeps what was typed; undo is refused rather than revert the other user's edit."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.services import sites
from desktop.storage import open_database
from desktop.ui.main_window import MainWindow
from desktop.ui.site_card import SiteCard
from desktop.ui.site_conflict import SiteConflictDialog

from uihelpers import type_text, when_modal


@pytest.fixture
def window(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    return w


def _other_user_sets(db, site_id: int, **fields: object) -> None:
    other = open_database(db.path)
    try:
        data = sites.get_detail(other, site_id).data
        sites.save_site(other, dataclasses.replace(data, **fields))
    finally:
        other.close()


def _open_card(qtbot, window, row: int = 0) -> None:
    table = window.registry.table
    rect = table.visualRect(window.registry.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_save_over_a_changed_site_shows_differences_and_reload_keeps_the_typing(
        qtbot, window, demo_db):
    site = window.registry.model.row_at(0)
    seen: dict[str, object] = {}

    def on_conflict(dialog: SiteConflictDialog) -> None:
        assert isinstance(dialog, SiteConflictDialog)
        seen["text"] = dialog.message.text()
        assert dialog.table.isHidden()
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
        assert not dialog.table.isHidden()
        seen["rows"] = [[dialog.table.item(r, c).text() for c in range(4)]
                        for r in range(dialog.table.rowCount())]
        qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)

    def edit(card: SiteCard) -> None:
        assert isinstance(card, SiteCard)
        _other_user_sets(demo_db, site.id, theme="Тема от коллеги")
        card.notes.clear()
        type_text(card.notes, "Моя заметка")
        errors = when_modal(on_conflict)
        save = card.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert not errors, errors
        assert card.isVisible(), "a refused save keeps the card open"
        seen["after"] = (card.theme.toPlainText(), card.notes.toPlainText(),
                         card.notice.isVisible(), card.notice.text())
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    errors = when_modal(edit)
    _open_card(qtbot, window)
    assert not errors, errors
    assert str(seen["text"]).startswith("Запись изменена другим пользователем (")
    assert "остаются в карточке" in str(seen["text"])
    rows = {r[0]: r[1:] for r in seen["rows"]}
    assert rows["Тема"][1:] == [site.theme, "Тема от коллеги"]
    assert rows["Примечание"][1:] == ["Моя заметка", "—"]
    theme, notes, notice, notice_text = seen["after"]
    assert (theme, notes, notice) == ("Тема от коллеги", "Моя заметка", True)
    assert "Запись изменена другим пользователем (" in notice_text
    now = sites.get_detail(demo_db, site.id).data
    assert (now.theme, now.notes) == ("Тема от коллеги", "Моя заметка")


def test_undo_over_a_site_changed_by_another_user_is_refused(qtbot, window, demo_db):
    site = window.registry.model.row_at(0)

    def edit(card: SiteCard) -> None:
        card.theme.setPlainText("Моя тема")
        qtbot.mouseClick(card.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    errors = when_modal(edit)
    _open_card(qtbot, window)
    assert not errors, errors
    assert window.undo_stack.count() == 1
    _other_user_sets(demo_db, site.id, notes="Заметка коллеги")
    seen: list[str] = []

    def refused(box: QMessageBox) -> None:
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    errors = when_modal(refused)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not errors, errors
    assert seen and seen[0].startswith("Отменить «изменение площадки» нельзя: запись "
                                       "изменена другим пользователем (")
    now = sites.get_detail(demo_db, site.id).data
    assert (now.theme, now.notes) == ("Моя тема", "Заметка коллеги")
    assert window.undo_stack.count() == 0  # the refused step left the stack


def test_a_save_over_a_site_deleted_meanwhile_offers_no_reload(qtbot, window, demo_db):
    site = window.registry.model.row_at(0)
    notes = sites.get_detail(demo_db, site.id).data.notes
    seen: dict[str, object] = {}

    def on_conflict(dialog: SiteConflictDialog) -> None:
        seen["reload"] = dialog.reload_button.isEnabled()
        seen["text"] = dialog.message.text()
        qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)

    def edit(card: SiteCard) -> None:
        other = open_database(demo_db.path)
        sites.set_deleted(other, site.id, True)
        other.close()
        card.notes.setPlainText("Моя заметка")
        errors = when_modal(on_conflict)
        qtbot.mouseClick(card.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
        assert not errors, errors
        seen["kept"] = (card.isVisible(), card.notes.toPlainText())
        card.done(0)

    errors = when_modal(edit)
    _open_card(qtbot, window)
    assert not errors, errors
    assert seen["reload"] is False and "Площадка удалена" in str(seen["text"])
    assert seen["kept"] == (True, "Моя заметка")
    assert sites.get_detail(demo_db, site.id).data.notes == notes
