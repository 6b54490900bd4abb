"""Ordinary typing never acts on the room, whatever has the focus, for facilitators and members.

Sentences (letters, digits, punctuation, every printable ASCII character) are typed in
every focus state of the meeting screen: each focusable widget it has (found by asking
the screen, so a new widget is covered without touching this file), after Esc, after the
room key prefix was armed and cancelled, with a guarded key waiting for its second press,
with the help, the desk, a confirmation and a note dialog open. The relay's own log must
then hold nothing new but the messages sent with Enter.

A member of a room with guidelines is swept twice: first while they still owe the
guidelines (the prompt stands in for the composer and nothing may be sent, not even with
Enter, which there accepts them), then after accepting them.
"""

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widget import Widget

from protocol import CommandKind, EventKind
from protocol.codec import decode
from tests.tui.helpers import Seat, joined
from tui.screens.meeting import MeetingScreen
from tui.widgets.guidelines import GuidelinesPrompt

SENTENCES = (
    "all good",
    "I'm 10 days in. thanks!",
    "ok, yes; next? 1 2 3 [x] /",
    "".join(chr(code) for code in range(33, 127)),
)


def recorded(relay, room: str, after: int) -> list[EventKind]:
    """The kinds of the events the relay recorded in ``room`` after sequence number ``after``."""
    frames = relay.store.event_frames_after(room, after, 10_000) or []
    return [decode(frame).kind for frame in frames]


def guidelines_accepted(seat: Seat) -> bool:
    session = seat.meeting.session
    return session.state is not None and not session.state.owes_guidelines(session.pid)


def last_seq(relay, room: str) -> int:
    return relay.room(room).state.seq


def focusable(meeting: MeetingScreen) -> list[Widget]:
    """Every widget of the meeting screen that can take the focus, shown or not."""
    return [widget for widget in meeting.query("*") if widget.can_focus]


async def back_to_the_meeting(seat: Seat) -> None:
    """Close whatever is open over the meeting, cancel any waiting key, clear the composer."""
    meeting = seat.meeting
    while seat.app.screen is not meeting:
        seat.app.pop_screen()
        await seat.pilot.pause()
    if meeting.armed:
        meeting.disarm()
    meeting.action_cancel_keys()
    meeting.query_one("#composer").value = ""
    await seat.pilot.pause()


async def type_sentences(seat: Seat) -> None:
    """Type every sentence as a terminal would deliver it: key after key, without waiting.

    (``Pilot.press`` waits for the app to go idle after each key, which made this test take
    minutes; the keys still go through the app's own dispatch, in order.)
    """
    for sentence in SENTENCES:
        for character in sentence:
            seat.app.post_message(events.Key(_character_to_key(character), character))
    await seat.pilot.pause(0.1)


async def states(seat: Seat, leads: bool, covered: set[str], owing: bool = False):
    """Put the screen in each focus state in turn; yield its name and whether Enter may be pressed.

    Widgets the room's state hides now (the guidelines prompt once they are accepted, the
    composer until then) are left for the sweep in which they show; ``covered`` collects
    the ones swept, so the test can check that every focusable widget was.
    """
    meeting = seat.meeting
    for widget in focusable(meeting):
        await back_to_the_meeting(seat)
        if not widget.display:
            continue
        covered.add(widget.id or type(widget).__name__)
        widget.focus()
        await seat.pilot.pause()
        yield f"focus on {widget.id or type(widget).__name__}", not owing
    if owing:
        return
    steps = {
        "after Esc": ["escape"],
        "after Esc twice": ["escape", "escape"],
        "prefix armed then cancelled": ["ctrl+r", "escape"],
        "prefix pressed twice": ["ctrl+r", "ctrl+r"],
        "prefix then a key that is no room key": ["ctrl+r", "ctrl+a"],
        "help open": ["f1"],
    }
    if leads:
        steps |= {
            "F8 waiting for its second press": ["f8"],
            "desk open": ["f10"],
            "desk with its prefix cancelled": ["f10", "ctrl+r", "escape"],
            "a confirmation open": ["ctrl+r", "r"],
            "the readings dialog open": ["ctrl+r", "comma"],
            "the format picker open": ["ctrl+r", "f"],
            "the new agenda item dialog open": ["f9"],
        }
    else:
        steps |= {"a note dialog open": ["ctrl+r", "b"], "the leave question open": ["ctrl+q"]}
    for name, keys in steps.items():
        await back_to_the_meeting(seat)
        await seat.pilot.press(*keys)
        await seat.pilot.pause()
        yield name, seat.app.screen is meeting


@pytest.mark.parametrize("leads", [True, False], ids=["facilitator", "member"])
async def test_typing_in_every_focus_state_sends_only_messages(relay, room, leads):
    """Sentences typed in any focus state reach the relay only as messages, and only with Enter."""
    name, key = room
    url = relay.url(name)
    async with joined(url, "Fay", key) as fay, joined(url, "Max") as max_:
        fay.meeting.intents.send(CommandKind.LOAD_FORMAT, "smart")
        await fay.wait(lambda: len(fay.meeting.session.state.agenda) == 5, "the agenda")
        reading = fay.meeting.session.state.readings[0].reading_id
        fay.meeting.intents.send(CommandKind.READING_SHOW, reading)
        fay.meeting.intents.send(CommandKind.RAISE)
        typist = fay if leads else max_
        await typist.wait(lambda: typist.meeting.query_one("#readings").display, "the reading shown")
        await typist.wait(lambda: not typist.meeting.session.pending, "the set-up recorded")
        seen, covered = 0, set()
        sweeps = [False] if leads else [True, False]  # a member first owes the guidelines
        for owing in sweeps:
            if not owing and not leads:
                typist.meeting.intents.accept_guidelines()
                await typist.wait(lambda: guidelines_accepted(typist), "the acceptance")
            async for state, may_send in states(typist, leads, covered, owing):
                before = last_seq(relay, name)
                await type_sentences(typist)
                await typist.pilot.pause(0.1)
                assert recorded(relay, name, before) == [], state
                if may_send:
                    await typist.pilot.press("enter")
                    await typist.wait(lambda: not typist.meeting.session.pending, "the message recorded")
                    assert set(recorded(relay, name, before)) <= {EventKind.SAID}, state
                seen += 1
        never_shown = {
            widget.id or type(widget).__name__
            for widget in focusable(typist.meeting)
            # leaders are never asked to accept the guidelines, so they never see the prompt
            if not (leads and isinstance(widget, GuidelinesPrompt))
        } - covered
        assert never_shown == set(), "show these so that typing in them is tested"
        assert seen >= 10
        assert relay.room(name).state.agenda and relay.room(name).state.current_item is None
