"""Errors the protocol raises: malformed input and refused commands.

``ProtocolError`` means a frame could not be understood (bad bytes, a broken shape, a
limit exceeded). ``Refused`` means a well-formed command broke a room rule (wrong role,
wrong mode). Both carry a short machine-readable ``code`` and a sentence for people;
the relay turns either into an error frame and keeps the connection open.
"""


class ProtocolError(Exception):
    """A frame that breaks the wire format or one of its limits."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Refused(Exception):
    """A well-formed command that the room's rules do not allow now."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
