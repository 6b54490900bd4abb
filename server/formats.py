"""Meeting formats from TOML files: the ones shipped in ``server/formats/`` and a group's own.

(Placeholder loader; the full loader with validation replaces it.)
"""

from pathlib import Path

from protocol.meeting_format import MeetingFormat


def load_formats(extra_dir: Path | None = None) -> dict[str, MeetingFormat]:
    """Every format by its lowercase name."""
    return {}
