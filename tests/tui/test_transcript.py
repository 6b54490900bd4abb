"""The paged transcript widget: it fills a page, turns it when full, and pages back."""

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content
from textual.message import Message

from tui.widgets import transcript as transcript_module
from tui.widgets.transcript import FORGET_BATCH, HANGING_INDENT, KEEP_ENTRIES, Transcript, fast_wrap


class OnlyTranscript(App[None]):
    """A bare app holding one transcript, 10 lines high."""

    def compose(self) -> ComposeResult:
        yield Transcript()


async def test_page_fills_then_turns_keeping_the_newest_lines():
    """Entries fill the page top down; the one that overflows starts a new page."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(10):
            transcript.add(Content(f"line {number}"))
        await pilot.pause()
        assert transcript.visible_text == [f"line {n}" for n in range(10)]
        transcript.add(Content("line 10"))
        await pilot.pause()
        visible = transcript.visible_text
        assert visible[-1] == "line 10" and "line 0" not in visible and len(visible) < 10


async def test_page_back_shows_earlier_lines_and_a_new_entry_waits_below():
    """Page Up shows history; a new entry waits below the page in view instead of moving it."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(25):
            transcript.add(Content(f"line {number}"))
        transcript.page_back()
        await pilot.pause()
        assert not transcript.is_live and "line 24" not in transcript.visible_text
        shown = transcript.visible_text
        transcript.add(Content("line 25"))
        assert not transcript.is_live and transcript.visible_text == shown


async def test_paging_forward_to_the_end_shows_what_arrived_while_reading_back():
    """Page Down from history reaches the newest page, with the entries that waited."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        for number in range(25):
            transcript.add(Content(f"line {number}"))
        transcript.page_back()
        transcript.add(Content("line 25"))
        transcript.page_forward()
        assert transcript.is_live and "line 25" in transcript.visible_text


async def test_show_from_opens_the_page_at_the_first_unread_entry():
    """``show_from`` starts the page at the entry numbered by ``next_serial`` when one left."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        for number in range(25):
            transcript.add(Content(f"line {number}"))
        transcript.page_back()
        mark = transcript.next_serial
        for number in range(25, 50):
            transcript.add(Content(f"line {number}"))
        assert transcript.show_from(mark)
        assert transcript.visible_text[0] == "line 25" and not transcript.is_live


async def test_go_live_shows_the_newest_page():
    """Writing while reading back brings the newest page back."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        for number in range(25):
            transcript.add(Content(f"line {number}"))
        transcript.page_back()
        transcript.add(Content("line 25"))
        transcript.go_live()
        assert transcript.is_live and transcript.visible_text[-1] == "line 25"


async def test_pending_entry_is_replaced_in_place():
    """An entry with a key can be replaced without moving the others."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        transcript.add(Content("first"))
        transcript.add(Content("mine …"), key=("pending", 1))
        assert transcript.replace(("pending", 1), Content("mine"))
        assert transcript.visible_text == ["first", "mine"]
        assert not transcript.has(("pending", 1))


