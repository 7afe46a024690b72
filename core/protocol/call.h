#pragma once
// One IAX2 call (caller or callee side): the call state machine, reliable delivery of its full
// frames (oseqno/iseqno, ACK, retransmission with backoff, VNAK), authentication, AES-128 with
// key rotation, voice/DTMF/text, PING/LAGRQ. All transitions are in Call::onFrame (call.cpp);
// authentication and encryption negotiation are in call_negotiation.cpp, voice and key rotation
// in call_voice.cpp.
// Owned and driven by the Engine on its thread; sans-IO like the Engine.
#include "core/protocol/engine_types.h"
#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/random_source.h"

#include <deque>
#include <optional>

namespace iax::core {

/// ISDN cause codes the calls send (CAUSECODE IE).
namespace call_cause {
inline constexpr int kCauseNormal = 16;
inline constexpr int kCauseRejected = 21;
inline constexpr int kCauseAuthFailed = 29; // "facility rejected", what Asterisk uses for auth failures
inline constexpr int kCauseNoCodec = 58;
} // namespace call_cause

/// Services a Call needs from its Engine.
class CallHost {
public:
    virtual ~CallHost() = default;
    virtual void transmit(const PeerAddress& to, std::vector<std::uint8_t> bytes) = 0;
    virtual void post(EngineEvent ev) = 0;
    virtual RandomSource& random() = 0;
    virtual const EngineConfig& config() const = 0;
};

class Call {
public:
    /// Outgoing call; call start() to send NEW.
    Call(CallHost& host, CallId id, std::uint16_t localCallno, DialRequest req, Millis now);
    /// Incoming call after a valid call token: `newFrame` is the caller's NEW.
    Call(CallHost& host, CallId id, std::uint16_t localCallno, const PeerAddress& from, const FullFrame& newFrame,
        const IeList& ies, const UserConfig& user, Millis now);

    CallId id() const { return m_id; }
    std::uint16_t localCallno() const { return m_localCallno; }
    std::uint16_t remoteCallno() const { return m_remoteCallno; }
    const PeerAddress& peer() const { return m_peer; }
    CallState state() const { return m_state; }
    bool dead() const { return m_dead; }
    CallStats stats() const;

    /// Caller: sends NEW. Callee: sends AUTHREQ (or REJECT when the NEW cannot be accepted).
    void start(Millis now);

    /// A datagram for this call (full or mini), still encrypted if the call is encrypted.
    void receive(std::span<const std::uint8_t> bytes, bool full, Millis now);
    void handleTimeout(Millis now);
    std::optional<Millis> nextDeadline() const;

    // Commands (return false when refused, with the reason in *why when given).
    bool ring(Millis now);
    bool answer(Millis now);
    bool reject(const std::string& cause, Millis now);
    void hangup(const std::string& cause, int code, Millis now);
    bool sendDtmf(char digit, Millis now, std::string* why = nullptr);
    bool sendVoice(std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why = nullptr);
    bool sendText(const std::string& text, Millis now, std::string* why = nullptr);
    bool hold(bool on, Millis now);
    std::uint64_t format() const { return m_format; }
    bool encryptionActive() const { return m_tx.has_value(); }

private:
    enum class Role { Caller, Callee };
    struct Pending {
        std::uint8_t oseqno;
        std::vector<std::uint8_t> bytes; ///< as first sent (encrypted under the key of that moment)
        Millis nextTry;
        Millis timeout;
        int tries = 0;
        bool encrypted = false;
        bool endsCall = false; ///< HANGUP/REJECT: the call dies once it is acked
        std::uint32_t timestamp = 0;
        bool probe = false; ///< PING/LAGRQ: its reply measures the RTT
        int keyGeneration = 0; ///< which transmit key encrypted it (0 = initial)
    };

