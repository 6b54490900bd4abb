#!/usr/bin/env bash
# Scripted meetings over emulated weak links (9.6 and 2.4 kbit/s, 400 ms each way, 5 % loss):
# see bench/weaklink.py. Needs root for network namespaces. Every address it uses
# (10.199.x.x) exists only inside the two namespaces it creates, and they are deleted on
# exit whatever happens. Arguments go to bench/weaklink.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "weaklink: network namespaces need root; run it with sudo" >&2
  exit 2
fi

# ip and tc come with iproute2, nft with nftables: install them when missing, and say so.
for tool in ip:iproute2 tc:iproute2 nft:nftables; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "weaklink: ${tool%%:*} is missing; installing ${tool##*:} with apt-get"
    apt-get install -y -qq "${tool##*:}" >/dev/null || {
      apt-get update -qq >/dev/null && apt-get install -y -qq "${tool##*:}" >/dev/null
    }
  fi
done

python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python

prefix="tsw$$"
child=""
# The bench runs in the background so that a signal reaches this shell at once: the trap
# stops the bench (which stops the relay and the meeting and removes its namespaces),
# then deletes the namespaces again in case the bench could not.
cleanup() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  ip netns del "${prefix}r" 2>/dev/null || true
  ip netns del "${prefix}c" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$python" bench/weaklink.py --prefix "$prefix" "$@" &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
