"""Printing workbooks as the user's office suite does: LibreOffice headless converts them
to PDF (one start for many files), pdfplumber reads sizes and positions of the text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest


def soffice() -> str:
    """The LibreOffice binary; the test is skipped on a machine without it (CI has it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) не установлен: печать книг Excel не проверить")
    return found


def convert_to_pdf(files: list[Path], folder: Path) -> dict[str, Path]:
    """Convert every file with one LibreOffice start; name (stem) → PDF."""
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
        check=True, capture_output=True, timeout=240)
    out = {f.stem: folder / f"{f.stem}.pdf" for f in files}
    missing = [name for name, pdf in out.items() if not pdf.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return out


def smallest_text_pt(page: pdfplumber.page.Page) -> float:
    return min(c["size"] for c in page.chars if c["text"].strip())


def overlapping_words(page: pdfplumber.page.Page, tolerance: float = 0.5) -> list[tuple]:
    """Pairs of words whose boxes intersect: text drawn over other text."""
    words = page.extract_words()
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > tolerance and dy > tolerance:
                found.append((a["text"], b["text"], round(a["top"]), round(b["top"])))
    return found
