"""The weak links themselves: two network namespaces joined by one veth pair per person.

``Network(prefix)`` makes a relay namespace and a clients' namespace that exist only for
the bench. Person ``n`` gets a veth pair of their own, ``10.199.n.1`` on the relay's side
and ``10.199.n.2`` on theirs, so each person has a separate line, as members on dial-up
or a weak mobile signal do. On each end of each pair ``tc ... tbf`` limits the rate and
the MTU is small, as on a serial line; in both namespaces an nftables rule drops
``loss_percent`` of the packets arriving on those pairs at random. Neither namespace has
a default route or any link to the host's namespace: no packet can leave the machine,
or even the two namespaces.

Delay is not here (``tc netem`` is missing from this kernel): ``bench/delay_proxy.py``
adds it in the clients' namespace. Everything is undone by ``remove`` (the shell entry
point also deletes the namespaces on exit, whatever happened).
"""

import subprocess
from dataclasses import dataclass

SUBNET = "10.199"
"""Addresses used only inside the bench's own namespaces."""


@dataclass(frozen=True)
class Line:
    """One person's link: its rate and the addresses at each end."""

    number: int
    rate_bits: int

    @property
    def relay_address(self) -> str:
        """The relay's end of this line."""
        return f"{SUBNET}.{self.number}.1"

    @property
    def client_address(self) -> str:
        """The person's end of this line (upstream connections bind to it)."""
        return f"{SUBNET}.{self.number}.2"


def run(*command: str) -> None:
    """Run one ``ip``/``tc``/``nft`` command; its failure stops the bench."""
    subprocess.run(command, check=True, capture_output=True, text=True)


class Network:
    """The relay's namespace, the clients' namespace and the lines between them."""

    def __init__(self, prefix: str, *, loss_percent: int = 5, mtu: int = 576) -> None:
        """Args:
        prefix: Short and unique (the shell passes its own pid): names every namespace
            and interface the bench makes, so cleanup finds them.
        loss_percent: Packets dropped at random on arrival, each way.
        mtu: The lines' MTU (576, as slow serial links used, so one packet does not hold
            the line for seconds).
        """
        self.relay_ns = f"{prefix}r"
        self.clients_ns = f"{prefix}c"
        self.prefix = prefix
        self.loss_percent = loss_percent
        self.mtu = mtu
        self.lines: list[Line] = []

    def create(self) -> None:
        """Make both namespaces, loopback up, and the loss rule in each."""
        for namespace in (self.relay_ns, self.clients_ns):
            run("ip", "netns", "add", namespace)
            run("ip", "-n", namespace, "link", "set", "lo", "up")
            self._loss_rule(namespace)

    def _loss_rule(self, namespace: str) -> None:
        table = "weaklink"
        nft = ("ip", "netns", "exec", namespace, "nft")
        run(*nft, "add", "table", "inet", table)
        run(*nft, "add", "chain", "inet", table, "lossy", "{ type filter hook input priority 0; }")
        run(
            *nft, "add", "rule", "inet", table, "lossy", "iifname", f'"{self.prefix}*"',
            "numgen", "random", "mod", "100", "<", str(self.loss_percent), "counter", "drop",
        )  # fmt: skip

    def add_line(self, rate_bits: int) -> Line:
        """One more person's line at ``rate_bits`` bit/s each way."""
        line = Line(len(self.lines) + 1, rate_bits)
        relay_end, client_end = f"{self.prefix}r{line.number}", f"{self.prefix}c{line.number}"
        run(
            "ip", "link", "add", relay_end, "netns", self.relay_ns, "type", "veth",
            "peer", "name", client_end, "netns", self.clients_ns,
        )  # fmt: skip
        for namespace, device, address in (
            (self.relay_ns, relay_end, line.relay_address),
            (self.clients_ns, client_end, line.client_address),
        ):
            run("ip", "-n", namespace, "addr", "add", f"{address}/24", "dev", device)
            run("ip", "-n", namespace, "link", "set", device, "mtu", str(self.mtu), "up")
            # The bucket holds one packet; the queue about ten seconds at 9.6 kbit/s, as a
            # modem's buffer would, so bursts wait rather than vanish.
            run(
                "ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev", device, "root", "tbf",
                "rate", f"{rate_bits}bit", "burst", str(self.mtu + 64), "limit", "12000",
            )  # fmt: skip
        self.lines.append(line)
        return line

    def dropped(self) -> int:
        """Packets the loss rules dropped so far, both namespaces together."""
        total = 0
        for namespace in (self.relay_ns, self.clients_ns):
            listing = subprocess.run(
                ("ip", "netns", "exec", namespace, "nft", "list", "table", "inet", "weaklink"),
                capture_output=True,
                text=True,
            ).stdout
            words = listing.split()
            for index, word in enumerate(words[:-1]):
                if word == "packets" and words[index + 1].isdigit():
                    total += int(words[index + 1])
        return total

    def remove(self) -> None:
        """Delete both namespaces (their veths and rules go with them)."""
        for namespace in (self.relay_ns, self.clients_ns):
            subprocess.run(("ip", "netns", "del", namespace), capture_output=True)

    def exec_prefix(self, namespace: str) -> list[str]:
        """The command prefix that runs a program inside ``namespace``."""
        return ["ip", "netns", "exec", namespace]
