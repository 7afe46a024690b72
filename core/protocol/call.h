#pragma once
// One IAX2 call, caller or callee side. The call state machine's transitions all live in
// Call::onFrame and the command functions of call.cpp; call_auth.cpp holds the NEW/AUTHREQ/
// AUTHREP/ACCEPT negotiation (auth, codec, ENCRYPTION IE), call_crypto.cpp the AES-128 side
// (keys, RTKEY rotation, decrypt failures, the honest encryption state) and call_media.cpp
// voice/DTMF/text/hold, PING/LAGRQ and the statistics, call_limits.cpp the bounds against a peer
// that does not play along (setup deadlines, the media gate, held-frame budgets). Reliable delivery
// is a ReliableChannel.
// Owned and driven by the Engine on its thread; sans-IO like the Engine.
#include "core/protocol/call_cipher.h"
#include "core/protocol/e2e_session.h"
#include "core/protocol/events.h"
#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/random_source.h"
#include "core/protocol/reliable.h"

#include <deque>
#include <optional>

namespace iax::core {

/// Services a Call (or Registration, Registrar) needs from its Engine.
class CallHost {
public:
    virtual ~CallHost() = default;
    /// Queues a datagram for the transport.
    virtual void transmit(const PeerAddress& to, std::vector<std::uint8_t> bytes) = 0;
    /// Queues an event for the application.
    virtual void post(EngineEvent ev) = 0;
    /// The injected randomness (challenges, padding, keys, call numbers).
    virtual RandomSource& random() = 0;
    virtual const EngineConfig& config() const = 0;
    /// Engine-wide drop counters.
    virtual EngineCounters& dropCounters() = 0;
    /// Engine-wide budget of held frames (EngineConfig::maxHeldBytes): true, and `n` bytes counted
    /// against it, when they fit; false (nothing counted) when they do not.
    virtual bool reserveHeld(std::size_t n) = 0;
    /// Returns `n` held bytes to the Engine-wide budget.
    virtual void releaseHeld(std::size_t n) = 0;
    /// Callee, as a caller's AUTHREP verifies: true when one more authenticated call fits
    /// (EngineConfig::maxCalls); the call is refused with "Too many calls" otherwise.
    virtual bool admitAuthenticated() = 0;
};

class Call {
public:
    /// Outgoing call; start() sends NEW.
    Call(CallHost& host, CallId id, std::uint16_t localCallno, DialRequest req, Millis now);
    /// Incoming call, created only after a valid call token: `newFrame` is the caller's NEW.
    Call(CallHost& host, CallId id, std::uint16_t localCallno, const PeerAddress& from, const FullFrame& newFrame,
        const IeList& ies, const UserConfig& user, Millis now);
    /// A deep copy of `other` (state, keys with cipher contexts of their own, held frames, reliable
    /// channel) that reports to `host` from now on: the call as a clone of its Engine continues it
    /// (Engine's cloning constructor). `host` must already count the held bytes it copies.
    Call(const Call& other, CallHost& host);
    /// Returns the frames it still holds to the Engine-wide budget.
    ~Call();
    Call& operator=(const Call&) = delete;

