// libFuzzer target: the Engine's receive() fed arbitrary datagrams in every call state, and (byte 0
// with bit 7 set) a structure-aware script of commands, datagrams and virtual-time steps between
// two engines (fuzz_engine_script.cpp). Stage mode: each input starts from an Engine pair on the
// simulated link (engine_harness.h) driven into one state (once per process; each input gets a
// deep copy of that snapshot), then delivers the fuzz datagrams to one engine and lets 30 s of
// virtual time pass (retransmissions, keep-alives, give-ups). Input layout:
//   byte 0   stage: 0 idle, 1 calling (NEW sent), 2 authenticating (AUTHREQ answered),
//            3 ringing, 4 up (clear), 5 up (AES-128), 6 hung up, 7 registered
//            (bit 7 set: the rest of the input is a script, see fuzz_engine_script.cpp; 0x81
//            exactly: the extended script)
//   byte 1   flags: bit0 target = caller A (else callee/registrar B); bit1 send from a spoofed
//            address (else from the true peer); bit2 overwrite the call numbers with the live
//            ones; bit3 encrypt with the peer's live key (stage 5); bits4-7 virtual ms
//            between datagrams (×20)
//   then     datagrams, each a 16-bit big-endian length and that many bytes.
// Invariants: nothing crashes (ASan/UBSan); frames from a spoofed address never change an
// established call's state; the call table stays bounded.
#include "fuzz_common.h"

#include "engine_harness.h"

#include <memory>
#include <optional>

namespace iax::fuzz {

namespace {
using namespace iax::core;

enum Stage { Idle, Calling, Authenticating, Ringing, UpClear, UpEncrypted, HungUp, Registered, StageCount };

// Drives the pair into `stage`; false if it could not get there (a harness bug, not a finding).
bool reach(EngineHarness& h, Stage stage)
{
    const auto policy = stage == UpEncrypted || stage == HungUp ? EncryptionPolicy::Required : EncryptionPolicy::Off;
    auto& net = h.net;
    switch (stage) {
    case Idle:
        return true;
    case Calling:
        h.callA = h.a.dial(h.dial(policy), net.now());
        net.flush();
        return h.callA.has_value();
    case Authenticating:
        h.callA = h.a.dial(h.dial(policy), net.now());
        net.run(Millis(2000), [&] { return h.stateA == CallState::Authenticating; });
        return h.stateA == CallState::Authenticating;
    case Ringing:
        h.autoAnswer = false;
        h.callA = h.a.dial(h.dial(policy), net.now());
        net.run(Millis(2000), [&] { return h.stateA == CallState::Ringing; });
        return h.stateA == CallState::Ringing;
    case UpClear:
    case UpEncrypted:
    case HungUp: {
        const bool encrypted = policy == EncryptionPolicy::Required;
        h.callA = h.a.dial(h.dial(policy), net.now());
        // Encryption is proven by the handshake's own encrypted frames and their ACKs: no voice needed.
        net.run(Millis(2000), [&] { return h.answered() && (!encrypted || h.encrypted()); });
        if (!h.answered())
            return false;
        for (int i = 0; encrypted && !h.encrypted() && i < 5; ++i)
            h.voiceBothWays();
        if (encrypted && (!h.encrypted() || !h.key))
            return false;
        if (stage == HungUp) {
            h.a.hangup(*h.callA, "fuzz", net.now());
            net.run(net.now() + Millis(1000), [&] { return h.stateB == CallState::HungUp; });
            return h.stateB == CallState::HungUp;
        }
        return true;
    }
    case Registered:
        h.regA = h.a.registerTo(h.registration(false), net.now());
        net.run(Millis(2000), [&] { return h.registered; });
        return h.registered;
    default:
        return false;
    }
}

// The pair in `stage`, reached once per process and kept: each input continues a deep copy of it
// (EngineHarness's copy, Engine's cloning constructor). reach() is deterministic (seeded random
// sources, virtual time), so the copy is the very state a fresh pair would reach, without the
// handshake's cost per input. nullptr when the stage could not be reached (a harness bug).
const EngineHarness* snapshot(Stage stage)
{
    static std::unique_ptr<EngineHarness> reached[StageCount];
    static bool tried[StageCount] = {};
    if (!tried[stage]) {
        tried[stage] = true;
        auto h = std::make_unique<EngineHarness>(
            stage == UpEncrypted || stage == HungUp ? EncryptionPolicy::Required : EncryptionPolicy::Off);
        if (reach(*h, stage))
            reached[stage] = std::move(h);
    }
    return reached[stage].get();
}

int stageMode(ByteReader& in)
{
    const auto stage = static_cast<Stage>(in.u8() % StageCount);
    const std::uint8_t flags = in.u8();
    const bool toA = flags & 1;
    const bool spoofed = flags & 2;
    const bool fixCallnos = flags & 4;
    const bool encrypt = flags & 8;
    const Millis step((flags >> 4) * 20);

    const EngineHarness* reached = snapshot(stage);
    IAX_FUZZ_CHECK(reached, "harness could not reach stage " + std::to_string(int(stage)));
    if (!reached)
        return 0;
    EngineHarness h(*reached);
    const auto stateA0 = h.stateA, stateB0 = h.stateB;
    const auto encA0 = h.encA, encB0 = h.encB;

    Engine& target = toA ? h.a : h.b;
    const PeerAddress& to = toA ? h.addrA : kEngineB;
    const PeerAddress& from = spoofed ? kEngineSpoof : (toA ? kEngineB : h.addrA);

    int datagrams = 0;
    while (!in.empty() && datagrams < 64) {
        const auto span = in.bytes(in.u16());
        std::vector<std::uint8_t> dg(span.begin(), span.end());
        ++datagrams;
        if (fixCallnos)
            h.fixCallnos(dg, toA);
        if (encrypt)
            h.encryptWithCallKey(dg);
        h.net.inject(from, to, std::move(dg));
        h.net.run(h.net.now() + step);
    }
    h.net.run(h.net.now() + Millis(30000));

    IAX_FUZZ_CHECK(!h.net.stalled(), "an engine's deadline stopped virtual time");
    IAX_FUZZ_CHECK(target.callCount() <= 2 + std::size_t(datagrams), "call table grew past the input");
    if (spoofed && (stage == UpClear || stage == UpEncrypted)) {
        IAX_FUZZ_CHECK(h.stateA == stateA0 && h.stateB == stateB0, "a spoofed datagram changed a call's state");
        IAX_FUZZ_CHECK(h.encA == encA0 && h.encB == encB0, "a spoofed datagram changed a call's encryption state");
    }
    return 0;
}
} // namespace

// Byte 0 of an extended script (fuzz_engine_script.cpp): a value no input of the corpus had before
// the extended script came, so that every older script keeps its meaning.
constexpr std::uint8_t kExtendedScript = 0x81;

int engine(const std::uint8_t* data, std::size_t size)
{
    if (size > 0 && (data[0] & 0x80))
        return engineScript(data + 1, size - 1, data[0] == kExtendedScript);
    ByteReader in(data, size);
    return stageMode(in);
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(engine)
