"""What the full-screen app loads at start: nothing that only the lobby or format picker needs."""

import subprocess
import sys


def test_app_import_leaves_httpx_unloaded():
    """Importing the app does not load httpx (nor click and pygments with it): fetching does."""
    probe = "import sys, tui.app; print(sorted({'httpx', 'click', 'pygments'} & set(sys.modules)))"
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "[]"