    CallId id() const { return m_id; }
    std::uint16_t localCallno() const { return m_localCallno; }
    std::uint16_t remoteCallno() const { return m_remoteCallno; }
    const PeerAddress& peer() const { return m_peer; }
    /// Caller: a full frame from our peer's address for this call but from another source call
    /// number than the one the call follows: the peer made a second call for a retransmission of
    /// our NEW (Asterisk does so for every NEW with a valid token). If it is that duplicate's clear
    /// AUTHREQ, hang the duplicate up (encrypted under its own challenge when it wants AES), since
    /// it captures our mini frames at the peer; while the duplicate keeps sending (its VNAKs), the
    /// HANGUP is repeated every 250 ms (bounded). Any frame of a duplicate also makes sendVoice()
    /// send full voice frames until it is hung up or gone (duplicateCapturesMinis). Engine thread;
    /// ignores anything else. call_duplicate.cpp.
    void onDuplicatePeerCall(std::span<const std::uint8_t> bytes, Millis now);
    /// A full frame for this call (our call number, the peer's) from `from`, which is not the
    /// call's peer address: the peer may have moved (a laptop's new address, a NAT rebinding). The
    /// frame is handled as usual and the call follows `from` when the frame proved itself: it
    /// advanced the inbound sequence and, on an encrypted call, decrypted under the call's key.
    /// True when the call moved. Engine thread. call_roaming.cpp.
    bool receiveFromNewAddress(std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now);
    /// Our own address may have changed: an answered call sends a PING now (a reliable full frame,
    /// so the peer learns our new source, and a lost one is retransmitted). Engine thread.
    /// call_roaming.cpp.
    void announceAddress(Millis now);
    /// After announceAddress(), nothing came back from the peer: it does not follow a caller to
    /// a new address (Asterisk drops frames from an unknown source and keeps sending to the old
    /// one). Ends the call as Failed with that reason. Engine thread. call_roaming.cpp.
    void abandonAfterMove(Millis now);
    CallState state() const { return m_state; }
    /// True for a call we placed (the caller), false for an incoming one.
    bool outgoing() const { return m_role == Role::Caller; }
    /// True once the Engine may delete the call (finished and lingered, or given up).
    bool dead() const { return m_dead; }
    CallStats stats() const;
    std::uint64_t format() const { return m_format; }
    bool encryptionActive() const { return m_tx.has_value(); }
    EncryptionState encryptionState() const { return m_encState; }
    /// Callee whose caller has not (yet) authenticated: it counts against the Engine's pool of
    /// unauthenticated calls (EngineConfig::maxUnauthenticatedCalls), not against maxCalls.
    bool unauthenticatedIncoming() const { return m_role == Role::Callee && !m_authenticated; }
    /// Bytes of undecryptable frames held for a late RTKEY (EngineConfig::maxHeldBytesPerCall).
    std::size_t heldBytes() const { return m_rx.heldBytes(); }

    /// Callee: the registration whose server placed this call (IncomingCall::registration). Before start().
    void setRegistration(RegId reg) { m_registration = reg; }
    /// Caller: sends NEW. Callee: sends AUTHREQ, or REJECT when the NEW cannot be accepted.
    void start(Millis now);

    /// A datagram for this call (full or mini), still encrypted if the call is encrypted.
    void receive(std::span<const std::uint8_t> bytes, bool full, Millis now);
    /// This call's entry of a meta trunk frame from the peer (Asterisk with trunk=yes for the
    /// account sends the peer's voice so), `trunkTs` the trunk frame's own timestamp. Asterisk never
    /// encrypts trunk entries, also on a call it encrypts: on an encrypted call the voice is then
    /// played only under the opportunistic policy, and the call says it is no longer encrypted;
    /// under the required policy it is dropped and the call ends. call_trunk.cpp.
    void receiveTrunk(const TrunkEntry& entry, std::uint32_t trunkTs, Millis now);
    void handleTimeout(Millis now);
    std::optional<Millis> nextDeadline() const;

    // Commands: false when refused in the current state (with the reason in *why when given).
    bool ring(Millis now);
    bool answer(Millis now);
    /// Callee, before answering: REJECT with `cause`/`code`.
    bool reject(const std::string& cause, int code, Millis now);
    /// Callee, before answering: CONTROL BUSY or CONGESTION (the caller hangs up).
    bool indicateBusy(bool congestion, Millis now);
    void hangup(const std::string& cause, int code, Millis now);
    bool sendDtmf(char digit, Millis now, std::string* why = nullptr);
    bool sendVoice(std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why = nullptr);
    bool sendText(const std::string& text, Millis now, std::string* why = nullptr);
    bool hold(bool on, Millis now);
    /// Caller of a NEW whose CALLED_NUMBER was kTbdCalledNumber, accepted and waiting (Proceeding):
    /// IAX DIAL with the real CALLED_NUMBER. Refused (reason in *why) unless the call is proven
    /// Encrypted, so the number never crosses the wire in clear; sent at most once. call_features.cpp.
    bool sendDial(const std::string& number, Millis now, std::string* why = nullptr);
    /// Answered call: IAX TRANSFER (blind) of the peer's bridged party to `number` (and `context`
    /// when not empty). Refused like sendDtmf. call_features.cpp.
    bool transfer(const std::string& number, const std::string& context, Millis now, std::string* why = nullptr);

