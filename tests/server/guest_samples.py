"""The samples of the guest invitation commands for ``tests.server.limit_samples``.

Kept apart so that the sample table stays one readable file; the step vocabulary is
imported when a sample is built (``limit_samples`` imports this module first).
"""

from typing import TYPE_CHECKING, Any

from protocol.kinds import CommandKind as K
from protocol.limits import MAX_GUEST_INVITE_MINUTES
from tests.server.limit_texts import Texts

if TYPE_CHECKING:
    from tests.server.limit_samples import Scene, Step


def _newest_code(scene: "Scene") -> tuple[Any, ...]:
    """The newest open invitation's code, typed as a person might: lower case, without the dash."""
    return (scene.state.guest_invites[-1].code.replace("-", "").lower(),)


def guest_invite(t: Texts) -> list["Step"]:
    """An invitation for the longest name, valid the longest; one past it is refused."""
    from tests.server.limit_samples import Send

    return [
        Send("fran", K.GUEST_INVITE, (t.name("dee"), MAX_GUEST_INVITE_MINUTES)),
        Send("cody", K.GUEST_INVITE, (t.name("wen"), MAX_GUEST_INVITE_MINUTES + 1), refused="bad_minutes"),
        Send("cody", K.GUEST_CANCEL, _newest_code),
    ]


def guest_cancel(t: Texts) -> list["Step"]:
    """A code of look-alike characters is refused; a typed code cancels its invitation."""
    from tests.server.limit_samples import Send

    return [
        Send("cody", K.GUEST_INVITE, (t.name("wyn"),)),
        Send("fran", K.GUEST_CANCEL, ("0000-OOOO",), refused="bad_invite"),
        Send("fran", K.GUEST_CANCEL, _newest_code),
    ]
