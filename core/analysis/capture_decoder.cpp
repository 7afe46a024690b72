#include "core/analysis/capture_decoder.h"

#include "core/protocol/auth.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/call_cipher.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/reliable.h"
#include "core/protocol/terminal_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace iax::core {

namespace {

std::string hexKey(const AesKey& k)
{
    return byte_io::toHex(k);
}

// Telling the right secret from a wrong one by the first encrypted full frame's timestamp: a wrong
// key gives a uniformly random one, the right one a value near the AUTHREQ's.
constexpr std::uint32_t kFirstFrameWindowMs = 60'000;

std::uint32_t fullTsDistance(const DecryptedDatagram& plain, std::uint32_t ts0)
{
    const std::uint32_t ts = byte_io::readU32(plain.datagram, 4);
    return ts >= ts0 ? ts - ts0 : ts0 - ts;
}

std::string formatStr(const char* fmt, auto... args)
{
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, args...);
    return buf;
}
} // namespace

/// One encrypted call: both endpoints, the challenge, and each sender's receive keys and clocks
/// (a CallCipher each, as a Call has for its peer).
struct CaptureDecoder::Session {
    Endpoint callee; // sent AUTHREQ
    Endpoint caller;
    std::string challenge;
    std::size_t challengePkt = 0;
    std::uint32_t challengeTs = 0; // AUTHREQ timestamp: the first encrypted frame is near it
    Millis challengeAt { 0 }; // … captured at this time
    bool md5Auth = false;
    bool keyKnown = false;
    bool keyFailed = false;
    bool e2eOffered = false; // the AUTHREQ carried E2E_KEY (docs/E2E.md)
    bool e2e = false; // ... and the AUTHREP the reveal: AES-128-GCM from then on
    std::size_t e2eFrames = 0;
    struct Rx {
        CallCipher cipher;
        CallCipher::Expect expect; // the receiver's view: next sequence number, voice format
    };
    std::map<Endpoint, Rx> rx;
};

CaptureDecoder::CaptureDecoder(std::vector<std::string> secrets)
    : m_secrets(std::move(secrets))
{ }

CaptureDecoder::~CaptureDecoder() = default;

CaptureDecoder::Session* CaptureDecoder::sessionFor(const std::string& addr, std::uint16_t callno)
{
    auto it = m_byEndpoint.find({ addr, callno });
    return it == m_byEndpoint.end() ? nullptr : it->second;
}

void CaptureDecoder::startSession(const DecodedPacket& authreq, const FullFrame& f, const IeList& ies)
{
    const auto enc = ies.getU16(IeId::Encryption);
    const auto challenge = ies.getString(IeId::Challenge);
    if (!enc || *enc == 0 || !challenge)
        return;
    const Endpoint callee { authreq.src, f.scall };
    const Endpoint caller { authreq.dst, f.dcall };
    if (sessionFor(callee.first, callee.second))
        return; // retransmitted AUTHREQ
    auto s = std::make_unique<Session>();
    s->callee = callee;
    s->caller = caller;
    s->challenge = *challenge;
    s->challengePkt = authreq.pkt;
    s->challengeTs = f.timestamp;
    s->challengeAt = arrivalOf(authreq.time);
    s->md5Auth = (ies.getU16(IeId::AuthMethods).value_or(0) & AuthMethod::Md5) != 0;
    s->e2eOffered = ies.has(kIeE2eKey);
    m_byEndpoint[callee] = s.get();
    m_byEndpoint[caller] = s.get();
    m_sessions.push_back(std::move(s));
}

Millis CaptureDecoder::arrivalOf(double captureTime) const
{
    // Capture order is arrival order: a packet stamped earlier than the one before (a clock step,
    // or a packet put in by hand) arrived with it.
    return std::max(m_lastArrival, Millis(std::llround(captureTime * 1000)));
}

