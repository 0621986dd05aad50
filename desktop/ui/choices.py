"""A filter combo that takes several values: each item has a check box, the popup stays
open while items are ticked, and the closed combo reads «Все виды», «ОП» or «ОП, СтП».

Choosing an item programmatically (`setCurrentIndex`) still picks exactly that one value,
as a plain combo would; the first item («Все …») clears the choice. `values()` is the
set of ticked values (empty: no condition); `changed` is emitted on every change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class MultiCombo(QComboBox):
    """A combo of check boxes; item 0 is «all» (no condition)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._quiet = False
        self._model.rowsInserted.connect(self._checkable)
        self._model.itemChanged.connect(self._item_changed)
        self.currentIndexChanged.connect(self._picked)
        self._filtering = False  # the popup's clicks, watched once it is first shown (its
        # view is made then: ~20 ms of the registry's first paint for three combos)

    # -- values
    def values(self) -> frozenset[str]:
        """The ticked values; empty when «all» is chosen."""
        return frozenset(self._model.item(i).data(Qt.ItemDataRole.UserRole)
                         for i in range(1, self._model.rowCount())
                         if self._model.item(i).checkState() == Qt.CheckState.Checked)

    def set_values(self, values: set[str] | frozenset[str]) -> None:
        """Tick exactly these values (unknown ones are ignored)."""
        self._quiet = True
        for i in range(1, self._model.rowCount()):
            item = self._model.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._quiet = False
        self._done()

    def summary(self) -> str:
        """What the closed combo shows: «Все …», one name or the names joined."""
        names = [self._model.item(i).text() for i in range(1, self._model.rowCount())
                 if self._model.item(i).checkState() == Qt.CheckState.Checked]
        if not names:
            return self.itemText(0) if self.count() else ""
        return ", ".join(names)

    # -- Qt plumbing
    def _checkable(self, _parent, first: int, last: int) -> None:  # noqa: ANN001
        for i in range(max(first, 1), last + 1):
            item: QStandardItem = self._model.item(i)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

    def _picked(self, index: int) -> None:
        """A plain choice (keyboard, code, a click on «all»): that one value only."""
        if self._quiet or index < 0:
            return
        value = self.itemData(index)
        self.set_values({value} if index > 0 and value is not None else set())

    def _item_changed(self, _item: QStandardItem) -> None:
        if not self._quiet:
            self._done()

    def _done(self) -> None:
        self.setToolTip(self.summary())
        self.update()
        self.changed.emit()

    def showPopup(self) -> None:
        # The popup as wide as its longest item: «сетевая МИП» is not elided to «сете…».
        view = self.view()
        if not self._filtering:
            view.viewport().installEventFilter(self)
            self._filtering = True
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        super().showPopup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click in the open popup ticks the item and keeps the popup open."""
        if event.type() == QEvent.Type.MouseButtonRelease:
            index = self.view().indexAt(event.position().toPoint())  # type: ignore[attr-defined]
            if index.isValid():
                if index.row() == 0:
                    self.set_values(set())
                    self.hidePopup()
                else:
                    item = self._model.item(index.row())
                    checked = item.checkState() == Qt.CheckState.Checked
                    item.setCheckState(Qt.CheckState.Unchecked if checked
                                       else Qt.CheckState.Checked)
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.fontMetrics().elidedText(
            self.summary(), Qt.TextElideMode.ElideRight,
            self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, self).width())
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
