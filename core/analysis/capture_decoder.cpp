#include "core/analysis/capture_decoder.h"

#include "core/protocol/auth.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/terminal_text.h"

#include <cstdio>

namespace iax::core {

namespace {

std::string hexKey(const AesKey& k)
{
    return byte_io::toHex(k);
}

// Windows for telling a right key from a wrong one by the decrypted timestamp: a wrong key gives
// a uniformly random timestamp, the right one a value close to the sender's previous frame.
constexpr std::uint32_t kFirstFrameWindowMs = 60'000; // AUTHREP vs AUTHREQ
constexpr std::uint32_t kFullWindowMs = 300'000;
constexpr std::uint32_t kMiniWindowMs = 2'000;
constexpr std::uint32_t kTightWindowMs = 200;

// Distance between a decrypted timestamp and the sender's last one (16-bit for minis).
std::uint32_t tsDistance(const DecryptedDatagram& plain, FrameKind kind, std::uint32_t last)
{
    const auto& b = plain.datagram;
    if (kind == FrameKind::Full) {
        const std::uint32_t ts = byte_io::readU32(b, 4);
        return ts >= last ? ts - last : last - ts;
    }
    const auto d = static_cast<std::uint16_t>(byte_io::readU16(b, 2) - static_cast<std::uint16_t>(last));
    return d < 0x8000 ? d : 0x10000u - d;
}

// The full timestamp of a mini frame, given the sender's last one (ts16 is its low half).
std::uint32_t extendMiniTs(std::uint16_t ts16, std::uint32_t last)
{
    std::uint32_t t = (last & 0xFFFF0000u) | ts16;
    if (t + 0x8000u < last && t <= 0xFFFEFFFFu)
        t += 0x10000u;
    else if (t > last + 0x8000u && t >= 0x10000u)
        t -= 0x10000u;
    return t;
}

std::string formatStr(const char* fmt, auto... args)
{
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, args...);
    return buf;
}
} // namespace

/// One encrypted call: both endpoints, the challenge, and each sender's current/previous key.
struct CaptureDecoder::Session {
    Endpoint callee; // sent AUTHREQ
    Endpoint caller;
    std::string challenge;
    std::size_t challengePkt = 0;
    std::uint32_t challengeTs = 0; // AUTHREQ timestamp: the first encrypted frame is near it
    bool md5Auth = false;
    bool keyKnown = false;
    bool keyFailed = false;
    struct Rx {
        std::unique_ptr<FrameDecryptor> current;
        std::unique_ptr<FrameDecryptor> previous;
    };
    std::map<Endpoint, Rx> rx;
    std::map<Endpoint, std::uint32_t> lastTs; // per sender: last timestamp read (minis extend it)
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
    s->md5Auth = (ies.getU16(IeId::AuthMethods).value_or(0) & AuthMethod::Md5) != 0;
    m_byEndpoint[callee] = s.get();
    m_byEndpoint[caller] = s.get();
    m_sessions.push_back(std::move(s));
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
            if (fullFrame && tsDistance(*plain, kind, s.challengeTs) > kFirstFrameWindowMs)
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
                s.rx[ep].current = std::make_unique<FrameDecryptor>(key);
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
    Result<DecryptedDatagram> plain = chooseKey(dg, kind, s, sender);
    if (!plain) {
        out.error = "decryption failed: " + plain.error().reason;
        m_summary.errors.push_back(formatStr("pkt %zu: %s", out.pkt, out.error.c_str()));
        return;
    }
    out.decrypted = true;
    out.padding = plain->padding;
    auto d = decodeDatagram(plain->datagram);
    if (!d) {
        out.error = "decrypted frame malformed: " + d.error().reason;
        out.decrypted = false;
        return;
    }
    if (fullFrame) {
        out.full = std::get<FullFrame>(*d);
        s.lastTs[sender] = out.full->timestamp;
        if (out.full->isIax(IaxCommand::RtKey)) {
            auto ies = out.full->ies();
            auto k = ies ? ies->getString(IeId::Challenge) : std::nullopt;
            if (k && k->size() == 16) {
                AesKey key {};
                std::copy(k->begin(), k->end(), key.begin());
                rx.previous = std::move(rx.current);
                rx.current = std::make_unique<FrameDecryptor>(key);
                m_summary.rtkeys.push_back({ out.pkt, dg.src, key });
                out.notes.push_back(dg.src + " now transmits with key " + hexKey(key));
            }
        }
    } else if (auto* m = std::get_if<MiniFrame>(&*d)) {
        out.mini = *m;
        auto last = s.lastTs.find(sender);
        if (last != s.lastTs.end())
            last->second = extendMiniTs(m->timestamp, last->second);
    }
}

