#pragma once
// Registration client state machine: REGREQ (+ empty CALLTOKEN) → CALLTOKEN → REGREQ with token →
// REGAUTH → REGREQ with MD5/RSA → REGACK (re-register before the granted refresh expires) |
// REGREJ (with the cause); REGREL to unregister; retry with backoff when the server does not
// answer. Registration is never encrypted. Driven by the Engine on its thread; sans-IO.
#include "core/protocol/events.h"
#include "core/protocol/frame.h"
#include "core/protocol/reliable.h"

#include <optional>

namespace iax::core {

class CallHost;

class Registration {
public:
    Registration(CallHost& host, RegId id, RegistrationRequest req);
    /// A deep copy of `other` that reports to `host` from now on (Engine's cloning constructor).
    Registration(const Registration& other, CallHost& host)
        : Registration(other)
    {
        m_host = &host;
    }
    Registration& operator=(const Registration&) = delete;

    RegId id() const { return m_id; }
    const PeerAddress& server() const { return m_req.server; }
    /// The user name it registers (RegistrationRequest::username).
    const std::string& username() const { return m_req.username; }
    /// The account calls from the server are accepted as (RegistrationRequest::incoming), or nullptr.
    const UserConfig* incoming() const { return m_req.incoming ? &*m_req.incoming : nullptr; }
    std::uint16_t localCallno() const { return m_localCallno; }
    RegistrationState state() const { return m_state; }
    /// True once the Engine may delete it (unregistered, or a REGREL round ended).
    bool finished() const { return m_finished; }

    /// Starts a registration round with a fresh local call number.
    void start(std::uint16_t localCallno, Millis now);
    /// Starts a REGREL round (unregister). Finished once the server confirms or gives up.
    void release(std::uint16_t localCallno, Millis now);
    /// The Engine had no free call number for the next round (start, or release when `release`):
    /// a registration becomes Failed with that reason and retries with backoff; a REGREL round ends
    /// here (Unregistered, the reason says the server was not told).
    void noCallNumber(bool release, Millis now);
    /// A clear full frame from the server addressed to this registration's call number.
    void onFrame(const FullFrame& f, const IeList& ies, Millis now);
    void handleTimeout(Millis now);
    std::optional<Millis> nextDeadline() const;
    /// True when a new round must start (refresh or retry time reached): the Engine calls start().
    bool wantsRestart(Millis now) const { return m_restartAt && now >= *m_restartAt; }
    bool releasing() const { return m_releasing; }
    /// The network changed (a new address, resume from sleep, a NAT rebinding): the backoff is
    /// forgotten, retries come at most `retryCap` apart until the next REGACK, and wantsRestart()
    /// is true at once. Nothing while releasing. registration_network.cpp.
    void networkChanged(Millis retryCap, Millis now);

private:
    /// Member-wise copy (same host); only the cloning constructor above uses it.
    Registration(const Registration&) = default;
    void sendRequest(const IeList& extra, const std::string& token, Millis now);
    void sendAck(const FullFrame& acked, Millis now);
    void sendFrame(FullFrame f, Millis now, std::optional<std::uint8_t> ackOf = std::nullopt);
    void onRegAuth(const IeList& ies, Millis now);
    void onRegAck(const IeList& ies, Millis now);
    void giveUp(Millis now);
    /// Backoff before the next round after `m_failures` failed ones: 5 s, 10 s, 20 s ... 5 minutes.
    Millis backoff() const;
    void setState(RegistrationState s, int refresh, const std::string& reason, const std::string& addr = {},
        RegistrationFailure failure = RegistrationFailure::None);

    CallHost* m_host; // never null (a pointer so that a clone can report to its own Engine)
    RegId m_id;
    RegistrationRequest m_req;
    std::uint16_t m_localCallno = 0;
    std::uint16_t m_remoteCallno = 0;
    ReliableChannel m_rel;
    Millis m_start { 0 };
    RegistrationState m_state = RegistrationState::Registering;
    bool m_releasing = false;
    bool m_finished = false;
    bool m_tokenUsed = false;
    std::optional<Millis> m_restartAt;
    int m_failures = 0;
    std::optional<Millis> m_retryCap; // after a network change, until the next REGACK
};

} // namespace iax::core
