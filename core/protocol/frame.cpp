#include "core/protocol/frame.h"

#include "core/protocol/byte_io.h"

#include <array>
#include <cassert>
#include <cstdio>

namespace iax::core {

namespace {

constexpr std::size_t kFullHeader = 12;
constexpr std::size_t kMiniHeader = 4;
constexpr std::size_t kVideoHeader = 6;
constexpr std::size_t kTrunkHeader = 8; // zeros(2) metacmd(1) cmddata(1) timestamp(4)
constexpr std::uint8_t kMetaTrunk = 1; // Asterisk IAX_META_TRUNK
constexpr std::uint8_t kTrunkMini = 1; // Asterisk IAX_META_TRUNK_MINI: entries carry timestamps
constexpr std::uint8_t kVideoMarkBit = 0x40;
constexpr std::uint8_t kSubclassLog = 0x80;

bool isVideo(std::uint8_t type)
{
    return type == std::uint8_t(FrameType::Video);
}

bool isPowerOfTwo(std::uint64_t v)
{
    return v != 0 && (v & (v - 1)) == 0;
}

unsigned log2u(std::uint64_t v)
{
    unsigned n = 0;
    while (v >>= 1)
        ++n;
    return n;
}

Error tooShort(const char* what, std::size_t need, std::size_t have)
{
    return makeError("too-short",
        std::string(what) + " needs at least " + std::to_string(need) + " bytes, got " + std::to_string(have));
}

Result<Datagram> decodeFull(std::span<const std::uint8_t> b)
{
    if (b.size() < kFullHeader)
        return tooShort("a full frame", kFullHeader, b.size());
    FullFrame f;
    f.scall = byte_io::readU16(b, 0) & 0x7FFF;
    const std::uint16_t d = byte_io::readU16(b, 2);
    f.retransmission = (d & 0x8000) != 0;
    f.dcall = d & 0x7FFF;
    f.timestamp = byte_io::readU32(b, 4);
    f.oseqno = b[8];
    f.iseqno = b[9];
    f.type = b[10];
    std::uint8_t csub = b[11];
    if (isVideo(f.type)) {
        f.videoMark = (csub & kVideoMarkBit) != 0;
        csub = static_cast<std::uint8_t>(csub & ~kVideoMarkBit);
    }
    if (isVideo(f.type) && csub == (kSubclassLog | 6)) {
        // 64 cannot travel raw in VIDEO (0x40 is the mark), so shift 6 is canonical here.
        f.subclass = 64;
    } else {
        auto sub = decodeSubclass(csub);
        if (!sub)
            return sub.error();
        f.subclass = *sub;
    }
    f.payload.assign(b.begin() + kFullHeader, b.end());
    return Datagram { std::move(f) };
}

Result<Datagram> decodeMeta(std::span<const std::uint8_t> b)
{
    if (b.size() < 4)
        return makeError("bad-meta", "meta frame of " + std::to_string(b.size()) + " bytes has no meta header");
    if (b[2] & 0x80) {
        // Video mini frame: 0x0000, 1|callno(15), mark|ts(15), payload.
        if (b.size() < kVideoHeader)
            return makeError("bad-meta", "video meta frame needs 6 header bytes, got " + std::to_string(b.size()));
        MetaVideoFrame v;
        v.callno = byte_io::readU16(b, 2) & 0x7FFF;
        const std::uint16_t ts = byte_io::readU16(b, 4);
        v.mark = (ts & 0x8000) != 0;
        v.timestamp = ts & 0x7FFF;
        v.payload.assign(b.begin() + kVideoHeader, b.end());
        return Datagram { std::move(v) };
    }
    if (b[2] != kMetaTrunk)
        return makeError("bad-meta", "unknown meta command " + std::to_string(b[2]));
    if (b.size() < kTrunkHeader)
        return makeError("bad-meta", "trunk meta frame needs 8 header bytes, got " + std::to_string(b.size()));
    MetaTrunkFrame t;
    t.cmddata = b[3];
    t.timestamp = byte_io::readU32(b, 4);
    const bool withTs = t.cmddata == kTrunkMini; // as Asterisk: any other value = no timestamps
    const std::size_t entryHeader = withTs ? 6 : 4;
    std::size_t at = kTrunkHeader;
    while (at < b.size()) {
        if (b.size() - at < entryHeader)
            return makeError("truncated-trunk", "trunk entry header truncated at offset " + std::to_string(at));
        TrunkEntry e;
        std::size_t len = 0;
        if (withTs) {
            // Asterisk ast_iax2_meta_trunk_mini: len(16), callno(16), ts(16).
            len = byte_io::readU16(b, at);
            e.callno = byte_io::readU16(b, at + 2);
            e.hasTimestamp = true;
            e.timestamp = byte_io::readU16(b, at + 4);
        } else {
            // Asterisk ast_iax2_meta_trunk_entry: callno(16), len(16).
            e.callno = byte_io::readU16(b, at);
            len = byte_io::readU16(b, at + 2);
        }
        at += entryHeader;
        if (len > b.size() - at)
            return makeError("truncated-trunk",
                "trunk entry claims " + std::to_string(len) + " bytes but only " + std::to_string(b.size() - at)
                    + " remain");
        e.payload.assign(b.begin() + std::ptrdiff_t(at), b.begin() + std::ptrdiff_t(at + len));
        at += len;
        t.entries.push_back(std::move(e));
    }
    return Datagram { std::move(t) };
}

std::uint8_t encodeSubclassFor(std::uint8_t type, std::int64_t subclass, bool videoMark)
{
    std::uint8_t byte = 0;
    if (isVideo(type)) {
        // In VIDEO frames bit 0x40 is the mark, so a raw value may not use it; powers of two
        // (including 64) take the C-bit form instead.
        if (subclass >= 0 && subclass < 0x40) {
            byte = static_cast<std::uint8_t>(subclass);
        } else {
            const auto u = static_cast<std::uint64_t>(subclass);
            assert(isPowerOfTwo(u) && log2u(u) >= 6 && "VIDEO subclass not encodable");
            byte = static_cast<std::uint8_t>(kSubclassLog | log2u(u));
        }
        if (videoMark)
            byte |= kVideoMarkBit;
        return byte;
    }
    auto r = encodeSubclass(subclass);
    assert(r.ok() && "FullFrame subclass not encodable");
    return r.ok() ? *r : 0;
}

} // namespace

Result<std::uint8_t> encodeSubclass(std::int64_t subclass)
{
    if (subclass == -1)
        return std::uint8_t(0xFF);
    if (subclass >= 0 && subclass < 0x80)
        return static_cast<std::uint8_t>(subclass);
    const auto u = static_cast<std::uint64_t>(subclass); // INT64_MIN is 1 << 63
    if (!isPowerOfTwo(u))
        return makeError(
            "bad-subclass", "subclass " + std::to_string(subclass) + " is neither below 128 nor a power of two");
    return static_cast<std::uint8_t>(kSubclassLog | log2u(u));
}

Result<std::int64_t> decodeSubclass(std::uint8_t byte)
{
    if (!(byte & kSubclassLog))
        return std::int64_t(byte);
    if (byte == 0xFF)
        return std::int64_t(-1);
    if (byte & 0x40)
        return makeError("bad-subclass", "subclass byte " + std::to_string(byte) + " has a shift above 63");
    const unsigned shift = byte & 0x3F;
    if (shift < 7)
        return makeError("bad-subclass",
            "subclass byte " + std::to_string(byte) + " encodes a value below 128 in shift form (not canonical)");
    return static_cast<std::int64_t>(std::uint64_t(1) << shift);
}

std::optional<HeaderPeek> peekHeader(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < 4)
        return std::nullopt;
    HeaderPeek h;
    const std::uint16_t first = byte_io::readU16(bytes, 0);
    if (first == 0) {
        h.kind = HeaderPeek::Kind::Meta;
        return h;
    }
    h.scall = first & 0x7FFF;
    if ((first & 0x8000) == 0)
        return h; // mini
    h.kind = HeaderPeek::Kind::Full;
    h.dcall = byte_io::readU16(bytes, 2) & 0x7FFF;
    h.retransmission = (bytes[2] & 0x80) != 0;
    return h;
}

