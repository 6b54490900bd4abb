"""Malformed or oversized input is refused with ``ProtocolError`` and a specific code."""

import msgpack
import pytest

from protocol import (
    PROTOCOL_VERSION,
    Command,
    CommandKind,
    EventKind,
    Hello,
    Mode,
    ProtocolError,
    Role,
    Welcome,
    decode,
    encode,
)
from protocol.limits import (
    MAX_AGENDA_MINUTES,
    MAX_DEPTH,
    MAX_FRAME_BYTES,
    MAX_LIST_ITEMS,
    MAX_MESSAGE_CHARS,
    MAX_READING_CHARS,
    MAX_SILENCE_MINUTES,
    TRANSCRIPT_KEEP,
)
from protocol.state import Message, RoomState, state_to_wire


def pack(wire) -> bytes:
    return msgpack.packb(wire, use_bin_type=True)


def code_of(data) -> str:
    with pytest.raises(ProtocolError) as caught:
        decode(data)
    return caught.value.code


def hello_wire(name) -> list:
    return [1, PROTOCOL_VERSION, name, None, None, None]


def test_frame_over_64_kib_refused():
    """Bytes longer than the frame limit are refused before msgpack sees them."""
    assert code_of(b"\x91" + b"\x00" * MAX_FRAME_BYTES) == "too_large"


def test_frame_at_limit_is_read():
    """A frame of exactly the limit is still decoded (the limit is inclusive)."""
    overhead = len(pack([3, "c", "x" * 1000, None])) - 1000  # array, code, str16 header, nil
    data = pack([3, "c", "x" * (MAX_FRAME_BYTES - overhead), None])
    assert len(data) == MAX_FRAME_BYTES
    # It is a well-formed error frame whose message breaks the 500-character cap.
    assert code_of(data) == "bad_field"


def test_encode_refuses_oversized_frame():
    """``encode`` will not produce a frame the other side would refuse."""
    messages = tuple(Message(i, 1, "Ada", "y" * 2000, 0) for i in range(TRANSCRIPT_KEEP))
    state = RoomState("demo", "Demo", transcript=messages)
    with pytest.raises(ProtocolError) as caught:
        encode(Welcome(1, Role.MEMBER, "t", 0.0, state))
    assert caught.value.code == "too_large"


def test_message_over_2000_chars_refused():
    """A SAY of 2001 characters is refused as a bad message."""
    assert code_of(pack([5, 1, int(CommandKind.SAY), ["m" * (MAX_MESSAGE_CHARS + 1)]])) == "bad_message"


def test_message_of_2000_chars_accepted():
    """A SAY of exactly 2000 characters decodes."""
    text = "m" * MAX_MESSAGE_CHARS
    assert decode(pack([5, 1, int(CommandKind.SAY), [text]])) == Command(1, CommandKind.SAY, (text,))


def test_message_not_text_refused():
    """A SAY whose message is a number is refused as a bad message."""
    assert code_of(pack([5, 1, int(CommandKind.SAY), [42]])) == "bad_message"


@pytest.mark.parametrize(
    "name",
    ["", "   ", "n" * 33, "Ada\x1b[31m", "Ada\nBo", "A\u009bB", "A\u202eB", "A\x00", 7, None],
    ids=["empty", "blank", "33-chars", "escape", "newline", "c1-csi", "bidi", "nul", "number", "nil"],
)
def test_bad_name_refused(name):
    """A hello with an empty, too long, control-laden or non-text name is refused."""
    assert code_of(pack(hello_wire(name))) == "bad_name"


def test_name_of_32_chars_accepted():
    """A 32-character name is the longest allowed."""
    assert decode(pack(hello_wire("n" * 32))).name == "n" * 32


def test_name_trimmed_and_normalised():
    """Surrounding spaces are dropped and the name is NFC-normalised."""
    assert decode(pack(hello_wire("  Zoe\u0301 "))).name == "Zo\u00e9"


def test_nesting_too_deep_refused():
    """Arrays nested deeper than MAX_DEPTH are refused."""
    nested: list = [1]
    for _ in range(MAX_DEPTH):
        nested = [nested]
    assert code_of(pack([4, nested])) == "too_deep"


def test_nesting_at_limit_is_not_too_deep():
    """MAX_DEPTH levels of arrays pass the depth check (and then fail on shape)."""
    nested: list = [1]
    for _ in range(MAX_DEPTH - 2):
        nested = [nested]
    assert code_of(pack([4, nested])) == "bad_frame"


