#!/usr/bin/env python3
"""Regenerates the committed seed corpora of tests/fuzz/corpus/<target>/ from the interop
captures (tests/data/interop/*/*.pcap): every UDP payload of each capture (deduplicated; only the
first few voice mini frames of each capture, to keep the corpus small) plus hand-written seeds
for the parsers. Standard library only. Usage: tests/fuzz/make_corpus.py (idempotent)."""
import hashlib
import pathlib
import shutil
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
INTEROP = ROOT / "tests" / "data" / "interop"
OUT = ROOT / "tests" / "fuzz" / "corpus"
MINIS_PER_CAPTURE = 6


SETTINGS_INI = rb"""[accounts]
1\allowMd5Fallback=false
1\auth=rsa
1\codecs=opus, alaw, ulaw
1\encryption=required
1\host=pbx.example.net
1\id={6f1c2a4e-8b7d-4c1e-9a55-3d2f0e7b9c10}
1\keyRotation=true
1\keyRotationInterval=0
1\keyServerUrl=https://keys.example.net/{name}.pub
1\name=Office PBX
1\port=4569
1\privateKeyFile=/home/alice/.local/share/iaxphone/private-keys/alice.key
1\secureDial=true
1\secureDialExtension=700
1\secureDialPauseMs=250
1\secureDialTerminator=#
1\trustedPublicKeys=/home/alice/keys/pbx.pub
1\username=alice
2\auth=md5
2\codecs=ulaw
2\encryption=opportunistic
2\host=::1
2\name="Echo, local"
2\port=14569
2\secureDialTerminator=
2\username=bob
size=2

[audio]
echoCancellation=true
input=pulse
noiseSuppression=false
output=
ringer=default

[general]
notifications=true
ringtone=
startMinimised=false
"""

HISTORY_JSON = b"""[
    {"account": "a1", "direction": "out", "duration": 42, "encrypted": true, "number": "600",
     "outcome": "answered", "peer": "pbx.example.net", "secureDial": true, "started": "2026-11-30T10:00:00Z"},
    {"account": "a1", "direction": "in", "duration": 0, "encrypted": false, "number": "alice",
     "outcome": "missed", "peer": "[::1]:4569", "secureDial": false,
     "started": "2026-11-29T23:59:59.250+01:00"}
]"""


def read_pcap(path):
    """Yields (record header bytes, packet bytes, udp payload or None) of a little/big-endian pcap."""
    data = path.read_bytes()
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        hdr = data[off:off + 16]
        incl = struct.unpack(endian + "I", hdr[8:12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        yield hdr, pkt, udp_payload(pkt, linktype)


def udp_payload(pkt, linktype):
    if linktype == 1:  # Ethernet
        eth = struct.unpack(">H", pkt[12:14])[0]
        ip = pkt[14:]
    else:
        return None
    if eth == 0x0800:
        ihl = (ip[0] & 0x0F) * 4
        if ip[9] != 17:
            return None
        udp = ip[ihl:]
    elif eth == 0x86DD:
        if ip[6] != 17:
            return None
        udp = ip[40:]
    else:
        return None
    length = struct.unpack(">H", udp[4:6])[0]
    return udp[8:length]


def put(target, blob):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(blob).hexdigest()[:16]).write_bytes(blob)


VCARD_30 = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alice Ex\r\n ample\r\nN:Example;Alice;;;\r\n"
            b"item1.TEL;TYPE=work,voice;X-IAXPHONE-ACCOUNT=acc-1:+1 555 0100\r\nTEL;HOME:600\r\n"
            b"NOTE:desk\\, room 2\\; bring\\nkeys \\\\ badge\r\nX-IAXPHONE-ALWAYS-ENCRYPTED:TRUE\r\n"
            b"END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nno colon here\r\nEND:VCARD\r\n")
VCARD_40 = (b"BEGIN:VCARD\nVERSION:4.0\nN:Public;John;Quinlan;Mr.;Esq.\n"
            b"TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-418-656-\n\t9254;ext=102\nEND:VCARD\n"
            b"BEGIN:VCARD\nVERSION:2.1\nFN:Old\nEND:VCARD\n")
