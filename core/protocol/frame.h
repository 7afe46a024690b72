#pragma once
// IAX2 frames exactly as on the wire (RFC 5456 §8): full frames (12-byte header), mini frames,
// meta frames (video mini, trunk). Encoding and decoding are exact inverses; decoding never
// throws and never reads past the buffer. No encryption here (see frame_cipher.h).
#include "core/protocol/constants.h"
#include "core/protocol/information_element.h"
#include "core/protocol/result.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace iax::core {

/// A full frame. `subclass` is the decoded value: raw byte when C=0, 1<<n when C=1, -1 for 0xFF.
/// For VIDEO frames, bit 0x40 of the subclass byte is the end-of-picture mark (`videoMark`).
/// `payload` is everything after the header (the IE area for IAX frames).
struct FullFrame {
    std::uint16_t scall = 0; ///< 15 bits
    std::uint16_t dcall = 0; ///< 15 bits
    bool retransmission = false;
    std::uint32_t timestamp = 0;
    std::uint8_t oseqno = 0;
    std::uint8_t iseqno = 0;
    std::uint8_t type = 0; ///< FrameType value (unknown types are kept)
    std::int64_t subclass = 0;
    bool videoMark = false;
    std::vector<std::uint8_t> payload;

    FrameType frameType() const { return static_cast<FrameType>(type); }
    bool isIax(IaxCommand c) const { return type == std::uint8_t(FrameType::Iax) && subclass == std::int64_t(c); }
    bool isControl(ControlCommand c) const
    {
        return type == std::uint8_t(FrameType::Control) && subclass == std::int64_t(c);
    }
    /// The IEs of an IAX frame's payload (error "truncated-ie" when malformed).
    Result<IeList> ies() const { return IeList::decode(payload); }
    bool operator==(const FullFrame&) const = default;
};

/// A mini (voice) frame: 15-bit source call number, low 16 bits of the timestamp, payload.
struct MiniFrame {
    std::uint16_t callno = 0;
    std::uint16_t timestamp = 0;
    std::vector<std::uint8_t> payload;
    bool operator==(const MiniFrame&) const = default;
};

/// Meta video mini frame: 0x0000, then F=0|callno(15), then V? — layout per RFC 5456 §8.1.3.1:
/// 16 zero bits, 1 bit set + 15-bit source call number, 1 mark bit + 15-bit timestamp, payload.
struct MetaVideoFrame {
    std::uint16_t callno = 0;
    std::uint16_t timestamp = 0; ///< 15 bits
    bool mark = false;
    std::vector<std::uint8_t> payload;
    bool operator==(const MetaVideoFrame&) const = default;
};

/// One call's entry inside a trunk frame.
struct TrunkEntry {
    std::uint16_t callno = 0;
    bool hasTimestamp = false; ///< true in "trunk with timestamps" mode
    std::uint16_t timestamp = 0; ///< only when hasTimestamp
    std::vector<std::uint8_t> payload;
    bool operator==(const TrunkEntry&) const = default;
};

/// Meta trunk frame (RFC 5456 §8.1.3.2 / Asterisk's META_TRUNK): 0x0000, meta cmd 1, cmddata,
/// 32-bit timestamp, entries.
struct MetaTrunkFrame {
    std::uint8_t cmddata = 0; ///< 1 (IAX_META_TRUNK_MINI): entries carry timestamps; other values: they do not
    std::uint32_t timestamp = 0;
    std::vector<TrunkEntry> entries;
    bool operator==(const MetaTrunkFrame&) const = default;
};

/// Whatever one UDP datagram carried.
using Datagram = std::variant<FullFrame, MiniFrame, MetaVideoFrame, MetaTrunkFrame>;

/// Decodes one datagram. Errors (code): "empty", "too-short", "bad-subclass" (C bit with shift > 63
/// other than 0xFF), "bad-meta", "truncated-trunk". Never throws.
Result<Datagram> decodeDatagram(std::span<const std::uint8_t> bytes);
/// Decodes a datagram that must be a full frame ("not-full" otherwise).
Result<FullFrame> decodeFullFrame(std::span<const std::uint8_t> bytes);

