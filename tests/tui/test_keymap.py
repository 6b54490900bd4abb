"""The user's keymap: read from keys.toml, it moves a binding and the hints that name its key."""

import pytest

from tests.tui.helpers import joined
from tui import keys
from tui.keymap import load_keymap
from tui.widgets.composer import floor_hint


@pytest.fixture
def default_keys():
    """Whatever a test's keymap changed, the next test starts from the default keys."""
    yield
    keys.use_keymap({})


def test_a_keymap_keeps_known_ids_and_drops_the_rest(tmp_path):
    """Binding ids with a string of keys are kept; unknown ids and other values are left out."""
    path = tmp_path / "keys.toml"
    path.write_text('hand = "h,f11"\nno-such-action = "f12"\ndesk = 3\n', encoding="utf-8")
    assert load_keymap(path) == {"hand": "f11"}


def test_no_keymap_file_means_the_defaults(tmp_path):
    """Without keys.toml every key keeps its default."""
    assert load_keymap(tmp_path / "keys.toml") == {}


async def test_a_keymap_moves_the_hand_to_another_key(relay, room, tmp_path, default_keys):
    """With ``hand = "h,f11"`` in keys.toml, F11 raises the hand and the hints name F11."""
    path = tmp_path / "keys.toml"
    path.write_text('hand = "h,f11"\n', encoding="utf-8")
    name, _ = room
    async with joined(relay.url(name), "Max", keymap=load_keymap(path)) as max_:
        await max_.pilot.press("f11")
        await max_.wait(
            lambda: max_.meeting.session.pid in max_.meeting.session.state.hand_queue, "a hand up"
        )
        assert keys.label_of("hand") == "F11"
        assert "F11 raises your hand" in floor_hint()


def test_a_keymap_cannot_put_a_letter_on_a_key_that_works_while_typing(tmp_path):
    """Letters given to actions that act while typing are left out; room keys may have them."""
    path = tmp_path / "keys.toml"
    path.write_text(
        'agenda-next = "a"\nroom-agenda-next = "j"\nhelp = "f1,question_mark"\n', encoding="utf-8"
    )
    assert load_keymap(path) == {"room-agenda-next": "j", "help": "f1"}
