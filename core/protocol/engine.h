#pragma once
// The sans-IO IAX2 Engine (STYLE.md; ngtcp2/h11 shape): bytes and time in; datagrams, deadlines
// and events out; randomness injected. It never reads a clock, never touches a socket, never
// allocates state for an incoming NEW without a valid call token. Single-threaded: one owner
// thread (core/net's EngineHost) calls everything.
#include "core/protocol/call.h"
#include "core/protocol/engine_types.h"
#include "core/protocol/registrar.h"
#include "core/protocol/registration.h"

#include <deque>
#include <map>
#include <memory>

namespace iax::core {

class Engine final : public CallHost {
public:
    /// `rng` must outlive the Engine (CsprngRandom in production, SeededRandom in tests).
    Engine(EngineConfig config, RandomSource& rng);
    ~Engine() override;

    /// Feeds one received datagram. Malformed input is counted and dropped (see counters()).
    void receive(std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now);
    /// Next datagram to send, if any.
    std::optional<Transmit> pollTransmit();
    /// When handleTimeout() must be called next (nullopt = nothing scheduled).
    std::optional<Millis> nextDeadline() const;
    /// Runs retransmissions, keep-alives, key rotation, registration refresh due at `now`.
    void handleTimeout(Millis now);
    /// Next event for the application, if any.
    std::optional<EngineEvent> pollEvent();

    /// Places a call; returns its id (events follow). Fails only when the call table is full.
    std::optional<CallId> dial(DialRequest req, Millis now);
    bool ring(CallId id, Millis now);
    bool answer(CallId id, Millis now);
    bool reject(CallId id, const std::string& cause, Millis now);
    bool hangup(CallId id, const std::string& cause, Millis now);
    /// DTMF_BEGIN + DTMF_END. Refused (false, *why) when not answered or encryption required but absent.
    bool sendDtmf(CallId id, char digit, Millis now, std::string* why = nullptr);
    /// One voice frame of `durationMs` in the negotiated format. Refused like sendDtmf.
    bool sendVoice(
        CallId id, std::span<const std::uint8_t> payload, int durationMs, Millis now, std::string* why = nullptr);
    bool sendText(CallId id, const std::string& text, Millis now, std::string* why = nullptr);
    bool hold(CallId id, bool on, Millis now);

    RegId registerTo(RegistrationRequest req, Millis now);
    /// Sends REGREL; the registration ends with an Unregistered event.
    bool unregister(RegId id, Millis now);

    /// Where a user registered to us is (server side), if anywhere.
    std::optional<PeerAddress> registeredContact(const std::string& username) const
    {
        return m_registrar.contact(username);
    }
    std::optional<CallStats> callStats(CallId id) const;
    std::optional<std::uint64_t> callFormat(CallId id) const;
    bool callEncrypted(CallId id) const;
    std::size_t callCount() const { return m_calls.size(); }
    std::size_t pendingTransmits() const { return m_tx.size(); }
    const EngineCounters& counters() const { return m_counters; }
    void setUsers(std::vector<UserConfig> users) { m_config.users = std::move(users); }

private:
    void transmit(const PeerAddress& to, std::vector<std::uint8_t> bytes) override;
    void post(EngineEvent ev) override;
    RandomSource& random() override { return m_rng; }
    const EngineConfig& config() const override { return m_config; }

    std::uint16_t allocateCallno();
    void onUnaddressed(const FullFrame& f, const PeerAddress& from, Millis now);
    void onNew(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    void onRegRequest(const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    std::string makeToken(const PeerAddress& from, Millis now) const;
    bool tokenValid(const std::string& token, const PeerAddress& from, Millis now) const;
    void replyClear(const PeerAddress& to, const FullFrame& req, IaxCommand c, const IeList& ies, std::uint16_t scall);
    void reap();
    Call* findCall(CallId id);

    EngineConfig m_config;
    RandomSource& m_rng;
    std::uint8_t m_tokenKey[32];
    std::map<std::uint16_t, std::unique_ptr<Call>> m_calls; // by local call number (= CallId)
    std::map<std::pair<PeerAddress, std::uint16_t>, std::uint16_t> m_byRemote;
    std::map<RegId, std::unique_ptr<Registration>> m_regs;
    RegId m_nextReg = 1;
    Registrar m_registrar { *this };
    std::deque<Transmit> m_tx;
    std::deque<EngineEvent> m_events;
    EngineCounters m_counters;
    Millis m_now { 0 };
};

} // namespace iax::core
