#pragma once
// Value types of the sans-IO Engine: addresses, time, configuration, commands and counters
// (the events are in events.h). Plain data; safe to copy between threads (the Engine itself is
// single-threaded).
#include "core/protocol/auth.h"
#include "core/protocol/constants.h"
#include "core/protocol/e2e_identity.h"
#include "core/protocol/rsa_fallback_policy.h"
#include "core/protocol/secure_wipe.h"

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
    /// "1.2.3.4:4569" or "[::1]:4569".
    std::string toString() const
    {
        return host.find(':') != std::string::npos ? "[" + host + "]:" + std::to_string(port)
                                                   : host + ":" + std::to_string(port);
    }
};

/// Hash of a PeerAddress, for unordered containers.
struct PeerAddressHash {
    std::size_t operator()(const PeerAddress& a) const noexcept
    {
        return std::hash<std::string> {}(a.host) * 31u + a.port;
    }
};

/// A call of this Engine (its local call number; never 0). Stable for the call's lifetime.
using CallId = std::uint32_t;
/// A registration of this Engine (counts up from 1).
using RegId = std::uint32_t;

/// Encryption policy of an account. Off: never offer AES-128. Opportunistic: offer it; if the peer
/// declines, the call proceeds visibly unencrypted. Required: a call that is not encrypted is
/// refused or hung up before any voice or DTMF is sent, with the reason in the CallEnd.
enum class EncryptionPolicy { Off, Opportunistic, Required };

/// Key rotation settings (RTKEY). Rotation is only ever sent to a peer that proved support.
struct KeyRotation {
    bool enabled = true; ///< advertise 0x8000 and rotate when the peer proved support
    Millis firstAfterVoice { 0 }; ///< first rotation this long after our first voice frame (Asterisk: at it)
    Millis minInterval { 120000 }; ///< then every random interval in [min, max] (Asterisk: 120–300 s)
    Millis maxInterval { 300000 };
};

/// The CALLED_NUMBER of a NEW whose destination follows later in an (encrypted) IAX DIAL frame
/// (Engine::sendDial): Asterisk authenticates such a call, ACCEPTs it and waits ("TBD" state).
inline constexpr const char* kTbdCalledNumber = "TBD";

/// What the caller asks for when placing a call.
struct DialRequest {
    PeerAddress peer;
    std::string username; ///< USERNAME IE (the peer's user/context for us)
    SecretString secret; ///< MD5 secret and the AES key source (RSA+AES needs it too); wiped when destroyed
    std::shared_ptr<const RsaKey> outkey; ///< RSA private key (optional)
    std::string calledNumber;
    std::string calledContext;
    std::string callingNumber;
    std::string callingName;
    std::vector<std::uint64_t> codecs { Codec::Ulaw }; ///< preference order, format bits
    EncryptionPolicy encryption = EncryptionPolicy::Opportunistic;
    KeyRotation rotation;
    bool allowPlaintextAuth = false;
    /// Refuse this call unless the end-to-end mode is agreed (docs/E2E.md, "Downgrade rules"): it
    /// ends as EncryptionRefused before AUTHREP when the peer's AUTHREQ has no usable E2E_KEY.
    bool e2eRequired = false;
    /// The callee's pinned identity fingerprint (identityFingerprint(); "" = none): when set, a call
    /// whose callee signs with another identity, or with none, ends as EncryptionRefused before
    /// AUTHREP ("identity changed"). The phone sets it for contacts marked "always end-to-end".
    std::string e2ePinnedIdentity;
    std::optional<std::uint32_t>
        datetime; ///< DATETIME IE (packed local time, RFC 5456 §8.6.28), from the caller's clock
    /// Ask the callee to answer at once: the NEW carries AUTOANSWER (IE 25, empty, right after
    /// CALLED_NUMBER as Asterisk's Dial(IAX2/peer/exten/a) sends it). A PBX's request (intercom).
    bool autoAnswer = false;
};