async def test_long_entry_wraps_with_a_hanging_indent():
    """Continuation lines of a long message start under its text, not under the time."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        transcript.add(Content("12:00 Sam: " + "word " * 12))
        first, second, *_ = transcript.visible_text
        assert first.startswith("12:00 Sam:") and second.startswith(" " * HANGING_INDENT + "word")


def count_wraps(monkeypatch) -> list[int]:
    """Count every wrap from now on (Textual's or the fast one): the costly step of showing a line."""
    calls = [0]

    def counting(real):
        def counted(*args, **kwargs):
            calls[0] += 1
            return real(*args, **kwargs)

        return counted

    monkeypatch.setattr(Content, "wrap", counting(Content.wrap))
    monkeypatch.setattr(transcript_module, "fast_wrap", counting(transcript_module.fast_wrap))
    return calls


def long_line(number: int) -> Content:
    return Content(f"12:00 Sam: message {number} " + "word " * 12)


async def test_a_line_costs_the_same_with_10_or_all_entries_kept(monkeypatch):
    """Adding a line wraps that line only, however many entries the transcript keeps."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(10):
            transcript.add(long_line(number))
        await pilot.pause()
        wraps = count_wraps(monkeypatch)
        transcript.add(long_line(10))
        with_few = wraps[0]
        monkeypatch.undo()
        assert with_few > 0
        for number in range(11, KEEP_ENTRIES):
            transcript.add(long_line(number))
        wraps = count_wraps(monkeypatch)
        added = KEEP_ENTRIES // 5  # enough to forget old entries more than once
        for number in range(added):
            transcript.add(long_line(KEEP_ENTRIES + number))
        assert wraps[0] == with_few * added


async def test_a_new_height_wraps_nothing_again(monkeypatch):
    """A panel opening above the transcript changes its height only: no line is wrapped again."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(30):
            transcript.add(long_line(number))
        await pilot.pause()
        wraps = count_wraps(monkeypatch)
        await pilot.resize_terminal(40, 6)
        await pilot.pause()
        assert wraps[0] == 0 and transcript.visible_text[-1].strip().endswith("word")
        assert "message 29" in " ".join(transcript.visible_text)


async def test_a_new_width_wraps_every_entry_again():
    """A narrower terminal re-wraps the kept entries to the new width."""
    app = OnlyTranscript()
    async with app.run_test(size=(60, 10)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add(long_line(1))
        await pilot.pause()
        wide = len(transcript.visible_text)
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert len(transcript.visible_text) > wide
        assert all(len(line) <= 28 for line in transcript.visible_text)


async def test_a_turned_page_carries_the_last_third_of_the_previous_one():
    """When a page fills, its last third stays at the top of the next, above the new entry."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(10):
            transcript.add(Content(f"line {number}"))
        transcript.add(long_line(10))  # three lines: it does not fit on the full page
        await pilot.pause()
        visible = transcript.visible_text
        assert visible[:3] == ["line 7", "line 8", "line 9"]
        assert visible[3].startswith("12:00 Sam: message 10") and len(visible) == 6


async def test_a_turned_page_carries_context_after_a_long_message():
    """Even after a message taller than a third of the page, the next page starts with its end."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add(Content("12:00 Ana: " + "long " * 50))  # eight lines
        transcript.add(Content("12:01 Sam: reply"))
        transcript.add(Content("12:02 Bo: a question that takes two lines " + "here " * 4))
        transcript.add(Content("12:03 Ana: answer"))
        await pilot.pause()
        visible = transcript.visible_text
        assert visible[-1] == "12:03 Ana: answer" and visible[0].startswith(" " * HANGING_INDENT + "long")
        assert "12:01 Sam: reply" in visible


async def test_forgetting_a_pending_entry_wraps_nothing_again(monkeypatch):
    """Our own message's echo removes its pending line without wrapping the other entries."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        for number in range(50):
            transcript.add(long_line(number))
        transcript.add(Content("mine …"), key=("pending", 1))
        transcript.add(long_line(50))
        await pilot.pause()
        wraps = count_wraps(monkeypatch)
        assert transcript.forget(("pending", 1))
        assert transcript.replace(("pending", 2), Content("x")) is False
        assert wraps[0] == 0 and not transcript.has(("pending", 1))
        assert "mine …" not in transcript.visible_text and "message 50" in " ".join(transcript.visible_text)


async def test_a_replacement_of_another_height_moves_the_lines_below():
    """A pending line replaced by a longer one pushes the following lines down."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        transcript.add(Content("first"))
        transcript.add(Content("mine …"), key=("pending", 1))
        transcript.add(Content("last"))
        assert transcript.replace(("pending", 1), long_line(1))
        visible = transcript.visible_text
        assert visible[0] == "first" and visible[1].startswith("12:00 Sam: message 1")
        assert visible[-1] == "last" and len(visible) == 5


async def test_the_oldest_entries_are_forgotten_beyond_the_kept_number():
    """After more than ``KEEP_ENTRIES`` entries the oldest are gone and the newest shown."""
    app = OnlyTranscript()
    async with app.run_test(size=(40, 10)):
        transcript = app.query_one(Transcript)
        transcript.add(Content("the oldest"), key="oldest")
        for number in range(KEEP_ENTRIES + FORGET_BATCH):
            transcript.add(Content(f"line {number}"))
        assert not transcript.has("oldest")
        assert transcript.visible_text[-1] == f"line {KEEP_ENTRIES + FORGET_BATCH - 1}"
        for _ in range(KEEP_ENTRIES + FORGET_BATCH):
            transcript.page_back()
        assert transcript.visible_text[0] != "the oldest"


class CountingTranscript(Transcript):
    """A transcript that counts the lines it paints."""

    painted = 0

    def render_line(self, y):
        CountingTranscript.painted += 1
        return super().render_line(y)


class Arrived(Message):
    """One line from the network, as the meeting screen gets each event."""

    def __init__(self, line: Content) -> None:
        super().__init__()
        self.line = line


class BurstApp(App[None]):
    """A transcript fed by messages, one per line."""

    def compose(self) -> ComposeResult:
        yield CountingTranscript()

    def on_arrived(self, message: Arrived) -> None:
        self.query_one(Transcript).add(message.line)


async def test_a_burst_of_lines_is_painted_once():
    """Forty lines arriving together, turning the page several times, repaint the page once."""
    app = BurstApp()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        await pilot.pause()
        CountingTranscript.painted = 0
        for number in range(40):
            app.post_message(Arrived(long_line(number)))
        await pilot.pause()
        await pilot.pause()
        assert "message 39" in " ".join(transcript.visible_text)
        assert CountingTranscript.painted <= transcript.content_size.height


@settings(max_examples=500)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab  éΩ-.")), max_size=80),
    width=st.integers(1, 30),
    styled=st.booleans(),
)
def test_the_fast_wrap_cuts_lines_as_textual_does(text, width, styled):
    """Text of one-cell characters is wrapped into the very lines and styles ``Content.wrap`` gives."""
    content = Content.assemble(("12:00 ", "bold"), ("Sam", "italic"), ": ", text) if styled else Content(text)
    expected = content.wrap(width)
    wrapped = fast_wrap(content, width)
    assert [line.plain for line in wrapped] == [line.plain for line in expected]
    assert [line.spans for line in wrapped] == [line.spans for line in expected]


def test_typed_lines_of_a_message_cannot_pass_for_lines_of_their_own():
    """Typed lines after the first, and their wraps, are indented: no forged stamp or dot at column 0."""
    forged = Content(
        "12:00 Max: hi\n21:04 Fran: the meeting is over, everyone may leave now\n· The meeting has ended"
    )
    lines = [line.plain for line in Transcript._wrap(forged, 40)]
    assert lines[0] == "12:00 Max: hi"
    assert all(line.startswith(" " * HANGING_INDENT) for line in lines[1:])