def test_pathological_nesting_refused():
    """Thousands of nested arrays are refused without recursion trouble."""
    assert code_of(b"\x91" * 5000 + b"\x01") in {"malformed", "too_deep"}


def test_list_too_long_refused():
    """An array longer than MAX_LIST_ITEMS is refused."""
    assert code_of(pack([5, 1, 1, [0] * (MAX_LIST_ITEMS + 1)])) == "malformed"


def test_declared_huge_list_refused_without_allocating():
    """A header claiming four billion items is refused from the header alone."""
    assert code_of(b"\xdd\xff\xff\xff\xff") == "malformed"


def test_map_refused():
    """Maps are not part of the protocol."""
    assert code_of(pack([1, 1, {"name": "Ada"}, None, None, None])) == "malformed"


def test_top_level_map_refused():
    """A frame that is a map rather than an array is refused."""
    assert code_of(pack({"type": 1})) == "malformed"


def test_bin_refused():
    """Binary strings are not part of the protocol."""
    assert code_of(pack([1, 1, b"Ada", None, None, None])) == "malformed"


def test_ext_refused():
    """msgpack extension types are not part of the protocol."""
    assert code_of(pack([1, 1, msgpack.ExtType(5, b"Ada"), None, None, None])) == "malformed"


def test_empty_map_where_name_belongs_refused():
    """Even an empty map (which the size caps let through) is refused as a name."""
    assert code_of(pack(hello_wire({}))) == "bad_name"


def test_truncated_bytes_refused():
    """A frame cut short is malformed."""
    data = encode(Hello(PROTOCOL_VERSION, "Ada"))
    assert code_of(data[:-2]) == "malformed"


def test_trailing_bytes_refused():
    """Two frames glued together are not one frame."""
    data = encode(Hello(PROTOCOL_VERSION, "Ada"))
    assert code_of(data + data) == "malformed"


def test_empty_bytes_refused():
    """Zero bytes are not a frame."""
    assert code_of(b"") == "malformed"


@pytest.mark.parametrize("wire", [[], 5, "hello", None], ids=["empty-array", "int", "text", "nil"])
def test_not_an_array_refused(wire):
    """A frame must be a non-empty array."""
    assert code_of(pack(wire)) == "bad_frame"


@pytest.mark.parametrize("frame_type", [0, 7, 99, -1, 2**64 - 1])
def test_unknown_frame_type_refused(frame_type):
    """Frame type numbers outside the known set are refused."""
    assert code_of(pack([frame_type, 1, 2, 3])) == "unknown_frame"


@pytest.mark.parametrize(
    "frame_type", [True, "1", 1.0, None, [1]], ids=["bool", "text", "float", "nil", "list"]
)
def test_frame_type_not_an_int_refused(frame_type):
    """A frame type that is not an integer is refused (a bool is not 1)."""
    assert code_of(pack([frame_type, 1, "Ada", None, None, None])) == "bad_frame"


@pytest.mark.parametrize("kind", [0, max(CommandKind) + 1, 1000])
def test_unknown_command_kind_refused(kind):
    """Command kinds outside the known set are refused."""
    assert code_of(pack([5, 1, kind, []])) == "unknown_command"


@pytest.mark.parametrize("kind", [0, max(EventKind) + 1, 1000])
def test_unknown_event_kind_refused(kind):
    """Event kinds outside the known set are refused."""
    assert code_of(pack([4, 1, 0, kind, None, None, []])) == "unknown_event"


@pytest.mark.parametrize(
    "wire",
    [
        [1, PROTOCOL_VERSION, "Ada"],
        [1, PROTOCOL_VERSION, "Ada", None, None, None, None, None, None],  # past the optional invitation
        [2, 1, 0, "t", 0.0],
        [3, "c", "m"],
        [4, 1, 0, 8, None, None],
        [5, 1, 2],
        [5, 1, 2, [], None],
        [6, 1],
        [6, 1, 2, 3],
    ],
    ids=[
        "hello-short",
        "hello-long",
        "welcome-short",
        "error-short",
        "event-short",
        "command-short",
        "command-long",
        "ack-short",
        "ack-long",
    ],
)
def test_wrong_field_count_refused(wire):
    """A frame with too few or too many fields is refused."""
    assert code_of(pack(wire)) == "bad_frame"