CONTACTS_CSV = (b"\xef\xbb\xbfName,Number,Type,Account,Number 2,Note,Always encrypted\r\n"
                b"\"M\xc3\xbcller, Anna\",+49 30 1,work,acc-1,600,\"said \"\"hi\"\"\r\nagain\",yes\r\n"
                b"Bob,5551234,,,,,no\n\"broken,1\r\n")
CONTACTS_JSON = (b'{"format":"iaxphone-contacts","version":1,"contacts":[{"id":"a","name":"Alice",'
                 b'"numbers":[{"number":"600","type":"work","account":"acc-1"}],"note":"n","alwaysEncrypted":true},'
                 b'{"name":"","numbers":[{"number":"700"}]},7]}')


def pcap_seeds():
    """Captures for fuzz_pcap beyond the interop call set-ups: each interop capture's full frames
    (with its first voice frames) up to the target's 16 KB, so the decoder sees whole encrypted
    and RSA calls; every link type readUdpCapture knows, with IPv4/IPv6, VLAN tags, fragments,
    other protocols and bad lengths; big-endian, nanosecond and pcapng files."""
    iax = bytes.fromhex("8001000000000000000006010b020100")  # a NEW frame's first bytes
    def ip4(payload, proto=17, frag=0, ihl=5, total=None):
        udp = struct.pack(">HHHH", 4569, 4570, 8 + len(payload), 0) + payload
        body = (udp if proto == 17 else payload) + b"\0" * ((ihl - 5) * 4 if ihl > 5 else 0)
        tl = 4 * ihl + len(body) if total is None else total
        opts = b"\x01" * (4 * (ihl - 5)) if ihl > 5 else b""
        return struct.pack(">BBHHHBBH4s4s", 0x40 | ihl, 0, tl, 1, frag, 64, proto, 0,
                           bytes([10, 0, 0, 1]), bytes([192, 168, 1, 20])) + opts + (udp if proto == 17 else payload)
    def ip6(payload, nh=17, src=b"\x20\x01\x0d\xb8" + b"\0" * 10 + b"\0\x01", dst=b"\xfe\x80" + b"\0" * 6 + b"\x02\x11\x22\xff\xfe\x33\x44\x55"):
        udp = struct.pack(">HHHH", 4569, 4569, 8 + len(payload), 0) + payload
        return struct.pack(">IHBB", 0x60000000, len(udp), nh, 64) + src + dst + udp
    def bad_udp_len(pkt):  # the UDP length claims more than was captured
        return pkt[:-len(iax) - 4] + struct.pack(">H", 4000) + pkt[-len(iax) - 2:]
    def cap(linktype, packets, endian="<", magic=0xA1B2C3D4):
        out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, linktype)
        for i, pkt in enumerate(packets):
            out += struct.pack(endian + "IIII", 1764547200 + i, 1000 * i, len(pkt), len(pkt)) + pkt
        return out
    v4, v6 = ip4(iax), ip6(iax)
    odd = [ip4(iax, frag=0x2001), ip4(b"\x08\0\0\0", proto=1), ip4(iax, ihl=6), ip4(iax, total=10),
           bad_udp_len(ip4(iax)), ip6(iax, nh=0), ip6(iax, src=b"\0" * 16, dst=b"\0" * 15 + b"\x01"), v4[:30], v6[:44],
           b"\x50" + v4[1:], b""]
    eth = lambda t, pkt: b"\x02" * 6 + b"\x04" * 6 + struct.pack(">H", t) + pkt
    vlan = lambda tags, t, pkt: b"\x02" * 6 + b"\x04" * 6 + b"".join(struct.pack(">HH", tag, 5) for tag in tags) + struct.pack(">H", t) + pkt
    sll = lambda t, pkt: struct.pack(">HHH8sH", 0, 1, 6, b"\x02" * 8, t) + pkt
    sll2 = lambda t, pkt: struct.pack(">HHIHBB8s", t, 0, 2, 1, 0, 6, b"\x02" * 8) + pkt
    put("pcap", cap(1, [eth(0x0800, v4), eth(0x86DD, v6), vlan([0x8100], 0x0800, v4), vlan([0x88A8, 0x8100], 0x86DD, v6),
                        vlan([0x8100, 0x8100, 0x8100], 0x0800, v4), eth(0x0806, b"\0" * 28), b"\x02" * 10]
                    + [eth(0x0800, o) for o in odd]))
    put("pcap", cap(0, [struct.pack("<I", 2) + v4, struct.pack("<I", 30) + v6, b"\2\0", struct.pack("<I", 2) + b"\x70"]))
    put("pcap", cap(108, [struct.pack(">I", 2) + v4, struct.pack(">I", 24) + v6]))
    put("pcap", cap(113, [sll(0x0800, v4), sll(0x86DD, v6), sll(0x0806, v4), b"\0" * 10]))
    put("pcap", cap(276, [sll2(0x0800, v4), sll2(0x86DD, v6), sll2(0x1234, v4), b"\0" * 12]))
    put("pcap", cap(101, [v4, v6] + odd))
    put("pcap", cap(228, [v4, b"\x60"]))
    put("pcap", cap(229, [v6]))
    put("pcap", cap(147, [v4]))  # a link type readUdpCapture does not know
    put("pcap", cap(1, [eth(0x0800, v4)], endian=">"))
    put("pcap", cap(1, [eth(0x0800, v4)], magic=0xA1B23C4D))  # nanosecond timestamps
    put("pcap", cap(1, [eth(0x0800, v4)])[:-5])  # cut inside the last packet
    put("pcap", cap(1, [eth(0x0800, v4)])[:20])  # cut inside the file header
    for capfile in sorted(INTEROP.glob("*/*.pcap")):
        data = capfile.read_bytes()
        out, minis = data[:24], 0
        for hdr, pkt, payload in read_pcap(capfile):
            if payload and not payload[0] & 0x80:
                minis += 1
                if minis > 4:
                    continue
            if len(out) + len(hdr) + len(pkt) > 16000:
                break
            out += hdr + pkt
        put("pcap", out)
    small = INTEROP / "register-md5" / "register-md5.pcap"
    if shutil.which("editcap"):
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            ng = pathlib.Path(tmp) / "x.pcapng"
            subprocess.run(["editcap", "-F", "pcapng", str(small), str(ng)], check=True)
            put("pcap", ng.read_bytes())


