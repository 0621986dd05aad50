"""The «Заявки» tab and its dialogs, under the names callers use: the list lives in
desktop.ui.applications_list, the review sheets in desktop.ui.review_sheet and the
council's decision in desktop.ui.council."""

from __future__ import annotations

from desktop.ui.applications_list import ApplicationsView
from desktop.ui.council import CouncilDialog
from desktop.ui.review_sheet import ReviewSheetDialog, SheetsDialog

__all__ = ["ApplicationsView", "CouncilDialog", "ReviewSheetDialog", "SheetsDialog"]