@pytest.mark.parametrize(
    "wire",
    [
        [5, 1, int(CommandKind.SAY), []],
        [5, 1, int(CommandKind.RAISE), [1, 2]],
        [5, 1, int(CommandKind.MOVE_HAND), [1]],
        [5, 1, int(CommandKind.SAY), "hi"],
        [4, 1, 0, 6, None, None, []],
    ],
    ids=["say-no-args", "raise-with-arg", "move-one-arg", "args-not-array", "event-no-fields"],
)
def test_wrong_argument_count_refused(wire):
    """A command or event with the wrong number of arguments is refused."""
    assert code_of(pack(wire)) == "bad_args"


@pytest.mark.parametrize(
    "wire",
    [
        [5, True, int(CommandKind.RAISE), []],
        [5, 1, int(CommandKind.GRANT), [True]],
        [5, 1, int(CommandKind.MOVE_HAND), [1, False]],
        [6, True, 1],
        [4, 1, True, 1, None, None, [1, "Ada", 0]],
        [1, True, "Ada", None, None, None],
    ],
    ids=["request-id", "grant-pid", "move-delta", "ack-request", "event-at", "hello-version"],
)
def test_bool_where_int_expected_refused(wire):
    """True and False are not accepted as integers anywhere."""
    assert code_of(pack(wire)) == "bad_field"


def test_bool_as_kind_refused():
    """A bool in the command kind position is not kind 1."""
    assert code_of(pack([5, 1, True, ["hi"]])) == "bad_field"


def test_negative_id_refused():
    """Participant ids and request ids are never negative."""
    assert code_of(pack([5, -1, int(CommandKind.RAISE), []])) == "bad_field"
    assert code_of(pack([5, 1, int(CommandKind.GRANT), [-4]])) == "bad_field"


def test_integer_beyond_2_53_refused():
    """Integers past 2**53 are refused (they would not survive a JavaScript client)."""
    assert code_of(pack([6, 2**53 + 1, 1])) == "bad_field"


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_agenda_minutes_out_of_range_refused(minutes):
    """A time box must be 1 to 1440 minutes."""
    assert code_of(pack([5, 1, int(CommandKind.AGENDA_ADD), ["Check-in", minutes]])) == "bad_minutes"


@pytest.mark.parametrize(
    "title", ["", "t" * 81, "a\nb", "a\x1bb"], ids=["empty", "81-chars", "newline", "escape"]
)
def test_bad_agenda_title_refused(title):
    """An agenda title must be 1-80 characters on one line without control characters."""
    assert code_of(pack([5, 1, int(CommandKind.AGENDA_ADD), [title, 10]])) == "bad_title"


@pytest.mark.parametrize("value", [max(Mode) + 1, -1], ids=["mode-past-silent", "mode-negative"])
def test_unknown_mode_refused(value):
    """SET_MODE with a mode number that does not exist is refused."""
    assert code_of(pack([5, 1, int(CommandKind.SET_MODE), [value]])) == "bad_field"


def test_unknown_role_refused():
    """SET_ROLE with a role number that does not exist is refused."""
    assert code_of(pack([5, 1, int(CommandKind.SET_ROLE), [2, 4]])) == "bad_field"


def test_text_websocket_message_refused():
    """A text (str) websocket message is refused: frames are binary."""
    assert code_of('[1, 1, "Ada", null, null, null]') == "not_binary"


def test_key_over_128_chars_refused():
    """A facilitator key or resume token longer than 128 characters is refused."""
    assert code_of(pack([1, PROTOCOL_VERSION, "Ada", "k" * 129, None, None])) == "bad_field"
    assert code_of(pack([1, PROTOCOL_VERSION, "Ada", None, "t" * 129, None])) == "bad_field"


def test_malformed_snapshot_refused():
    """A welcome whose snapshot has the wrong shape is refused as bad_snapshot."""
    assert code_of(pack([2, 1, 0, "t", 0.0, ["demo", "Demo"]])) == "bad_snapshot"


def test_snapshot_with_infinite_number_refused():
    """A snapshot with an infinite float where an integer belongs is a ProtocolError, not a crash."""
    snapshot = state_to_wire(RoomState("demo", "Demo"))
    snapshot[2] = float("inf")
    assert code_of(pack([2, 1, 0, "t", 0.0, snapshot])) == "bad_snapshot"


def test_snapshot_of_the_old_14_field_shape_refused():
    """A snapshot from before the meeting flow (14 fields, not 31) is refused as bad_snapshot."""
    snapshot = state_to_wire(RoomState("demo", "Demo"))[:14]
    assert code_of(pack([2, 1, 0, "t", 0.0, snapshot])) == "bad_snapshot"


