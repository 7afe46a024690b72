// libFuzzer target: the Engine's receive() fed arbitrary datagrams in every call state.
// Each input first drives an Engine pair on the simulated link (tests/sim) into one state, then
// delivers the fuzz datagrams to one engine and lets 30 s of virtual time pass (retransmissions,
// keep-alives, give-ups). Input layout:
//   byte 0   stage: 0 idle, 1 calling (NEW sent), 2 authenticating (AUTHREQ answered),
//            3 ringing, 4 up (clear), 5 up (AES-128), 6 hung up, 7 registered
//   byte 1   flags: bit0 target = caller A (else callee/registrar B); bit1 send from a spoofed
//            address (else from the true peer); bit2 overwrite the call numbers with the live
//            ones; bit3 encrypt with the peer's live key (stage 5); bits4-7 virtual ms
//            between datagrams (×20)
//   then     datagrams, each a 16-bit big-endian length and that many bytes.
// Invariants: nothing crashes (ASan/UBSan); frames from a spoofed address never change an
// established call's state; the call table stays bounded.
#include "fuzz_common.h"

#include "sim/sim_link.h"

#include "core/protocol/frame_cipher.h"

#include <optional>

namespace iax::fuzz {

namespace {
using namespace iax::core;

const PeerAddress kA { "10.0.0.1", 4569 };
const PeerAddress kB { "10.0.0.2", 4569 };
const PeerAddress kSpoof { "10.6.6.6", 4569 };
const char* kSecret = "fuzz-secret";

enum Stage { Idle, Calling, Authenticating, Ringing, UpClear, UpEncrypted, HungUp, Registered, StageCount };

struct Harness {
    SeededRandom rngA { 1 }, rngB { 2 }, rngFuzz { 3 };
    Engine a;
    Engine b;
    sim::SimNetwork net { 7 };
    std::optional<CallId> callA;
    std::optional<CallId> callB;
    std::optional<CallState> stateA, stateB;
    std::optional<EncryptionState> encA, encB;
    bool registered = false;
    std::optional<AesKey> key; // the call's key (rotation is off, so it stays)
    std::vector<std::uint8_t> lastToA, lastToB; // first 4 bytes of the last full frame each way
    bool autoAnswer = true;

    static UserConfig alice(EncryptionPolicy p)
    {
        UserConfig u;
        u.username = "alice";
        u.secret = kSecret;
        u.encryption = p;
        u.rotation.enabled = false;
        return u;
    }

    explicit Harness(EncryptionPolicy p)
        : a(EngineConfig {}, rngA)
        , b(EngineConfig { { alice(p) } }, rngB)
    {
        net.add(kA, a);
        net.add(kB, b);
        net.tap = [this](const PeerAddress& from, const Transmit& t) {
            if (t.bytes.size() >= 12 && (t.bytes[0] & 0x80))
                (t.to == kA ? lastToA : lastToB).assign(t.bytes.begin(), t.bytes.begin() + 4);
            if (from == kB)
                if (auto d = decodeFullFrame(t.bytes); d && d->isIax(IaxCommand::AuthReq))
                    if (auto ies = d->ies())
                        if (auto ch = ies->getString(IeId::Challenge))
                            key = deriveAesKey(*ch, kSecret);
        };
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) {
            const bool isA = node == kA;
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
                else
                    b.ring(in->call, net.now());
            }
        };
    }

    DialRequest dial(EncryptionPolicy p) const
    {
        DialRequest r;
        r.peer = kB;
        r.username = "alice";
        r.secret = kSecret;
        r.calledNumber = "600";
        r.encryption = p;
        r.rotation.enabled = false;
        return r;
    }

    bool answered() const { return stateA == CallState::Answered && stateB == CallState::Answered; }

