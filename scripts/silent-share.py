#!/usr/bin/env python3
"""Silent share of a recording: how many whole 100 ms windows of a 16-bit PCM WAV (first channel)
have an RMS below -40 dBFS (328; test tones are -6 dBFS), counting everything up to the end of the
file (the tail too). The same measure as tests/sim/playout_probe.h's silentShare().

    scripts/silent-share.py out.wav [--map] [--skip-ms N] [--json]

--skip-ms drops the first N ms (e.g. ringing before the answer); --map prints one character per
window ('#' sound, '.' silent); --json prints {"windows", "silent", "share", "longest_silence_ms"}.
Exit 0, or 2 when the file is not a 16-bit PCM WAV."""
import argparse
import json
import math
import struct
import sys
import wave

SILENT_RMS = 328.0


def windows(path, skip_ms):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError("not 16-bit PCM")
        rate, channels = w.getframerate(), w.getnchannels()
        raw = w.readframes(w.getnframes())
    samples = struct.unpack("<%dh" % (len(raw) // 2), raw)[::channels]
    samples = samples[rate * skip_ms // 1000:]
    n = rate // 10
    out = []
    for at in range(0, len(samples) - n + 1, n):
        win = samples[at:at + n]
        out.append(math.sqrt(sum(s * s for s in win) / n) < SILENT_RMS)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wav")
    ap.add_argument("--map", action="store_true")
    ap.add_argument("--skip-ms", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    try:
        silent = windows(a.wav, a.skip_ms)
    except (ValueError, wave.Error, EOFError) as e:
        print(f"{a.wav}: {e}", file=sys.stderr)
        return 2
    longest = run = 0
    for s in silent:
        run = run + 1 if s else 0
        longest = max(longest, run)
    share = sum(silent) / len(silent) if silent else 1.0
    if a.json:
        print(json.dumps({"windows": len(silent), "silent": sum(silent), "share": round(share, 4),
                          "longest_silence_ms": longest * 100}))
    else:
        print(f"{a.wav}: {sum(silent)} of {len(silent)} windows of 100 ms silent ({share * 100:.1f} %), "
              f"longest silence {longest * 100} ms")
    if a.map:
        print("".join("." if s else "#" for s in silent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
