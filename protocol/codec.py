"""The msgpack codec: frames to bytes and back, with hard limits on the way in.

``decode`` never trusts its input: it caps the frame size, string, array and nesting
sizes before msgpack allocates anything, refuses maps and extension types outright, and
turns every failure into ``ProtocolError`` with a code, never another exception.
"""

from typing import Any

import msgpack

from protocol.errors import ProtocolError
from protocol.frames import FRAME_CLASSES, Frame
from protocol.kinds import FrameType
from protocol.limits import MAX_DEPTH, MAX_FRAME_BYTES, MAX_LIST_ITEMS

_UNPACK_LIMITS = dict(
    raw=False,
    strict_map_key=True,
    max_str_len=MAX_FRAME_BYTES,
    max_bin_len=0,
    max_array_len=MAX_LIST_ITEMS,
    max_map_len=0,
    max_ext_len=0,
)


def encode(frame: Frame) -> bytes:
    """Pack ``frame`` as a positional msgpack array.

    Raises:
        ProtocolError: ``too_large`` if the result would break the frame limit.
    """
    data = msgpack.packb(frame.to_wire(), use_bin_type=True)
    if len(data) > MAX_FRAME_BYTES:
        raise ProtocolError("too_large", f"Frame of {len(data)} bytes is over the limit.")
    return data


def _depth(value: Any, level: int = 1) -> int:
    if not isinstance(value, list):
        return level - 1
    if level > MAX_DEPTH:
        return level
    return max((_depth(item, level + 1) for item in value), default=level)


def unpack(data: bytes | str) -> list[Any]:
    """Decode the bytes of one frame to its raw array, enforcing the limits.

    Raises:
        ProtocolError: on any malformed or oversized input.
    """
    if isinstance(data, str):
        raise ProtocolError("not_binary", "Frames are binary msgpack, not text.")
    if len(data) > MAX_FRAME_BYTES:
        raise ProtocolError("too_large", f"Frame of {len(data)} bytes is over the {MAX_FRAME_BYTES} limit.")
    try:
        wire = msgpack.unpackb(data, **_UNPACK_LIMITS)
    except (ValueError, TypeError, OverflowError) as exc:  # every msgpack error is one of these
        raise ProtocolError("malformed", f"Not a valid msgpack frame: {exc}") from exc
    if not isinstance(wire, list) or not wire:
        raise ProtocolError("bad_frame", "A frame is a non-empty array.")
    if _depth(wire) > MAX_DEPTH:
        raise ProtocolError("too_deep", "Frame nests too deeply.")
    return wire


def decode(data: bytes | str) -> Frame:
    """Decode one frame.

    Raises:
        ProtocolError: malformed bytes, an unknown frame type, or a field that breaks
            a limit. Never any other exception.
    """
    wire = unpack(data)
    frame_type = wire[0]
    if isinstance(frame_type, bool) or not isinstance(frame_type, int):
        raise ProtocolError("bad_frame", "A frame starts with its type number.")
    try:
        cls = FRAME_CLASSES[FrameType(frame_type)]
    except ValueError as exc:
        raise ProtocolError("unknown_frame", f"Unknown frame type {frame_type}.") from exc
    try:
        return cls.from_wire(wire)
    except ProtocolError:
        raise
    except (TypeError, ValueError) as exc:
        raise ProtocolError("bad_frame", f"Malformed {cls.__name__} frame: {exc}") from exc