def ie_address_seeds():
    """IE areas for fuzz_ie's APPARENT_ADDR (IE 18) checks: sockaddr_in and sockaddr_in6 as
    Asterisk sends them, a short and an unknown-family one, and host texts (in a USERNAME IE)
    for the address encoder's IPv4/IPv6 parsers."""
    def ie(i, data):
        return bytes([i, len(data)]) + data
    v4 = struct.pack("<H", 2) + struct.pack(">H", 4569) + bytes([203, 0, 113, 7]) + b"\0" * 8
    v6 = (struct.pack("<H", 10) + struct.pack(">HI", 4570, 0) + bytes.fromhex("20010db8000000000000000000000001")
          + struct.pack("<I", 0))
    v6zero = v6[:8] + bytes(16) + v6[24:]
    v6mapped = v6[:8] + bytes.fromhex("00000000000000000000ffffc0000201") + v6[24:]
    put("ie", ie(18, v4) + ie(18, v6) + ie(18, v6zero) + ie(18, v6mapped))
    put("ie", ie(18, v4[:7]) + ie(18, struct.pack("<H", 7) + v4[2:]) + ie(18, v6[:20]))
    hosts = [b"192.0.2.1", b"256.1.1.1", b"1.2.3", b"2001:db8::1", b"::", b"::1", b"fe80::1:2:3:4:5:6",
             b"1:2:3:4:5:6:7:8", b"1:2:3:4:5:6:7:8:9", b"1::2::3", b"12345::", b"2001:db8:0:0:1::", b"::ffff:1.2.3.4"]
    put("ie", b"".join(ie(6, h) for h in hosts))