    // Callee key lookup (call_auth.cpp; UserConfig::lookupCallerKey):
    /// True while AUTHREQ waits for the application's answer to the PeerKeyNeeded this call posted.
    bool awaitingPeerKey() const { return m_awaitingKey && !m_finished; }
    /// ACKs the caller's NEW (a call waiting for a key sends no AUTHREQ yet, which would ACK it).
    void acknowledgeNew(const FullFrame& newFrame, Millis now);
    /// The answer (or, from the Engine, the timeout): sends AUTHREQ with RSA, or with MD5 as the
    /// fallback when allowed, or REJECTs the call. Ignored unless awaitingPeerKey().
    void onPeerKey(const PeerKeyAnswer& answer, Millis now);

private:
    enum class Role { Caller, Callee };
    /// Member-wise copy (same host); only the cloning constructor above uses it.
    Call(const Call&) = default;

    // ---- call.cpp: receive path, transitions, lifecycle
    /// `arrived`: when the datagram reached us (earlier than `now` for a held frame retried later).
    void receiveOne(std::span<const std::uint8_t> bytes, bool full, Millis now, Millis arrived);
    /// `arrived`: as for receiveOne (a frame held again keeps its original age).
    void onUndecryptable(
        std::span<const std::uint8_t> bytes, bool full, const std::string& why, Millis now, Millis arrived);
    bool clearAllowed(const FullFrame& f) const;
    void onClearFrame(const FullFrame& f, const IeList& ies, Millis now);
    /// `decrypted`: the frame came under the call's key (false: in clear).
    void onFrame(const FullFrame& f, const IeList& ies, Millis now, bool decrypted);
    void onIax(const FullFrame& f, const IeList& ies, Millis now);
    void onControl(const FullFrame& f, Millis now);
    /// Moves to `s` and posts CallStateChanged when call_state.h allows it; an illegal change is
    /// counted (EngineCounters::illegalTransitions) and not applied, a repeated state not announced.
    void setState(CallState s, CallEnd end = {});
    void finish(CallState s, CallEnd end, Millis now, bool notifyPeer);
    bool ended() const;

    // ---- call_limits.cpp: setup deadlines, the media gate, held-frame budgets
    /// Voice (`voice`), DTMF or TEXT of the peer may reach the application: the peer has
    /// authenticated and the call is answered (a caller also takes early voice after ACCEPT), and
    /// under the required policy only what decrypted. Counts what it refuses.
    bool peerMediaAccepted(bool voice, bool decrypted) const;
    /// Keeps an undecryptable frame for a retry after the next RTKEY, within the per-call and the
    /// Engine-wide byte budgets (the oldest held frames give way). False when the call ended.
    bool holdFrame(std::span<const std::uint8_t> bytes, bool full, const std::string& why, Millis now, Millis arrived);
    /// Drops the oldest held frame, counting it as a decrypt failure. False when the call ended.
    bool expireOldestHeld(const std::string& why, Millis now);
    /// The time limits of a call before it is answered (authentication deadlines), from handleTimeout.
    void checkSetupDeadlines(Millis now);
    /// When the next of those limits falls (nullopt: none applies now).
    std::optional<Millis> setupDeadline() const;

    // ---- call_auth.cpp: negotiation
    std::optional<CallEnd> startCallee(Millis now);
    void sendNew(Millis now, const std::string& token);
    std::optional<CallEnd> onAuthReq(const IeList& ies, Millis now);
    std::optional<CallEnd> onAuthRep(const IeList& ies, Millis now);
    std::optional<CallEnd> onAccept(const IeList& ies);
    void postIncoming();

    // ---- call_crypto.cpp: AES-128, rotation, honest state
    void enableEncryption(const std::string& secret);
    /// Counts one undecryptable frame; true when the call must end with "encryption failure".
    bool countDecryptFailure(Millis now);
    /// Too many consecutive failures and nothing of the peer decrypted for the grace period.
    bool decryptFailureFatal(Millis now) const;
    /// Frames of the peer dropped since the last one that decrypted: CBC (m_rx) or, in the
    /// end-to-end mode, GCM (call_e2e.cpp).
    int consecutiveDecryptFailures() const
    {
        return m_e2e.keyed() ? m_e2eConsecutiveDrops : m_rx.consecutiveFailures();
    }
    void onRtKey(const IeList& ies, Millis now);
    void maybeRotate(Millis now);
    void setEncryptionState(EncryptionState s, const std::string& reason = {});
    void onAcknowledged(const std::vector<SentFrameInfo>& acked);
    void updateEncryptionProof();

