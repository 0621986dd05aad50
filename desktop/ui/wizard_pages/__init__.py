"""The pages of «Новая заявка»: kind, organisation and theme, one page per document of the
package, and the checklist — one module each.

Each page's widgets are the truth while the wizard is open: a page is loaded from the
draft once, and whatever it shows is written back into the draft whenever the user
leaves it — forward (validatePage) or back (cleanupPage) — so nothing typed is lost.
"""

from desktop.ui.wizard_pages.checklist import CHECK_NAMES, ChecklistPage
from desktop.ui.wizard_pages.common import scrolled
from desktop.ui.wizard_pages.document import SCAN_FILTER, DocumentPage
from desktop.ui.wizard_pages.kind import KindPage
from desktop.ui.wizard_pages.organisation import OrganisationPage

__all__ = ["CHECK_NAMES", "SCAN_FILTER", "ChecklistPage", "DocumentPage", "KindPage",
           "OrganisationPage", "scrolled"]