/// A user the Engine accepts incoming calls from (callee side).
struct UserConfig {
    std::string username; ///< "" = matches callers that send no USERNAME
    SecretString secret; ///< wiped when destroyed
    std::vector<std::shared_ptr<const RsaKey>> inkeys; ///< accepted RSA public keys
    std::uint16_t authMethods = AuthMethod::Md5; ///< offered in AUTHREQ
    EncryptionPolicy encryption = EncryptionPolicy::Opportunistic;
    KeyRotation rotation;
    std::vector<std::uint64_t> codecs { Codec::Ulaw, Codec::Alaw, Codec::Opus };
    /// When RSA is offered: before AUTHREQ, ask the application for the caller's public key by its
    /// USERNAME (a PeerKeyNeeded event, answered with Engine::providePeerKey, e.g. from a trusted-key
    /// store or a key server). The call waits at most EngineConfig::peerKeyTimeout.
    bool lookupCallerKey = false;
    /// When RSA cannot complete before AUTHREQ (no key for the caller, lookup failed or timed out),
    /// offer MD5 (and key AES from `secret`) for this call instead of rejecting it. Needs `secret`.
    /// An account whose authMethods include MD5 falls back anyway.
    bool allowMd5Fallback = false;
    /// As a registrar: the voicemail count our REGACK tells this user (MSGCOUNT, as Asterisk's
    /// `mailbox=`; each capped at 255); -1 new messages = no MSGCOUNT.
    int mailboxNew = -1;
    int mailboxOld = 0;
};

/// The application's answer to a PeerKeyNeeded event (Engine::providePeerKey).
struct PeerKeyAnswer {
    std::shared_ptr<const RsaKey> key; ///< the caller's trusted public key; null = none usable
    /// When `key` is null: KeyUnknown, FetchFailed or KeyRefused, with a one-sentence reason (it
    /// appears in the call details: "authenticated by MD5 (RSA unavailable: <reason>)").
    RsaAttempt unavailable;
};

/// A registration to a server.
struct RegistrationRequest {
    PeerAddress server;
    std::string username;
    SecretString secret; ///< wiped when destroyed
    std::shared_ptr<const RsaKey> outkey;
    std::uint16_t refreshSeconds = 60;
    /// Keepalive behind NAT: a new REGREQ round at most this often (s) while registered, shorter
    /// than typical NAT binding timeouts; its REGACK also reports our APPARENT_ADDR. 0 = only the
    /// refresh at 75 % of what the server granted.
    std::uint16_t keepaliveSeconds = 0;
    /// How calls the server places to us are accepted (a PBX calling its registered phone, e.g.
    /// Asterisk's Dial(IAX2/peer), whose NEW names no USERNAME): a NEW from `server` belongs to this
    /// registration, USERNAME or not, and is authenticated and encrypted as this account (AUTHREQ
    /// with its authMethods, its secret for MD5 and the AES key, its policy, codecs, rotation).
    /// An empty `username` becomes the registration's. nullopt: such calls follow
    /// EngineConfig::users like calls from anywhere else.
    std::optional<UserConfig> incoming;
};