    // ---- call_e2e.cpp: the end-to-end mode (docs/E2E.md)
    /// The mode must be agreed for this call (EngineConfig::e2eRequired, or the caller's DialRequest).
    bool e2eRequired() const;
    /// Callee, before AUTHREQ: REJECTs (clear) and gives the CallEnd when the mode is required but
    /// `authReq` carries no E2E_KEY (no usable offer, or the call is not AES-encrypted).
    std::optional<CallEnd> calleeRequireE2e(const IeList& authReq, Millis now);
    /// Caller: the CallEnd when the mode is required but not `agreed` (before AUTHREP: it carries no
    /// reveal; after it: the keys could not be derived).
    std::optional<CallEnd> callerRequireE2e(bool agreed);
    /// Caller: E2E_OFFER into NEW when the mode is on and we offer encryption.
    void addE2eOffer(IeList& newIes);
    /// Callee: E2E_KEY into AUTHREQ when the NEW offered the mode usably.
    void addE2eKey(IeList& authReq);
    /// Caller: our reveal (E2E_KEY) into AUTHREP when AUTHREQ carried a usable E2E_KEY.
    std::optional<CallEnd> addE2eReveal(const IeList& authReq, IeList& authRep);
    /// Both, AUTHREP sent / verified: derives the keys; from now on frames are GCM.
    void startE2e(const IeList& authRep, Millis now);
    /// Callee, AUTHREP verified: checks the reveal against the commitment (a mismatch REJECTs: the
    /// CallEnd) and starts the mode.
    std::optional<CallEnd> calleeStartE2e(const IeList& authRep, Millis now);
    std::vector<std::uint8_t> sealE2e(
        std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail, FrameKind kind);
    /// The plaintext of a received datagram in the mode, or nullopt when it was dropped (counted)
    /// or handled as a clear frame of the handshake.
    std::optional<std::span<const std::uint8_t>> openE2e(
        std::span<const std::uint8_t> bytes, bool full, Millis now, Millis arrived);
    void countE2eDrop();
    /// Steps our direction's keys when the ratchet interval has passed (replaces maybeRotate()).
    void e2eRatchet(Millis now);

    // ---- call_media.cpp: sending, media, keep-alive, statistics
    void sendFull(std::uint8_t type, std::int64_t subclass, std::vector<std::uint8_t> payload, Millis now,
        std::optional<std::uint32_t> ts = std::nullopt, bool final = false);
    void sendIax(IaxCommand c, const IeList& ies, Millis now, std::optional<std::uint32_t> ts = std::nullopt,
        bool final = false);
    void sendFrame(FullFrame f, Millis now, bool final, std::optional<std::uint8_t> ackOf = std::nullopt);
    void sendAck(const FullFrame& acked, Millis now);
    void sendVnak(Millis now);
    /// The peer's VNAK: resends what we sent from `iseqno` on, once per round trip for one gap.
    void onVnak(std::uint8_t iseqno, Millis now);
    void sendRejectClear(const std::string& cause, int code, Millis now);
    void sendKeepalives(Millis now);
    void onMini(MiniFrame&& m, Millis now);
    void onVoice(std::uint64_t format, std::uint32_t ts, std::vector<std::uint8_t> payload, Millis now);
    void onPong(const FullFrame& f, const IeList& ies, Millis now);
    bool mediaAllowed(const char* what, std::string* why) const;
    IeList rrIes() const;
    std::uint32_t timestampAt(Millis now) const;
    Millis retransmitTimeout() const;

    CallHost* m_host; // never null (a pointer so that a clone can report to its own Engine)
    CallId m_id;
    Role m_role;
    PeerAddress m_peer;
    std::uint16_t m_localCallno;
    std::uint16_t m_remoteCallno = 0;
    Millis m_start;
    CallState m_state = CallState::Calling;
    bool m_dead = false;
    bool m_lingering = false;
    Millis m_deadAt { 0 };
    bool m_finished = false;
    bool m_tokenUsed = false;
    bool m_authenticated = false; // callee: the caller's AUTHREP verified
    std::optional<Millis> m_authRepAt; // caller: when our first encrypted AUTHREP went out
    int m_duplicateHangups = 0; // caller: HANGUPs sent to duplicate calls of the peer (bounded)
    /// Caller: a duplicate call of the peer that sent us something (call_duplicate.cpp).
    struct DuplicateCall {
        std::uint16_t scall = 0;
        bool authReqSeen = false; // we know its challenge and sequence numbers: we can hang it up
        std::string challenge; // keys our HANGUP when it wants AES
        bool aes = false;
        std::uint8_t oseqno = 0, iseqno = 0; // of our HANGUP
        Millis firstHeard { 0 }, lastHeard { 0 };
        std::optional<Millis> lastSent; // our last HANGUP to it
    };
    std::vector<DuplicateCall> m_duplicates;
    void sendDuplicateHangup(DuplicateCall& d, bool retransmission, Millis now);
    /// Caller: true while a duplicate call of the peer may still take our mini frames (it was heard
    /// and has neither been hung up a while ago nor outlived Asterisk's AUTHREQ retransmissions):
    /// voice goes as full frames, which the peer routes by their destination call number.
    bool duplicateCapturesMinis(Millis now) const;
    int m_undecryptableAnswers = 0; // caller: full frames after it that no key of ours decrypts

