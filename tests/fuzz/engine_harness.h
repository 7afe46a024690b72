#pragma once
// The Engine pair of fuzz_engine (tests/fuzz/fuzz_engine.cpp, fuzz_engine_script.cpp): caller A
// and callee/registrar B (account "alice") on the simulated link (tests/sim) with a virtual clock,
// their call states and encryption states as events report them, and the call's AES key as the
// wire shows it (derived from B's AUTHREQ challenge). One per input (built, or copied from a
// snapshot of a reached state); single-threaded. Cheap to build: nothing here reads files,
// generates keys or touches a real clock.
#include "sim/engine_pair.h"

#include "core/protocol/frame_cipher.h"

#include <optional>
#include <string>
#include <vector>

namespace iax::fuzz {

inline const core::PeerAddress kEngineA { "10.0.0.1", 4569 };
/// A's second address (the extended script's roaming step moves A between the two).
inline const core::PeerAddress kEngineA2 { "10.0.0.3", 4570 };
inline const core::PeerAddress kEngineB { "10.0.0.2", 4569 };
inline const core::PeerAddress kEngineSpoof { "10.6.6.6", 4569 };
inline constexpr const char* kEngineSecret = "fuzz-secret";

/// What the events and the wire showed of the pair (plain values: copied with the harness).
struct EngineObservations {
    core::PeerAddress addrA = kEngineA; ///< where A is on the network (kEngineA unless the script moved it)
    std::optional<core::CallId> callA; ///< A's last dialled call
    std::optional<core::CallId> callB; ///< B's last incoming call
    std::optional<core::RegId> regA; ///< A's registration to B
    std::optional<core::CallState> stateA, stateB;
    std::optional<core::EncryptionState> encA, encB;
    bool registered = false;
    std::optional<core::AesKey> key; ///< the last call's initial key (from B's AUTHREQ challenge)
    std::optional<core::FrameEncryptor> encryptor; ///< under `key`, for injected datagrams
    std::vector<std::uint8_t> lastToA, lastToB; ///< first 4 bytes of the last full frame each way
    bool autoAnswer = true; ///< B answers an incoming call at once (else it rings, if ringIncoming)
    bool ringIncoming = true; ///< B rings an incoming call it does not answer at once (else it waits)
};

/// Caller A, callee B on a SimNetwork, with what the events and the wire showed.
struct EngineHarness : EngineObservations {
    core::SeededRandom rngA { 1 }, rngB { 2 }, rngFuzz { 3 };
    core::KeyRotation rotation; ///< of B's account and of A's dials
    core::Engine a;
    core::Engine b;
    sim::SimNetwork net { 7 };

    static core::KeyRotation noRotation()
    {
        core::KeyRotation r;
        r.enabled = false;
        return r;
    }

    static core::UserConfig alice(core::EncryptionPolicy p, core::KeyRotation rotation)
    {
        core::UserConfig u;
        u.username = "alice";
        u.secret = kEngineSecret;
        u.encryption = p;
        u.rotation = rotation;
        return u;
    }

    /// B's configuration: the one account "alice".
    static core::EngineConfig registrarConfig(core::EncryptionPolicy p, core::KeyRotation rotation)
    {
        core::EngineConfig c;
        c.users.push_back(alice(p, rotation));
        return c;
    }

    explicit EngineHarness(core::EncryptionPolicy p, core::KeyRotation rot = noRotation())
        : EngineHarness(core::EngineConfig {}, registrarConfig(p, rot), rot)
    { }

    /// A and B with configurations of the caller's choice (the extended script: end-to-end mode,
    /// identities, RSA accounts, limits, timeouts).
    EngineHarness(core::EngineConfig configA, core::EngineConfig configB, core::KeyRotation rot)
        : rotation(rot)
        , a(std::move(configA), rngA)
        , b(std::move(configB), rngB)
    {
        attach();
    }

    /// A deep copy of `o` that continues exactly as `o` would (the fuzzer's stage snapshots): the
    /// engines cloned (Engine's cloning constructor) with copies of their random sources, the link
    /// with what is in flight copied, the observations copied, the callbacks re-pointed to the copy.
    /// `net.mutate` is copied as it is (unset in a snapshot).
    EngineHarness(const EngineHarness& o)
        : EngineObservations(o)
        , rngA(o.rngA)
        , rngB(o.rngB)
        , rngFuzz(o.rngFuzz)
        , rotation(o.rotation)
        , a(o.a, rngA)
        , b(o.b, rngB)
        , net(o.net)
    {
        attach();
    }
    EngineHarness& operator=(const EngineHarness&) = delete;

