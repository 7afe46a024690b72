#!/usr/bin/env python3
"""Writes the hand-made seeds of the structure-aware fuzz inputs: fuzz_engine's script mode
(corpus/engine/script-*), fuzz_registrar (corpus/registrar/*) and fuzz_keyserver
(corpus/keyserver/*). The first two are read with LLVM's FuzzedDataProvider, which takes
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


def script(policy, rotate_ms, steps, link=None):
    f = Fdp().int(policy, 0, 2)
    if rotate_ms:
        f.bool(True).int(rotate_ms, 500, 4000).int(0, 0, 1000)
    else:
        f.bool(False)
    if link:  # (jitter ms, loss %, duplicate %, reorder %)
        f.bool(True).int(link[0], 0, 60).int(link[1], 0, 40).int(link[2], 0, 50).int(link[3], 0, 30)
    else:
        f.bool(False)
    for op, *args in steps:
        f.int(op, 0, 15)
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
    return b"\x80" + f.bytes()


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


if __name__ == "__main__":
    write("engine", ENGINE_SEEDS)
    write("registrar", REGISTRAR_SEEDS)
    write("keyserver", keyserver_seeds())
