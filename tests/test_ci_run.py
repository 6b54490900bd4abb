"""The CI entry point: it runs the README's test command and reads its outcome strictly.

``.ci/run`` is run for real from a copy of the repository's layout whose tools are stand-in
scripts (``python3``, ``.venv/bin/*``, ``tmux``) that only exit with a chosen status, so
the script's own logic is tested in milliseconds without installing anything.
"""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"
TOOLS = ("pip", "ruff", "mypy", "lint-imports", "python")


def readme_test_command() -> str:
    """The README's quick-start command that runs the tests (the one naming pytest)."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    commands = [line for block in blocks for line in block.splitlines() if "pytest" in line]
    assert len(commands) == 1, commands
    return commands[0]


def run_ci(tmp_path: Path, **statuses: int) -> subprocess.CompletedProcess[str]:
    """Run a copy of ``.ci/run`` whose tools exit with ``statuses`` (by tool name, default 0).

    Each stand-in appends its name to ``calls`` so a test can see what ran.
    """
    (tmp_path / ".ci").mkdir()
    script = tmp_path / ".ci" / "run"
    script.write_text(CI_RUN.read_text())
    script.chmod(0o755)
    venv_bin = tmp_path / ".venv" / "bin"
    path_bin = tmp_path / "path-bin"
    venv_bin.mkdir(parents=True)
    path_bin.mkdir()
    stand_ins = {venv_bin / tool: tool for tool in TOOLS}
    stand_ins |= {path_bin / "python3": "python3", path_bin / "tmux": "tmux"}
    for stand_in, name in stand_ins.items():
        status = statuses.get(name.replace("-", "_"), 0)
        stand_in.write_text(f'#!/bin/sh\necho {name} >> "{tmp_path}/calls"\nexit {status}\n')
        stand_in.chmod(0o755)
    env = {**os.environ, "PATH": f"{path_bin}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=30)


def calls(tmp_path: Path) -> list[str]:
    return (tmp_path / "calls").read_text().split()


def test_ci_runs_the_readme_test_command_word_for_word():
    """The README's test command appears, unchanged, as one line of .ci/run."""
    assert readme_test_command() in CI_RUN.read_text().splitlines()


def test_ci_passes_when_every_check_and_test_passes(tmp_path):
    """With every tool content, .ci/run runs the checks, then pytest, and exits 0."""
    result = run_ci(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert calls(tmp_path)[-5:] == ["pip", "ruff", "mypy", "lint-imports", "python"]


def test_ci_fails_when_pytest_collected_no_tests(tmp_path):
    """pytest's exit 5 (no tests collected) fails CI with a line that says so."""
    result = run_ci(tmp_path, python=5)
    assert result.returncode == 1
    assert "pytest collected no tests" in result.stdout


def test_ci_fails_on_a_failing_check_before_the_tests(tmp_path):
    """A lint-imports failure fails CI and pytest does not run."""
    result = run_ci(tmp_path, lint_imports=1)
    assert result.returncode == 1
    assert "python" not in calls(tmp_path)


def test_ci_fails_when_a_test_fails(tmp_path):
    """A failing test (pytest exit 1) fails CI with that status."""
    assert run_ci(tmp_path, python=1).returncode == 1
