"""The workbooks are one list (desktop.exports.catalogue) that the «Отчёты» menu and
`metodist export` are built from; the writers in desktop/exports never query."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from desktop.cli import build_parser
from desktop.exports.catalogue import WORKBOOKS, workbook
from desktop.services.deadlines import list_deadlines
from desktop.ui.export_actions import ExportDialog
from desktop.ui.main_window import MainWindow

from uihelpers import when_modal

EXPORTS = Path(__file__).resolve().parents[1] / "desktop" / "exports"
STORAGE = ("desktop.storage", "desktop.models", "sqlalchemy", "sqlite3")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_writers_import_no_storage():
    """Every module in desktop/exports (imports inside functions too) stays off the database:
    a writer takes plain data, the services gather it."""
    modules = sorted(EXPORTS.glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        bad = {n for n in _imports(path)
               if any(n == s or n.startswith(f"{s}.") for s in STORAGE)}
        assert not bad, (path.name, bad)


def test_the_purity_check_sees_a_query(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from sqlalchemy import select\n    import sqlite3\n")
    assert {"sqlalchemy", "sqlite3"} <= _imports(sneaky)


def test_export_command_is_built_from_the_catalogue():
    parser = build_parser()
    for entry in WORKBOOKS:
        args = parser.parse_args(["export", entry.code, "-o", "x.xlsx", "--paper", "a3"])
        assert args.what == entry.code and args.paper == "a3"
        assert hasattr(args, "year") == ("year" in entry.options)
        assert hasattr(args, "date_from") == ("period" in entry.options)
    assert workbook("deadlines").gather.__module__ == "desktop.services.workbooks.deadlines"
    assert workbook("registry").write.__module__ == "desktop.exports.registry_xlsx"


def test_reports_menu_has_one_item_per_workbook(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    texts = [a.text() for a in w.menus["reports"].actions()]
    for entry in WORKBOOKS:
        assert w.workbook_actions[entry.code].text() == entry.menu
        assert texts.count(entry.menu) == 1
    assert w.workbook_actions["registry"] is w.export_action  # Ctrl+E and the toolbar


def test_deadlines_of_a_period_on_a3_from_the_menu(qtbot, demo_db, tmp_path):
    """The user picks «Сроки и отчёты в Excel…», ticks the period, A3, and a file name."""
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    target = tmp_path / "сроки.xlsx"
    seen: list[str] = []

    def answer(widget) -> None:  # noqa: ANN001 - whichever modal comes next
        if isinstance(widget, ExportDialog):
            seen.append(widget.windowTitle())
            assert not widget.date_from.isEnabled()
            widget.period.setChecked(True)
            widget.date_from.setDate(QDate(2026, 12, 31))
            widget.date_to.setDate(QDate(2026, 11, 1))
            ok = widget.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            ok.click()
            assert widget.error.isVisible()
            assert widget.error.text() == "Начало периода позже его конца."
            widget.date_from.setDate(QDate(2026, 11, 1))
            widget.date_to.setDate(QDate(2026, 12, 31))
            assert not widget.error.isVisible()
            widget.papers.buttons()[1].setChecked(True)
            widget.grab().save(str(tmp_path / "dialog.png"))
            ok.click()
        elif isinstance(widget, QFileDialog):
            seen.append(widget.windowTitle())
            widget.selectFile(str(target))
            widget.accept()
            return
        errors.extend(when_modal(answer))

    errors = when_modal(answer)
    w.workbook_actions["deadlines"].trigger()
    qtbot.waitUntil(lambda: "Сроки записаны" in w.statusBar().currentMessage(), timeout=20000)
    assert not errors, errors
    assert seen == ["Сроки и отчёты", "Сроки и отчёты"]
    ws = load_workbook(target).active
    assert "с 01.11.2026 по 31.12.2026" in ws["A2"].value
    assert int(ws.page_setup.paperSize) == 8  # A3: every column, none folded
    lo, hi = dt.date(2026, 11, 1), dt.date(2026, 12, 31)
    assert ws.max_row - 4 == len(list_deadlines(demo_db, date_from=lo, date_to=hi)) > 0
