"""Exports from the window run off the UI thread and report back in the status bar."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from desktop.services.centre import get_centre
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import CentreDialog

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


def test_all_workbooks_from_the_window_with_progress(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.export_reviews(tmp_path / "reviews.xlsx")
    qtbot.waitUntil(lambda: "экспертизы записаны" in w.statusBar().currentMessage(),
                    timeout=20000)
    w.export_reports(2026, tmp_path / "reports.xlsx")
    qtbot.waitUntil(lambda: "Годовой отчёт записан" in w.statusBar().currentMessage(),
                    timeout=20000)
    w.export_deadlines(tmp_path / "deadlines.xlsx")
    qtbot.waitUntil(lambda: "Сроки записаны" in w.statusBar().currentMessage(), timeout=20000)
    assert all((tmp_path / f"{n}.xlsx").exists() for n in ("reviews", "reports", "deadlines"))


def test_certificates_batch_offers_the_viewer_and_a_copy(qtbot, demo_db, tmp_path):
    from desktop.services.centre import save_centre

    save_centre(demo_db, {"name": "МБУ ИМЦ", "head_name": "Е. В. Соколова",
                          "head_position": "Директор"})  # else printing asks about them
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    target = tmp_path / "Свидетельства.pdf"
    w.export_certificates(2026, target)
    qtbot.waitUntil(lambda: getattr(w, "pdf_dialog", None) is not None, timeout=20000)
    dialog = w.pdf_dialog
    assert dialog.open_button.text() == "Открыть для просмотра и печати"
    assert str(target) in dialog.findChildren(QLabel)[0].text()
    dialog.save_copy(str(tmp_path / "копия.pdf"))
    assert (tmp_path / "копия.pdf").read_bytes() == target.read_bytes()
    dialog.save_copy(str(tmp_path / "нет" / "копия.pdf"))
    assert "не существует" in dialog.status.text()
    dialog.grab().save(str(tmp_path / "pdf_dialog.png"))


def test_centre_dialog_takes_a_logo_and_refuses_a_non_image(qtbot, demo_db, tmp_path):
    from PIL import Image

    logo = tmp_path / "emblem.png"
    Image.new("RGB", (120, 80), (166, 124, 0)).save(logo)
    fake = tmp_path / "fake.png"
    fake.write_text("not an image")
    dialog = CentreDialog(demo_db)
    qtbot.addWidget(dialog)
    assert not dialog.clear_button.isEnabled()
    dialog.choose_logo(str(fake))
    dialog.save()
    assert "не является изображением" in dialog.error.text()
    dialog.choose_logo(str(logo))
    assert dialog.logo_view.pixmap() is not None and not dialog.logo_view.pixmap().isNull()
    dialog.save()
    assert get_centre(demo_db)["logo"] is not None
    again = CentreDialog(demo_db)
    qtbot.addWidget(again)
    assert again.clear_button.isEnabled()
    again.clear_logo()
    again.save()
    assert get_centre(demo_db)["logo"] is None


def test_calendar_dialog_refuses_bad_reminders_and_the_file_is_written(qtbot, demo_db, tmp_path):
    from desktop.ui.export_actions import CalendarDialog

    dialog = CalendarDialog(None, "7, 1", True)
    qtbot.addWidget(dialog)
    dialog.alarms.setText("завтра")
    dialog._check()
    assert dialog.error.text() and not dialog.result()
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.export_calendar(tmp_path / "сроки.ics", (7, 1), True)
    qtbot.waitUntil(lambda: "Календарь записан" in w.statusBar().currentMessage(), timeout=20000)
    assert (tmp_path / "сроки.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
