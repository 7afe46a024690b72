#!/usr/bin/env python3
"""A lossy UDP link for trying IAXPhone against a real peer (e.g. Asterisk's Echo) by hand:

    scripts/udp-loss-proxy.py --listen 127.0.0.22:4569 --peer 127.0.0.12:4569 --loss 0.15 \
        [--dup 0.02] [--reorder 0.02] [--seed 1] [--duration 60]

The client sends to --listen; every datagram is forwarded to --peer, and the peer's answers back
to the client (the last address that sent to --listen), each direction dropping --loss of them,
duplicating --dup and delaying --reorder by 60 ms (overtaken by later ones). Seeded, so a run's
loss pattern repeats for the same traffic. Prints what it did on exit (Ctrl-C or --duration)."""
import argparse
import heapq
import random
import select
import socket
import sys
import time


def addr(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", type=addr, required=True)
    ap.add_argument("--peer", type=addr, required=True)
    ap.add_argument("--loss", type=float, default=0.15)
    ap.add_argument("--dup", type=float, default=0.0)
    ap.add_argument("--reorder", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--duration", type=float, default=0, help="seconds, 0 = until Ctrl-C")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind(a.listen)
    back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    back.bind((a.listen[0], 0))
    client = None
    pending = []  # (due, seq, socket, bytes, to)
    seq = 0
    stats = {"to_peer": [0, 0], "to_client": [0, 0]}  # [received, forwarded]
    end = time.monotonic() + a.duration if a.duration else None

    def schedule(sock, data, to, key):
        nonlocal seq
        stats[key][0] += 1
        if rng.random() < a.loss:
            return
        copies = 2 if rng.random() < a.dup else 1
        for _ in range(copies):
            delay = 0.06 if rng.random() < a.reorder else 0.0
            seq += 1
            heapq.heappush(pending, (time.monotonic() + delay, seq, sock, data, to, key))

    try:
        while end is None or time.monotonic() < end:
            timeout = 0.05
            if pending:
                timeout = max(0.0, min(timeout, pending[0][0] - time.monotonic()))
            readable, _, _ = select.select([front, back], [], [], timeout)
            for s in readable:
                data, src = s.recvfrom(65535)
                if s is front:
                    client = src
                    schedule(back, data, a.peer, "to_peer")
                elif client is not None:
                    schedule(front, data, client, "to_client")
            now = time.monotonic()
            while pending and pending[0][0] <= now:
                _, _, sock, data, to, key = heapq.heappop(pending)
                sock.sendto(data, to)
                stats[key][1] += 1
    except KeyboardInterrupt:
        pass
    for key, (received, forwarded) in stats.items():
        print(f"{key}: {received} datagrams in, {forwarded} out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