    DialRequest m_dial; // caller
    UserConfig m_user; // callee
    IeList m_newIes; // callee: the IEs of the NEW that created us
    std::string m_calledNumber;
    bool m_dialSent = false; // caller: the DIAL of an encrypted (TBD) dial went out

    ReliableChannel m_rel;
    std::uint32_t m_lastTs = 0;
    std::optional<Millis> m_lastVnak;
    std::optional<std::pair<std::uint8_t, Millis>> m_lastVnakResend; // what the last VNAK we answered asked, when

    // authentication / encryption
    std::string m_challenge;
    std::string m_authMethod;
    bool m_awaitingKey = false; // callee: AUTHREQ waits for PeerKeyNeeded's answer
    RegId m_registration = 0; // callee: the registration the call came through (0 = none)
    std::string m_rsaUnavailable; // callee: why RSA was not offered (the MD5 fallback's reason)
    /// Callee: sends AUTHREQ with the account's methods, RSA only when `rsa` says a key is there
    /// (else MD5 as the fallback when allowed), or REJECTs (the CallEnd). call_auth.cpp.
    std::optional<CallEnd> offerAuth(const RsaAttempt& rsa, Millis now);
    EncryptionPolicy m_policy = EncryptionPolicy::Opportunistic;
    KeyRotation m_rotation;
    bool m_encNegotiated = false;
    bool m_peerRotationProof = false;
    std::optional<FrameEncryptor> m_tx;
    CallCipher m_rx; // the receive keys, the peer's clocks, held frames (call_cipher.h)
    int m_txGeneration = 0;
    EncryptionState m_encState = EncryptionState::Off;
    EncryptionDetails m_enc;
    Millis m_lastDecryptOk { 0 };
    std::optional<Millis> m_nextRotation; // RTKEY, or the ratchet in the end-to-end mode
    E2eSession m_e2e; // the end-to-end mode's handshake and ciphers (call_e2e.cpp)
    std::vector<std::uint8_t> m_e2ePlain; // the last frame opened (reused)
    bool m_e2eRxProven = false; // a GCM frame of the peer authenticated
    std::uint32_t m_e2eRxEpoch = 0;
    std::uint64_t m_e2eRepeatDrops = 0; // repeats of frames that are never retransmitted
    int m_e2eConsecutiveDrops = 0; // GCM frames dropped since the last that opened

    // media
    std::uint64_t m_format = 0;
    std::vector<std::uint64_t> m_codecs;
    bool m_sentVoice = false;
    std::uint32_t m_voiceTs = 0;
    std::uint32_t m_lastFullVoiceTs = 0;
    std::uint64_t m_lastVoiceFormatSent = 0;
    std::uint64_t m_rxFormat = 0;
    std::optional<std::uint32_t> m_rxLastVoiceTs; // unwrapped
    std::optional<std::uint32_t> m_rxFirstVoiceTs; // unwrapped; with the newest, the frames expected
    std::optional<Millis> m_rxLastArrival;
    double m_jitter = 0;
    // trunk (call_trunk.cpp)
    std::optional<std::int64_t> m_trunkTsOffset; ///< entries without timestamps: voice ts = trunk ts + this
    std::optional<std::uint32_t> m_lastTrunkVoiceTs;
    std::uint64_t m_clearTrunkDropped = 0; ///< clear trunk voice dropped under the required policy

    // keep-alive
    Millis m_nextPing { 0 };
    std::vector<std::uint32_t> m_ambiguousProbes; // probe timestamps that were retransmitted (Karn)
    CallStats m_stats;
};

} // namespace iax::core
