#pragma once
// Value types of the sans-IO Engine: addresses, time, configuration, commands and events.
// Plain data; safe to copy between threads (the Engine itself is single-threaded).
#include "core/protocol/auth.h"
#include "core/protocol/constants.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace iax::core {

/// Engine time: milliseconds on a monotonic clock chosen by the caller. The Engine never reads a clock.
using Millis = std::chrono::milliseconds;

/// A UDP peer: numeric IP (v4 or v6, no brackets) and port.
struct PeerAddress {
    std::string host;
    std::uint16_t port = 0;
    bool operator==(const PeerAddress&) const = default;
    auto operator<=>(const PeerAddress&) const = default;
    std::string toString() const
    {
        return host.find(':') != std::string::npos ? "[" + host + "]:" + std::to_string(port)
                                                   : host + ":" + std::to_string(port);
    }
};

using CallId = std::uint32_t;
using RegId = std::uint32_t;

enum class EncryptionPolicy { Off, Opportunistic, Required };

/// Key rotation settings (RTKEY). Rotation is only ever sent to a peer that proved support.
struct KeyRotation {
    bool enabled = true; ///< advertise 0x8000 and rotate when the peer proved support
    Millis firstAfterVoice { 0 }; ///< first rotation this long after our first voice frame (Asterisk: at it)
    Millis minInterval { 120000 }; ///< then every random interval in [min, max] (Asterisk: 120–300 s)
    Millis maxInterval { 300000 };
};

/// What the caller asks for when placing a call.
struct DialRequest {
    PeerAddress peer;
    std::string username; ///< USERNAME IE (the peer's user/context for us)
    std::string secret; ///< MD5 secret and the AES key source (RSA+AES needs it too)
    std::shared_ptr<const RsaKey> outkey; ///< RSA private key (optional)
    std::string calledNumber;
    std::string calledContext;
    std::string callingNumber;
    std::string callingName;
    std::vector<std::uint64_t> codecs { Codec::Ulaw }; ///< preference order, format bits
    EncryptionPolicy encryption = EncryptionPolicy::Opportunistic;
    KeyRotation rotation;
    bool allowPlaintextAuth = false;
    std::optional<std::uint32_t>
        datetime; ///< DATETIME IE (packed local time, RFC 5456 §8.6.28), from the caller's clock
};

/// A user the Engine accepts incoming calls from (callee side).
struct UserConfig {
    std::string username; ///< "" = matches callers that send no USERNAME
    std::string secret;
    std::vector<std::shared_ptr<const RsaKey>> inkeys; ///< accepted RSA public keys
    std::uint16_t authMethods = AuthMethod::Md5; ///< offered in AUTHREQ
    EncryptionPolicy encryption = EncryptionPolicy::Opportunistic;
    KeyRotation rotation;
    std::vector<std::uint64_t> codecs { Codec::Ulaw, Codec::Alaw, Codec::Opus };
};

/// A registration to a server.
struct RegistrationRequest {
    PeerAddress server;
    std::string username;
    std::string secret;
    std::shared_ptr<const RsaKey> outkey;
    std::uint16_t refreshSeconds = 60;
};

/// Engine-wide settings.
struct EngineConfig {
    std::vector<UserConfig> users;
    Millis retransmitInitial { 500 }; ///< first retransmission timeout
    Millis retransmitMax { 8000 }; ///< backoff cap
    int maxRetransmits = 6; ///< then the call fails ("peer unreachable")
    Millis pingInterval { 20000 }; ///< PING and LAGRQ during calls
    Millis callTokenValidity { 10000 };
    Millis unansweredIncomingTimeout { 120000 };
    int decryptFailureLimit = 20; ///< consecutive undecryptable frames before "encryption failure"
    std::size_t maxCalls = 4096;
};

enum class CallState { Calling, Authenticating, Proceeding, Ringing, Answered, Incoming, HungUp, Rejected, Failed };
enum class EncryptionState { Off, Negotiating, Encrypted, Failed };
enum class Direction2 { Tx, Rx };

