"""The client's layers: the core runs without Textual, and no screen or widget builds a command."""

import re
import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def test_the_core_imports_no_textual():
    """Importing every module of ``tui.core`` loads no Textual module at all."""
    modules = sorted(
        f"tui.core.{path.stem}" for path in (TUI / "core").glob("*.py") if path.stem != "__init__"
    )
    probe = (
        f"import sys\nimport {', '.join(modules)}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich')))"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_no_screen_or_widget_builds_a_protocol_command():
    """Screens and widgets act through ``tui.core.intents``: no ``Command(`` or ``CommandKind.`` there."""
    pattern = re.compile(r"\bCommand\(|\bCommandKind\.")
    offenders = [
        f"{path.relative_to(TUI)}:{number}"
        for folder in ("screens", "widgets")
        for path in sorted((TUI / folder).glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
