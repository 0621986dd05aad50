"""The deadlines summary: today, this week, overdue — each line a link that opens its
site. Shown beside the calendar and, at start-up, in a small window of its own."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.agenda import Agenda, AgendaItem
from desktop.text import long_date, plural, short_date

STARTUP_KEY = "agenda/at_startup"
SECTIONS = (("due_today", "Сегодня"), ("this_week", "На этой неделе"),
            ("overdue", "Просрочено"))


def _line(item: AgendaItem, overdue: bool) -> str:
    colour = "#b3261e" if overdue else "#1a1a1a"
    return (f"<a href='{item.site_id}' style='color:{colour}; text-decoration:none'>"
            f"<b>{short_date(item.due)}</b> · № {escape(item.site_number)} "
            f"{escape(item.organisation)} — {escape(item.what)}</a>")


def agenda_html(agenda: Agenda, limit: int = 6, more: str = "") -> str:
    """The summary as rich text with one link per line (href = the site id); `more` follows
    «и ещё N» when a section has more lines than `limit`."""
    parts = [f"<p><b>Сводка на {long_date(agenda.today)}</b> (действующие площадки)</p>"]
    if agenda.is_empty():
        parts.append("<p>Сроков на этой неделе и просроченных нет.</p>")
        return "".join(parts)
    for key, title in SECTIONS:
        items: list[AgendaItem] = getattr(agenda, key)
        count = plural(len(items), "срок", "срока", "сроков") if items else "сроков нет"
        style = " style='color:#b3261e'" if key == "overdue" and items else ""
        parts.append(f"<p style='margin-top:8px'><b{style}>{title}: {count}</b>")
        for item in items[:limit]:
            parts.append("<br>" + _line(item, key == "overdue"))
        if len(items) > limit:
            parts.append(f"<br><i>и ещё {len(items) - limit}{more}</i>")
        parts.append("</p>")
    return "".join(parts)


class AgendaView(QLabel):
    """The summary as a label of links; emits `open_site(id)` when a line is clicked."""

    open_site = Signal(int)

    def __init__(self, parent: QWidget | None = None, limit: int = 6, more: str = "") -> None:
        super().__init__(parent)
        self.limit, self.more = limit, more
        self.agenda: Agenda | None = None
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.linkActivated.connect(lambda href: self.open_site.emit(int(href)))

    def show_agenda(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.setText(agenda_html(agenda, self.limit, self.more))


class AgendaDialog(QDialog):
    """«Сроки на сегодня» at start-up: not modal, closes when a site is opened."""

    open_site = Signal(int)
    open_calendar = Signal()

    def __init__(self, agenda: Agenda, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Сроки на сегодня")
        self.resize(720, 440)
        self.view = AgendaView(limit=8, more=" — во вкладке «Сроки»")
        self.view.show_agenda(agenda)
        self.view.open_site.connect(self._open)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        self.at_startup = QCheckBox("Показывать при запуске")
        self.at_startup.setChecked(show_at_startup(settings))
        self.at_startup.toggled.connect(lambda on: settings.setValue(STARTUP_KEY, on))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        calendar = QPushButton("Открыть календарь сроков")
        calendar.clicked.connect(self._open_calendar)
        buttons.addButton(calendar, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.at_startup)
        layout.addWidget(buttons)

    def _open_calendar(self) -> None:
        self.open_calendar.emit()
        self.accept()

    def _open(self, site_id: int) -> None:
        self.accept()
        self.open_site.emit(site_id)


def show_at_startup(settings: QSettings) -> bool:
    return str(settings.value(STARTUP_KEY, True)).lower() not in ("false", "0")


def install(window, today: dt.date | None = None) -> None:  # noqa: ANN001 - MainWindow
    """«Сроки → Сводка на сегодня…» and `window.show_agenda(at_startup)`."""
    from desktop.services.agenda import agenda

    def show(at_startup: bool = False) -> AgendaDialog | None:
        found = agenda(window.db, today)
        if at_startup and (found.is_empty() or not show_at_startup(window.settings)):
            return None
        dialog = AgendaDialog(found, window.settings, window)
        dialog.open_site.connect(window.open_site)
        dialog.open_calendar.connect(lambda: window.tabs.setCurrentWidget(window.calendar))
        window.agenda_dialog = dialog
        dialog.show()
        return dialog

    window.show_agenda = show
    window.add_action("calendar", "Сводка на сегодня…", show)
