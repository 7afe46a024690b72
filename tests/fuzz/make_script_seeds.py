#!/usr/bin/env python3
"""Writes the hand-made seeds of the structure-aware fuzz inputs: fuzz_engine's script mode
(corpus/engine/script-*) and extended script (corpus/engine/xscript-*), fuzz_registrar (corpus/registrar/*), fuzz_keyserver
(corpus/keyserver/*) and fuzz_e2e (corpus/e2e/*). `make_script_seeds.py SET...` writes only the
named sets (see SETS at the end; e.g. `e2e`), without arguments every set. The first two are read with LLVM's FuzzedDataProvider, which takes
integers from the END of the input (most significant byte first) and bytes and strings from the
front; Fdp below lays out a script that way. Run from anywhere; rewrites only the files it names.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


class Fdp:
    """Builds an input for FuzzedDataProvider: ints in consumption order, bytes/strings in front."""

    def __init__(self):
        self.front = bytearray()
        self.back = bytearray()  # in consumption order

    def int(self, v, lo, hi):
        r, v = hi - lo, v - lo
        assert 0 <= v <= r
        n = 0
        while n < 8 and (r >> (8 * n)) > 0:
            n += 1
        self.back += v.to_bytes(n, "big") if n else b""
        return self

    def u8(self, v):
        return self.int(v, 0, 255)

    def u16(self, v):
        return self.int(v, 0, 65535)

    def bool(self, b):
        return self.u8(1 if b else 0)

    def raw(self, data):
        self.front += data
        return self

    def string(self, s):
        self.front += s.replace(b"\\", b"\\\\") + b"\\n"  # backslash + other ends the string
        return self

    def bytes(self):
        return bytes(self.front) + bytes(reversed(self.back))


# ---- fuzz_engine script mode (fuzz_engine_script.cpp) ----
DIAL, ANSWER, RING, REJECT, CMD, VOICE, REKEY, REGISTER, UNREGISTER, TIME, TAMPER, DGRAM = (
    0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13)


def script_config(policy, rotate_ms, link):
    f = Fdp().int(policy, 0, 2)
    if rotate_ms:
        f.bool(True).int(rotate_ms, 500, 4000).int(0, 0, 1000)
    else:
        f.bool(False)
    if link:  # (jitter ms, loss %, duplicate %, reorder %)
        f.bool(True).int(link[0], 0, 60).int(link[1], 0, 40).int(link[2], 0, 50).int(link[3], 0, 30)
    else:
        f.bool(False)
    return f


def script(policy, rotate_ms, steps, link=None):
    f = script_config(policy, rotate_ms, link)
    script_steps(f, steps, 15)
    return b"\x80" + f.bytes()


def script_steps(f, steps, last_op):
    for op, *args in steps:
        f.int(op, 0, last_op)
        if op == DIAL:
            f.int(args[0], 0, 2)
        elif op == REJECT:
            f.bool(args[0])
            if args[0]:
                f.int(21, 0, 127)
            else:
                f.bool(False)
        elif op == CMD:  # (which 0 dtmf 1 text 2 hold 3 hangup, on A)
            f.int(args[0], 0, 3).bool(args[1])
            if args[0] == 0:
                f.bool(True).int(5, 0, 15)
            elif args[0] == 1:
                f.string(b"hello")
            elif args[0] == 2:
                f.bool(True)
            else:
                f.int(16, 0, 127)
        elif op == VOICE:
            f.int(args[0], 1, 8)
        elif op == REGISTER:
            f.bool(args[0])
        elif op == TIME:
            f.int(args[0], 0, 12000)
        elif op == TAMPER:
            f.int(args[0], 1, 4).int(args[1], 0, 2).u16(args[2]).int(args[3], 1, 255)
        elif op == DGRAM:
            flags, payload = args
            f.u8(flags).int(len(payload), 0, 600).raw(payload)
        elif op == DIAL_X:  # (account, wrong secret, signs, flags, policy)
            f.int(args[0], 0, 4).bool(args[1]).bool(args[2]).u8(args[3]).int(args[4], 0, 2)
        elif op == PEER_KEY:  # (kind, twice)
            f.int(args[0], 0, 4).bool(args[1])
        elif op == FEATURE:  # (on A, kind)
            f.bool(args[0]).int(args[1], 0, 2)
        elif op == ROAM:  # (flags, retry cap ms)
            f.u8(args[0]).int(args[1], 100, 5000)
        elif op == DUPLICATE:  # (call number xor, [ms after each frame]: the AUTHREQ, then VNAKs)
            f.int(args[0], 1, 0x7FFF).int(len(args[1]) - 1, 0, 3)
            for ms in args[1]:
                f.int(ms, 0, 300)
        elif op == REPLAY_NEW:  # (how, call number)
            f.int(args[0], 0, 2).int(args[1], 1, 0x7FFF)
        elif op == BURST:
            f.int(args[0], 1, 4)
        else:
            assert op in (ANSWER, RING, UNREGISTER, REKEY), op


# The extended script (byte 0 = 0x81): a second configuration byte and steps 16-31.
DIAL_X, PEER_KEY, FEATURE, ROAM, DUPLICATE, REPLAY_NEW, BURST = 16, 17, 18, 19, 20, 21, 22
ALICE, RSA_ALICE, RSA_LOOKUP, RSA_STRANGER, UNKNOWN = range(5)
X_A_E2E, X_B_E2E, X_B_E2E_REQUIRED, X_A_ID, X_B_ID, X_LIMITS, X_MD5_FALLBACK, X_TIMEOUTS = (1 << i for i in range(8))
D_TBD, D_AUTOANSWER, D_CALLING, D_E2E_REQUIRED, D_PIN_B, D_PIN_A, D_PLAINTEXT, D_CODECS = (
    0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80)
K_RIGHT, K_STRANGER, K_UNKNOWN, K_FETCH_FAILED, K_REFUSED = range(5)
F_DIAL, F_TRANSFER, F_TRANSFER_TOO_LONG = range(3)
R_MOVE, R_A_CHANGED, R_B_CHANGED = 1, 2, 4
N_SPOOFED, N_OTHER_CALLNO, N_AS_IS = range(3)


def xscript(policy, rotate_ms, flags, steps, link=None, limits=None, timeouts=None):
    """limits: (maxCalls, maxUnauthenticated, perAddress, held bytes per call, held bytes);
    timeouts: (B authTimeout, A authTimeout, A authReplyTimeout, B peerKeyTimeout, ratchet interval) in ms."""
    f = script_config(policy, rotate_ms, link)
    f.u8(flags | (X_LIMITS if limits else 0) | (X_TIMEOUTS if timeouts else 0))
    if limits:
        f.int(limits[0], 1, 4).int(limits[1], 1, 4).int(limits[2], 1, 4).int(limits[3], 0, 4096).int(limits[4], 0, 8192)
    if timeouts:
        f.int(timeouts[0], 500, 10000).int(timeouts[1], 500, 10000).int(timeouts[2], 500, 8000)
        f.int(timeouts[3], 500, 8000).int(timeouts[4], 1000, 60000)
    script_steps(f, steps, 31)
    return b"\x81" + f.bytes()


def full_frame(ftype, subclass, payload=b"", oseq=0, iseq=0):
    return bytes([0x80, 0x02, 0x00, 0x01, 0, 0, 0, 100, oseq, iseq, ftype, subclass]) + payload


ENGINE_SEEDS = {
    "script-encrypted-call": script(2, 0, [(DIAL, 2), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 4),
                                           (CMD, 0, True), (CMD, 2, False), (CMD, 1, True), (TIME, 200),
                                           (CMD, 3, True), (TIME, 2000)]),
    "script-rekey": script(2, 800, [(DIAL, 2), (TIME, 300), (ANSWER,), (TIME, 500), (REKEY,), (REKEY,),
                                    (VOICE, 3), (REKEY,), (TIME, 1000)]),
    "script-opportunistic-ring-reject": script(1, 0, [(DIAL, 1), (TIME, 300), (RING,), (TIME, 100),
                                                      (REJECT, True), (TIME, 3000)]),
    "script-busy": script(0, 0, [(DIAL, 0), (TIME, 300), (REJECT, False), (TIME, 1000)]),
    "script-register": script(0, 0, [(REGISTER, False), (TIME, 500), (TIME, 12000), (UNREGISTER,),
                                      (TIME, 500), (REGISTER, True), (TIME, 3000)]),
    "script-tampered-handshake": script(2, 0, [(TAMPER, 2, 2, 11, 0x40), (DIAL, 2), (TIME, 2000),
                                               (ANSWER,), (TAMPER, 1, 1, 20, 1), (VOICE, 2), (TIME, 6000)]),
    "script-duplicating-link": script(2, 0, [(DIAL, 2), (TIME, 400), (ANSWER,), (TIME, 600), (VOICE, 8),
                                             (TIME, 3000), (CMD, 3, True), (TIME, 2000)], link=(30, 20, 50, 20)),
    "script-hostile-encrypted": script(2, 1000, [
        (DIAL, 2), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 1),
        (DGRAM, 0x0C, full_frame(6, 34, bytes([50, 2, 0, 1]))),       # RTKEY-like, encrypted, live callnos
        (DGRAM, 0x0C, full_frame(4, 4)),                              # HANGUP control
        (DGRAM, 0x0D, bytes([0x00, 0x02, 0, 100]) + b"\xff" * 160),   # mini frame to A
        (DGRAM, 0x06, full_frame(6, 4)),                              # spoofed ACK
        (REKEY,), (TIME, 3000)]),
}


# Extended script seeds: one or more for each of its steps (RSA and wrong-secret dials, the peer-key
# lookup, end-to-end calls, the encrypted dial and transfer, roaming, limits, duplicates).
GARBAGE = bytes(range(7, 71))  # 64 bytes: looks like ciphertext (a multiple of 16) but is none
ENGINE_EXTENDED_SEEDS = {
    "xscript-rsa-call": xscript(1, 0, 0, [
        (DIAL_X, RSA_ALICE, False, True, 0, 1), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 3),
        (FEATURE, True, F_DIAL), (FEATURE, True, F_TRANSFER), (TIME, 500), (FEATURE, False, F_TRANSFER_TOO_LONG), (CMD, 3, True), (TIME, 1000),
        (DIAL_X, RSA_ALICE, True, True, D_AUTOANSWER | D_CALLING | D_CODECS, 0), (TIME, 300), (ANSWER,), (TIME, 300),
        (VOICE, 2), (FEATURE, False, F_TRANSFER), (TIME, 500), (CMD, 3, False), (TIME, 1000),
        (DIAL_X, ALICE, False, True, 0, 1), (TIME, 300), (ANSWER,), (TIME, 300), (CMD, 3, True), (TIME, 500)]),
    "xscript-wrong-secret": xscript(1, 0, 0, [
        (DIAL_X, ALICE, True, False, 0, 1), (TIME, 4000),          # AES: AUTHREP under a wrong key, unanswered
        (DIAL_X, ALICE, True, False, 0, 0), (TIME, 1000),          # clear: MD5 refused
        (DIAL_X, UNKNOWN, False, False, 0, 1), (TIME, 4000),       # the decoy account
        (DIAL_X, RSA_STRANGER, False, True, 0, 1), (TIME, 1000),   # RSA signed with a key B does not trust
        (DIAL_X, RSA_ALICE, False, False, 0, 0), (TIME, 4000),     # RSA only, and A has no key
        (FEATURE, True, F_DIAL), (FEATURE, True, F_TRANSFER)],      # on a call that is gone
        timeouts=(3000, 10000, 2000, 8000, 60000)),
    "xscript-rsa-lookup": xscript(1, 0, X_MD5_FALLBACK, [
        (DIAL_X, RSA_LOOKUP, False, True, 0, 1), (TIME, 200), (PEER_KEY, K_RIGHT, True), (TIME, 300), (ANSWER,),
        (TIME, 300), (VOICE, 2), (CMD, 3, True), (TIME, 500),
        (DIAL_X, RSA_LOOKUP, False, True, 0, 1), (TIME, 200), (PEER_KEY, K_STRANGER, False), (TIME, 1000),
        (DIAL_X, RSA_LOOKUP, False, False, 0, 1), (TIME, 200), (PEER_KEY, K_UNKNOWN, False), (TIME, 300), (ANSWER,),
        (TIME, 300), (CMD, 3, False), (TIME, 500),
        (DIAL_X, RSA_LOOKUP, False, True, 0, 0), (TIME, 200), (PEER_KEY, K_FETCH_FAILED, False), (TIME, 1000),
        (DIAL_X, RSA_LOOKUP, False, True, 0, 1), (TIME, 4000), (PEER_KEY, K_RIGHT, False), (TIME, 2000)],
        timeouts=(10000, 1500, 8000, 3000, 60000)),
    "xscript-rsa-lookup-refused": xscript(2, 0, 0, [
        (DIAL_X, RSA_LOOKUP, False, True, 0, 2), (TIME, 200), (PEER_KEY, K_REFUSED, True), (TIME, 1000),
        (DIAL_X, RSA_LOOKUP, False, True, 0, 2), (TIME, 9000)]),
    "xscript-e2e-call": xscript(2, 0, X_A_E2E | X_B_E2E | X_A_ID | X_B_ID, [
        (DIAL_X, ALICE, False, False, D_E2E_REQUIRED | D_PIN_B, 2), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 4),
        (FEATURE, True, F_TRANSFER), (CMD, 0, True), (TIME, 300), (DGRAM, 0x0D, bytes([0x00, 0x02, 0, 100]) + GARBAGE),
        (DGRAM, 0x0C, full_frame(4, 4)), (VOICE, 2), (TIME, 2500), (VOICE, 2), (TIME, 2500), (VOICE, 2),
        (CMD, 3, True), (TIME, 1000),
        (DIAL_X, ALICE, False, False, D_E2E_REQUIRED | D_PIN_A, 2), (TIME, 1000)],
        timeouts=(10000, 10000, 8000, 8000, 2000)),
    # B's AUTHREQ with a byte of its E2E_ID flipped: A refuses the forged identity before AUTHREP.
    "xscript-e2e-forged-identity": xscript(2, 0, X_A_E2E | X_B_E2E | X_A_ID | X_B_ID, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 50), (TAMPER, 1, 2, 119, 0x01), (TIME, 1000)]),
    # Frames under the hop-by-hop key while the end-to-end mode starts (before the peer's first GCM frame).
    "xscript-e2e-handshake-window": xscript(2, 0, X_A_E2E | X_B_E2E, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 95), (DGRAM, 0x0C, full_frame(6, 5)),
        (DGRAM, 0x0D, full_frame(6, 5)), (TIME, 1000)]),
    "xscript-e2e-callee-requires": xscript(2, 0, X_B_E2E | X_B_E2E_REQUIRED | X_B_ID, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 1000),                      # A does not offer it
        (DIAL_X, ALICE, False, False, D_E2E_REQUIRED, 2), (TIME, 300), (ANSWER,), (TIME, 300), (VOICE, 2),
        (CMD, 3, False), (TIME, 500),
        (DIAL_X, ALICE, False, False, D_E2E_REQUIRED, 0), (TIME, 1000)]),      # no AES, so no offer
    "xscript-e2e-unsupported": xscript(1, 0, X_A_E2E | X_A_ID, [
        (DIAL_X, ALICE, False, False, D_E2E_REQUIRED, 1), (TIME, 1000),        # B has no end-to-end mode
        (DIAL_X, ALICE, False, False, D_E2E_REQUIRED, 0), (TIME, 1000),
        (DIAL_X, ALICE, False, False, 0, 1), (TIME, 300), (ANSWER,), (TIME, 300), (VOICE, 2), (TIME, 500)]),
    "xscript-tbd-dial": xscript(1, 0, 0, [
        (DIAL_X, ALICE, False, False, D_TBD, 2), (FEATURE, True, F_DIAL), (TIME, 400), (FEATURE, True, F_DIAL), (FEATURE, True, F_DIAL),
        (TIME, 300), (ANSWER,), (TIME, 300), (VOICE, 2), (FEATURE, True, F_DIAL), (CMD, 3, True), (TIME, 500),
        (DIAL_X, ALICE, False, False, D_TBD, 0), (TIME, 400), (FEATURE, True, F_DIAL), (FEATURE, True, F_TRANSFER),
        (TIME, 1000)]),
    "xscript-roaming": xscript(2, 0, 0, [
        (REGISTER, False), (TIME, 500), (DIAL_X, ALICE, False, False, 0, 2), (TIME, 300), (ANSWER,), (TIME, 500),
        (VOICE, 3), (CMD, 0, True), (ROAM, R_MOVE | R_A_CHANGED, 1000), (TIME, 500), (VOICE, 3), (ROAM, R_B_CHANGED, 1000),
        (TIME, 300), (VOICE, 2), (ROAM, R_MOVE, 1000), (VOICE, 2), (TIME, 2000), (ROAM, R_A_CHANGED, 500),
        (TIME, 12000), (TIME, 12000), (REGISTER, True), (TIME, 2000), (ROAM, R_A_CHANGED, 200), (TIME, 3000)]),
    # A's PING from its new address and its retransmissions arrive broken: B never follows, A hears
    # nothing for 20 s and gives the call up.
    "xscript-roaming-silent-peer": xscript(2, 0, 0, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 2), (TIME, 500),
        (TAMPER, 4, 2, 20, 0x55), (ROAM, R_MOVE | R_A_CHANGED, 1000)]
        + [step for ms in (300, 600, 1200, 2400, 4800, 9600, 12000) for step in ((TAMPER, 4, 2, 20, 0x55), (TIME, ms))]),
    "xscript-limits": xscript(0, 0, 0, [
        (BURST, 1), (TIME, 150), (REPLAY_NEW, N_OTHER_CALLNO, 0x1234), (REPLAY_NEW, N_OTHER_CALLNO, 0x1235),
        (REPLAY_NEW, N_SPOOFED, 1), (REPLAY_NEW, N_AS_IS, 1), (TIME, 300), (ANSWER,), (TIME, 300),
        (BURST, 2), (TIME, 500), (REPLAY_NEW, N_OTHER_CALLNO, 0x1236), (TIME, 3000), (VOICE, 2), (TIME, 11000),
        (REPLAY_NEW, N_AS_IS, 1), (TIME, 500)],
        limits=(1, 2, 1, 64, 128), timeouts=(2000, 10000, 8000, 8000, 60000)),
    "xscript-held-frames": xscript(2, 0, 0, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 2),
        (DGRAM, 0x05, full_frame(2, 4) + GARBAGE[:36]), (DGRAM, 0x05, full_frame(2, 4) + GARBAGE[:52]),
        (DGRAM, 0x05, full_frame(2, 4) + GARBAGE[:52]), (DGRAM, 0x04, full_frame(2, 4) + GARBAGE[:52]),
        (DGRAM, 0x04, full_frame(2, 4) + GARBAGE[:52]), (VOICE, 2), (TIME, 7000), (VOICE, 2)],
        limits=(4, 4, 4, 150, 4096)),
    "xscript-held-frames-engine-budget": xscript(2, 0, 0, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 300), (ANSWER,), (TIME, 500), (VOICE, 2),
        (DGRAM, 0x05, full_frame(2, 4) + GARBAGE[:36]), (DGRAM, 0x04, full_frame(2, 4) + GARBAGE[:52]),
        (VOICE, 2), (TIME, 7000)],
        limits=(4, 4, 4, 4096, 0)),
    "xscript-max-calls": xscript(0, 0, 0, [
        (BURST, 2), (TIME, 1000), (ANSWER,), (TIME, 300), (VOICE, 2), (BURST, 1), (TIME, 1000)],
        limits=(1, 4, 4, 4096, 8192)),
    "xscript-duplicate": xscript(2, 0, 0, [
        (DIAL_X, ALICE, False, False, 0, 2), (TIME, 300), (ANSWER,), (TIME, 300),
        (DUPLICATE, 0x0101, [50, 50, 300, 300]), (VOICE, 4), (TIME, 400), (VOICE, 2),
        (DUPLICATE, 0x0202, [0]), (VOICE, 2), (TIME, 1000)]),
    "xscript-duplicate-clear": xscript(0, 0, 0, [
        (DIAL_X, ALICE, False, False, 0, 0), (TIME, 300), (DUPLICATE, 0x0303, [100]), (ANSWER,), (TIME, 300),
        (VOICE, 3), (DUPLICATE, 0x0404, [300, 300]), (VOICE, 3), (TIME, 1000)]),
}


# Stage mode (fuzz_engine.cpp: byte 0 stage, byte 1 flags, then 16-bit length + datagram): NEWs to
# the idle callee B from A's address for a user B does not have, with an empty, no and a forged
# call token. B answers CALLTOKEN or drops them; the decoy account it would challenge such a user
# with (engine_admission.cpp) needs the NEW resent with B's token, which stage mode cannot echo.
def stage(stage_no, flags, datagrams):
    return bytes([stage_no, flags]) + b"".join(len(d).to_bytes(2, "big") + d for d in datagrams)


def new_frame(scall, username, token=b"", ts=10):
    ies = bytes([11, 2, 0, 2]) + bytes([1, 3]) + b"100" + bytes([6, len(username)]) + username
    ies += bytes([9, 4, 0, 0, 0, 4, 8, 4, 0, 0, 0, 4])
    if token is not None:
        ies += bytes([54, len(token)]) + token
    return bytes([0x80 | (scall >> 8), scall & 0xFF, 0, 0, 0, 0, 0, ts, 0, 0, 6, 1]) + ies


ENGINE_STAGE_SEEDS = {
    "stage-new-unknown-user": stage(0, 0x10, [new_frame(0x101, b"mallory"), new_frame(0x102, b"mallory", None),
                                              new_frame(0x103, b"", b"1764547200?forged")]),
}


# ---- fuzz_registrar (fuzz_registrar.cpp) ----
R_RAW, R_REQUEST, R_OTHER, R_TIME = 0, 1, 5, 6
USERS = {"alice": 0, "rsa-bob": 1, "carol": 2, "mallory": 3}
TOKEN_NONE, TOKEN_ASK, TOKEN_LAST, TOKEN_FUZZ = 0, 1, 2, 3
ANS_NONE, ANS_MD5, ANS_MD5_WRONG, ANS_RSA, ANS_PLAIN = 0, 1, 2, 3, 4


def reg_request(f, src, user, token, answer, release=False, with_dcall=False, refresh=None):
    f.int(R_REQUEST, 0, 7).int(src, 0, 63).bool(release).int(USERS[user], 0, 4)
    shape = (0x02 if with_dcall else 0) | (0x10 if refresh is not None else 0)
    f.u8(shape)
    if refresh is not None:
        f.u16(refresh)
    f.int(answer, 0, 5).int(token, 0, 3)


def registration(f, src, user, answer, release=False):
    reg_request(f, src, user, TOKEN_ASK, ANS_NONE, release)                   # → CALLTOKEN
    reg_request(f, src, user, TOKEN_LAST, ANS_NONE, release, refresh=60)      # → REGAUTH
    reg_request(f, src, user, TOKEN_LAST, answer, release, with_dcall=True)   # → REGACK / REGREJ


def registrar_seed(build):
    f = Fdp()
    build(f)
    return f.bytes()


REGISTRAR_SEEDS = {
    "alice-md5": registrar_seed(lambda f: registration(f, 1, "alice", ANS_MD5)),
    "alice-wrong-then-right": registrar_seed(lambda f: (registration(f, 2, "alice", ANS_MD5_WRONG),
                                                        registration(f, 2, "alice", ANS_MD5))),
    "bob-rsa": registrar_seed(lambda f: registration(f, 3, "rsa-bob", ANS_RSA)),
    "carol-plaintext": registrar_seed(lambda f: registration(f, 4, "carol", ANS_PLAIN)),
    "mallory-unknown": registrar_seed(lambda f: registration(f, 5, "mallory", ANS_MD5)),
    "register-expire-release": registrar_seed(lambda f: (
        registration(f, 6, "alice", ANS_MD5), f.int(R_TIME, 0, 7).int(20000, 0, 20000),
        f.int(R_TIME, 0, 7).int(20000, 0, 20000), f.int(R_TIME, 0, 7).int(20000, 0, 20000),
        registration(f, 6, "alice", ANS_MD5, release=True))),
    "many-sources": registrar_seed(lambda f: [registration(f, s, "alice", ANS_MD5 if s % 2 else ANS_MD5_WRONG)
                                              for s in range(0, 64, 5)]),
}


def poke(scall, token=None):
    frame = bytes([0x80 | (scall >> 8), scall & 0xFF, 0, 0, 0, 0, 0, 50, 0, 0, 6, 30])  # IAX POKE to call 0
    return frame + (bytes([54, len(token)]) + token if token is not None else b"")


def raw(f, src, data):
    f.int(R_RAW, 0, 7).int(src, 0, 63).int(len(data), 0, 512).raw(data)


# POKE (engine_registrar.cpp): answered for a registered contact, ignored from strangers, with a
# forged or empty call token.
REGISTRAR_POKE_SEEDS = {
    "poke-from-contact-and-strangers": registrar_seed(lambda f: (
        registration(f, 1, "alice", ANS_MD5), raw(f, 1, poke(0x123)), raw(f, 9, poke(0x124)),
        raw(f, 10, poke(0x125, b"1764547200?forged")), raw(f, 11, poke(0x126, b"")),
        f.int(R_TIME, 0, 7).int(20000, 0, 20000), raw(f, 1, poke(0x127)))),
}


# ---- fuzz_keyserver (fuzz_key_server.cpp) ----
def http(status, body, headers=b"", length=None):
    head = b"HTTP/1.1 %d X\r\nContent-Type: application/x-pem-file\r\nConnection: close\r\n" % status
    if length is not False:
        head += b"Content-Length: %d\r\n" % (len(body) if length is None else length)
    return head + headers + b"\r\n" + body


def other_public_pem():
    """A second RSA public key (a fresh one: the seed only needs it to differ from the pinned key)."""
    import subprocess
    priv = subprocess.run(["openssl", "genrsa", "1024"], check=True, capture_output=True).stdout
    return subprocess.run(["openssl", "rsa", "-pubout"], input=priv, check=True, capture_output=True).stdout


def keyserver_seeds():
    with open(os.path.join(HERE, "..", "data", "interop", "rsa-aes128", "keys", "iaxA.pub"), "rb") as fh:
        pem = fh.read()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(pem), pem)
    # Byte 0 bit 3 clear: the rest is a body for KeyServerClient::evaluate() (in memory; the HTTP
    # head in front of the PEM is skipped by the PEM reader); set: a real loopback HTTP exchange,
    # kept to the few seeds that need Qt's HTTP handling (net-*).
    net = {
        "net-ok-first-pin": b"\x08" + http(200, pem),
        "net-chunked-split": b"\x0c" + http(200, chunked, b"Transfer-Encoding: chunked\r\n", length=False),
        "net-too-large-claimed": b"\x0a" + http(200, pem, length=100000),
        "net-redirect": b"\x08" + http(302, b"", b"Location: http://127.0.0.1:1/x.pub\r\n"),
    }
    return net | {
        "ok-first-pin": b"\x00" + http(200, pem),
        "ok-refresh-pinned": b"\x01" + http(200, pem),
        "other-key-refused": b"\x01" + http(200, other_public_pem()),
        "not-found": b"\x00" + http(404, b"no such key\n"),
        "server-error": b"\x01" + http(503, b"busy\n"),
        "chunked-split": b"\x04" + http(200, chunked, b"Transfer-Encoding: chunked\r\n", length=False),
        "too-large-claimed": b"\x02" + http(200, pem, length=100000),
        "short-body": b"\x00" + http(200, pem[:40], length=len(pem)),
        "garbage-pem": b"\x00" + http(200, b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
        "redirect": b"\x00" + http(302, b"", b"Location: http://127.0.0.1:1/x.pub\r\n"),
        "no-headers": b"\x00" + pem,
    }


def write(target, seeds):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(data)


# ---- fuzz_e2e (fuzz_e2e.cpp) ----
E_FRAME, E_DGRAM, E_TAMPER, E_REPLAY, E_RATCHET, E_LOST, E_SEQ = 0, 1, 2, 3, 4, 5, 6
E_MINI, E_BACK = 0x08, 0x10  # op bits: mini frame; callee → caller
E_NONE, E_OFFER, E_CALLEE_KEY, E_CALLEE_ID, E_REVEAL, E_CALLER_ID = range(6)


def e2e(flags, seed, ops, replaced=None, replacement=b""):
    out = bytearray([flags | ((replaced or 0) << 2), seed])
    if replaced:
        out += bytes([len(replacement)]) + replacement
    for op in ops:
        out += op
    return bytes(out)


def e_frame(payload, mini=False, back=False):
    return bytes([E_FRAME | (E_MINI if mini else 0) | (E_BACK if back else 0), len(payload)]) + payload


def e_seq(payload, seq, mini=False, back=False):
    return bytes([E_SEQ | (E_MINI if mini else 0) | (E_BACK if back else 0), len(payload)]) + payload + seq


FULL_PLAIN = bytes([0x80, 0x02, 0x00, 0x01, 0, 0, 0, 100, 1, 1, 2, 4]) + b"\x00" * 20  # full voice frame
FULL_RETX = bytes([0x80, 0x02, 0x80, 0x01, 0, 0, 0, 100, 1, 1, 6, 2])  # R bit set (a retransmitted ACK)
MINI_PLAIN = bytes([0x00, 0x02, 0, 100]) + b"\xd5" * 40
FRAME_OPS = [
    e_frame(FULL_PLAIN), e_frame(MINI_PLAIN, mini=True), e_frame(FULL_PLAIN, back=True),
    e_frame(MINI_PLAIN, mini=True, back=True),
    bytes([E_TAMPER, 0, 20, 0x10]),                      # tamper the caller's last frame at byte 20
    bytes([E_REPLAY]), e_frame(FULL_RETX), bytes([E_REPLAY]),  # plain replay; R-bit retransmission
    bytes([E_TAMPER, 0, 2, 0x80]),                       # only the R bit flipped
    bytes([E_RATCHET]), e_frame(FULL_PLAIN), bytes([E_RATCHET | E_BACK]), e_frame(MINI_PLAIN, mini=True, back=True),
    bytes([E_LOST, 10]), bytes([E_LOST | E_MINI, 70]),   # late inside and behind the window
    bytes([E_DGRAM, 0, 40]) + bytes(range(40)), bytes([E_DGRAM | E_MINI, 0, 3]) + b"abc",
    e_seq(FULL_PLAIN, bytes([1, 0, 0, 0, 0, 0, 0, 9])), e_seq(MINI_PLAIN, bytes([7, 0, 0, 0, 0, 0, 0, 1]), mini=True),
]


def e2e_seeds():
    offer = bytes([1, 3]) + bytes(range(32))               # well-formed, a commitment to nothing
    key = bytes([1, 3]) + bytes(range(100, 132))          # well-formed X25519 key, not the callee's
    low_order = bytes([1, 1]) + bytes(32)                 # the all-zero (low-order) key
    ident = bytes([1]) + bytes(range(32)) + bytes(64)     # E2E_ID with a signature that does not verify
    return {
        "honest-no-identities": e2e(0, 1, FRAME_OPS),
        "honest-caller-identity": e2e(1, 2, FRAME_OPS),
        "honest-callee-identity": e2e(2, 3, FRAME_OPS),
        "honest-both-identities": e2e(3, 4, FRAME_OPS),
        "offer-replaced": e2e(0, 5, FRAME_OPS, E_OFFER, offer),
        "offer-old-version": e2e(0, 5, FRAME_OPS, E_OFFER, bytes([2, 1]) + bytes(32)),
        "offer-short": e2e(0, 5, [], E_OFFER, offer[:20]),
        "callee-key-replaced": e2e(3, 6, FRAME_OPS, E_CALLEE_KEY, key),
        "callee-key-low-order": e2e(0, 6, FRAME_OPS, E_CALLEE_KEY, low_order),
        "callee-key-unknown-suite": e2e(0, 6, [], E_CALLEE_KEY, bytes([1, 0x40]) + bytes(32)),
        "callee-id-forged": e2e(3, 7, FRAME_OPS, E_CALLEE_ID, ident),
        "callee-id-wrong-version": e2e(2, 7, [], E_CALLEE_ID, bytes([9]) + ident[1:]),
        "callee-id-unannounced": e2e(0, 7, FRAME_OPS, E_CALLEE_ID, ident),
        "reveal-replaced": e2e(0, 8, FRAME_OPS, E_REVEAL, key),
        "reveal-suite-changed": e2e(3, 8, FRAME_OPS, E_REVEAL, bytes([1, 1]) + bytes(32)),
        "caller-id-forged": e2e(3, 9, FRAME_OPS, E_CALLER_ID, ident),
        "caller-id-empty": e2e(3, 9, [], E_CALLER_ID, b""),
    }


# ---- fuzz_ie: peer text, codec names and the end-to-end IEs (fuzz_ie.cpp) ----
def ies(*items):
    return b"".join(bytes([i, len(v)]) + v for i, v in items)


CALLING_NAME, CAUSE, FORMAT, CAPABILITY = 4, 22, 9, 8


def ie_text_seeds():
    return {
        "text-controls": ies((CALLING_NAME, b"Al\x1b[31mice\r\n\x07\x7f"), (CAUSE, b"bye\tnow\x00")),
        "text-utf8": ies((CALLING_NAME, "Zoë 日本 😀".encode()), (CAUSE, "\u202eevil\u2028x\u009b".encode())),
        "text-bad-utf8": ies((CALLING_NAME, b"\xc3\x28 \xe2\x82 \xf0\x9f\x98 \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80"),
                             (CAUSE, b"\xff\xfe\x80")),
        "text-lines": ies((CAUSE, b"one\ntwo\r\nthree\n\x1b]0;title\x07")),
        "codec-names": ies((CALLING_NAME, b"opus"), (CAUSE, b"pcmu"), (CALLING_NAME, b"g711a"),
                           (FORMAT, bytes([0, 0, 0, 4])), (CAPABILITY, bytes([0, 0, 0x80, 0]))),
        "e2e-ies": ies((0xE0, bytes([1, 3]) + bytes(32)), (0xE1, bytes([1, 1]) + bytes(range(32))),
                       (0xE2, bytes([1]) + bytes(96)), (0xE0, bytes([1, 3])), (0xE2, bytes([2]) + bytes(96))),
    }


SETS = {
    "ie-text": lambda: write("ie", ie_text_seeds()),
    "engine": lambda: write("engine", ENGINE_SEEDS),
    "engine-stage": lambda: write("engine", ENGINE_STAGE_SEEDS),
    "engine-extended": lambda: write("engine", ENGINE_EXTENDED_SEEDS),
    "registrar": lambda: write("registrar", REGISTRAR_SEEDS),
    "registrar-poke": lambda: write("registrar", REGISTRAR_POKE_SEEDS),
    "keyserver": lambda: write("keyserver", keyserver_seeds()),  # other-key-refused: a fresh RSA key each time
    "e2e": lambda: write("e2e", e2e_seeds()),
}

if __name__ == "__main__":
    import sys
    for name in sys.argv[1:] or list(SETS):
        SETS[name]()