void CaptureDecoder::decryptInto(DecodedPacket& out, const CapturedDatagram& dg, Session& s, bool fullFrame)
{
    const FrameKind kind = fullFrame ? FrameKind::Full : FrameKind::Mini;
    const Endpoint sender { dg.src, out.clearScall };

    if (!s.keyKnown && !s.keyFailed) {
        // Choose the secret: it must decrypt this first encrypted frame, and an AUTHREP must
        // carry the MD5_RESULT that secret produces (MD5 auth) or at least be an AUTHREP.
        for (const auto& secret : m_secrets) {
            const AesKey key = deriveAesKey(s.challenge, secret);
            FrameDecryptor trial(key);
            auto plain = trial.decrypt(dg.payload, kind);
            if (!plain)
                continue;
            // Both call legs started within moments of each other: a random (wrong-key)
            // timestamp lands within a minute of AUTHREQ's about once in 70,000 tries.
            if (fullFrame && fullTsDistance(*plain, s.challengeTs) > kFirstFrameWindowMs)
                continue;
            if (fullFrame) {
                auto f = decodeFullFrame(plain->datagram);
                if (!f)
                    continue;
                if (f->isIax(IaxCommand::AuthRep)) {
                    auto ies = f->ies();
                    if (!ies)
                        continue;
                    if (auto md5 = ies->getString(IeId::Md5Result);
                        md5 && !md5ResponseMatches(*md5, s.challenge, secret))
                        continue;
                }
            }
            s.keyKnown = true;
            for (const Endpoint& ep : { s.caller, s.callee })
                s.rx[ep].cipher.setKey(key);
            // Each clock as a Call starts it: the callee's from its AUTHREQ, the caller's from 0
            // about when its NEW went out.
            s.rx[s.callee].cipher.startPeerClock(s.challengeTs, s.challengeAt);
            s.rx[s.caller].cipher.startPeerClock(0, s.challengeAt);
            m_summary.keys.push_back({ s.challengePkt, s.challenge, secret, key });
            // The secret itself is never printed: only which of the given ones matched.
            const auto index = static_cast<std::size_t>(&secret - m_secrets.data()) + 1;
            out.notes.push_back("encryption negotiated; AES key = MD5('" + s.challenge + "' + secret #"
                + std::to_string(index) + ") = " + hexKey(key));
            break;
        }
        if (!s.keyKnown) {
            s.keyFailed = true;
            m_summary.errors.push_back(formatStr("pkt %zu: no given secret decrypts the encrypted call %s:%u <-> %s:%u",
                out.pkt, s.caller.first.c_str(), unsigned(s.caller.second), s.callee.first.c_str(),
                unsigned(s.callee.second)));
        }
    }
    if (!s.keyKnown) {
        out.error = m_secrets.empty() ? "encrypted (no --secret given)" : "encrypted (no given secret matches)";
        return;
    }

    auto& rx = s.rx[sender];
    if (s.e2e && !rx.cipher.accepts(dg.payload, kind, arrivalOf(dg.timestamp), rx.expect)) {
        // End-to-end mode: the keys come from an X25519 exchange the capture does not hold. Only
        // the handshake's last CBC frames (accepted above) still decrypt with the secret.
        out.error = kEndToEndNote;
        if (s.e2eFrames++ == 0)
            m_summary.errors.push_back(formatStr("pkt %zu: call %s:%u <-> %s:%u: %s", out.pkt, s.caller.first.c_str(),
                unsigned(s.caller.second), s.callee.first.c_str(), unsigned(s.callee.second), kEndToEndNote));
        ++m_summary.endToEndFrames;
        return;
    }
    std::string why;
    if (rx.cipher.decrypt(dg.payload, kind, arrivalOf(dg.timestamp), rx.expect, why)
        != CallCipher::Outcome::Decrypted) {
        out.error = "decryption failed: " + (why.empty() ? std::string("no key for this sender") : why);
        m_summary.errors.push_back(formatStr("pkt %zu: %s", out.pkt, out.error.c_str()));
        return;
    }
    out.decrypted = true;
    out.padding = rx.cipher.padding();
    auto d = decodeDatagram(rx.cipher.plain());
    if (!d) {
        out.error = "decrypted frame malformed: " + d.error().reason;
        out.decrypted = false;
        return;
    }
    if (fullFrame) {
        out.full = std::get<FullFrame>(*d);
        noteExpected(s, sender, *out.full);
        if (s.e2eOffered && !s.e2e && out.full->isIax(IaxCommand::AuthRep))
            if (auto ies = out.full->ies(); ies && ies->has(kIeE2eKey)) {
                s.e2e = true;
                out.notes.push_back("end-to-end mode: the frames after this AUTHREP are AES-128-GCM under keys from "
                                    "an X25519 exchange (docs/E2E.md), "
                    + std::string(kEndToEndNote));
            }
        if (out.full->isIax(IaxCommand::RtKey)) {
            auto ies = out.full->ies();
            auto k = ies ? ies->getString(IeId::Challenge) : std::nullopt;
            if (k && k->size() == 16) {
                AesKey key {};
                std::copy(k->begin(), k->end(), key.begin());
                rx.cipher.rotate(key);
                m_summary.rtkeys.push_back({ out.pkt, dg.src, key });
                out.notes.push_back(dg.src + " now transmits with key " + hexKey(key));
            }
        }
    } else if (auto* m = std::get_if<MiniFrame>(&*d)) {
        out.mini = *m;
    }
}

