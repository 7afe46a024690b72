#pragma once
// The sans-IO IAX2 Engine (STYLE.md; ngtcp2/h11 shape): bytes and time in; datagrams, deadlines
// and events out; randomness injected. It never reads a clock, never touches a socket, never
// draws randomness except from the injected RandomSource, and never allocates state for an
// incoming NEW/REGREQ without a valid call token.
//
// Threading: single-threaded. One owner thread (core/net's EngineHost, the engine/media thread)
// calls everything; nothing blocks. After any call, drain pollTransmit() and pollEvent() and
// re-arm a timer for nextDeadline().
//
// Failure model: bytes from the network never throw or assert. Malformed or unwanted input is
// counted in counters() and dropped; protocol failures of a call (auth, encryption, unreachable
// peer) end that call with a CallStateChanged whose CallEnd says why.
#include "core/protocol/call.h"
#include "core/protocol/call_table.h"
#include "core/protocol/call_token.h"
#include "core/protocol/engine_types.h"
#include "core/protocol/events.h"
#include "core/protocol/registrar.h"
#include "core/protocol/registration.h"

#include <bitset>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

namespace iax::core {

class Engine final : public CallHost {
public:
    /// `rng` must outlive the Engine (CsprngRandom in production, SeededRandom in tests). The call
    /// token key is drawn from it here.
    Engine(EngineConfig config, RandomSource& rng);
    /// A deep copy of `other` (calls with cipher contexts of their own, registrations, registrar
    /// transactions and contacts, the call-token key, queued datagrams and events, counters) that
    /// draws from `rng` from now on. Given a copy of `other`'s SeededRandom and the same input it
    /// does byte for byte what `other` would, and neither affects the other. For tests and the
    /// fuzzer's snapshots: never put both on the network (they hold the same keys). `rng` must be a
    /// source of its own (not `other`'s; CsprngRandom cannot be copied) and outlive the clone.
    /// Owner thread. engine_clone.cpp.
    Engine(const Engine& other, RandomSource& rng);
    ~Engine() override;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // ---- I/O (sans-IO) ----
    /// Feeds one received UDP datagram from `from` at time `now`.
    void receive(std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now);
    /// Next datagram to send, if any (FIFO).
    std::optional<Transmit> pollTransmit();
    /// When handleTimeout() must be called next (nullopt = nothing scheduled).
    std::optional<Millis> nextDeadline() const;
    /// Runs retransmissions, keep-alives, key rotation, registration refresh/retry due at `now`.
    void handleTimeout(Millis now);
    /// Next event for the application, if any (FIFO).
    std::optional<EngineEvent> pollEvent();

    // ---- calls ----
    /// Places a call (NEW with an empty CALLTOKEN IE). Returns its id; events follow. nullopt only
    /// when maxCalls calls of ours and authenticated incoming ones exist (calls still authenticating
    /// are a pool of their own and never count) or no call number is free.
    std::optional<CallId> dial(DialRequest req, Millis now);
    /// Callee: sends RINGING for an IncomingCall. False if the call is not waiting for an answer.
    bool ring(CallId id, Millis now);
    /// Callee: answers an IncomingCall (CONTROL ANSWER). False if not waiting for an answer.
    bool answer(CallId id, Millis now);
    /// Callee: the application's answer to PeerKeyNeeded for `id` (UserConfig::lookupCallerKey). The
    /// call then sends AUTHREQ (RSA with `answer.key`; without a key MD5 when the account may fall
    /// back, "authenticated by MD5 (RSA unavailable: reason)") or is rejected. False when the call
    /// no longer waits for a key (gone, or the wait already timed out); nothing happens then.
    bool providePeerKey(CallId id, PeerKeyAnswer answer, Millis now);
    /// Callee: refuses an IncomingCall with REJECT, `cause` text and Q.850 `causeCode`.
    bool reject(CallId id, const std::string& cause, Millis now, int causeCode = 21);
    /// Callee: refuses an IncomingCall with CONTROL BUSY (or CONGESTION) followed by HANGUP.
    bool indicateBusy(CallId id, bool congestion, Millis now);
    /// Ends a call from either side in any state (cancel while ringing included): HANGUP with `cause`.
    bool hangup(CallId id, const std::string& cause, Millis now, int causeCode = 16);
    /// DTMF_BEGIN + DTMF_END full frames (reliable). Refused (false, reason in *why) when not
    /// answered, when encryption is required and the call is not encrypted, or for a byte over 0x7F.
    bool sendDtmf(CallId id, char digit, Millis now, std::string* why = nullptr);
    /// One voice frame of `durationMs` in the negotiated format: the first as a full VOICE frame,
    /// then mini frames (a full frame again on the 16-bit timestamp wrap, and full frames while a
    /// duplicate call at the peer may take mini frames: call_duplicate.cpp). Refused like sendDtmf.
    bool sendVoice(
        CallId id, std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why = nullptr);
    /// A TEXT frame (reliable). Refused like sendDtmf.
    bool sendText(CallId id, const std::string& text, Millis now, std::string* why = nullptr);
    /// CONTROL HOLD (on) or UNHOLD (off). False when the call is not answered.
    bool hold(CallId id, bool on, Millis now);
    bool unhold(CallId id, Millis now) { return hold(id, false, now); }
    /// Encrypted dial: for a call dialled with DialRequest::calledNumber = kTbdCalledNumber, once
    /// it is accepted and proven Encrypted, sends IAX DIAL carrying the real `number` (encrypted).
    /// Refused (false, reason in *why) before the ACCEPT, after the answer, twice, or when the call
    /// is not encrypted. engine_features.cpp.
    bool sendDial(CallId id, const std::string& number, Millis now, std::string* why = nullptr);
    /// Blind transfer: IAX TRANSFER with CALLED_NUMBER `number` (CALLED_CONTEXT `context` unless
    /// empty). The PBX moves the party bridged to this call and hangs our leg up (a CallStateChanged
    /// HungUp follows); it says nothing when it cannot. Refused like sendDtmf. engine_features.cpp.
    bool transfer(
        CallId id, const std::string& number, const std::string& context, Millis now, std::string* why = nullptr);