std::uint32_t unwrapMiniTimestamp(std::uint16_t ts16, std::uint32_t ref)
{
    std::uint32_t ts = (ref & 0xFFFF0000u) | ts16;
    const auto diff = static_cast<std::int32_t>(ts - ref); // |diff| < 65536: same upper half
    if (diff < -0x8000)
        ts += 0x10000u; // the low half wrapped forwards (past 2^32 too)
    else if (diff > 0x8000 && ts >= 0x10000u)
        ts -= 0x10000u; // a late frame from before the wrap
    return ts;
}

Result<Datagram> decodeDatagram(std::span<const std::uint8_t> bytes)
{
    if (bytes.empty())
        return makeError("empty", "zero-length datagram");
    if (bytes[0] & 0x80)
        return decodeFull(bytes);
    if (bytes.size() >= 2 && bytes[0] == 0 && bytes[1] == 0)
        return decodeMeta(bytes);
    if (bytes.size() < kMiniHeader)
        return tooShort("a mini frame", kMiniHeader, bytes.size());
    MiniFrame m;
    m.callno = byte_io::readU16(bytes, 0) & 0x7FFF;
    m.timestamp = byte_io::readU16(bytes, 2);
    m.payload.assign(bytes.begin() + kMiniHeader, bytes.end());
    return Datagram { std::move(m) };
}