void CaptureDecoder::noteExpected(Session& s, const Endpoint& sender, const FullFrame& f)
{
    // What the receiving side expects next of the sender, as its Call would: the sequence number
    // after the newest sequenced frame, the voice format of its last full voice frame (or the
    // one ACCEPT negotiated).
    auto& e = s.rx[sender].expect;
    if (ReliableChannel::takesSequence(f) && std::uint8_t(f.oseqno - e.iseqno) < 128)
        e.iseqno = static_cast<std::uint8_t>(f.oseqno + 1);
    if (f.frameType() == FrameType::Voice && f.subclass > 0)
        e.format = static_cast<std::uint64_t>(f.subclass);
    if (f.isIax(IaxCommand::Accept))
        if (auto ies = f.ies())
            if (auto fmt = ies->getU32(IeId::Format))
                for (const Endpoint& ep : { s.caller, s.callee })
                    if (!s.rx[ep].expect.format)
                        s.rx[ep].expect.format = *fmt;
}

void CaptureDecoder::collect(DecodedPacket& out)
{
    if (out.full && !out.full->retransmission) {
        const auto t = out.full->frameType();
        if (t == FrameType::DtmfBegin || t == FrameType::DtmfEnd)
            m_summary.dtmf[out.src].emplace_back(
                frameTypeName(out.full->type), std::string(1, static_cast<char>(out.full->subclass)));
        if (t == FrameType::Voice) {
            auto& v = m_summary.voice[out.src];
            v.insert(v.end(), out.full->payload.begin(), out.full->payload.end());
        }
    }
    if (out.mini) {
        auto& v = m_summary.voice[out.src];
        v.insert(v.end(), out.mini->payload.begin(), out.mini->payload.end());
    }
    if (const auto* trunk = out.meta ? std::get_if<MetaTrunkFrame>(&*out.meta) : nullptr) {
        auto& v = m_summary.voice[out.src];
        for (const auto& e : trunk->entries) {
            v.insert(v.end(), e.payload.begin(), e.payload.end());
            m_summary.trunkVoice[out.src] += e.payload.size();
        }
    }
}

DecodedPacket CaptureDecoder::feed(const CapturedDatagram& dg)
{
    m_lastArrival = arrivalOf(dg.timestamp);
    DecodedPacket out;
    out.pkt = dg.packetNumber;
    out.time = dg.timestamp;
    out.src = dg.src;
    out.dst = dg.dst;
    out.udpLen = dg.payload.size();
    const auto& b = dg.payload;
    const auto header = peekHeader(b);
    if (!header) {
        out.error = "datagram too short for IAX2 (" + std::to_string(b.size()) + " bytes)";
        return out;
    }
    if (header->kind == HeaderPeek::Kind::Meta) { // meta frame: never encrypted
        out.kind = DecodedPacket::Kind::Meta;
        auto d = decodeDatagram(b);
        if (d) {
            out.meta = *d;
            out.decrypted = true;
            collect(out);
        } else {
            out.error = d.error().reason;
        }
        return out;
    }
    const bool fullFrame = header->kind == HeaderPeek::Kind::Full;
    out.kind = fullFrame ? DecodedPacket::Kind::Full : DecodedPacket::Kind::Mini;
    out.clearScall = header->scall;
    out.clearDcall = header->dcall;
    out.clearRetrans = header->retransmission;

    Session* s = sessionFor(dg.src, out.clearScall);
    if (s && fullFrame && out.clearDcall == 0 && !out.clearRetrans) {
        // A new call reusing this address and call number: NEW travels in clear with dcall 0,
        // which no frame of an established call has. The old call's keys no longer apply.
        auto clear = decodeFullFrame(b);
        if (clear && clear->isIax(IaxCommand::New)) {
            std::erase_if(m_byEndpoint, [s](const auto& kv) { return kv.second == s; });
            s = nullptr;
        }
    }
    if (s) {
        out.encrypted = true;
        decryptInto(out, dg, *s, fullFrame);
        if (!out.decrypted && fullFrame) {
            // A retransmitted AUTHREQ (or any clear frame) still travels in clear.
            auto clear = decodeFullFrame(b);
            if (clear && clear->isIax(IaxCommand::AuthReq)) {
                out.encrypted = false;
                out.error.clear();
                out.padding.reset();
                out.clearScall = clear->scall;
                out.clearDcall = clear->dcall;
                out.full = std::move(clear).value();
                out.decrypted = true;
            }
        }
        collect(out);
        return out;
    }

    auto d = decodeDatagram(b);
    if (!d) {
        out.error = d.error().reason;
        return out;
    }
    out.decrypted = true;
    if (auto* f = std::get_if<FullFrame>(&*d)) {
        out.full = *f;
        m_clearCalls.insert({ dg.src, f->scall });
        if (f->isIax(IaxCommand::AuthReq)) {
            if (auto ies = f->ies())
                startSession(out, *f, *ies);
        }
    } else if (auto* m = std::get_if<MiniFrame>(&*d)) {
        out.mini = *m;
    }
    collect(out);
    return out;
}

