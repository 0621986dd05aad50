"""A schema upgrade killed at any statement leaves the file at its old revision or the new
one with every row, opens afterwards, and keeps one sound before-copy (tests/kill_upgrade.py
does the killing in forked children; METODIST_KILL_STRIDE=1 kills after every statement)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FROZEN = sorted((HERE / "data").glob("schema-*.sqlite3"))
STRIDE = int(os.environ.get("METODIST_KILL_STRIDE", "3"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the killer forks (POSIX)")
@pytest.mark.parametrize("frozen", FROZEN, ids=lambda p: p.stem)
def test_an_upgrade_killed_at_any_statement_loses_nothing(tmp_path, frozen):
    out = subprocess.run([sys.executable, str(HERE / "kill_upgrade.py"), str(frozen),
                          str(tmp_path / "work"), str(STRIDE)],
                         capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["tries"] >= 4
    assert result["failures"] == []
