"""The client refuses a deceptive name before connecting, with the relay's own reason."""

import pytest

from tui.cli import default_name, parse_args


@pytest.mark.parametrize("name", ["Host", "Fran (facilitator)", "Fran\u200b", "\u200b"])
def test_command_line_refuses_a_deceptive_name(name, capsys):
    """`talkingstick --name` with a role word or an invisible character stops with a reason."""
    with pytest.raises(SystemExit):
        parse_args(["ws://127.0.0.1:1/demo", "--name", name])
    assert "display name" in capsys.readouterr().err


def test_command_line_keeps_the_final_form_of_a_name():
    """The name given on the command line is normalised (full-width letters, extra spaces)."""
    assert parse_args(["ws://127.0.0.1:1/demo", "--name", " \uff21da   L "]).name == "Ada L"


def test_os_user_named_admin_joins_as_visitor(monkeypatch):
    """An OS account called "admin" does not become a display name claiming a role."""
    monkeypatch.setattr("getpass.getuser", lambda: "admin")
    assert default_name() == "visitor"


def test_invite_goes_into_the_rooms_address():
    """``--invite CODE`` puts the guest's code in the room address the relay reads it from."""
    args = parse_args(["ws://127.0.0.1:1/demo", "--name", "Lee", "--invite", "K7QH-3MWD"])
    assert args.address == "ws://127.0.0.1:1/demo?invite=K7QH-3MWD"


def test_invited_guest_is_not_asked_for_a_name(monkeypatch):
    """A guest with ``--invite`` and no ``--name`` is not asked: the invitation names them."""
    monkeypatch.setattr("getpass.getuser", lambda: "lee")
    args = parse_args(["ws://127.0.0.1:1/demo", "--invite", "K7QH-3MWD"])
    assert args.name == "lee"


def test_invite_may_come_from_the_environment(monkeypatch):
    """``TALKINGSTICK_INVITE`` gives the code when ``--invite`` does not (kept out of ``ps``)."""
    monkeypatch.setenv("TALKINGSTICK_INVITE", "K7QH-3MWD")
    args = parse_args(["ws://127.0.0.1:1/demo"])
    assert args.address == "ws://127.0.0.1:1/demo?invite=K7QH-3MWD"
    given = parse_args(["ws://127.0.0.1:1/demo", "--invite", "ABCD-2345"])
    assert given.address == "ws://127.0.0.1:1/demo?invite=ABCD-2345"