// Would `b` from `src` decode as one frame right now? Mirrors feed() without changing any state:
// clear full frame with a valid header; clear mini of a call already seen; frame of a known
// encrypted call that the sender's CallCipher accepts (the rule feed() decrypts by).
bool CaptureDecoder::decodesAsOne(std::span<const std::uint8_t> b, const std::string& src, Millis arrival)
{
    const auto header = peekHeader(b);
    if (!header)
        return false;
    if (header->kind == HeaderPeek::Kind::Meta)
        return decodeDatagram(b).ok();
    const bool fullFrame = header->kind == HeaderPeek::Kind::Full;
    const std::uint16_t scall = header->scall;
    Session* s = sessionFor(src, scall);
    if (!s)
        return fullFrame ? decodeFullFrame(b).ok() : (m_clearCalls.contains({ src, scall }) && decodeDatagram(b).ok());
    if (fullFrame && decodeFullFrame(b).ok())
        return true; // clear frame (e.g. a retransmitted AUTHREQ) of an encrypted call
    if (!s->keyKnown)
        return false;
    const FrameKind kind = fullFrame ? FrameKind::Full : FrameKind::Mini;
    const Endpoint sender { src, scall };
    auto rxIt = s->rx.find(sender);
    if (rxIt == s->rx.end())
        return false;
    auto& rx = rxIt->second;
    return rx.cipher.accepts(b, kind, arrival, rx.expect) && decodeDatagram(rx.cipher.plain()).ok();
}

std::vector<DecodedPacket> CaptureDecoder::feedAll(const CapturedDatagram& dg)
{
    const std::size_t n = dg.payload.size();
    const Millis arrival = arrivalOf(dg.timestamp);
    // Over kMaxSegment bytes a "one frame" reading is not trusted on its own: with AES-CBC the
    // first block of a concatenation of 8m+1 encrypted minis decrypts exactly like the first
    // frame's, so the whole passes as one mini with a huge payload. There the split wins if
    // every segment decodes; at or below kMaxSegment a payload that decodes is never split.
    if (n >= 2 * kMinSegment && (n > kMaxSegment || !decodesAsOne(dg.payload, dg.src, arrival))) {
        const std::span<const std::uint8_t> all(dg.payload);
        for (std::size_t k = 2; k <= kMaxSegments && n / k >= kMinSegment; ++k) {
            const std::size_t size = n / k;
            if (n % k != 0 || size > kMaxSegment)
                continue;
            bool every = true;
            for (std::size_t i = 0; every && i < k; ++i)
                every = decodesAsOne(all.subspan(i * size, size), dg.src, arrival);
            if (!every)
                continue;
            std::vector<DecodedPacket> out;
            out.reserve(k);
            for (std::size_t i = 0; i < k; ++i) {
                CapturedDatagram seg = dg;
                seg.payload.assign(
                    all.begin() + std::ptrdiff_t(i * size), all.begin() + std::ptrdiff_t((i + 1) * size));
                out.push_back(feed(seg));
                out.back().notes.insert(out.back().notes.begin(),
                    formatStr("packet %zu held %zu datagrams of %zu bytes (captured before UDP segmentation offload); "
                              "this is #%zu",
                        dg.packetNumber, k, size, i + 1));
            }
            m_summary.splitPackets.push_back({ dg.packetNumber, k, size });
            return out;
        }
    }
    std::vector<DecodedPacket> out;
    out.push_back(feed(dg));
    return out;
}

