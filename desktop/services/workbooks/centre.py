"""Who a workbook is from: its first title line and document properties.

The centre's own name once it has been described (Сервис → Сведения о центре); until
then the operator the centre's profile names, or a line saying the details are not filled
in — never the settings' placeholder name, which no centre has."""

from __future__ import annotations

from desktop.errors import UserError
from desktop.exports.xlsx_common import DocInfo
from desktop.profiles import get_profile
from desktop.services.centre import read_centre
from desktop.services.first_start import centre_profile
from desktop.storage import Database

NOT_FILLED = "Сведения о центре не заполнены (Сервис → Сведения о центре)"


def workbook_centre(db: Database, title: str) -> tuple[str, DocInfo]:
    """The title line naming the centre, and the workbook's document properties."""
    with db.session() as s:
        centre = read_centre(s)
    if "name" not in centre.missing:
        return centre.name, DocInfo(title, centre.short_name or centre.name, centre.name)
    operator = ""
    profile_id = centre_profile(db)
    if profile_id:
        try:
            operator = get_profile(profile_id).operator
        except UserError:  # a profile removed since it was chosen
            operator = ""
    return (operator or NOT_FILLED), DocInfo(title, "", operator)
