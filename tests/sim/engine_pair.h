#pragma once
// Test fixtures on top of SimNetwork: a caller Engine A and a callee/registrar Engine B on a
// simulated link, with their events recorded and every datagram on the wire kept for inspection.
#include "sim_link.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace iax::sim {

inline const core::PeerAddress kA { "10.0.0.1", 4569 };
inline const core::PeerAddress kB { "10.0.0.2", 4569 };
inline const char* const kSecret = "s3cret-for-tests";

/// Events recorded for one node.
struct Node {
    std::vector<core::EngineEvent> events;
    template<class T> std::vector<T> all() const
    {
        std::vector<T> out;
        for (const auto& e : events)
            if (auto* p = std::get_if<T>(&e))
                out.push_back(*p);
        return out;
    }
    std::optional<core::CallState> lastState() const
    {
        auto s = all<core::CallStateChanged>();
        return s.empty() ? std::nullopt : std::optional<core::CallState>(s.back().state);
    }
    std::optional<core::CallEnd> lastEnd() const
    {
        auto s = all<core::CallStateChanged>();
        return s.empty() ? std::nullopt : std::optional<core::CallEnd>(s.back().end);
    }
    std::optional<core::EncryptionState> lastEnc() const
    {
        auto s = all<core::EncryptionStateChanged>();
        return s.empty() ? std::nullopt : std::optional<core::EncryptionState>(s.back().state);
    }
    bool sawState(core::CallState st) const
    {
        auto s = all<core::CallStateChanged>();
        return std::any_of(s.begin(), s.end(), [&](const auto& e) { return e.state == st; });
    }
};

/// The callee's account "alice" with the shared test secret.
inline core::UserConfig alice(core::EncryptionPolicy policy = core::EncryptionPolicy::Required)
{
    core::UserConfig u;
    u.username = "alice";
    u.secret = kSecret;
    u.encryption = policy;
    return u;
}

/// A call as "alice" with `secret` to extension 600 at `peer` (default codecs and rotation).
inline core::DialRequest aliceDial(const core::PeerAddress& peer, const char* secret, core::EncryptionPolicy policy)
{
    core::DialRequest r;
    r.peer = peer;
    r.username = "alice";
    r.secret = secret;
    r.calledNumber = "600";
    r.encryption = policy;
    return r;
}

/// Caller A and callee B. B answers automatically unless `autoAnswer` is false.
struct Pair {
    core::SeededRandom rngA, rngB;
    core::Engine a;
    core::Engine b;
    SimNetwork net;
    Node na, nb;
    bool autoAnswer = true;
    std::vector<std::pair<core::PeerAddress, core::Transmit>> wire;

    explicit Pair(core::UserConfig user, std::uint64_t seed = 7, core::EngineConfig base = {})
        : rngA(seed * 3 + 1)
        , rngB(seed * 5 + 2)
        , a(base, rngA)
        , b(withUser(base, std::move(user)), rngB)
        , net(seed)
    {
        net.add(kA, a);
        net.add(kB, b);
        net.tap = [this](const core::PeerAddress& from, const core::Transmit& t) { wire.push_back({ from, t }); };
        net.onEvent = [this](const core::PeerAddress& node, const core::EngineEvent& e) {
            (node == kA ? na : nb).events.push_back(e);
            if (auto* in = std::get_if<core::IncomingCall>(&e); in && node == kB && autoAnswer)
                b.answer(in->call, net.now());
        };
    }
    static core::EngineConfig withUser(core::EngineConfig c, core::UserConfig u)
    {
        c.users.push_back(std::move(u));
        return c;
    }
    core::DialRequest dial(core::EncryptionPolicy policy = core::EncryptionPolicy::Required) const
    {
        core::DialRequest r = aliceDial(kB, kSecret, policy);
        r.codecs = { core::Codec::Ulaw, core::Codec::Alaw };
        return r;
    }
    bool answeredBoth() const
    {
        return na.lastState() == core::CallState::Answered && nb.lastState() == core::CallState::Answered;
    }
    /// Dials and runs until both sides are answered (or `limit` passes). Returns A's call id.
    std::optional<core::CallId> connect(const core::DialRequest& d, core::Millis limit = core::Millis(5000))
    {
        auto id = a.dial(d, net.now());
        net.run(net.now() + limit, [&] { return answeredBoth() || (id && a.callCount() == 0); });
        return id;
    }
    core::CallId calleeId() const { return nb.all<core::IncomingCall>().at(0).call; }
    /// Voice both ways every 20 ms for `ms` (B only when `cb` is given).
    void talk(core::CallId ca, std::optional<core::CallId> cb, core::Millis ms, std::uint8_t fill = 0x55)
    {
        const core::Millis end = net.now() + ms;
        std::vector<std::uint8_t> payload(160, fill);
        while (net.now() < end && !net.stalled()) {
            a.sendVoice(ca, payload, 20, net.now());
            if (cb)
                b.sendVoice(*cb, payload, 20, net.now());
            net.run(net.now() + core::Millis(20));
        }
    }
    /// Hangs up from A and runs until both engines dropped the call.
    void hangupAndDrain(core::CallId ca, core::Millis limit = core::Millis(120000))
    {
        a.hangup(ca, "bye", net.now());
        net.run(net.now() + limit, [&] { return a.callCount() == 0 && b.callCount() == 0; });
    }
};

/// Engine A alone on the network: whatever it calls or registers to never answers.
struct Solo {
    core::SeededRandom rng;
    core::Engine a;
    SimNetwork net;
    Node na;
    std::function<void(const core::EngineEvent&)> onEvent; ///< also sees every event, at net.now()

    explicit Solo(std::uint64_t seed = 3)
        : rng(seed)
        , a(core::EngineConfig {}, rng)
        , net(seed)
    {
        net.add(kA, a);
        net.onEvent = [this](const core::PeerAddress&, const core::EngineEvent& e) {
            na.events.push_back(e);
            if (onEvent)
                onEvent(e);
        };
    }
};

} // namespace iax::sim
