#pragma once
// Events the Engine hands to the application (polled values, never callbacks: no re-entrancy),
// and the per-call states, statistics and encryption details they carry. Plain data; safe to copy
// to other threads (the GUI gets them as immutable snapshots).
#include "core/protocol/engine_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace iax::core {

/// Call states. Caller: Calling → Authenticating → Proceeding (ACCEPT) → Ringing → Answered.
/// Callee: Authenticating (AUTHREQ sent) → Incoming (authenticated, IncomingCall posted) →
/// Ringing → Answered. Terminal: HungUp, Rejected (REJECT/BUSY/CONGESTION), Failed.
enum class CallState { Calling, Authenticating, Proceeding, Ringing, Answered, Incoming, HungUp, Rejected, Failed };
/// Honest per-call encryption state: Encrypted only when a frame of the peer decrypted and
/// validated AND one of our encrypted full frames was acknowledged; Failed on decrypt/auth failure.
enum class EncryptionState { Off, Negotiating, Encrypted, Failed };
/// Which of a call's two keys a Rekey event is about (Tx = ours, Rx = the peer's).
enum class KeyDirection { Tx, Rx };

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
    /// How the peer was authenticated, for the call details: "authenticated by RSA",
    /// "authenticated by MD5", "authenticated by MD5 (RSA unavailable: <reason>)" … ("" before).
    std::string authDetails;
    // End-to-end mode (docs/E2E.md; call_e2e.cpp):
    std::string mode; ///< "e2e", "hop" (AES-128-CBC as Asterisk) or "" (not encrypted)
    std::string sas; ///< the four SAS words in "e2e" mode, else ""
    std::string peerIdentity; ///< the peer's verified identity fingerprint in "e2e" mode ("" = none)
    std::string e2eReason; ///< why the end-to-end mode was not used when it was offered ("" else)
    std::uint64_t e2eTampered = 0; ///< frames dropped: tag, epoch or length wrong
    std::uint64_t e2eReplayed = 0; ///< frames dropped: sequence field seen before
    std::uint64_t e2eTooOld = 0; ///< frames dropped: behind the replay window
};

/// Per-call statistics.
struct CallStats {
    std::uint64_t framesSent = 0, framesReceived = 0;
    std::uint64_t voiceSent = 0, voiceReceived = 0;
    /// Our voice frames sent as mini frames although a duplicate call at the peer may take them,
    /// because too many of our full frames wait for acknowledgement (call_duplicate.cpp).
    std::uint64_t voiceBacklogMinis = 0;
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

// ---- events (polled with Engine::pollEvent) ----
/// A call changed state; `end` says why when the state is terminal.
struct CallStateChanged {
    CallId call;
    CallState state;
    CallEnd end;
};
/// Callee side: an authenticated incoming call waits for ring()/answer()/reject().
struct IncomingCall {
    CallId call;
    PeerAddress from;
    std::string username, callingNumber, callingName, calledNumber, calledContext;
    std::uint64_t format;
    std::string authDetails; ///< as EncryptionDetails::authDetails
    /// The account the call was accepted and authenticated as (UserConfig::username; for a call from
    /// a registrar, the registration's user name). `username` is what the caller's NEW named.
    std::string account;
    RegId registration = 0; ///< the registration whose server placed the call; 0 = a configured user
    std::string auth; ///< how the caller proved itself: "md5", "rsa" or "plaintext"
    /// The NEW carried AUTOANSWER (IE 25; Asterisk's Dial(IAX2/peer/exten/a)): the caller asks us to
    /// answer without ringing. Honour it only from a trusted server (phone::decideIncoming).
    bool autoAnswerRequested = false;
    /// The call's mode once authenticated: "e2e" (keyed end to end, docs/E2E.md), else "" (hop-by-hop
    /// or clear; the encryption events say which). A phone refuses "" for a contact marked "always
    /// end-to-end".
    std::string mode;
};
/// Callee side: RSA authentication of an incoming call needs the public key of the caller `name`
/// (its USERNAME; UserConfig::lookupCallerKey). The call waits before AUTHREQ (the caller's
/// retransmitted NEW is acknowledged) until Engine::providePeerKey() or EngineConfig::peerKeyTimeout.
struct PeerKeyNeeded {
    CallId call;
    std::string name;
    PeerAddress from;
};
/// Caller side: the peer ACCEPTed; `format` is the negotiated codec (one format bit).
struct CallAccepted {
    CallId call;
    std::uint64_t format;
};
/// The call's encryption state changed; `details` is a snapshot at that moment.
struct EncryptionStateChanged {
    CallId call;
    EncryptionState state;
    EncryptionDetails details;
};
/// A key rotation happened: we sent RTKEY (Tx) or applied the peer's RTKEY (Rx).
struct Rekey {
    CallId call;
    KeyDirection direction;
};
/// DTMF_BEGIN (begin = true) or DTMF_END from the peer.
struct DtmfReceived {
    CallId call;
    char digit;
    bool begin;
};
/// A TEXT frame from the peer.
struct TextReceived {
    CallId call;
    std::string text;
};
/// One voice frame from the peer (full or mini). `timestamp`: ms since the peer's call start,
/// unwrapped past the 16-bit mini-frame wrap. `payload` is in `format` (still encoded).
struct VoiceReceived {
    CallId call;
    std::uint64_t format;
    std::uint32_t timestamp;
    std::vector<std::uint8_t> payload;
};
/// The peer put the call on hold (CONTROL HOLD) or took it off (UNHOLD).
struct HoldChanged {
    CallId call;
    bool held;
};
/// Final statistics of a call, posted once when it reaches a terminal state.
struct CallFinished {
    CallId call;
    CallStats stats;
};
/// Registration client states. Failed is retried with backoff unless unregistering.
enum class RegistrationState { Registering, Registered, Failed, Unregistered };
/// Why a registration is Failed: the server never answered (retried with backoff), or it refused
/// us (REGREJ, or no authentication method in common; not retried).
enum class RegistrationFailure { None, Unreachable, Refused };
/// Voicemail waiting, from REGACK's MSGCOUNT IE (Asterisk, peer with `mailbox=`: the high byte old
/// messages, the low byte new ones, each capped at 255).
struct VoicemailCount {
    int newMessages = 0;
    int oldMessages = 0;
    bool operator==(const VoicemailCount&) const = default;
};

/// A registration changed state. `refresh` (s) as granted by REGACK; `apparentAddress` is how the
/// server sees us ("ip:port"); `reason` explains Failed/Unregistered, `failure` classifies Failed.
struct RegistrationStateChanged {
    RegId reg;
    RegistrationState state;
    int refresh;
    std::string reason;
    std::string apparentAddress;
    RegistrationFailure failure = RegistrationFailure::None;
    /// Registered: the REGACK's MSGCOUNT when the server sent one (nullopt: none, no mailbox).
    std::optional<VoicemailCount> voicemail {};
};

/// Server side: a user registered to us (refresh 0 = unregistered).
struct PeerRegistered {
    std::string username;
    PeerAddress address;
    int refresh;
};

/// Everything pollEvent() can return.
using EngineEvent = std::variant<CallStateChanged, IncomingCall, CallAccepted, EncryptionStateChanged, Rekey,
    DtmfReceived, TextReceived, VoiceReceived, HoldChanged, CallFinished, RegistrationStateChanged, PeerRegistered,
    PeerKeyNeeded>;

/// Lowercase names for logs and JSON ("answered", "encrypted", "registered" …).
const char* stateName(CallState s);
const char* stateName(EncryptionState s);
const char* stateName(RegistrationState s);

} // namespace iax::core
