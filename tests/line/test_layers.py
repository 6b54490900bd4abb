"""Line mode stays small: neither it nor the command line loads Textual or rich."""

import subprocess
import sys
from pathlib import Path

LINE = Path(__file__).resolve().parents[2] / "tui" / "line"


def test_line_mode_and_the_command_line_import_no_textual_or_rich():
    """Importing ``tui.cli`` and every module of ``tui.line`` loads no Textual or rich module."""
    modules = ["tui.cli"] + sorted(
        f"tui.line.{path.stem}" for path in LINE.glob("*.py") if path.stem != "__init__"
    )
    probe = (
        f"import sys\nimport {', '.join(modules)}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich')))"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
