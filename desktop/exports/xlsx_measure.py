"""Measuring text as Excel and LibreOffice draw it in Arial 10: how many lines a wrapped
cell needs, so that each row can be given its height (neither office suite grows a row for
wrapped text in a file that does not ask)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

BODY_PT = 10  # the body text's size in points
# Advance widths of Arial in em, enough to wrap Russian text as Excel and LibreOffice do.
_EM: dict[str, float] = {" ": 0.278, ".": 0.278, ",": 0.278, ":": 0.278, ";": 0.278,
                         "-": 0.333, "–": 0.556, "—": 1.0, "«": 0.556, "»": 0.556,
                         "(": 0.333, ")": 0.333, "/": 0.278, "\"": 0.355, "№": 1.08,
                         "i": 0.222, "l": 0.222, "j": 0.222, "I": 0.278, "f": 0.278,
                         "t": 0.278, "r": 0.333, "m": 0.833, "w": 0.722, "W": 0.944,
                         "M": 0.833}
_EM.update(dict.fromkeys("0123456789", 0.556))
_EM.update(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
               (0.556, 0.573, 0.531, 0.365, 0.583, 0.556, 0.556, 0.669, 0.458, 0.559, 0.559,
                0.438, 0.583, 0.688, 0.552, 0.556, 0.542, 0.556, 0.5, 0.458, 0.5, 0.823, 0.5,
                0.573, 0.521, 0.802, 0.823, 0.625, 0.719, 0.521, 0.51, 0.75, 0.542),
               strict=True))
_EM.update(zip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
               (0.667, 0.656, 0.667, 0.542, 0.677, 0.667, 0.667, 0.923, 0.604, 0.719, 0.719,
                0.583, 0.656, 0.833, 0.719, 0.778, 0.719, 0.667, 0.722, 0.611, 0.635,
                0.76, 0.667, 0.74, 0.667, 0.917, 0.938, 0.792, 0.885, 0.656, 0.719, 1.01,
                0.719), strict=True))
_WIDEST_EM = 1.08
_PX_PER_EM = BODY_PT * 96 / 72  # 10 pt at 96 dpi
LINE_PT = 12.75  # Excel's line height for Arial 10
# Each character's advance in pixels, looked up in C by `map` (a character not listed is
# given an average width the first time it is seen).
_CHAR_PX: defaultdict[str, float] = defaultdict(
    lambda: 0.6 * _PX_PER_EM, {ch: em * _PX_PER_EM for ch, em in _EM.items()})
_WIDEST_PX = _WIDEST_EM * _PX_PER_EM
_SPACE_PX = _EM[" "] * _PX_PER_EM
_words: dict[str, float] = {}


def column_px(width: float) -> int:
    """A column's width in pixels as Excel draws it (Calibri 11 default font)."""
    return int(width * 7 + 0.5) + 5


def printed_px(width: float) -> float:
    """A column's printed width, the wider of Excel's and LibreOffice's (which draws the
    same column about 6 % wider): the print scale must fit both."""
    return width * 7.45 + 5


def text_px(text: str) -> float:
    """The text's width on one line, in pixels (each distinct word measured once)."""
    w = _words.get(text)
    if w is None:
        w = sum(map(_CHAR_PX.__getitem__, text))
        if len(_words) < 200_000:
            _words[text] = w
    return w


def room_px(width: float, bold: bool = False) -> float:
    """The room for text in a wrapped cell of this width, in pixels."""
    room: float = column_px(width) - 9  # cell padding and the border
    return room / 1.08 if bold else room


def lines_in(text: str, room: float) -> int:
    """Lines the text needs in `room` pixels. Most cells fit on one line, which two cheap
    tests settle: the length times the widest letter, then the sum of the letters' widths
    (never less than what the words with single spaces between them take)."""
    if "\n" not in text and (len(text) * _WIDEST_PX <= room
                             or sum(map(_CHAR_PX.__getitem__, text)) <= room):
        return 1
    space = _SPACE_PX
    lines = 0
    for para in text.split("\n"):
        lines += 1
        used = 0.0
        for word in para.split():
            w = text_px(word)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                lines += 1
            if w > room:
                lines += int(w // room)
                used = w % room
            else:
                used = w
    return max(lines, 1)


def line_count(text: str, width: float, bold: bool = False) -> int:
    """Lines a wrapped cell of this width needs for the text (words wrap at spaces; a
    word longer than the line breaks wherever it must)."""
    return lines_in(text, room_px(width, bold))


def row_height(texts: Sequence[tuple[str, float]], bold: bool = False) -> float | None:
    """Height in points for a row of wrapped cells (text, column width); None when one
    line fits (the sheet's default height)."""
    lines = max((line_count(str(t), w, bold) for t, w in texts if t), default=1)
    return None if lines <= 1 else round(lines * LINE_PT + 2.25, 2)