    // Drives the pair into `stage`; false if it could not get there (a harness bug, not a finding).
    bool reach(Stage stage)
    {
        const auto policy = stage == UpEncrypted || stage == HungUp ? EncryptionPolicy::Required : EncryptionPolicy::Off;
        switch (stage) {
        case Idle:
            return true;
        case Calling:
            callA = a.dial(dial(policy), net.now());
            net.flush();
            return callA.has_value();
        case Authenticating:
            callA = a.dial(dial(policy), net.now());
            net.run(Millis(2000), [&] { return stateA == CallState::Authenticating; });
            return stateA == CallState::Authenticating;
        case Ringing:
            autoAnswer = false;
            callA = a.dial(dial(policy), net.now());
            net.run(Millis(2000), [&] { return stateA == CallState::Ringing; });
            return stateA == CallState::Ringing;
        case UpClear:
        case UpEncrypted:
        case HungUp: {
            callA = a.dial(dial(policy), net.now());
            net.run(Millis(2000), [&] { return answered(); });
            if (!answered())
                return false;
            if (policy == EncryptionPolicy::Required) {
                const std::vector<std::uint8_t> voice(160, 0xFF);
                for (int i = 0; i < 5; ++i) {
                    a.sendVoice(*callA, voice, 20, net.now());
                    b.sendVoice(*callB, voice, 20, net.now());
                    net.run(net.now() + Millis(20));
                }
                net.run(net.now() + Millis(500));
                if (encA != EncryptionState::Encrypted || encB != EncryptionState::Encrypted || !key)
                    return false;
            }
            if (stage == HungUp) {
                a.hangup(*callA, "fuzz", net.now());
                net.run(net.now() + Millis(1000), [&] { return stateB == CallState::HungUp; });
                return stateB == CallState::HungUp;
            }
            return true;
        }
        case Registered: {
            RegistrationRequest r;
            r.server = kB;
            r.username = "alice";
            r.secret = kSecret;
            a.registerTo(r, net.now());
            net.run(Millis(2000), [&] { return registered; });
            return registered;
        }
        default:
            return false;
        }
    }
};

Harness& fresh(EncryptionPolicy p, std::optional<Harness>& slot)
{
    slot.reset();
    slot.emplace(p);
    return *slot;
}
} // namespace

int engine(const std::uint8_t* data, std::size_t size)
{
    ByteReader in(data, size);
    const auto stage = static_cast<Stage>(in.u8() % StageCount);
    const std::uint8_t flags = in.u8();
    const bool toA = flags & 1;
    const bool spoofed = flags & 2;
    const bool fixCallnos = flags & 4;
    const bool encrypt = flags & 8;
    const Millis step((flags >> 4) * 20);

    std::optional<Harness> slot;
    Harness& h = fresh(
        stage == UpEncrypted || stage == HungUp ? EncryptionPolicy::Required : EncryptionPolicy::Off, slot);
    const bool reached = h.reach(stage);
    IAX_FUZZ_CHECK(reached, "harness could not reach stage " + std::to_string(int(stage)));
    if (!reached)
        return 0;
    const auto stateA0 = h.stateA, stateB0 = h.stateB;
    const auto encA0 = h.encA, encB0 = h.encB;

    Engine& target = toA ? h.a : h.b;
    const PeerAddress& to = toA ? kA : kB;
    const PeerAddress& from = spoofed ? kSpoof : (toA ? kB : kA);
    std::optional<FrameEncryptor> enc;
    if (encrypt && h.key)
        enc.emplace(*h.key);

    int datagrams = 0;
    while (!in.empty() && datagrams < 64) {
        std::vector<std::uint8_t> dg;
        const auto span = in.bytes(in.u16());
        dg.assign(span.begin(), span.end());
        ++datagrams;
        if (fixCallnos) {
            // Call numbers as the peer uses them: from the last full frame to the target, else
            // mirrored from the last full frame the target sent.
            const auto& seen = toA ? h.lastToA : h.lastToB;
            const auto& sent = toA ? h.lastToB : h.lastToA;
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
        if (enc && !dg.empty()) {
            const auto kind = (dg[0] & 0x80) ? FrameKind::Full : FrameKind::Mini;
            if (dg.size() >= (kind == FrameKind::Full ? 4u : 2u))
                dg = enc->encrypt(dg, kind, h.rngFuzz);
        }
        h.net.inject(from, to, std::move(dg));
        h.net.run(h.net.now() + step);
    }
    h.net.run(h.net.now() + Millis(30000));

    IAX_FUZZ_CHECK(target.callCount() <= 2 + std::size_t(datagrams), "call table grew past the input");
    if (spoofed && (stage == UpClear || stage == UpEncrypted)) {
        IAX_FUZZ_CHECK(h.stateA == stateA0 && h.stateB == stateB0, "a spoofed datagram changed a call's state");
        IAX_FUZZ_CHECK(h.encA == encA0 && h.encB == encB0, "a spoofed datagram changed a call's encryption state");
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(engine)
