"""How the relay's log lines are written: plain text, or one JSON object a line (``serve --log-json``).

The relay logs one line per connection event (open with a short connection id, the room
joined, closed with its code), per command refused (its code and command kind) and per
error. What people say never reaches a log line: no message, note, reading, name, room
key, token or address is passed to the logger in the first place (``server.connection``,
``server.room``); this module only shapes the lines.
"""

import json
import logging
import time

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(message)s"
"""The plain line: time, level, the sentence."""


class JsonLines(logging.Formatter):
    """One JSON object per record: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: int | str, as_json: bool = False) -> None:
    """Send the relay's log lines to standard error, plain or as JSON lines.

    Args:
        level: The lowest level written.
        as_json: One JSON object a line instead of plain text.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if as_json else logging.Formatter(PLAIN_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("websockets").setLevel(logging.WARNING)  # one line per connection is noise
    logging.getLogger("asyncssh").setLevel(logging.WARNING)  # and several per SSH channel