Result<FullFrame> decodeFullFrame(std::span<const std::uint8_t> bytes)
{
    auto d = decodeDatagram(bytes);
    if (!d)
        return d.error();
    if (auto* f = std::get_if<FullFrame>(&*d))
        return std::move(*f);
    return makeError("not-full", "datagram is not a full frame");
}

std::vector<std::uint8_t> encode(const FullFrame& f)
{
    std::vector<std::uint8_t> out;
    out.reserve(kFullHeader + f.payload.size());
    byte_io::appendU16(out, static_cast<std::uint16_t>(0x8000 | (f.scall & 0x7FFF)));
    byte_io::appendU16(out, static_cast<std::uint16_t>((f.retransmission ? 0x8000 : 0) | (f.dcall & 0x7FFF)));
    byte_io::appendU32(out, f.timestamp);
    out.push_back(f.oseqno);
    out.push_back(f.iseqno);
    out.push_back(f.type);
    out.push_back(encodeSubclassFor(f.type, f.subclass, f.videoMark));
    byte_io::appendBytes(out, f.payload);
    return out;
}

std::vector<std::uint8_t> encode(const MiniFrame& f)
{
    return encodeMini(f.callno, f.timestamp, f.payload);
}

std::vector<std::uint8_t> encodeMini(
    std::uint16_t callno, std::uint16_t timestamp, std::span<const std::uint8_t> payload)
{
    const auto header = encodeMiniHeader(callno, timestamp);
    std::vector<std::uint8_t> out;
    out.reserve(header.size() + payload.size());
    byte_io::appendBytes(out, header);
    byte_io::appendBytes(out, payload);
    return out;
}

std::array<std::uint8_t, 4> encodeMiniHeader(std::uint16_t callno, std::uint16_t timestamp)
{
    assert((callno & 0x7FFF) != 0 && "mini frame call number 0 would read as a meta frame");
    const std::uint16_t c = callno & 0x7FFF;
    return { std::uint8_t(c >> 8), std::uint8_t(c & 0xFF), std::uint8_t(timestamp >> 8),
        std::uint8_t(timestamp & 0xFF) };
}

std::vector<std::uint8_t> encode(const MetaVideoFrame& f)
{
    std::vector<std::uint8_t> out;
    out.reserve(kVideoHeader + f.payload.size());
    byte_io::appendU16(out, 0);
    byte_io::appendU16(out, static_cast<std::uint16_t>(0x8000 | (f.callno & 0x7FFF)));
    byte_io::appendU16(out, static_cast<std::uint16_t>((f.mark ? 0x8000 : 0) | (f.timestamp & 0x7FFF)));
    byte_io::appendBytes(out, f.payload);
    return out;
}

std::vector<std::uint8_t> encode(const MetaTrunkFrame& f)
{
    std::vector<std::uint8_t> out;
    byte_io::appendU16(out, 0);
    out.push_back(kMetaTrunk);
    out.push_back(f.cmddata);
    byte_io::appendU32(out, f.timestamp);
    const bool withTs = f.cmddata == kTrunkMini;
    for (const auto& e : f.entries) {
        assert(e.payload.size() <= 0xFFFF);
        const auto len = static_cast<std::uint16_t>(e.payload.size());
        if (withTs) {
            byte_io::appendU16(out, len);
            byte_io::appendU16(out, e.callno);
            byte_io::appendU16(out, e.timestamp);
        } else {
            byte_io::appendU16(out, e.callno);
            byte_io::appendU16(out, len);
        }
        byte_io::appendBytes(out, e.payload);
    }
    return out;
}

