"""Review results as an Excel workbook: per application its experts, the score of each
criterion, formal defects, total, band and the mean over the experts; a second sheet
spells out the criteria behind the К1… columns.

`desktop.services.workbooks.reviews` gathers plain rows, `write_reviews` renders them
without a query. On A4 the profile, date and expert count fold away; A3 prints them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.exports.xlsx_common import (
    Column,
    DocInfo,
    ExportResult,
    SheetData,
    hidden_note,
    write_workbook,
)

MAX_ITEMS = 12  # the widest criteria set shipped (Омск, приложение 3)

# On A4 the formal defects and the conclusion print, so that К1–К12 and the defects add up
# to «Итого» on paper; the profile, the date and the expert count fold away. «Уровень» is
# as wide as «Удовлетворительный» (LibreOffice breaks a word wider than its cell without a
# hyphen).
COLUMNS = ([Column("Заявка", 10, "wrap"), Column("Организация", 16, "wrap"),
            Column("Вид", 8, "wrap"),  # «сетевая» whole
            Column("Положение (профиль)", 13, "wrap", a4=False),
            Column("Эксперт", 14, "wrap"), Column("Дата оценки", 10, "date", a4=False),
            Column("Недочёты (штраф)", 8, "int")]
           + [Column(f"К{i}", 4, "int") for i in range(1, MAX_ITEMS + 1)]
           + [Column("Итого", 6.5, "int"), Column("Уровень", 19, "wrap"),
              Column("Средний балл заявки", 8.5, "int"), Column("Экспертов", 10, "int", a4=False),
              Column("Заключение", 17, "wrap")])
LEGEND_COLUMNS = [Column("Положение (профиль)", 16, "wrap"), Column("Столбец", 12, "wrap"),
                  Column("№ критерия", 9), Column("Критерий", 80, "wrap")]


@dataclass
class ReviewsData:
    """Review results and the criteria legend as plain rows."""

    centre: str
    rows: list[tuple]
    legend: list[tuple]
    info: DocInfo


def write_reviews(data: ReviewsData, path: Path | str, paper: str = "a4",
                  progress: Callable[[int], None] | None = None) -> ExportResult:
    """Render the review results workbook."""
    main = SheetData("Экспертиза", [data.centre, data.info.title,
                                    "К1–К12 — баллы по критериям оценки (см. лист «Критерии»), "
                                    "недочёты — их штраф; итого — сумма баллов и штрафа; "
                                    "средний балл — по всем экспертам заявки"],
                     COLUMNS, data.rows, footer=data.info.title, notes=hidden_note(COLUMNS, paper))
    legend = SheetData("Критерии", [data.centre, "Критерии оценки заявок по положениям"],
                       LEGEND_COLUMNS, data.legend, footer="Критерии оценки заявок")
    write_workbook(path, [main, legend], data.info, paper, progress)
    return ExportResult(Path(path), len(data.rows))

