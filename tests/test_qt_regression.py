"""PySide6 6.12.0 on Python 3.11 aborts after a few thousand Qt calls (none_dealloc).

The pin in pyproject keeps 6.11 on 3.11; this test makes 20 000 ordinary Qt calls in a
child process so that a crash fails the test instead of killing the whole run.
"""

import subprocess
import sys

CODE = (
    "from PySide6.QtCore import QObject\n"
    "o = QObject()\n"
    "for _ in range(20000):\n"
    "    o.setObjectName('x')\n"
    "print('ok')\n"
)


def test_twenty_thousand_qt_calls_do_not_abort():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
