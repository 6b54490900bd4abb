"""The care screens' keys: none collide, each has its action, members get no leader keys."""

import pytest
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, OptionList

from tests.tui.test_keys import APP_BINDINGS, collisions, expanded
from tui import care_keys, keys
from tui.app import TalkingStickApp
from tui.screens.desk import DeskScreen
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
"""For each care screen: its bindings, those of each widget that may hold the focus, and
whether it is modal (only the app's priority keys act over a modal screen)."""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_two_bindings_on_a_care_screen_collide(screen):
    """Along every focus chain of a care screen, one key means one action."""
    own, focusable, modal = SCREENS[screen]
    app = [b for b in expanded(APP_BINDINGS) if b.priority or not modal]
    app += [b for b in expanded(keys.bindings(care_keys.APP_CARE_KEYS)) if b.priority or not modal]
    for widget_bindings in focusable:
        assert collisions([expanded(widget_bindings), expanded(own), app]) == []


def test_every_care_key_has_an_action_method():
    """Each care key names an action its screen or the app implements."""
    from tui.screens.care_actions import CareActions

    for registry, owner in (
        (care_keys.CARE_KEYS, CareActions),
        (care_keys.DESK_KEYS, DeskScreen),
        (care_keys.RESOURCES_KEYS, ResourcesScreen),
        (care_keys.CLOSED_KEYS, ClosedScreen),
        (care_keys.APP_CARE_KEYS, TalkingStickApp),
    ):
        for entry in registry:
            target = TalkingStickApp if entry.action.startswith("app.") else owner
            assert hasattr(target, f"action_{entry.action_name}"), entry.action


def test_care_keys_use_only_their_letters():
    """The meeting screen's care keys keep to F10, F12 and the letters w b u y z q j."""
    allowed = {"f10", "f12", *"wbuyzqj"}
    assert {name for entry in care_keys.CARE_KEYS for name in entry.keys} <= allowed


def test_members_are_offered_no_leader_care_key():
    """The desk and pausing someone are leader actions; notes, support and resources are not."""
    leader = {entry.action_name for entry in care_keys.CARE_KEYS if entry.leader}
    assert leader == {"desk", "silence_selected"}
    assert leader <= keys.LEADER_ACTIONS