/// Why a call ended (or failed). `code` is an ISDN cause (CAUSECODE) when known.
struct CallEnd {
    std::string reason;
    int code = 0;
    enum class Kind {
        Normal,
        Rejected,
        Busy,
        Congestion,
        AuthFailed,
        Unreachable,
        EncryptionRefused,
        EncryptionFailure,
        Timeout,
        Other
    };
    Kind kind = Kind::Normal;
};

/// Per-call encryption details (for the UI's details dialog and the CLI's events).
struct EncryptionDetails {
    std::string cipher; ///< "AES-128" or ""
    std::string auth; ///< "md5", "rsa", "plaintext" or ""
    bool rotationSupported = false;
    int rekeysSent = 0;
    int rekeysReceived = 0;
    int decryptFailures = 0;
    std::uint64_t framesEncrypted = 0;
    std::uint64_t framesDecrypted = 0;
    bool rxProven = false; ///< a frame from the peer decrypted and validated
    bool txProven = false; ///< one of our encrypted full frames was acknowledged
    std::string reason; ///< why Off/Failed
};

/// Per-call statistics.
struct CallStats {
    std::uint64_t framesSent = 0, framesReceived = 0;
    std::uint64_t voiceSent = 0, voiceReceived = 0;
    std::uint64_t retransmits = 0, duplicates = 0, outOfOrder = 0;
    std::uint64_t lost = 0; ///< voice frames missing by timestamp gaps
    int rttMs = -1;
    int jitterMs = 0;
    /// What the peer reported about our stream (RR_* IEs of its PONG); -1 = not reported yet.
    int peerJitterMs = -1;
    int peerLossPercent = -1;
    std::int64_t peerPackets = -1;
    std::int64_t peerOutOfOrder = -1;
    EncryptionDetails encryption;
};

// ---- events (polled) ----
struct CallStateChanged {
    CallId call;
    CallState state;
    CallEnd end;
};
struct IncomingCall {
    CallId call;
    PeerAddress from;
    std::string username, callingNumber, callingName, calledNumber, calledContext;
    std::uint64_t format;
};
struct CallAccepted {
    CallId call;
    std::uint64_t format;
};
struct EncryptionStateChanged {
    CallId call;
    EncryptionState state;
    EncryptionDetails details;
};
struct Rekey {
    CallId call;
    Direction2 direction;
};
struct DtmfReceived {
    CallId call;
    char digit;
    bool begin;
};
struct TextReceived {
    CallId call;
    std::string text;
};
struct VoiceReceived {
    CallId call;
    std::uint64_t format;
    std::uint32_t timestamp;
    std::vector<std::uint8_t> payload;
};
struct HoldChanged {
    CallId call;
    bool held;
};
struct CallFinished {
    CallId call;
    CallStats stats;
};
enum class RegistrationState { Registering, Registered, Failed, Unregistered };
struct RegistrationStateChanged {
    RegId reg;
    RegistrationState state;
    int refresh;
    std::string reason;
    std::string apparentAddress;
};

/// Server side: a user registered to us (refresh 0 = unregistered).
struct PeerRegistered {
    std::string username;
    PeerAddress address;
    int refresh;
};

using EngineEvent = std::variant<CallStateChanged, IncomingCall, CallAccepted, EncryptionStateChanged, Rekey,
    DtmfReceived, TextReceived, VoiceReceived, HoldChanged, CallFinished, RegistrationStateChanged, PeerRegistered>;

/// A datagram for the transport to send.
struct Transmit {
    PeerAddress to;
    std::vector<std::uint8_t> bytes;
};

/// Engine-wide counters of dropped input.
struct EngineCounters {
    std::uint64_t malformed = 0;
    std::uint64_t unknownCall = 0;
    std::uint64_t untokenedNew = 0;
    std::uint64_t badToken = 0;
    std::uint64_t spoofed = 0; ///< frames for a known call from the wrong address
};

const char* stateName(CallState s);
const char* stateName(EncryptionState s);
const char* stateName(RegistrationState s);

} // namespace iax::core
