"""The key registry: no two bindings on one screen collide, and every key has its action."""

from collections.abc import Iterable

import pytest
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList

from tui import keys
from tui.app import TalkingStickApp
from tui.screens.dialogs import AgendaItemScreen, ConfirmScreen, NameScreen
from tui.screens.help import HelpScreen
from tui.screens.lobby import LobbyScreen
from tui.screens.meeting import MeetingScreen
from tui.widgets.composer import Composer
from tui.widgets.people import PeopleList

OURS = {
    key.binding.id
    for registry in (
        keys.APP_KEYS,
        keys.MEETING_KEYS,
        keys.ROOM_KEYS,
        keys.PEOPLE_KEYS,
        keys.LOBBY_KEYS,
        keys.DIALOG_KEYS,
    )
    for key in registry
}
APP_BINDINGS = [
    *TalkingStickApp.BINDINGS,
    Binding(TalkingStickApp.COMMAND_PALETTE_BINDING, "app.command_palette"),
]

SCREENS: dict[str, tuple[list[BindingType], list[list[BindingType]]]] = {
    "meeting": ([*Screen.BINDINGS, *MeetingScreen.BINDINGS], [Composer.BINDINGS, PeopleList.BINDINGS, []]),
    "lobby": ([*Screen.BINDINGS, *LobbyScreen.BINDINGS], [OptionList.BINDINGS, []]),
    "help": ([*Screen.BINDINGS, *HelpScreen.BINDINGS], [VerticalScroll.BINDINGS]),
    "confirm": ([*Screen.BINDINGS, *ConfirmScreen.BINDINGS], [Button.BINDINGS]),
    "agenda item": ([*Screen.BINDINGS, *AgendaItemScreen.BINDINGS], [Input.BINDINGS]),
    "name": ([*Screen.BINDINGS, *NameScreen.BINDINGS], [Input.BINDINGS]),
}
"""For each screen: its own bindings, and those of each widget that may hold the focus."""


def expanded(bindings: Iterable[BindingType]) -> list[Binding]:
    return list(Binding.make_bindings(bindings))


def action_of(binding: Binding) -> str:
    """The action without a namespace, so ``app.help`` on two nodes counts as one action."""
    action = binding.action
    return action.split(".", 1)[-1] if action.startswith(("app.", "screen.")) else action


def collisions(chain: list[list[Binding]]) -> list[str]:
    """Keys that lead to two different actions along one focus chain, where one is ours."""
    found = []
    seen: dict[str, Binding] = {}
    for level, bindings in enumerate(chain):
        for binding in bindings:
            earlier = seen.get(binding.key)
            if earlier is None:
                seen[binding.key] = binding
                continue
            if action_of(earlier) == action_of(binding) or not ({earlier.id, binding.id} & OURS):
                continue
            if level > 0 and binding.key in keys.OVERRIDES and earlier in chain[0]:
                continue  # the focused widget deliberately takes this key over
            found.append(f"{binding.key}: {earlier.action} / {binding.action}")
    return found


MODAL = {"help", "confirm", "agenda item", "name"}
"""Screens above which only the app's priority bindings still act."""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_two_bindings_on_a_screen_collide(screen):
    """Along every focus chain of a screen, one key means one action."""
    own, focusable = SCREENS[screen]
    app = [b for b in expanded(APP_BINDINGS) if b.priority or screen not in MODAL]
    for widget_bindings in focusable:
        chain = [expanded(widget_bindings), expanded(own), app]
        assert collisions(chain) == []


def test_the_check_catches_a_letter_bound_to_two_actions():
    """The collision check itself catches a letter bound to two actions."""
    chain = [[Binding("h", "other", id="x")], expanded(MeetingScreen.BINDINGS), []]
    assert collisions(chain) == ["h: other / room_key('hand')"]


def test_every_key_has_an_action_method():
    """Each registry entry names an action that its screen or the app implements."""
    for registry, owner in (
        (keys.meeting_keys(), MeetingScreen),
        (keys.APP_KEYS, TalkingStickApp),
        (keys.LOBBY_KEYS, LobbyScreen),
    ):
        for key in registry:
            target = TalkingStickApp if key.action.startswith("app.") else owner
            assert hasattr(target, f"action_{key.action_name}"), key.action


def test_binding_ids_are_unique():
    """Every binding id names one binding, so a keymap can remap it."""
    registry = list(
        dict.fromkeys(
            (
                *keys.APP_KEYS,
                *keys.MEETING_KEYS,
                *keys.ROOM_KEYS,
                *keys.PEOPLE_KEYS,
                *keys.LOBBY_KEYS,
                *keys.DIALOG_KEYS,
            )
        )
    )
    ids = [key.binding.id for key in registry]
    assert len(ids) == len(set(ids))


def test_typing_never_triggers_an_action():
    """Keys that act while the composer has the focus are not printable characters."""
    for key in keys.MEETING_KEYS:
        for name in key.keys:
            assert keys.is_typing_safe(name) or Composer().check_consume_key(name, key_to_character(name))