    // ---- registrations ----
    /// Starts registering to a server (REGREQ + call token → REGAUTH → REGREQ with MD5/RSA →
    /// REGACK, refreshed before expiry, retried with backoff). Events: RegistrationStateChanged.
    RegId registerTo(RegistrationRequest req, Millis now);
    /// Sends REGREL; the registration ends with an Unregistered event. False for an unknown id.
    bool unregister(RegId id, Millis now);

    // ---- network changes (engine_network.cpp) ----
    /// Our address may have changed (a new interface address, resume from sleep, a NAT
    /// rebinding): every registration starts a new round at once and retries at most `retryCap`
    /// apart until its next REGACK (not the backoff of up to 5 minutes); every answered call sends
    /// a PING so its peer learns our new source.
    void networkChanged(Millis now, Millis retryCap = Millis(3000));
    /// How long an answered call waits, after networkChanged(), for anything from its peer before
    /// it ends as Failed ("the peer did not follow our new network address").
    static constexpr Millis kMoveAnswerWait { 20000 };

    // ---- inspection (owner thread) ----
    /// Server side: where a user registered to us is, if anywhere (EngineConfig::users act as a registrar).
    std::optional<PeerAddress> registeredContact(const std::string& username) const
    {
        return m_registrar.contact(username);
    }
    /// Live statistics of a call (nullopt once it is gone; CallFinished carries the last snapshot).
    std::optional<CallStats> callStats(CallId id) const;
    /// The negotiated codec (one format bit), 0 before negotiation; nullopt for an unknown call.
    std::optional<std::uint64_t> callFormat(CallId id) const;
    /// True when the call has a transmit key (everything it sends is encrypted).
    bool callEncrypted(CallId id) const;
    std::optional<EncryptionState> callEncryptionState(CallId id) const;
    /// True when we placed call `id` (dial), false for an incoming call or an unknown id.
    bool callOutgoing(CallId id) const;
    /// The calls that have not ended (no final CallStateChanged yet), in call-number order. Walks
    /// the whole call table: for rare work such as a shutdown or a statistics request.
    std::vector<CallId> liveCalls() const;
    /// Number of call states allocated (for tests: un-tokened NEWs must not change it).
    std::size_t callCount() const { return m_calls.size(); }
    /// Incoming calls whose caller has not authenticated yet (their own pool, see EngineConfig).
    std::size_t unauthenticatedCallCount() const { return m_unauthTotal; }
    /// Bytes of undecryptable frames all calls hold for a late RTKEY (EngineConfig::maxHeldBytes).
    std::size_t heldBytes() const { return m_heldBytes; }
    std::size_t registrationCount() const { return m_regs.size(); }
    /// Open registrar transactions (REGAUTH sent or answered, kept 10 s for retransmissions).
    std::size_t registrarTransactionCount() const { return m_registrar.transactionCount(); }
    /// Datagrams queued but not yet polled.
    std::size_t pendingTransmits() const { return m_tx.size(); }
    /// Engine-wide drop counters.
    const EngineCounters& counters() const { return m_counters; }
    /// Replaces the users accepted for incoming calls and registrations (existing calls keep theirs).
    void setUsers(std::vector<UserConfig> users) { m_config.users = std::move(users); }

private:
    void transmit(const PeerAddress& to, std::vector<std::uint8_t> bytes) override;
    void post(EngineEvent ev) override;
    RandomSource& random() override { return m_rng; }
    const EngineConfig& config() const override { return m_config; }
    EngineCounters& dropCounters() override { return m_counters; }
    bool reserveHeld(std::size_t n) override;
    void releaseHeld(std::size_t n) override;
    bool admitAuthenticated() override;