std::vector<std::uint8_t> encode(const Datagram& d)
{
    return std::visit([](const auto& f) { return encode(f); }, d);
}

bool frameNeedsAck(const FullFrame& f)
{
    // Asterisk (chan_iax2.c socket_process) acknowledges every full frame except the IAX
    // commands ACK, INVAL, TXCNT, TXACC and VNAK; CALLTOKEN is a stateless reply that the caller
    // answers by resending its request, so it is not ACKed either. PING/LAGRQ/POKE count as
    // needing an ACK; the PONG/LAGRP reply carries the iseqno and acknowledges them implicitly.
    if (f.type != std::uint8_t(FrameType::Iax))
        return true;
    switch (static_cast<IaxCommand>(f.subclass)) {
    case IaxCommand::Ack:
    case IaxCommand::Inval:
    case IaxCommand::TxCnt:
    case IaxCommand::TxAcc:
    case IaxCommand::Vnak:
    case IaxCommand::CallToken:
        return false;
    default:
        return true;
    }
}

// ---- names ------------------------------------------------------------------------------------

namespace {

constexpr std::array<const char*, 13> kTypeNames { nullptr, "DTMF_END", "VOICE", "VIDEO", "CONTROL", "NULL", "IAX",
    "TEXT", "IMAGE", "HTML", "CNG", "MODEM", "DTMF_BEGIN" };

// Asterisk's 7-column spellings (iax2-parser.c frames[]).
constexpr std::array<const char*, 13> kTypeNamesAst { nullptr, "DTMF_E ", "VOICE  ", "VIDEO  ", "CONTROL", "NULL   ",
    "IAX    ", "TEXT   ", "IMAGE  ", "HTML   ", "CNG    ", "MODEM  ", "DTMF_B " };

constexpr std::array<const char*, 41> kIaxNames { nullptr, "NEW", "PING", "PONG", "ACK", "HANGUP", "REJECT", "ACCEPT",
    "AUTHREQ", "AUTHREP", "INVAL", "LAGRQ", "LAGRP", "REGREQ", "REGAUTH", "REGACK", "REGREJ", "REGREL", "VNAK", "DPREQ",
    "DPREP", "DIAL", "TXREQ", "TXCNT", "TXACC", "TXREADY", "TXREL", "TXREJ", "QUELCH", "UNQUELCH", "POKE", "PAGE",
    "MWI", "UNSUPPORT", "TRANSFER", "PROVISION", "FWDOWNL", "FWDATA", "TXMEDIA", "RTKEY", "CALLTOKEN" };

constexpr std::array<const char*, 41> kIaxNamesAst { nullptr, "NEW    ", "PING   ", "PONG   ", "ACK    ", "HANGUP ",
    "REJECT ", "ACCEPT ", "AUTHREQ", "AUTHREP", "INVAL  ", "LAGRQ  ", "LAGRP  ", "REGREQ ", "REGAUTH", "REGACK ",
    "REGREJ ", "REGREL ", "VNAK   ", "DPREQ  ", "DPREP  ", "DIAL   ", "TXREQ  ", "TXCNT  ", "TXACC  ", "TXREADY",
    "TXREL  ", "TXREJ  ", "QUELCH ", "UNQULCH", "POKE   ", "PAGE   ", "MWI    ", "UNSPRTD", "TRANSFR", "PROVISN",
    "FWDWNLD", "FWDATA ", "TXMEDIA", "RTKEY  ", "CTOKEN " };

constexpr std::array<const char*, 34> kControlNames { nullptr, "HANGUP", "RING", "RINGING", "ANSWER", "BUSY",
    "TAKEOFFHOOK", "OFFHOOK", "CONGESTION", "FLASH", "WINK", "OPTION", "RADIO_KEY", "RADIO_UNKEY", "PROGRESS",
    "PROCEEDING", "HOLD", "UNHOLD", "VIDUPDATE", "T38", "SRCUPDATE", "TRANSFER", "CONNECTED_LINE", "REDIRECTING",
    "T38_PARAMETERS", "CC", "SRCCHANGE", "READ_ACTION", "AOC", "END_OF_Q", "INCOMPLETE", "MCID", "UPDATE_RTP_PEER",
    "PVT_CAUSE_CODE" };

constexpr std::array<const char*, 34> kControlNamesAst { nullptr, "HANGUP ", "RING   ", "RINGING", "ANSWER ", "BUSY   ",
    "TKOFFHK", "OFFHOOK", "CONGSTN", "FLASH  ", "WINK   ", "OPTION ", "RDKEY  ", "RDUNKEY", "PROGRES", "PROCDNG",
    "HOLD   ", "UNHOLD ", "VIDUPDT", "T38    ", "SRCUPDT", "TXFER  ", "CNLINE ", "REDIR  ", "T38PARM", "CC ERR!",
    "SRCCHG ", "READACT", "AOC    ", "ENDOFQ ", "INCOMPL", "MCID   ", "UPDRTPP", "PCAUSEC" };

template<std::size_t N> const char* lookup(const std::array<const char*, N>& table, std::int64_t v)
{
    if (v <= 0 || static_cast<std::uint64_t>(v) >= N)
        return nullptr;
    return table[static_cast<std::size_t>(v)];
}

bool isDtmf(std::uint8_t type)
{
    return type == std::uint8_t(FrameType::DtmfBegin) || type == std::uint8_t(FrameType::DtmfEnd);
}

bool isMediaFormat(std::uint8_t type)
{
    return type == std::uint8_t(FrameType::Voice) || type == std::uint8_t(FrameType::Video)
        || type == std::uint8_t(FrameType::Image);
}

} // namespace

