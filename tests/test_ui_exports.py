"""Exports from the window run off the UI thread and report back in the status bar."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services.centre import get_centre
from desktop.ui.export_actions import CentreDialog
from desktop.ui.main_window import MainWindow

from uihelpers import type_text


def test_registry_export_from_the_window(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    assert w.export_action.isEnabled() and w.export_action.shortcut().toString() == "Ctrl+E"
    target = tmp_path / "реестр.xlsx"
    w.export_registry(2026, target)
    qtbot.waitUntil(lambda: "Реестр записан" in w.statusBar().currentMessage(), timeout=20000)
    assert load_workbook(target).active.title == "Реестр 2026"


def test_centre_details_dialog_validates_and_saves(qtbot, demo_db):
    dialog = CentreDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.edits["name"].clear()
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "полное наименование центра" in dialog.error.text()
    type_text(dialog.edits["name"], "МБОУ ДПО «Научно-методический центр»")
    dialog.edits["head_name"].clear()
    type_text(dialog.edits["head_name"], "Е. В. Соколова")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    details = get_centre(demo_db)
    assert details["name"] == "МБОУ ДПО «Научно-методический центр»"
    assert details["head_name"] == "Е. В. Соколова"