    /// A free local call number (2..32767) at random; 0 only when every one is in use (counted in
    /// EngineCounters::callnoExhausted). Callers must handle 0: it is never sent.
    std::uint16_t allocateCallno();
    void onUnaddressed(std::span<const std::uint8_t> bytes, const FullFrame& f, const PeerAddress& from, Millis now);
    /// Call-token gate for NEW/REGREQ/REGREL: true when the request carries a valid token; otherwise
    /// answers (CALLTOKEN or REJECT/REGREJ) or drops, counts, and returns false. Allocates nothing.
    bool tokenGate(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now, IaxCommand rejectWith);
    void onNew(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    /// Whose an incoming NEW from `from` is: a registration's whose server is `from` (its incoming
    /// account), else the configured user its USERNAME names ("" = none). user nullptr = nobody's.
    struct IncomingOwner {
        const UserConfig* user = nullptr;
        RegId registration = 0;
    };
    IncomingOwner userFor(const IeList& ies, const PeerAddress& from) const;
    /// Before a NEW gets call state: room in the unauthenticated pool, in its source host's share
    /// of it, and among the calls it would join once authenticated. Otherwise REJECTs and false.
    bool admitNew(const FullFrame& f, const PeerAddress& from);
    /// The account a caller whose USERNAME no user has is challenged with (as Asterisk): MD5 with
    /// a random secret nobody knows, so it fails exactly as a wrong secret does.
    UserConfig decoyUser(const std::string& username);
    /// Keeps the unauthenticated pool's counts in step with the call (from settle()).
    void updatePools(const Call& c);
    void onRegRequest(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    /// POKE (qualify): PONG only to registered peers, our registration servers, or with a valid token.
    void onPoke(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    /// Starts a registration (or REGREL) round from a fresh call number; without one, the
    /// registration fails with the reason instead (never call number 0).
    void startRegistrationRound(Registration& r, bool release, Millis now);
    /// A full frame for call `c` from another address than its peer's, with the call's numbers:
    /// the call follows the peer there when the frame proves itself (Call::receiveFromNewAddress).
    /// Otherwise the frame counts as spoofed. engine_network.cpp.
    void onPeerMoved(Call& c, std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now);
    /// Calls told our new address (networkChanged): when each gives up, and what it had heard.
    struct MoveWatch {
        Millis giveUpAt;
        std::uint64_t heard;
    };
    /// Ends the calls whose peer said nothing within kMoveAnswerWait of networkChanged(); forgets
    /// those that heard from it. engine_network.cpp.
    void checkMoves(Millis now);
    std::optional<Millis> movesDeadline() const;
    void replyClear(const PeerAddress& to, const FullFrame& req, IaxCommand c, const IeList& ies, std::uint16_t scall);
    /// After anything happened to one call: removes it when dead, else re-files its deadline.
    /// Costs O(log calls), so a datagram never walks every call (thousands in a load test).
    void settle(CallId id);
    /// The same for a call already looked up (nullptr: nothing).
    void settle(Call* c);
    /// Removes finished registrations (few; walked on timeouts only).
    void reapRegistrations();
    Call* findCall(CallId id) const { return m_calls.find(id); }

    // Every member is copied by the cloning constructor (engine_clone.cpp): add a new one there too.
    EngineConfig m_config;
    RandomSource& m_rng;
    CallTokenIssuer m_tokens;
    CallTable m_calls; // by local call number (= CallId), by the peer's call number, by deadline
    std::map<CallId, Millis> m_keyWaits; // calls waiting for PeerKeyNeeded's answer → when to give up
    // Incoming calls not authenticated yet: flagged by call number (4 KB, no allocation: an Engine
    // is cheap to build and to clone), counted in all and per host.
    std::bitset<CallTable::kCallnos> m_unauthOf;
    std::size_t m_unauthTotal = 0;
    std::unordered_map<std::string, std::size_t> m_unauthByHost;
    std::size_t m_heldBytes = 0; // Engine-wide held-frame bytes (CallHost::reserveHeld)
    std::map<RegId, std::unique_ptr<Registration>> m_regs;
    std::map<CallId, MoveWatch> m_moves; // engine_network.cpp
    RegId m_nextReg = 1;
    Registrar m_registrar { *this };
    /// FIFO of polled values in one vector: pop moves out of the front and the storage is reused
    /// once drained (a std::deque frees and allocates a block every few EngineEvents).
    template<typename T> class PollQueue {
    public:
        void push(T v) { m_items.push_back(std::move(v)); }
        bool empty() const { return m_head == m_items.size(); }
        std::size_t size() const { return m_items.size() - m_head; }
        T pop()
        {
            T v = std::move(m_items[m_head++]);
            if (m_head == m_items.size()) {
                m_head = 0;
                if (m_items.capacity() * sizeof(T) <= kKeepBytes)
                    m_items.clear(); // keeps the capacity for the next burst
                else
                    std::vector<T>().swap(m_items); // after a rare long burst: the heap stays flat
            } else if (m_head >= 64 && 2 * m_head >= m_items.size()) {
                m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_head)); // never drained
                m_head = 0;
            }
            return v;
        }

    private:
        static constexpr std::size_t kKeepBytes = 1024;
        std::vector<T> m_items;
        std::size_t m_head = 0;
    };
    PollQueue<Transmit> m_tx;
    PollQueue<EngineEvent> m_events;
    EngineCounters m_counters;
};

} // namespace iax::core