std::string frameTypeName(std::uint8_t type)
{
    if (const char* n = lookup(kTypeNames, type))
        return n;
    return "(" + std::to_string(type) + "?)";
}

std::string subclassName(std::uint8_t type, std::int64_t subclass)
{
    const char* n = nullptr;
    if (type == std::uint8_t(FrameType::Iax))
        n = lookup(kIaxNames, subclass);
    else if (type == std::uint8_t(FrameType::Control))
        n = lookup(kControlNames, subclass);
    if (n)
        return n;
    if (type == std::uint8_t(FrameType::Iax) || type == std::uint8_t(FrameType::Control))
        return subclass == -1 ? "(-1)" : "(" + std::to_string(subclass) + "?)";
    if (isDtmf(type) && subclass >= 0x20 && subclass < 0x7F)
        return std::string("'") + static_cast<char>(subclass) + "'";
    if (isMediaFormat(type)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "fmt=0x%llx", static_cast<unsigned long long>(subclass));
        return buf;
    }
    return std::to_string(subclass);
}

std::string formatFrameAsterisk(const FullFrame& f, Direction dir, const std::string& peer)
{
    std::string type;
    if (const char* n = lookup(kTypeNamesAst, f.type))
        type = n;
    else
        type = "(" + std::to_string(f.type) + "?)";

    // Asterisk prints unknown IAX/CONTROL subclasses by their wire byte, DTMF as the digit and
    // everything else as the decoded number.
    std::string sub;
    const bool iax = f.type == std::uint8_t(FrameType::Iax);
    const bool control = f.type == std::uint8_t(FrameType::Control);
    if (iax || control) {
        const char* n = iax ? lookup(kIaxNamesAst, f.subclass) : lookup(kControlNamesAst, f.subclass);
        if (n) {
            sub = n;
        } else {
            auto byte = encodeSubclass(f.subclass);
            sub = "(" + std::to_string(byte.ok() ? int(*byte) : -1) + "?)";
        }
    } else if (isDtmf(f.type) && f.subclass >= 0x20 && f.subclass < 0x7F) {
        sub = std::string(1, static_cast<char>(f.subclass));
    } else {
        sub = std::to_string(f.subclass);
    }

    char line[256];
    std::snprintf(line, sizeof line, "%s-Frame Retry[%s] -- OSeqno: %03u ISeqno: %03u Type: %s Subclass: %s\n",
        dir == Direction::Tx ? "Tx" : "Rx", f.retransmission ? "Yes" : " No", unsigned(f.oseqno), unsigned(f.iseqno),
        type.c_str(), sub.c_str());
    std::string out = line;
    std::snprintf(line, sizeof line, "   Timestamp: %05lums  SCall: %05u  DCall: %05u %s\n",
        static_cast<unsigned long>(f.timestamp), unsigned(f.scall), unsigned(f.dcall), peer.c_str());
    out += line;
    if (iax && !f.payload.empty()) {
        auto ies = f.ies();
        if (ies) {
            for (const auto& ie : ies->items())
                out += formatIeAsterisk(ie) + "\n";
        } else {
            out += "   (malformed IEs: " + ies.error().reason + ")\n";
        }
    }
    return out;
}

} // namespace iax::core
