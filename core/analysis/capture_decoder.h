#pragma once
// Decodes, and where it can decrypts, the IAX2 frames of a capture: the engine of
// `iaxphone-cli decode`. It follows calls by address and call number, finds the AUTHREQ
// challenge, tries each given secret (key = MD5(challenge ‖ secret), the right one decrypts
// AUTHREP plausibly and, for MD5 auth, reproduces its MD5_RESULT), decrypts everything after,
// follows RTKEY per direction, and collects DTMF and voice per sender.
// Pure C++ (no Qt); one decoder per capture; not thread-safe.
#include "core/analysis/pcap_reader.h"
#include "core/protocol/engine_types.h"
#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iax::core {

/// One captured packet after decoding (and decryption when possible). Field names follow
/// decoded.json of the interop captures.
struct DecodedPacket {
    enum class Kind { Full, Mini, Meta, Invalid };
    std::size_t pkt = 0;
    double time = 0;
    std::string src;
    std::string dst;
    std::size_t udpLen = 0;
    Kind kind = Kind::Invalid;
    bool encrypted = false; ///< the frame was encrypted on the wire
    bool decrypted = false; ///< ... and we could read it (always true for clear frames)
    std::optional<int> padding; ///< padding length of a decrypted frame
    std::optional<FullFrame> full; ///< decoded full frame (plaintext) when readable
    std::optional<MiniFrame> mini; ///< decoded mini frame when readable
    std::optional<Datagram> meta; ///< meta frame (never encrypted)
    std::uint16_t clearScall = 0; ///< call numbers, readable even when undecryptable
    std::uint16_t clearDcall = 0;
    bool clearRetrans = false;
    std::string error; ///< why it could not be decoded/decrypted ("" when fine)
    std::vector<std::string> notes; ///< "=> ..." lines: key derived, key rotated
};

/// The initial key of an encrypted call.
struct DerivedKey {
    std::size_t pkt = 0; ///< packet carrying the challenge (AUTHREQ)
    std::string challenge;
    std::string secret;
    AesKey key {};
};

/// A key rotation seen in the capture.
struct RotatedKey {
    std::size_t pkt = 0;
    std::string from; ///< sender whose transmit key changed
    AesKey key {};
};

/// Everything the capture revealed, in decoded.json's summary shape.
struct CaptureSummary {
    std::vector<DerivedKey> keys;
    std::vector<RotatedKey> rtkeys;
    /// sender → [(DTMF_BEGIN|DTMF_END, digit)] in capture order
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> dtmf;
    /// sender → concatenated voice payloads (full VOICE + mini), retransmissions skipped
    std::map<std::string, std::vector<std::uint8_t>> voice;
    /// sender → bytes of that voice that came in IAX2 trunk frames (Asterisk with trunk=yes): never
    /// encrypted, whatever the call's encryption
    std::map<std::string, std::size_t> trunkVoice;
    std::vector<std::string> errors;
    /// Captured payloads split into several datagrams (sent with UDP segmentation offload).
    struct Split {
        std::size_t pkt = 0;
        std::size_t count = 0; ///< datagrams in the payload
        std::size_t size = 0; ///< bytes each
    };
    std::vector<Split> splitPackets;
    /// Frames of calls in the end-to-end mode after their AUTHREP: not decryptable from the secret.
    std::size_t endToEndFrames = 0;
};

/// What decode says of a frame of the end-to-end mode (DecodedPacket::error) and of such a call.
inline constexpr const char* kEndToEndNote = "end-to-end: not decryptable from the shared secret";

/// Streams packets through decode/decrypt. Feed them in capture order.
class CaptureDecoder {
public:
    /// `secrets`: candidate shared secrets (none = decode clear frames only).
    explicit CaptureDecoder(std::vector<std::string> secrets);
    ~CaptureDecoder();
    CaptureDecoder(const CaptureDecoder&) = delete;
    CaptureDecoder& operator=(const CaptureDecoder&) = delete;

    /// Decodes one captured datagram. Never throws; problems are in DecodedPacket::error.
    DecodedPacket feed(const CapturedDatagram& dg);
    /// Like feed(), but undoes UDP segmentation offload seen on the sending host: a payload that
    /// does not decode as one frame yet is k (2..kMaxSegments) equal segments of kMinSegment..
    /// kMaxSegment bytes that each decode (clear full frame with a valid header, mini frame of a
    /// call already seen, or a frame of a known encrypted call that decrypts with its key) is fed as
    /// k datagrams with the same packet number and time. The smallest such k wins (candidates are
    /// tried in increasing k, each checked without changing the decoder's state). A payload that
    /// decodes as one frame is never split unless it is over kMaxSegment bytes (AES-CBC makes a
    /// concatenation of 8m+1 encrypted minis read as one mini) and every segment decodes.
    /// Returns one packet, or k.
    std::vector<DecodedPacket> feedAll(const CapturedDatagram& dg);
    static constexpr std::size_t kMinSegment = 4;
    static constexpr std::size_t kMaxSegment = 1500;
    static constexpr std::size_t kMaxSegments = 128;
    const CaptureSummary& summary() const { return m_summary; }

private:
    struct Session;
    using Endpoint = std::pair<std::string, std::uint16_t>;
    Session* sessionFor(const std::string& addr, std::uint16_t callno);
    void startSession(const DecodedPacket& authreq, const FullFrame& f, const IeList& ies);
    void decryptInto(DecodedPacket& out, const CapturedDatagram& dg, Session& s, bool fullFrame);
    void noteExpected(Session& s, const Endpoint& sender, const FullFrame& f);
    void collect(DecodedPacket& out);
    bool decodesAsOne(std::span<const std::uint8_t> b, const std::string& src, Millis arrival);
    /// A packet's capture time as its arrival (never before the previous packet's).
    Millis arrivalOf(double captureTime) const;

    std::vector<std::string> m_secrets;
    std::vector<std::unique_ptr<Session>> m_sessions;
    std::map<std::pair<std::string, std::uint16_t>, Session*> m_byEndpoint;
    std::set<Endpoint> m_clearCalls; // (address, call number) of clear full frames seen
    CaptureSummary m_summary;
    Millis m_lastArrival { 0 };
};

/// Text in the style of decoded-frames.txt: a header line per packet, IEs indented below.
std::string formatDecodedPacket(const DecodedPacket& p);
/// The "==== summary ====" block.
std::string formatSummary(const CaptureSummary& s);

} // namespace iax::core