    /// Puts this harness's engines on its network and its observers on the wire and the events.
    void attach()
    {
        using namespace iax::core;
        net.add(addrA, a);
        net.add(kEngineB, b);
        net.tap = [this](const PeerAddress& from, const Transmit& t) {
            if (t.bytes.size() < 12 || !(t.bytes[0] & 0x80))
                return;
            // By the sender: B stays where it is, A may have moved (what B sends to A's old address too).
            (from == kEngineB ? lastToA : lastToB).assign(t.bytes.begin(), t.bytes.begin() + 4);
            // Only B's AUTHREQ is decoded (IAX frame type 6, subclass 8): not every datagram twice.
            if (from == kEngineB && t.bytes[10] == std::uint8_t(FrameType::Iax)
                && t.bytes[11] == std::uint8_t(IaxCommand::AuthReq))
                if (auto d = decodeFullFrame(t.bytes); d && d->isIax(IaxCommand::AuthReq))
                    if (auto ies = d->ies())
                        if (auto ch = ies->getString(IeId::Challenge)) {
                            key = deriveAesKey(*ch, kEngineSecret);
                            encryptor.reset();
                        }
        };
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) {
            const bool isA = node != kEngineB;
            if (auto* s = std::get_if<CallStateChanged>(&e))
                (isA ? stateA : stateB) = s->state;
            else if (auto* x = std::get_if<EncryptionStateChanged>(&e))
                (isA ? encA : encB) = x->state;
            else if (auto* r = std::get_if<RegistrationStateChanged>(&e))
                registered = r->state == RegistrationState::Registered;
            else if (auto* in = std::get_if<IncomingCall>(&e)) {
                callB = in->call;
                if (autoAnswer)
                    b.answer(in->call, net.now());
                else if (ringIncoming)
                    b.ring(in->call, net.now());
            }
        };
    }

    /// A's call to B as alice, with `p` and the harness's rotation.
    core::DialRequest dial(core::EncryptionPolicy p) const
    {
        core::DialRequest r = sim::aliceDial(kEngineB, kEngineSecret, p);
        r.rotation = rotation;
        return r;
    }

    /// A's registration to B as alice (with the wrong secret when `wrongSecret`).
    core::RegistrationRequest registration(bool wrongSecret) const
    {
        core::RegistrationRequest r;
        r.server = kEngineB;
        r.username = "alice";
        r.secret = wrongSecret ? "not-the-secret" : kEngineSecret;
        return r;
    }

    bool answered() const { return stateA == core::CallState::Answered && stateB == core::CallState::Answered; }
    bool encrypted() const
    {
        return encA == core::EncryptionState::Encrypted && encB == core::EncryptionState::Encrypted;
    }

    /// Sends one 20 ms voice frame each way on the current call (if any) and lets 20 ms pass.
    void voiceBothWays()
    {
        static const std::vector<std::uint8_t> voice(160, 0xFF);
        if (callA)
            a.sendVoice(*callA, voice, 20, net.now());
        if (callB)
            b.sendVoice(*callB, voice, 20, net.now());
        net.run(net.now() + core::Millis(20));
    }

    /// Rewrites `dg`'s call numbers as the peer of the engine at `toA` would use them: from the
    /// last full frame to that engine, else mirrored from the last full frame it sent.
    void fixCallnos(std::vector<std::uint8_t>& dg, bool toA) const
    {
        const auto& seen = toA ? lastToA : lastToB;
        const auto& sent = toA ? lastToB : lastToA;
        std::uint8_t hdr[4] = {};
        if (seen.size() == 4) {
            std::copy(seen.begin(), seen.end(), hdr);
        } else if (sent.size() == 4) {
            hdr[0] = std::uint8_t(0x80 | sent[2]);
            hdr[1] = sent[3];
            hdr[2] = std::uint8_t(sent[0] & 0x7F);
            hdr[3] = sent[1];
        }
        hdr[2] &= 0x7F; // not a retransmission
        if (!dg.empty() && (dg[0] & 0x80)) {
            for (std::size_t i = 0; i < 4 && i < dg.size(); ++i)
                dg[i] = hdr[i];
        } else if (dg.size() >= 2) {
            dg[0] = std::uint8_t(hdr[0] & 0x7F);
            dg[1] = hdr[1];
        }
    }

    /// Encrypts `dg` (a full or mini frame) with the call's initial key, if known.
    void encryptWithCallKey(std::vector<std::uint8_t>& dg)
    {
        if (!key || dg.empty())
            return;
        if (!encryptor)
            encryptor.emplace(*key);
        const auto kind = (dg[0] & 0x80) ? core::FrameKind::Full : core::FrameKind::Mini;
        if (dg.size() >= (kind == core::FrameKind::Full ? 4u : 2u))
            dg = encryptor->encrypt(dg, kind, rngFuzz);
    }
};

} // namespace iax::fuzz
