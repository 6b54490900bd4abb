"""Guest speakers in line mode: a facilitator's /guest prints the code, the guest reads as one."""

import asyncio
import re

from protocol.close_codes import BAD_INVITE_MESSAGE
from tests.line.helpers import TIMEOUT, LineClient, LineProcess

CODE = re.compile(r"code ([2-9A-Z]{4}-[2-9A-Z]{4}), valid once for 24 hours")


async def invited(fran: LineClient, name: str = "Dr Lee") -> str:
    """Type ``/guest NAME`` as the facilitator; the code printed back."""
    line = fran.out[await fran.wait_for("as a guest speaker: code", fran.type(f"/guest {name}"))]
    match = CODE.search(line)
    assert match is not None, line
    return match.group(1)


async def test_slash_guest_prints_the_code_to_the_facilitator(relay, room):
    """``/guest Dr Lee`` prints who was invited, the code and how long it lasts."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    code = await invited(fran)
    assert f"You invited Dr Lee as a guest speaker: code {code}" in "\n".join(fran.out)
    who = await fran.ask("/who", "open guest invitation")
    assert any(line.strip().startswith(f"{code}  Dr Lee  until") for line in fran.out[-3:]), who
    await fran.end()


async def test_a_member_may_not_invite(relay, room):
    """A member's ``/guest`` is refused and no code is printed."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    sam = await LineClient(relay.url("demo"), "Sam").start()
    refused = await sam.ask("/guest Dr Lee", "facilitator")
    assert not any("code" in line for line in refused)
    await sam.end()
    await fran.end()


async def test_the_guest_reads_as_a_guest_in_line_mode(relay, room):
    """A guest in line mode is told they are a guest; /who marks them for everyone."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    code = await invited(fran)
    lee = await LineClient(relay.url("demo") + f"?invite={code}", "Lee").start()
    assert any("as Dr Lee (guest speaker)" in line for line in lee.out)
    await fran.wait_for("Dr Lee joined as guest speaker")
    await fran.ask("/who", "Dr Lee (guest speaker)")
    lee.type("hello, all")
    await fran.wait_for("Dr Lee (guest): hello, all")
    await lee.end()
    await fran.end()


async def test_uninvite_cancels_a_code(relay, room):
    """``/uninvite CODE`` cancels the invitation; the facilitator reads so."""
    fran = await LineClient(relay.url("demo"), "Fran", room[1]).start()
    code = await invited(fran)
    await fran.ask(f"/uninvite {code.lower()}", f"You cancelled the invitation {code}")
    await fran.end()


async def test_a_code_that_opens_nothing_ends_the_command_with_status_1(relay, room):
    """``talkingstick --line`` with a spent code, its input still open: the sentence, then status 1.

    The SSH door hands the status on as the session's; the reader of standard input must
    not keep the interpreter from ending (it aborted with SIGABRT, status -6, before).
    """
    lee = await LineProcess.start(
        "--line", relay.url("demo"), env={"TALKINGSTICK_INVITE": "ZZZZ-2222"}
    )
    await lee.wait_for(BAD_INVITE_MESSAGE)
    assert await asyncio.wait_for(lee.process.wait(), TIMEOUT * 3) == 1
