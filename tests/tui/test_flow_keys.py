"""The meeting-flow keys: no collisions on the new dialogs and panel, offered to the right people."""

from textual.screen import Screen
from textual.widgets import Input, OptionList

from tests.tui.helpers import joined
from tests.tui.test_keys import APP_BINDINGS, collisions, expanded
from tui import keys
from tui.palette import palette_keys
from tui.screens.formats import FormatScreen
from tui.screens.help import HelpScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.reading_picker import ReadingPickerScreen
from tui.widgets.readings import ReadingPanel

FLOW_ACTIONS = {
    "pass_turn",
    "react",
    "read_on",
    "toggle_readings",
    "round_toggle",
    "round_skip_selected",
    "toggle_crosstalk",
    "load_format",
    "reading_dialog",
}


def test_reading_panel_focus_collides_with_nothing():
    """While the reading panel has the focus, every key still means one action."""
    chain = [
        expanded(ReadingPanel.BINDINGS),
        expanded([*Screen.BINDINGS, *MeetingScreen.BINDINGS]),
        expanded(APP_BINDINGS),
    ]
    assert collisions(chain) == []


def test_flow_dialogs_collide_with_nothing():
    """The format picker and the readings dialog keep one action per key along their focus chains."""
    app = [b for b in expanded(APP_BINDINGS) if b.priority]
    for screen, widgets in ((FormatScreen, (OptionList, Input)), (ReadingPickerScreen, (OptionList,))):
        for widget in widgets:
            chain = [expanded(widget.BINDINGS), expanded([*Screen.BINDINGS, *screen.BINDINGS]), app]
            assert collisions(chain) == [], screen.__name__


def test_every_flow_and_safety_key_has_an_action():
    """Each new key names an action the meeting screen (or the app) implements."""
    for entry in keys.meeting_keys():
        if not entry.action.startswith("app."):  # the app's own are checked in test_keys
            assert hasattr(MeetingScreen, f"action_{entry.action_name}"), entry.action
    assert {entry.action_name for entry in keys.meeting_keys()} >= FLOW_ACTIONS


def test_leader_actions_include_the_desk_and_pauses():
    """The desk and pausing someone are kept from members like the meeting's other leader keys."""
    assert {"desk", "silence_selected"} <= keys.LEADER_ACTIONS
    assert {"round_toggle", "load_format", "reading_dialog"} <= keys.LEADER_ACTIONS
    assert "pass_turn" not in keys.LEADER_ACTIONS and "react" not in keys.LEADER_ACTIONS


def test_palette_offers_flow_and_safety_actions_by_role():
    """Members find Pass and the reactions; facilitators also find rounds and formats."""
    member = {entry.action_name for entry in palette_keys(leads=False, in_meeting=True)}
    leader = {entry.action_name for entry in palette_keys(leads=True, in_meeting=True)}
    assert {"pass_turn", "react", "toggle_readings"} <= member
    assert not {"round_toggle", "load_format"} & member
    assert {"round_toggle", "load_format", "reading_dialog"} <= leader
    assert {"note", "support", "resources"} <= member


async def test_help_lists_pass_for_members_and_rounds_for_facilitators(relay, room):
    """F1 shows a member Pass and the reactions, and a facilitator the round and format keys too."""
    name, key = room
    async with joined(relay.url(name), "Fay", key) as fay, joined(relay.url(name), "Max") as max_:
        for seat in (fay, max_):
            await seat.pilot.press("f1")
            await seat.opened(HelpScreen)
        member, leader = max_.app.screen.text, fay.app.screen.text
        assert "Pass: let your turn go by" in member and "React <3" in member
        assert (
            "Start a round" not in member and "Start a round" in leader and "Load a meeting format" in leader
        )


async def test_pass_is_offered_only_with_something_to_pass(relay, room):
    """A member with no turn and no hand is not offered Pass; with a hand up they are."""
    name, key = room
    async with joined(relay.url(name), "Max") as max_:

        def offered() -> set[str]:
            return {binding.action for _, binding, enabled, _ in max_.meeting.active_bindings.values()}

        assert "pass_turn" not in offered()
        await max_.pilot.press("f2")
        await max_.wait(lambda: "pass_turn" in offered(), "Pass offered with the hand up")
        await max_.pilot.press("f4")
        await max_.wait(lambda: max_.shows("Max passed"), "the pass")
        assert max_.meeting.session.state.hand_queue == ()