/// Engine-wide settings.
struct EngineConfig {
    std::vector<UserConfig> users;
    Millis retransmitInitial { 500 }; ///< first retransmission timeout (until a round trip is measured)
    Millis retransmitMin { 100 }; ///< lower bound of a timeout derived from the measured round trip
    Millis retransmitMax { 8000 }; ///< backoff cap
    int maxRetransmits = 8; ///< then the call fails ("peer unreachable"): about 40 s with the defaults
    Millis pingInterval { 20000 }; ///< PING and LAGRQ during calls
    Millis callTokenValidity { 10000 };
    Millis unansweredIncomingTimeout { 120000 };
    /// End-to-end mode between IAXPhones (docs/E2E.md): offered in NEW and accepted in AUTHREQ on
    /// AES-encrypted calls. Off: every call is hop-by-hop AES-128-CBC as today. Off in a bare
    /// EngineConfig (the Asterisk replays stay byte-exact); phone::engineConfig() turns it on.
    bool e2e = false;
    /// Every call (placed or taken) must use the end-to-end mode (implies `e2e`): a callee REJECTs a
    /// NEW without a usable E2E_OFFER or an AUTHREP without the reveal ("End-to-end encryption
    /// required"); a caller ends the call before AUTHREP (CallEnd::Kind::EncryptionRefused).
    bool e2eRequired = false;
    /// Our Ed25519 identity for the end-to-end mode (docs/E2E.md, "Identity"); nullptr = none (the
    /// handshake then carries no E2E_ID, and the peer's is still verified and reported).
    std::shared_ptr<const Ed25519Identity> e2eIdentity;
    Millis e2eRatchetInterval { 300000 }; ///< each direction's key ratchet in that mode
    int decryptFailureLimit = 20; ///< consecutive undecryptable frames before "encryption failure" ...
    Millis decryptFailureGrace { 6000 }; ///< ... and no frame of the peer decrypted for this long
    /// Calls we placed plus incoming calls whose caller authenticated. Incoming calls still
    /// authenticating are a pool of their own (below), so they can never block dial() or these.
    std::size_t maxCalls = 4096;
    /// Incoming calls whose caller has not authenticated yet (NEW taken, AUTHREP not verified), in
    /// all and from one source host (as Asterisk's maxcallnumbers): beyond either, NEW gets REJECT.
    std::size_t maxUnauthenticatedCalls = 1024;
    std::size_t maxUnauthenticatedPerAddress = 128;
    /// Callee: a call whose caller has not authenticated this long after its NEW is dropped. Caller:
    /// a call the peer acknowledged but neither challenged nor accepted this long after dialing fails.
    Millis authTimeout { 20000 };
    /// Caller: an encrypted AUTHREP that nothing decryptable answers for this long fails the call as
    /// AuthFailed "wrong secret?" — a peer with another secret (Asterisk) drops it without a word,
    /// while one with ours answers within a round trip. Retransmissions for loss go on until then.
    Millis authReplyTimeout { 8000 };
    /// Undecryptable frames held for a late RTKEY, in bytes (datagram sizes): per call and for the
    /// whole Engine. Beyond either the oldest give way (each counts as a decrypt failure).
    std::size_t maxHeldBytesPerCall = 512 * 1024;
    std::size_t maxHeldBytes = 16 * 1024 * 1024;
    /// How long an incoming call waits for the answer to PeerKeyNeeded before it proceeds as
    /// "key unavailable" (keep it below the caller's give-up: Asterisk waits about 10 s for AUTHREQ).
    Millis peerKeyTimeout { 8000 };
};

/// A datagram for the transport to send.
struct Transmit {
    PeerAddress to;
    std::vector<std::uint8_t> bytes;
};

/// Engine-wide counters of input that was dropped (each drop counts once) and of tokens.
struct EngineCounters {
    std::uint64_t malformed = 0; ///< undecodable datagrams
    std::uint64_t unknownCall = 0; ///< frames for no call or registration of ours (INVAL answered)
    std::uint64_t untokenedNew = 0; ///< NEW/REGREQ/REGREL without a CALLTOKEN IE: rejected, no state
    std::uint64_t badToken = 0; ///< forged or malformed call tokens: dropped, no state
    std::uint64_t expiredToken = 0; ///< genuine but expired call tokens: dropped, no state
    std::uint64_t tokensIssued = 0; ///< CALLTOKEN replies sent (stateless)
    std::uint64_t spoofed = 0; ///< frames for a known call from the wrong address or call number
    std::uint64_t peerMoved = 0; ///< calls that followed their peer to a new address (issue 19)
    std::uint64_t outOfWindow = 0; ///< frames of a known call with a sequence number ahead of the window
    /// Frames of an encrypted call that cannot be ciphertext (wrong length), after the peer proved it
    /// encrypts: late clear ACKs of the handshake, or forgeries. Never processed, never held.
    std::uint64_t clearAfterEncryption = 0;
    /// Voice, DTMF or TEXT of a peer that had not authenticated, of a call not answered yet, or in
    /// clear under the required policy: never delivered to the application.
    std::uint64_t mediaBeforeAuth = 0;
    /// NEWs refused because the unauthenticated pool, its share for the source host, or maxCalls was full.
    std::uint64_t newRefusedFull = 0;
    /// Registrar transactions dropped (oldest first) to stay within the per-address and total
    /// bounds (Registrar::kMaxTransactionsPerSource, kMaxTransactions): a REGREQ flood, or a
    /// client whose answer came too late.
    std::uint64_t registrarEvicted = 0;
    /// POKEs left unanswered: no valid call token, and not from a registered peer (no reflection).
    std::uint64_t pokesIgnored = 0;
    /// Times no call number was free (every one of the 32,766 in use): the NEW, dial, REGREQ or
    /// registration round that needed one failed.
    std::uint64_t callnoExhausted = 0;
    /// Call state changes refused as not legal from the call's state (call_state.h): none is
    /// expected; one means a path of the state machine that the transition table does not know.
    std::uint64_t illegalTransitions = 0;
};

} // namespace iax::core
