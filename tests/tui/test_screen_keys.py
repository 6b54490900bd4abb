"""Keys of the screens over the meeting: none collide, each has its action, no leader keys for members."""

import pytest
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, OptionList

from tests.tui.test_keys import APP_BINDINGS, collisions, expanded
from tui import keys
from tui.app import TalkingStickApp
from tui.screens.desk import DeskScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.notes import MinutesDialog, PickPersonDialog, TextDialog
from tui.screens.resources import ResourcesScreen
from tui.screens.waiting import ClosedScreen

SCREENS = {
    "desk": ([*Screen.BINDINGS, *DeskScreen.BINDINGS], [OptionList.BINDINGS], False),
    "waiting": ([*Screen.BINDINGS], [VerticalScroll.BINDINGS, Checkbox.BINDINGS, Input.BINDINGS], False),
    "resources": ([*Screen.BINDINGS, *ResourcesScreen.BINDINGS], [VerticalScroll.BINDINGS], True),
    "closed": ([*Screen.BINDINGS, *ClosedScreen.BINDINGS], [Button.BINDINGS], True),
    "text": ([*Screen.BINDINGS, *TextDialog.BINDINGS], [Input.BINDINGS], True),
    "minutes": ([*Screen.BINDINGS, *MinutesDialog.BINDINGS], [Input.BINDINGS], True),
    "pick": ([*Screen.BINDINGS, *PickPersonDialog.BINDINGS], [OptionList.BINDINGS], True),
}
"""For each screen over the meeting: its bindings, those of each widget that may hold the focus, and
whether it is modal (only the app's priority keys act over a modal screen)."""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_two_bindings_on_a_screen_over_the_meeting_collide(screen):
    """Along every focus chain of a screen over the meeting, one key means one action."""
    own, focusable, modal = SCREENS[screen]
    app = [b for b in expanded(APP_BINDINGS) if b.priority or not modal]
    for widget_bindings in focusable:
        assert collisions([expanded(widget_bindings), expanded(own), app]) == []


def test_every_screen_key_has_an_action_method():
    """Each key of the desk, resources, closed notice and app names an action it implements."""
    for registry, owner in (
        (keys.meeting_keys(), MeetingScreen),
        (keys.DESK_KEYS, DeskScreen),
        (keys.RESOURCES_KEYS, ResourcesScreen),
        (keys.CLOSED_KEYS, ClosedScreen),
        (keys.APP_KEYS, TalkingStickApp),
    ):
        for entry in registry:
            target = TalkingStickApp if entry.action.startswith("app.") else owner
            assert hasattr(target, f"action_{entry.action_name}"), entry.action


SAFETY = ("note", "support", "resources", "desk", "silence")
"""Binding ids of the meeting screen's keys for notes, support, resources, the desk and pauses."""


def test_safety_keys_use_only_their_letters():
    """The notes, support, resources, desk and pause keys keep to F10, F12 and w b u y z q j."""
    allowed = {"f10", "f12", *"wbuyzqj"}
    assert {name for id in SAFETY for name in keys.BY_ID[id].keys} <= allowed


def test_members_are_offered_no_leader_safety_key():
    """The desk and pausing someone are leader actions; notes, support and resources are not."""
    leader = {keys.BY_ID[id].action_name for id in SAFETY if keys.BY_ID[id].leader}
    assert leader == {"desk", "silence_selected"}
    assert leader <= keys.LEADER_ACTIONS