Result<DecryptedDatagram> CaptureDecoder::chooseKey(
    const CapturedDatagram& dg, FrameKind kind, Session& s, const std::pair<std::string, std::uint16_t>& sender)
{
    auto& rx = s.rx[sender];
    Result<DecryptedDatagram> cur = makeError("no-key", "no key for this sender");
    if (rx.current)
        cur = rx.current->decrypt(dg.payload, kind);
    if (!rx.previous)
        return cur;
    // After an RTKEY the sender's frames still in flight use its previous key. A wrong key
    // may still pass the structural checks (mini frames have none), so the decrypted
    // timestamp decides: it must lie near the sender's last one.
    const auto last = s.lastTs.find(sender);
    if (last == s.lastTs.end())
        return cur.ok() ? std::move(cur) : rx.previous->decrypt(dg.payload, kind);
    auto prev = rx.previous->decrypt(dg.payload, kind);
    const std::uint32_t window = kind == FrameKind::Full ? kFullWindowMs : kMiniWindowMs;
    const std::uint32_t dCur = cur ? tsDistance(*cur, kind, last->second) : UINT32_MAX;
    const std::uint32_t dPrev = prev ? tsDistance(*prev, kind, last->second) : UINT32_MAX;
    const bool prevTight = dPrev <= kTightWindowMs && dCur > kTightWindowMs;
    if (dCur <= window && !prevTight)
        return cur;
    if (dPrev <= window)
        return prev;
    return cur.ok() ? std::move(cur) : std::move(prev); // neither near: keep the current key's reading
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
}

DecodedPacket CaptureDecoder::feed(const CapturedDatagram& dg)
{
    DecodedPacket out;
    out.pkt = dg.packetNumber;
    out.time = dg.timestamp;
    out.src = dg.src;
    out.dst = dg.dst;
    out.udpLen = dg.payload.size();
    const auto& b = dg.payload;
    if (b.size() < 4) {
        out.error = "datagram too short for IAX2 (" + std::to_string(b.size()) + " bytes)";
        return out;
    }
    const std::uint16_t first = byte_io::readU16(b, 0);
    if (first == 0) { // meta frame: never encrypted
        out.kind = DecodedPacket::Kind::Meta;
        auto d = decodeDatagram(b);
        if (d) {
            out.meta = *d;
            out.decrypted = true;
        } else {
            out.error = d.error().reason;
        }
        return out;
    }
    const bool fullFrame = (first & 0x8000) != 0;
    out.kind = fullFrame ? DecodedPacket::Kind::Full : DecodedPacket::Kind::Mini;
    out.clearScall = first & 0x7FFF;
    if (fullFrame) {
        out.clearDcall = byte_io::readU16(b, 2) & 0x7FFF;
        out.clearRetrans = (b[2] & 0x80) != 0;
    }

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
// encrypted call that one of the sender's keys decrypts (and, for a mini whose sender's time is
// known, lands near it, as chooseKey() requires of a key that is not the only candidate).
bool CaptureDecoder::decodesAsOne(std::span<const std::uint8_t> b, const std::string& src)
{
    if (b.size() < 4)
        return false;
    const std::uint16_t first = byte_io::readU16(b, 0);
    if (first == 0)
        return decodeDatagram(b).ok();
    const bool fullFrame = (first & 0x8000) != 0;
    const std::uint16_t scall = first & 0x7FFF;
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
    const auto last = s->lastTs.find(sender);
    for (FrameDecryptor* dec : { rxIt->second.current.get(), rxIt->second.previous.get() }) {
        if (!dec)
            continue;
        auto plain = dec->decrypt(b, kind);
        if (!plain || !decodeDatagram(plain->datagram).ok())
            continue;
        const std::uint32_t window = fullFrame ? kFullWindowMs : kMiniWindowMs;
        if (last != s->lastTs.end() && tsDistance(*plain, kind, last->second) > window)
            continue;
        return true;
    }
    return false;
}

std::vector<DecodedPacket> CaptureDecoder::feedAll(const CapturedDatagram& dg)
{
    const std::size_t n = dg.payload.size();
    // Over kMaxSegment bytes a "one frame" reading is not trusted on its own: with AES-CBC the
    // first block of a concatenation of 8m+1 encrypted minis decrypts exactly like the first
    // frame's, so the whole passes as one mini with a huge payload. There the split wins if
    // every segment decodes; at or below kMaxSegment a payload that decodes is never split.
    if (n >= 2 * kMinSegment && (n > kMaxSegment || !decodesAsOne(dg.payload, dg.src))) {
        const std::span<const std::uint8_t> all(dg.payload);
        for (std::size_t k = 2; k <= kMaxSegments && n / k >= kMinSegment; ++k) {
            const std::size_t size = n / k;
            if (n % k != 0 || size > kMaxSegment)
                continue;
            bool every = true;
            for (std::size_t i = 0; every && i < k; ++i)
                every = decodesAsOne(all.subspan(i * size, size), dg.src);
            if (!every)
                continue;
            std::vector<DecodedPacket> out;
            out.reserve(k);
            for (std::size_t i = 0; i < k; ++i) {
                CapturedDatagram seg = dg;
                seg.payload.assign(all.begin() + std::ptrdiff_t(i * size), all.begin() + std::ptrdiff_t((i + 1) * size));
                out.push_back(feed(seg));
                out.back().notes.insert(out.back().notes.begin(),
                    formatStr("packet %zu held %zu datagrams of %zu bytes (captured before UDP segmentation offload); this is #%zu",
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
    for (const auto& sp : sum.splitPackets)
        s += formatStr("packet %zu held %zu datagrams of %zu bytes (captured before UDP segmentation offload)\n", sp.pkt,
            sp.count, sp.size);
    for (const auto& e : sum.errors)
        s += "error: " + e + "\n";
    return escapeLinesForTerminal(s);
}

} // namespace iax::core