    std::uint32_t timestampAt(Millis now) const;
    void sendFull(std::uint8_t type, std::int64_t subclass, std::vector<std::uint8_t> payload, Millis now,
        std::optional<std::uint32_t> ts = std::nullopt, bool endsCall = false);
    void sendIax(IaxCommand c, const IeList& ies, Millis now, std::optional<std::uint32_t> ts = std::nullopt,
        bool endsCall = false);
    void sendAck(std::uint32_t ts, Millis now);
    void sendVnak(Millis now);
    void sendRejectClear(const std::string& cause, int code, Millis now);
    void processAck(std::uint8_t iseqno);
    void receiveOne(std::span<const std::uint8_t> bytes, bool full, Millis now);
    void onFrame(const FullFrame& f, const IeList& ies, Millis now);
    void onMini(const MiniFrame& m, Millis now);
    void onAuthReq(const IeList& ies, Millis now);
    void onAuthRep(const IeList& ies, Millis now);
    void onAccept(const IeList& ies, Millis now);
    void onVoice(std::uint64_t format, std::uint32_t ts, std::vector<std::uint8_t> payload, Millis now);
    void sendNew(Millis now, const std::string& token);
    void enableEncryption(const std::string& secret);
    void maybeRotate(Millis now);
    void setState(CallState s, CallEnd end = {});
    void finish(CallState s, CallEnd end, Millis now, bool notifyPeer);
    void setEncryptionState(EncryptionState s, const std::string& reason = {});
    void updateEncryptionProof();
    void decryptFailed(const std::string& why, Millis now);
    IeList rrIes() const;

    CallHost& m_host;
    CallId m_id;
    Role m_role;
    PeerAddress m_peer;
    std::uint16_t m_localCallno;
    std::uint16_t m_remoteCallno = 0;
    Millis m_start;
    CallState m_state = CallState::Calling;
    bool m_dead = false;
    Millis m_deadAt { 0 };
    bool m_lingering = false;

    DialRequest m_dial; // caller
    UserConfig m_user; // callee
    FullFrame m_newFrame; // callee: the NEW that created us
    IeList m_newIes;
    std::string m_calledNumber;

    std::uint8_t m_oseq = 0;
    std::uint8_t m_iseq = 0;
    std::deque<Pending> m_pending;
    std::uint32_t m_lastTs = 0;

    // authentication / encryption
    std::string m_challenge;
    std::string m_authMethod;
    EncryptionPolicy m_policy = EncryptionPolicy::Opportunistic;
    KeyRotation m_rotation;
    bool m_encNegotiated = false;
    bool m_peerRotationProof = false;
    std::optional<FrameEncryptor> m_tx;
    std::optional<FrameDecryptor> m_rx;
    std::deque<FrameDecryptor> m_rxOld; // previous receive keys, newest first (frames still in flight)
    int m_txGeneration = 0;
    EncryptionState m_encState = EncryptionState::Off;
    EncryptionDetails m_enc;
    int m_consecutiveDecryptFailures = 0;
    struct Held {
        std::vector<std::uint8_t> bytes;
        bool full;
        Millis arrived;
    };
    std::deque<Held> m_held; // undecryptable for now: may be under a key whose RTKEY is still in flight
    bool m_retryHeld = false;
    std::optional<Millis> m_nextRotation;

    // media
    std::uint64_t m_format = 0;
    std::vector<std::uint64_t> m_codecs;
    bool m_sentVoice = false;
    std::uint32_t m_voiceTs = 0;
    std::uint32_t m_lastFullVoiceTs = 0;
    std::uint64_t m_lastVoiceFormatSent = 0;
    std::uint32_t m_rxVoiceTs = 0; // last full voice timestamp received (for mini unwrap)
    std::uint64_t m_rxFormat = 0;
    std::optional<std::uint32_t> m_rxLastVoiceTs;
    std::optional<Millis> m_rxLastArrival;
    double m_jitter = 0;
    bool m_onHold = false;

    // keep-alive
    Millis m_nextPing { 0 };
    std::vector<std::uint32_t> m_ambiguousProbes; // probe timestamps that were retransmitted (Karn)
    Millis m_lastHeard { 0 };
    CallStats m_stats;
};

} // namespace iax::core
