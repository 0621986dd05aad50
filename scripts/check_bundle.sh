#!/usr/bin/env bash
# Build the one-folder bundle and check that the BUILT executable works headless on a
# fresh database: --version, profiles, demo, export registry, certificate, spravki,
# deadlines, check, a refused command's exit code, and --screenshot; then read the outputs
# back (the workbook opens, the PDFs have text, the PNG is a real window).
#   KEEP_BUNDLE=DIR  build into DIR and keep it (default: a temporary folder, removed)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dist=${KEEP_BUNDLE:-$work/dist}
export METODIST_DATA_DIR="$work/data"   # the bundle must not touch the user's data

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --log-level ERROR --distpath "$dist" \
  --workpath "$work/build" build_installer.spec
echo "build: $(( $(date +%s) - start )) s, size: $(du -sh "$dist/metodist" | cut -f1)"

app="$dist/metodist/metodist"
db="$work/fresh.sqlite3"
sql() { "$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }

version=$("$app" --version)
expected=$("$PY" -c "import desktop; print(desktop.__version__)")
[[ "$version" == *"$expected"* ]] || { echo "version: '$version', expected $expected"; exit 1; }
"$app" profiles --json > "$work/profiles.json"
"$app" demo --sites 40 --db "$db"
"$app" export registry --year "$(date +%Y)" -o "$work/registry.xlsx" --db "$db"
"$app" certificate --site "$(sql 'select site_id from certificate order by id limit 1')" \
  -o "$work/cert.pdf" --db "$db"
"$app" certificate --site "$(sql "select c.site_id from certificate c join site s on s.id = c.site_id where s.profile_id = 'vyselki' order by c.id limit 1")" \
  -o "$work/cert_kip.pdf" --db "$db" 2> "$work/cert_kip.err"
"$app" spravki --event "$(sql 'select event_id from participation order by id limit 1')" \
  -o "$work/spravki.pdf" --db "$db"
"$app" deadlines --json --db "$db" > "$work/deadlines.json"
"$app" check --db "$db"
"$app" --db "$db" --screenshot "$work/window.png"
# A user error: one Russian line on stderr, a non-zero exit code, no file written.
if "$app" certificate --site 999999 -o "$work/none.pdf" --db "$db" 2> "$work/err.txt"; then
  echo "a missing site was not refused"; exit 1
fi
grep -q "не найдена" "$work/err.txt" && [ ! -e "$work/none.pdf" ]

"$PY" - "$work" <<'PY'
import json, re, sys
from pathlib import Path
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtGui import QImage
work = Path(sys.argv[1])
profiles = json.loads((work / "profiles.json").read_text(encoding="utf-8"))
assert len(profiles) >= 5, "profiles from resources/profiles"
ws = load_workbook(work / "registry.xlsx").active
assert ws.max_row > 5 and any(ws.cell(r, 1).value == "№ п/п" for r in range(1, 10)), \
    "registry workbook (its header row under the titles)"
text = PdfReader(work / "cert.pdf").pages[0].extract_text()
assert "СВИДЕТЕЛЬСТВО" in text, "certificate text"
assert any(m in text for m in ("января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                               "августа", "сентября", "октября", "ноября", "декабря")), \
    "a date in Russian words (babel ru locale data)"
kip = " ".join(PdfReader(work / "cert_kip.pdf").pages[0].extract_text().split())
assert "Основание: приказ Министерства образования" in kip, "genitive (pymorphy3 dictionary)"
# the demo now fills the centre's details (issue 26): no warning about them is expected
assert "Traceback" not in (work / "cert_kip.err").read_text(encoding="utf-8")
spravka = " ".join(PdfReader(work / "spravki.pdf").pages[0].extract_text().split())
assert "СПРАВКА" in spravka and "Выдана" in spravka, "справка text"
surname = re.search(r"Выдана (\S+)", spravka).group(1)
assert surname.endswith(("ой", "ей", "у", "ю")), f"a name in the dative (pytrovich): {surname}"
assert len(json.loads((work / "deadlines.json").read_text(encoding="utf-8"))) > 0
img = QImage(str(work / "window.png"))
assert img.width() > 800 and img.height() > 500, "screenshot"
colours = {img.pixel(x, y) for x in range(0, img.width(), 37) for y in range(0, img.height(), 23)}
assert len(colours) > 8, "the screenshot shows a drawn window, not a blank"
print("bundle check passed: version, profiles, demo, export registry, certificate, spravki, "
      "deadlines, check, refused command, screenshot")
PY
