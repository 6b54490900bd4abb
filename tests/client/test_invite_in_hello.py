"""A guest's invitation code goes to the relay inside the hello, never in the request line.

A reverse proxy logs every request line; the code in ``?invite=`` would land in its log.
The client still takes an address with ``?invite=`` (that is how a guest may be handed
one) but moves the code into the first frame.
"""

from protocol import Role
from server import connection as relay_connection
from tests.client.session_helpers import running, until
from tests.server.test_guests import invite
from tests.wire_client import WireClient
from tui.core.session import Session


async def test_the_code_travels_in_the_hello_not_the_address(relay, room, monkeypatch):
    """Seated as a guest though the relay no longer reads codes from the address it was asked for."""
    name, key = room
    fac = await WireClient.join(relay.url(name), "Fran", key)
    code = await invite(fac)
    addresses: list[str] = []
    monkeypatch.setattr(relay_connection, "invite_in", lambda path: addresses.append(path) or None)
    async with running(relay.url(name) + f"?invite={code}", "Whoever") as lee:
        await until(lambda: lee.session.pid is not None and lee.session.state is not None)
        me = lee.session.state.participants[lee.session.pid]
        assert (me.role, me.name) == (Role.GUEST, "Dr Lee")
        assert code not in lee.session.url
    assert not any("invite" in address for address in addresses)
    await fac.close()


def test_the_address_keeps_its_other_parts():
    """Only the code leaves the address; the room and any other query stay as they were."""
    session = Session("ws://h:1/demo?x=1&invite=K7QH-3MWD", "Lee")
    assert (session.url, session.invite) == ("ws://h:1/demo?x=1", "K7QH-3MWD")
    assert Session("ws://h:1/demo", "Ann").invite is None