def command_wire(kind: CommandKind, *args) -> bytes:
    return pack([5, 1, int(kind), list(args)])


def test_reading_over_8000_chars_refused():
    """A reading longer than MAX_READING_CHARS is refused as bad_reading."""
    text = "r" * (MAX_READING_CHARS + 1)
    assert code_of(command_wire(CommandKind.READING_ADD, "Preamble", text)) == "bad_reading"


def test_reading_of_8000_chars_accepted():
    """A reading of exactly MAX_READING_CHARS decodes."""
    text = "r" * MAX_READING_CHARS
    assert decode(command_wire(CommandKind.READING_ADD, "Preamble", text)).args[1] == text


def test_blank_reading_refused():
    """A reading that is only spaces is refused."""
    assert code_of(command_wire(CommandKind.READING_ADD, "Preamble", "  \n ")) == "bad_reading"


def test_decline_message_over_500_chars_refused():
    """A decline message is at most 500 characters."""
    assert code_of(command_wire(CommandKind.DECLINE, 4, "m" * 501)) == "bad_field"
    assert decode(command_wire(CommandKind.DECLINE, 4, "m" * 500)).args == (4, "m" * 500)


@pytest.mark.parametrize("minutes", [-1, MAX_SILENCE_MINUTES + 1])
def test_silence_minutes_out_of_range_refused(minutes):
    """Silence is 0 (lift it) to MAX_SILENCE_MINUTES minutes."""
    assert code_of(command_wire(CommandKind.SILENCE, 3, minutes)) == "bad_minutes"


@pytest.mark.parametrize("minutes", [0, MAX_SILENCE_MINUTES])
def test_silence_minutes_at_the_bounds_accepted(minutes):
    """0 and MAX_SILENCE_MINUTES are both allowed."""
    assert decode(command_wire(CommandKind.SILENCE, 3, minutes)).args == (3, minutes)


@pytest.mark.parametrize("value", [3, -1, True], ids=["past-thanks", "negative", "bool"])
def test_unknown_reaction_refused(value):
    """REACT takes one of the three reactions."""
    assert code_of(command_wire(CommandKind.REACT, value)) == "bad_field"


@pytest.mark.parametrize("value", [1, 0, None, "yes"], ids=["one", "zero", "nil", "text"])
def test_flag_must_be_a_bool(value):
    """On/off arguments are msgpack booleans, never 0/1 or nil."""
    assert code_of(command_wire(CommandKind.SET_CROSSTALK, value)) == "bad_field"


@pytest.mark.parametrize(
    "rules",
    [
        [1, False, 120, False],
        [1, False, 120, False, None, None, None],
        "floor",
        [9, False, None, False, None],
        [1, 0, None, False, None],
        [1, False, 0, False, None],
        [1, False, MAX_AGENDA_MINUTES * 60 + 1, False, None],
        [1, False, None, False, -2],
    ],
    ids=["short", "long", "text", "mode", "crosstalk-int", "share-0", "share-too-long", "reading-negative"],
)
def test_bad_segment_rules_refused(rules):
    """Segment rules are exactly [mode, crosstalk, share_seconds?, hard_stop, reading_id?, speaker?]."""
    assert code_of(command_wire(CommandKind.AGENDA_ADD, "Shares", 30, rules)) == "bad_field"


def test_round_order_must_be_a_list_of_ids():
    """ROUND_STARTED carries a list of non-negative ids."""
    assert code_of(pack([4, 1, 0, int(EventKind.ROUND_STARTED), None, None, [5]])) == "bad_field"
    assert code_of(pack([4, 1, 0, int(EventKind.ROUND_STARTED), None, None, [[1, -2]]])) == "bad_field"


def test_round_order_over_512_refused():
    """A round order longer than MAX_LIST_ITEMS is refused by the codec."""
    assert code_of(pack([4, 1, 0, int(EventKind.ROUND_STARTED), None, None, [[1] * 513]])) == "malformed"


def test_server_time_not_a_number_refused():
    """A welcome's server time must be a number."""
    assert code_of(pack([2, 1, 0, "t", "noon", None])) == "bad_field"
    assert code_of(pack([2, 1, 0, "t", True, None])) == "bad_field"


def test_hello_encodes_what_decode_accepts():
    """Sanity: a hello built in code decodes without error."""
    assert decode(encode(Hello(PROTOCOL_VERSION, "Ada"))).name == "Ada"
