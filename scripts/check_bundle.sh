#!/usr/bin/env bash
# Build the one-folder bundle and check that the BUILT executable works headless on a
# fresh database: demo, export registry, certificate, deadlines, check, --screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export METODIST_DATA_DIR="$work/data"

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --log-level ERROR --distpath "$work/dist" \
  --workpath "$work/build" build_installer.spec
echo "build: $(( $(date +%s) - start )) s, size: $(du -sh "$work/dist/metodist" | cut -f1)"

app="$work/dist/metodist/metodist"
db="$work/fresh.sqlite3"
"$app" demo --sites 40 --db "$db"
"$app" export registry --year "$(date +%Y)" -o "$work/registry.xlsx" --db "$db"
site=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select site_id from certificate order by id limit 1').fetchone()[0])" "$db")
"$app" certificate --site "$site" -o "$work/cert.pdf" --db "$db"
"$app" deadlines --json --db "$db" > "$work/deadlines.json"
"$app" check --db "$db"
"$app" --db "$db" --screenshot "$work/window.png"
"$app" certificate --site 999999 -o "$work/none.pdf" --db "$db" 2> "$work/err.txt" && exit 1
grep -q "не найдена" "$work/err.txt"

"$PY" - "$work" <<'PY'
import json, sys
from pathlib import Path
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtGui import QImage
work = Path(sys.argv[1])
ws = load_workbook(work / "registry.xlsx").active
assert ws.max_row > 4 and ws["A4"].value == "№ п/п", "registry workbook"
text = PdfReader(work / "cert.pdf").pages[0].extract_text()
assert "СВИДЕТЕЛЬСТВО" in text, "certificate text"
assert len(json.loads((work / "deadlines.json").read_text(encoding="utf-8"))) > 0
img = QImage(str(work / "window.png"))
assert img.width() > 800 and img.height() > 500, "screenshot"
print("bundle check passed: demo, export registry, certificate, deadlines, check, screenshot")
PY