std::string formatDecodedPacket(const DecodedPacket& p)
{
    std::string s = formatStr("#%-4zu %.6f %s -> %s len=%-4zu ", p.pkt, p.time, p.src.c_str(), p.dst.c_str(), p.udpLen);
    const char* enc = p.encrypted ? "ENC" : "clr";
    switch (p.kind) {
    case DecodedPacket::Kind::Full:
        if (p.full) {
            const auto& f = *p.full;
            s += formatStr("FULL  %s scall=%-5u dcall=%-7u ts=%-6u oseq=%-3u iseq=%-3u %s/%s", enc, unsigned(f.scall),
                unsigned(f.dcall), unsigned(f.timestamp), unsigned(f.oseqno), unsigned(f.iseqno),
                frameTypeName(f.type).c_str(), subclassName(f.type, f.subclass).c_str());
            if (f.retransmission)
                s += " RETRANS";
            if (p.padding)
                s += formatStr(" pad=%d", *p.padding);
            if (f.type == std::uint8_t(FrameType::Voice))
                s += formatStr(" payload=%zu", f.payload.size());
            s += "\n";
            if (f.type == std::uint8_t(FrameType::Iax)) {
                if (auto ies = f.ies()) {
                    for (const auto& ie : ies->items())
                        s += "        " + formatIe(ie) + "\n";
                } else {
                    s += "        (malformed IEs: " + ies.error().reason + ")\n";
                }
            } else if (f.type == std::uint8_t(FrameType::Text)) {
                s += "        TEXT '" + escapeForTerminal(std::string(f.payload.begin(), f.payload.end())) + "'\n";
            }
        } else {
            s += formatStr("FULL  %s scall=%-5u dcall=%-7u %s\n", enc, unsigned(p.clearScall), unsigned(p.clearDcall),
                p.error.c_str());
        }
        break;
    case DecodedPacket::Kind::Mini:
        if (p.mini) {
            s += formatStr("MINI  %s callno=%u ts16=%-5u payload=%zu", enc, unsigned(p.mini->callno),
                unsigned(p.mini->timestamp), p.mini->payload.size());
            if (p.padding)
                s += formatStr(" pad=%d", *p.padding);
            s += "\n";
        } else {
            s += formatStr("MINI  %s callno=%u %s\n", enc, unsigned(p.clearScall), p.error.c_str());
        }
        break;
    case DecodedPacket::Kind::Meta:
        s += p.meta ? (std::holds_alternative<MetaTrunkFrame>(*p.meta) ? "META  trunk\n" : "META  video\n")
                    : "META  " + p.error + "\n";
        break;
    case DecodedPacket::Kind::Invalid:
        s += "INVALID " + p.error + "\n";
        break;
    }
    for (const auto& n : p.notes)
        s += "        => " + n + "\n";
    return escapeLinesForTerminal(s); // challenges, causes, errors: nothing from the capture acts on a terminal
}

std::string formatSummary(const CaptureSummary& sum)
{
    std::string s = "==== summary ====\n";
    for (const auto& k : sum.keys)
        s += formatStr("initial AES key (pkt %zu): MD5(challenge='%s' + secret) = %s\n", k.pkt, k.challenge.c_str(),
            hexKey(k.key).c_str());
    for (const auto& r : sum.rtkeys)
        s += formatStr("RTKEY pkt %zu from %s: new key %s\n", r.pkt, r.from.c_str(), hexKey(r.key).c_str());
    for (const auto& [src, list] : sum.dtmf) {
        s += "DTMF from " + src + ":";
        for (const auto& [what, digit] : list)
            s += " " + what + ":" + digit;
        s += "\n";
    }
    for (const auto& [src, bytes] : sum.voice)
        s += formatStr("voice from %s : %zu bytes (%.2f s of 8 kHz G.711)\n", src.c_str(), bytes.size(),
            double(bytes.size()) / 8000.0);
    for (const auto& [src, bytes] : sum.trunkVoice)
        s += formatStr("warning: %zu bytes of the voice from %s came in IAX2 trunk frames, which are never "
                       "encrypted (trunk=yes on that side): readable without any key\n",
            bytes, src.c_str());
    for (const auto& sp : sum.splitPackets)
        s += formatStr("packet %zu held %zu datagrams of %zu bytes (captured before UDP segmentation offload)\n",
            sp.pkt, sp.count, sp.size);
    for (const auto& e : sum.errors)
        s += "error: " + e + "\n";
    return escapeLinesForTerminal(s);
}

} // namespace iax::core