/// What the clear first 4 bytes of a datagram say, readable before any decryption (full frames keep
/// 4 bytes clear, mini frames 2): meta, full or mini, and the call numbers.
struct HeaderPeek {
    enum class Kind { Meta, Full, Mini };
    Kind kind = Kind::Mini;
    std::uint16_t scall = 0; ///< source call number, 15 bits (full and mini frames)
    std::uint16_t dcall = 0; ///< destination call number, 15 bits (full frames only)
    bool retransmission = false; ///< R bit (full frames only)
};
/// Peeks at the header; nullopt when `bytes` is shorter than 4 (too short for any IAX2 frame).
/// Says nothing about the rest (a full frame needs 12 bytes). Never throws; any thread.
std::optional<HeaderPeek> peekHeader(std::span<const std::uint8_t> bytes);

/// The full 32-bit timestamp of a mini frame, which carries only the low 16 bits `ts16`, given a
/// recent full timestamp `ref` of the same sender: the value nearest to `ref` (within ±32.768 s)
/// with those low bits, as Asterisk's unwrap_timestamp() — but never before 0 (the call's start)
/// while `ref` is in its first 65.536 s; across the 32-bit wrap it runs on. Pure; any thread.
std::uint32_t unwrapMiniTimestamp(std::uint16_t ts16, std::uint32_t ref);

/// Encodes the subclass byte. Fails ("bad-subclass") for values >= 128 that are not a power of two.
Result<std::uint8_t> encodeSubclass(std::int64_t subclass);
/// Decodes the subclass byte (C bit, 6-bit shift, 0xFF = -1). Fails ("bad-subclass") for shift > 63.
Result<std::int64_t> decodeSubclass(std::uint8_t byte);

/// Wire encodings. A FullFrame whose subclass cannot be encoded is a programming error (asserts).
std::vector<std::uint8_t> encode(const FullFrame& f);
std::vector<std::uint8_t> encode(const MiniFrame& f);
/// The same bytes as encode(MiniFrame{callno, timestamp, payload}), without copying the payload twice.
std::vector<std::uint8_t> encodeMini(
    std::uint16_t callno, std::uint16_t timestamp, std::span<const std::uint8_t> payload);
/// The 4 header bytes encodeMini() puts before the payload (for encrypting header and payload
/// straight into one buffer).
std::array<std::uint8_t, 4> encodeMiniHeader(std::uint16_t callno, std::uint16_t timestamp);
std::vector<std::uint8_t> encode(const MetaVideoFrame& f);
std::vector<std::uint8_t> encode(const MetaTrunkFrame& f);
std::vector<std::uint8_t> encode(const Datagram& d);

/// Whether a received full frame must be ACKed (everything except ACK, INVAL, VNAK, PING-reply
/// rules as in Asterisk: not ACK/INVAL/TXCNT/TXACC/VNAK/CALLTOKEN; voice/control/etc. yes).
bool frameNeedsAck(const FullFrame& f);

/// Names in decoded.json spelling: "IAX", "CONTROL", "VOICE", "DTMF_BEGIN", "(13?)" for unknown.
std::string frameTypeName(std::uint8_t type);
/// Subclass text as decoded.json prints it: "NEW", "ANSWER", "(-1)", "'5'" for DTMF, "fmt=0x4" for voice.
std::string subclassName(std::uint8_t type, std::int64_t subclass);

/// Direction for the Asterisk-style printer.
enum class Direction { Tx, Rx };

/// Multi-line text like Asterisk's `iax2 set debug on`:
///   Tx-Frame Retry[No] -- OSeqno: 000 ISeqno: 000 Type: IAX     Subclass: NEW
///      Timestamp: 00007ms  SCall: 14758  DCall: 00000 127.0.0.2:4569
///      VERSION         : 2
/// `peer` is printed after DCall. IEs are printed one per line for IAX frames.
std::string formatFrameAsterisk(const FullFrame& f, Direction dir, const std::string& peer);

} // namespace iax::core
