"""Relay: the layers stay apart (read from the source, so a stray import fails here first)."""

import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[2] / "server"
MODULES = sorted(SERVER.glob("*.py"))
PARTS = [path for path in MODULES if path.name not in ("cli.py", "relay.py")]
"""Every relay module but the composition root (``relay``) and the command line that starts it."""


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, also under ``TYPE_CHECKING`` or inside a function."""
    names: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_relay_never_imports_the_client(path):
    """No relay module imports anything from the client package."""
    assert not {name for name in _imported(path) if name == "tui" or name.startswith("tui.")}


@pytest.mark.parametrize("path", PARTS, ids=lambda p: p.name)
def test_only_the_command_line_imports_the_relay(path):
    """Within the relay, only the command line imports ``server.relay``: the others get what they need."""
    assert "server.relay" not in _imported(path) and "server.relay.Relay" not in _imported(path)


def test_connection_handling_never_reads_the_store():
    """``server/connection.py`` neither imports the store nor reaches for a ``store`` attribute."""
    path = SERVER / "connection.py"
    attributes = {node.attr for node in ast.walk(_tree(path)) if isinstance(node, ast.Attribute)}
    assert not attributes & {"store", "_store"}
    assert "server.store" not in _imported(path)


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_close_codes_are_named_in_protocol_only(path):
    """No relay module closes with a bare number or keeps its own ``CLOSE_*`` constants."""
    tree = _tree(path)
    bare = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ("close" in _called(node) or _called(node) == "refuse")
        and any(isinstance(arg, ast.Constant) and type(arg.value) is int for arg in node.args)
    ]
    own = [
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.startswith("CLOSE_")
    ]
    assert bare == [] and own == []


SPEAKS_SQL = {"store.py", "backup.py", *(path.name for path in SERVER.glob("store_*.py"))}
"""The store (``store.py`` and its ``store_*.py`` parts), and the copies of the whole file
(backup and restore) beside it."""


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in SPEAKS_SQL], ids=lambda p: p.name)
def test_only_the_store_and_the_backups_speak_sql(path):
    """No relay module but the store (``server/store*.py``) and ``server/backup.py`` imports ``sqlite3``."""
    assert not {name for name in _imported(path) if name == "sqlite3" or name.startswith("sqlite3.")}