def contacts_seeds():
    """contacts: byte 0 % 3 = 0 vCard, 1 CSV, 2 contacts.json (fuzz_contacts.cpp)."""
    shutil.rmtree(OUT / "contacts", ignore_errors=True)
    put("contacts", b"\x00" + VCARD_30)
    put("contacts", b"\x00" + VCARD_40)
    put("contacts", b"\x01" + CONTACTS_CSV)
    put("contacts", b"\x02" + CONTACTS_JSON)


def main():
    for target in ("frame", "ie", "decrypt", "pcap", "engine", "cli", "keys", "settings"):
        shutil.rmtree(OUT / target, ignore_errors=True)
    plain_frames = []
    for cap in sorted(INTEROP.glob("*/*.pcap")):
        minis = 0
        records = []
        for hdr, pkt, payload in read_pcap(cap):
            records.append((hdr, pkt))
            if payload is None or not payload:
                continue
            full = payload[0] & 0x80
            if not full:
                minis += 1
                if minis > MINIS_PER_CAPTURE:
                    continue
            put("frame", payload)
            encrypted = "aes128" in cap.parent.name
            if not encrypted and full and len(payload) >= 12:
                if payload[10] == 6 and len(payload) > 12:  # IAX frame: its IE area
                    put("ie", payload[12:])
                plain_frames.append(payload)
            if cap.parent.name == "md5-aes128-dtmf":
                put("decrypt", payload)
        # A capture cut to its first packets (the call set-up), and the small one whole.
        head = open(cap, "rb").read(24) + b"".join(h + p for h, p in records[:12])
        put("pcap", head)

    # Engine: stage byte, flags byte, then length-prefixed datagrams. Every clear frame of the
    # interop calls, delivered in each stage with live call numbers (flag 4), and encrypted under
    # the live key in the encrypted stage (flags 4|8); plus a spoofed variant.
    def engine_seed(stage, flags, frames):
        return bytes([stage, flags]) + b"".join(struct.pack(">H", len(f)) + f for f in frames)

    uniq = list(dict.fromkeys(plain_frames))
    for i, f in enumerate(uniq[:40]):
        stage = i % 8
        flags = 4 | (8 if stage in (5, 6) else 0) | (1 if i % 3 == 0 else 0)
        put("engine", engine_seed(stage, flags, [f]))
    put("engine", engine_seed(5, 4 | 8 | 2, uniq[:6]))
    put("engine", engine_seed(4, 4 | 0x10, uniq[:10]))
    put("engine", engine_seed(0, 0, uniq[:4]))

    for seed in (
        b"iax2:alice@10.0.0.2:4569/600@default\n--secret\nx\n--encryption\nrequired",
        b"iax:[::1]:4570/100\n--codecs=opus,ulaw\n--bind=[::]:4569\n--rotate-interval=10",
        b"iax2:host\n--answer=echo\n--user=bob\n--max-calls=3\n--timeout=5\n--auth=rsa",
        b"iax2:u@h/e@c\n--dtmf=12345#\n--secure-dial=700\n--no-keyrotate\n--duration=60\n--json",
    ):
        put("cli", seed)

    keys_dir = INTEROP / "rsa-aes128" / "keys"
    put("keys", b"\x00" + (keys_dir / "iaxA.pub").read_bytes())
    put("keys", b"\x01" + (keys_dir / "iaxA.key").read_bytes())
    put("keys", b"\x02" + b'{"keys":{"alice":{"fingerprint":"00ff","source":"paste",'
        b'"firstSeen":"2026-01-01T00:00:00Z","lastFetched":""}}}')
    put("keys", b"\x03https://keys.example.net/{name}.pub")
    put("keys", b"\x03alice-01.example")

    # settings: byte 0 even = iaxphone.ini as QSettingsStore writes it (6 mod 8 through the file,
    # else in memory), 1 mod 4 = history.json in memory, 3 mod 4 = history.json through its file.
    put("settings", b"\x00" + SETTINGS_INI)
    put("settings", b"\x06" + SETTINGS_INI)
    put("settings", b"\x01" + HISTORY_JSON)
    put("settings", b"\x03" + HISTORY_JSON)
    contacts_seeds()
    pcap_seeds()
    ie_address_seeds()


if __name__ == "__main__":
    main()
