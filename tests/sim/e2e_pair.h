#pragma once
// Two Engines on a simulated link, each with an EngineConfig of its own (the end-to-end mode on or
// off per side), every datagram on the wire recorded: the harness of the issue 20 engine tests
// (tst_engine_e2e, tst_engine_e2e_attacks). Test-only, single-threaded.
#include "core/protocol/engine.h"
#include "engine_pair.h"

#include <QtTest>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace iax::sim {

using namespace iax::core;

// Like sim::Pair, with each side's EngineConfig of its own (the mode on or off per side).
struct E2ePair {
    SeededRandom rngA, rngB;
    Engine a, b;
    SimNetwork net;
    Node na, nb;
    std::vector<std::pair<PeerAddress, Transmit>> wire;

    E2ePair(EngineConfig ca, EngineConfig cb, std::uint64_t seed = 11)
        : rngA(seed * 3 + 1)
        , rngB(seed * 5 + 2)
        , a(ca, rngA)
        , b(Pair::withUser(cb, alice()), rngB)
        , net(seed)
    {
        net.add(kA, a);
        net.add(kB, b);
        net.tap = [this](const PeerAddress& from, const Transmit& t) { wire.push_back({ from, t }); };
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) {
            (node == kA ? na : nb).events.push_back(e);
            if (auto* in = std::get_if<IncomingCall>(&e); in && node == kB)
                b.answer(in->call, net.now());
        };
    }
    static DialRequest dialRequest()
    {
        DialRequest d = aliceDial(kB, kSecret, EncryptionPolicy::Required);
        d.codecs = { Codec::Ulaw };
        return d;
    }
    CallId connect()
    {
        auto id = a.dial(dialRequest(), net.now());
        net.run(net.now() + Millis(5000),
            [&] { return na.lastEnc() == EncryptionState::Encrypted && nb.lastEnc() == EncryptionState::Encrypted; });
        return *id;
    }
    CallId calleeId() const { return nb.all<IncomingCall>().at(0).call; }
    EncryptionDetails encA(CallId id) const { return a.callStats(id)->encryption; }
    EncryptionDetails encB() const { return b.callStats(calleeId())->encryption; }
    std::string digitsAtB() const
    {
        std::string s;
        for (const auto& d : nb.all<DtmfReceived>())
            if (!d.begin)
                s += d.digit;
        return s;
    }
    /// `frames` 20 ms voice frames of `payload` each way, the link run along.
    void talk(CallId id, int frames, const std::vector<std::uint8_t>& payload)
    {
        for (int i = 0; i < frames; ++i) {
            a.sendVoice(id, payload, 20, net.now());
            b.sendVoice(calleeId(), payload, 20, net.now());
            net.run(net.now() + Millis(20));
        }
    }
    void sendDigits(CallId id, const std::string& digits)
    {
        for (char c : digits) {
            QVERIFY(a.sendDtmf(id, c, net.now()));
            net.run(net.now() + Millis(300));
        }
    }
};

inline EngineConfig withE2e(bool on)
{
    EngineConfig c;
    c.e2e = on;
    return c;
}

// The IEs of the first IAX frame `cmd` on the wire (clear frames only: NEW, AUTHREQ).
inline std::optional<IeList> clearIes(const E2ePair& p, IaxCommand cmd)
{
    for (const auto& [from, t] : p.wire)
        if (auto f = decodeFullFrame(t.bytes); f && f->isIax(cmd))
            if (auto ies = f->ies())
                return *ies;
    return std::nullopt;
}

} // namespace iax::sim
