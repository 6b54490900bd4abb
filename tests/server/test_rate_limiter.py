"""The token buckets and the flood count, with a hand-turned clock; the limits table as data."""

import pytest

from protocol import CommandKind
from protocol.kinds import LEADER_COMMANDS, WAITER_COMMANDS
from protocol.rate_limits import (
    DEFAULT_RATE_LIMITS,
    LEADER_BUCKET,
    Allowance,
    Bucket,
    allowance_for,
    flood_notice,
    slow_down_message,
)
from server.rate_limiter import RateLimiter

MESSAGES = Bucket(5, 2.0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_burst_then_wait(clock):
    """Five at once go through; the sixth must wait two seconds."""
    limiter = RateLimiter(clock=clock)
    assert [limiter.take(1, Allowance.MESSAGES, MESSAGES) for _ in range(5)] == [0.0] * 5
    assert limiter.take(1, Allowance.MESSAGES, MESSAGES) == pytest.approx(2.0)


def test_one_more_after_each_refill_period(clock):
    """After the burst, one command more every ``every_seconds``."""
    limiter = RateLimiter(clock=clock)
    for _ in range(5):
        limiter.take(1, Allowance.MESSAGES, MESSAGES)
    clock.now += 2.0
    assert limiter.take(1, Allowance.MESSAGES, MESSAGES) == 0.0
    clock.now += 1.0
    assert limiter.take(1, Allowance.MESSAGES, MESSAGES) == pytest.approx(1.0)


def test_bucket_refills_no_further_than_its_burst(clock):
    """An hour of quiet still allows only one burst."""
    limiter = RateLimiter(clock=clock)
    limiter.take(1, Allowance.MESSAGES, MESSAGES)
    clock.now += 3600
    assert [limiter.take(1, Allowance.MESSAGES, MESSAGES) for _ in range(6)][-1] > 0


def test_people_and_allowances_have_their_own_buckets(clock):
    """One person's used-up messages leave their hand and others' messages alone."""
    limiter = RateLimiter(clock=clock)
    for _ in range(5):
        limiter.take(1, Allowance.MESSAGES, MESSAGES)
    assert limiter.take(1, Allowance.HAND, Bucket(4, 5.0)) == 0.0
    assert limiter.take(2, Allowance.MESSAGES, MESSAGES) == 0.0


def test_flood_is_the_twentieth_refusal_within_a_minute(clock):
    """Nineteen refusals are not a flood; the twentieth within the window is."""
    limiter = RateLimiter(clock=clock)
    assert [limiter.refuse(1) for _ in range(19)] == [None] * 19
    assert limiter.refuse(1) == 20


def test_refusals_spread_over_more_than_a_minute_are_no_flood(clock):
    """Twenty refusals, one every four seconds, never make a flood."""
    limiter = RateLimiter(clock=clock)
    results = []
    for _ in range(40):
        results.append(limiter.refuse(1))
        clock.now += 4.0
    assert results == [None] * 40


def test_flood_is_reported_again_only_after_the_pause(clock):
    """During the relay's five-minute pause a continued flood is not reported again."""
    limiter = RateLimiter(clock=clock)
    reports = [limiter.refuse(1) for _ in range(100)]
    assert [r for r in reports if r is not None] == [20]
    clock.now += 301
    assert [limiter.refuse(1) for _ in range(20)][-1] == 20


def test_keep_only_forgets_those_gone(clock):
    """People no longer in the room lose their buckets (and start afresh if a pid came back)."""
    limiter = RateLimiter(clock=clock)
    for pid in (1, 2, 3):
        limiter.take(pid, Allowance.MESSAGES, MESSAGES)
    limiter.keep_only([2])
    assert len(limiter) == 1


@pytest.mark.parametrize("kind", list(CommandKind), ids=lambda kind: kind.name)
def test_every_command_draws_on_a_bucket_for_everyone(kind):
    """Whoever sends it, every command kind has a bucket: nothing is unlimited."""
    for waiting in (False, True):
        allowance = allowance_for(kind, waiting=waiting)
        for leads in (False, True):
            bucket = DEFAULT_RATE_LIMITS.bucket(allowance, leads=leads)
            assert bucket.burst >= 1 and bucket.every_seconds > 0


def test_member_and_waiting_commands_have_their_own_allowances():
    """Every command a member or someone waiting may send has its named allowance, not OTHER."""
    # A link report is paced apart, quietly (LINK_REPORT_BUCKET in server.link_reports).
    member_kinds = set(CommandKind) - LEADER_COMMANDS - {CommandKind.WAITER_UPDATE, CommandKind.LINK_REPORT}
    assert all(allowance_for(k, waiting=False) is not Allowance.OTHER for k in member_kinds)
    assert all(allowance_for(k, waiting=True) is not Allowance.OTHER for k in WAITER_COMMANDS)
    assert allowance_for(CommandKind.NOTE, waiting=True) is Allowance.WAITING_NOTES


def test_leaders_get_generous_buckets():
    """A leader's buckets are larger and faster than any member's."""
    for allowance in Allowance:
        member = DEFAULT_RATE_LIMITS.bucket(allowance, leads=False)
        assert DEFAULT_RATE_LIMITS.bucket(allowance, leads=True) == LEADER_BUCKET
        assert LEADER_BUCKET.burst > member.burst and LEADER_BUCKET.every_seconds < member.every_seconds


def test_slow_down_message_names_the_action_and_whole_seconds():
    """The refusal says what may be done again, rounded up to a whole second."""
    assert slow_down_message(Allowance.MESSAGES, 2.2) == "Slow down: you can post again in 3 s."
    assert (
        slow_down_message(Allowance.HAND, 0.1) == "Slow down: you can raise or lower your hand again in 1 s."
    )


def test_flood_notice_says_who_and_the_pause():
    """The facilitators' sentence names the person, the refusals and the pause."""
    assert flood_notice("Ann", 20, 5) == (
        "The relay refused 20 commands from Ann within a minute and paused their messages for 5 minutes."
    )


def test_flooding_lasts_as_long_as_the_pause(clock):
    """Someone reported is flooding for the five minutes of the pause, then no longer."""
    limiter = RateLimiter(clock=clock)
    for _ in range(19):
        limiter.refuse(1)
    assert not limiter.is_flooding(1)
    limiter.refuse(1)
    assert limiter.is_flooding(1) and not limiter.is_flooding(2)
    clock.now += 301
    assert not limiter.is_flooding(1)
