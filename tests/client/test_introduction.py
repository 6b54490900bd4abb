"""A prepared introduction: kept only when asked, offered on one's round turn, never sent by itself."""

import stat

from protocol import Command, CommandKind, apply
from protocol.limits import MAX_MESSAGE_CHARS
from protocol.rules import decide
from tests.protocol.builders import event, facilitated_room
from tui.core.introduction import Introduction, introductions_folder

URL = "ws://127.0.0.1:8765/tuesday"
ADA, BO, CY, DI = 1, 2, 3, 4


def acted(state, actor, kind, *args):
    for kind_of_event, fields in decide(state, actor, Command(1, kind, tuple(args))):
        state = apply(state, event(state.seq + 1, kind_of_event, *fields, actor=actor))
    return state


def test_a_draft_stays_in_memory_unless_kept(tmp_path):
    """Writing a draft without keeping it writes nothing to disk."""
    draft = Introduction(URL, tmp_path)
    assert draft.write("Hi, I'm Di.", keep=False) is None
    assert draft.text == "Hi, I'm Di." and not any(tmp_path.iterdir())


def test_a_kept_draft_is_private_and_loads_again(tmp_path):
    """A kept draft is one 0600 file, named by no room, read back by the next start."""
    Introduction(URL, tmp_path).write("Hi, I'm Di.", keep=True)
    (kept,) = tmp_path.iterdir()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and "tuesday" not in kept.name
    again = Introduction(URL, tmp_path)
    assert again.load() and again.text == "Hi, I'm Di." and again.kept


def test_a_kept_draft_belongs_to_its_room(tmp_path):
    """Another room's address finds no introduction."""
    Introduction(URL, tmp_path).write("Hi, I'm Di.", keep=True)
    assert not Introduction("ws://127.0.0.1:8765/thursday", tmp_path).load()


def test_forget_deletes_the_kept_copy(tmp_path):
    """``forget`` deletes the file; the draft stays for this meeting."""
    draft = Introduction(URL, tmp_path)
    draft.write("Hi, I'm Di.", keep=True)
    draft.forget()
    assert not any(tmp_path.iterdir()) and draft.text == "Hi, I'm Di." and not draft.kept


def test_the_folder_follows_the_user_data_directory(tmp_path, monkeypatch):
    """Kept introductions live under the user data directory (``XDG_DATA_HOME`` here)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert introductions_folder() == tmp_path / "talkingstick" / "introductions"


def test_a_draft_longer_than_one_message_is_refused(tmp_path):
    """An introduction must fit one message: it is never split."""
    draft = Introduction(URL, tmp_path)
    refusal = draft.write("x" * (MAX_MESSAGE_CHARS + 1), keep=True)
    assert refusal is not None and str(MAX_MESSAGE_CHARS) in refusal and draft.text == ""


def test_it_is_offered_on_my_turn_in_a_round_only(tmp_path):
    """The offer comes when a round gives me the floor, not before and not in open mode."""
    draft = Introduction(URL, tmp_path)
    draft.write("Hi, I'm Bo.", keep=False)
    state = acted(facilitated_room(), ADA, CommandKind.GRANT, BO)
    assert not draft.offered(state, BO)
    state = acted(acted(state, BO, CommandKind.DONE), ADA, CommandKind.ROUND_START)
    assert state.floor_holder == ADA and not draft.offered(state, BO)
    state = acted(state, ADA, CommandKind.DONE)
    assert state.floor_holder == BO and draft.offered(state, BO)


def test_no_draft_no_offer(tmp_path):
    """Without a draft my turn offers nothing."""
    state = acted(acted(facilitated_room(), ADA, CommandKind.ROUND_START), ADA, CommandKind.DONE)
    assert not Introduction(URL, tmp_path).offered(state, BO)


def test_a_sent_draft_is_not_offered_again_until_rewritten(tmp_path):
    """Once sent in this meeting it is offered no more; writing it anew offers it again."""
    draft = Introduction(URL, tmp_path)
    draft.write("Hi, I'm Bo.", keep=False)
    state = acted(acted(facilitated_room(), ADA, CommandKind.ROUND_START), ADA, CommandKind.DONE)
    draft.sent = True
    assert not draft.offered(state, BO)
    draft.write("Hi, I'm Bo, second time here.", keep=False)
    assert draft.offered(state, BO)


def test_a_refused_introduction_is_offered_again(tmp_path):
    """When the relay refuses the message it went out as, the draft is offered again."""
    draft = Introduction(URL, tmp_path)
    draft.write("Hi, I'm Bo.", keep=False)
    state = acted(acted(facilitated_room(), ADA, CommandKind.ROUND_START), ADA, CommandKind.DONE)
    draft.sent, draft._request_id = True, 7
    draft.refused(6)
    assert not draft.offered(state, BO)
    draft.refused(7)
    assert draft.offered(state, BO)
