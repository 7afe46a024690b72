// fuzz_engine's structure-aware mode (input byte 0 with bit 7 set): the rest of the input is read
// with FuzzedDataProvider as a configuration and a script of up to 64 steps between caller A and
// callee/registrar B (engine_harness.h), so that inputs reach ringing, answered and encrypted
// calls, key rotation (RTKEY) and registration instead of dying in the first parse:
//   configuration  B's encryption policy; rotation on/off and its interval (0.5-4 s, so that
//                  RTKEY happens within a script); optionally an impaired link (jitter, loss,
//                  duplication, reordering)
//   dial           A calls B (policy off / opportunistic / required)
//   answer, ring, reject, busy       B on its last incoming call
//   dtmf, text, hold, hangup         A or B on its current call
//   voice          1-8 voice frames each way, 20 ms apart
//   rekey          a voice frame each way, then the rotation interval passes (rotation on, within
//                  the time budget)
//   register, unregister             A to B (right or wrong secret)
//   time           0-12 s of virtual time
//   datagram       fuzz bytes to A or B, from the true peer or a spoofed address, optionally with
//                  the live call numbers and encrypted under the call's key
//   tamper         the next 1-4 datagrams between the engines are dropped, cut short or have a
//                  byte flipped (a hostile network in the middle)
// Invariants: nothing crashes (ASan/UBSan); virtual time never stalls and stays within the
// script's budget; each engine's call table stays within what the script created.
#include "fuzz_common.h"

#include "engine_harness.h"

#include <fuzzer/FuzzedDataProvider.h>

namespace iax::fuzz {

namespace {
using namespace iax::core;

// Virtual time a script may reach before its final 3 s (see the check at its end).
constexpr Millis kScriptTimeLimit { 100000 };

EncryptionPolicy policyOf(int i)
{
    return i == 0 ? EncryptionPolicy::Off : i == 1 ? EncryptionPolicy::Opportunistic : EncryptionPolicy::Required;
}

// Datagrams between the engines the script tampers with next.
struct Tamper {
    int remaining = 0;
    int done = 0; // datagrams tampered with so far
    int action = 0; // 0 drop, 1 cut short, 2 flip a byte
    std::size_t position = 0;
    std::uint8_t mask = 1;
};

void datagram(EngineHarness& h, FuzzedDataProvider& in, int& injected)
{
    const std::uint8_t flags = in.ConsumeIntegral<std::uint8_t>();
    const bool toA = flags & 1;
    const PeerAddress& to = toA ? kEngineA : kEngineB;
    const PeerAddress& from = (flags & 2) ? kEngineSpoof : (toA ? kEngineB : kEngineA);
    auto dg = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 600));
    if (flags & 4)
        h.fixCallnos(dg, toA);
    if (flags & 8)
        h.encryptWithCallKey(dg);
    ++injected;
    h.net.inject(from, to, std::move(dg));
    h.net.run(h.net.now() + Millis((flags >> 4) * 20));
}

void callCommand(EngineHarness& h, FuzzedDataProvider& in, int op)
{
    const Millis now = h.net.now();
    const bool onA = in.ConsumeBool();
    Engine& e = onA ? h.a : h.b;
    const std::optional<CallId> call = onA ? h.callA : h.callB;
    if (!call)
        return;
    switch (op) {
    case 0: { // DTMF: the usual digits, or any byte
        static const char kDigits[] = "0123456789*#ABCD";
        const char d = in.ConsumeBool() ? kDigits[in.ConsumeIntegralInRange(0, 15)] : in.ConsumeIntegral<char>();
        e.sendDtmf(*call, d, now);
        break;
    }
    case 1:
        e.sendText(*call, in.ConsumeRandomLengthString(300), now);
        break;
    case 2:
        e.hold(*call, in.ConsumeBool(), now);
        break;
    default:
        e.hangup(*call, "fuzz", now, in.ConsumeIntegralInRange(0, 127));
        break;
    }
}
} // namespace

int engineScript(const std::uint8_t* data, std::size_t size)
{
    FuzzedDataProvider in(data, size);
    const EncryptionPolicy policy = policyOf(in.ConsumeIntegralInRange(0, 2));
    KeyRotation rotation = EngineHarness::noRotation();
    if (in.ConsumeBool()) {
        rotation.enabled = true;
        rotation.minInterval = Millis(in.ConsumeIntegralInRange(500, 4000));
        rotation.maxInterval = rotation.minInterval + Millis(in.ConsumeIntegralInRange(0, 1000));
    }
    EngineHarness h(policy, rotation);
    h.autoAnswer = false;
    if (in.ConsumeBool()) { // an impaired link: loss, duplicates (duplicate calls at the peer), reordering
        sim::LinkProfile link;
        link.jitter = Millis(in.ConsumeIntegralInRange(0, 60));
        link.loss = in.ConsumeIntegralInRange(0, 40) / 100.0;
        link.duplicate = in.ConsumeIntegralInRange(0, 50) / 100.0;
        link.reorder = in.ConsumeIntegralInRange(0, 30) / 100.0;
        h.net.setProfile(link);
    }
    Tamper tamper;
    h.net.mutate = [&tamper](const PeerAddress&, Transmit& t) {
        if (tamper.remaining <= 0 || t.bytes.empty())
            return true;
        --tamper.remaining;
        ++tamper.done;
        if (tamper.action == 0)
            return false;
        if (tamper.action == 1)
            t.bytes.resize(tamper.position % t.bytes.size());
        else
            t.bytes[tamper.position % t.bytes.size()] ^= tamper.mask;
        return true;
    };

    int dials = 0, injected = 0;
    // Budgets that keep one input cheap (a few ms): voice frames each way, calls, virtual time.
    int voiceBudget = 48;
    const Millis timeBudget { 60000 };
    for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
        const Millis now = h.net.now();
        switch (in.ConsumeIntegralInRange(0, 15)) {
        case 0:
            if (dials < 4) {
                h.callA = h.a.dial(h.dial(policyOf(in.ConsumeIntegralInRange(0, 2))), now);
                ++dials;
            }
            break;
        case 1:
            if (h.callB)
                h.b.answer(*h.callB, now);
            break;
        case 2:
            if (h.callB)
                h.b.ring(*h.callB, now);
            break;
        case 3:
            if (h.callB) {
                if (in.ConsumeBool())
                    h.b.reject(*h.callB, "fuzz", now, in.ConsumeIntegralInRange(0, 127));
                else
                    h.b.indicateBusy(*h.callB, in.ConsumeBool(), now);
            }
            break;
        case 4:
        case 5:
            callCommand(h, in, in.ConsumeIntegralInRange(0, 3));
            break;
        case 6:
            for (int i = in.ConsumeIntegralInRange(1, 8); i > 0 && voiceBudget > 0; --i, --voiceBudget)
                h.voiceBothWays();
            break;
        case 7: // rekey: voice starts the rotation clock, then one interval passes (within the time budget)
            if (voiceBudget-- > 0)
                h.voiceBothWays();
            // Without rotation there is no interval to wait for: KeyRotation's default of 300 s each
            // time made inputs of hours of virtual time (a campaign timeout, regressions/engine/).
            if (rotation.enabled && now < timeBudget)
                h.net.run(h.net.now() + rotation.maxInterval + Millis(100));
            break;
        case 8:
            h.regA = h.a.registerTo(h.registration(in.ConsumeBool()), now);
            break;
        case 9:
            if (h.regA)
                h.a.unregister(*h.regA, now);
            break;
        case 10:
        case 11:
            if (now < timeBudget)
                h.net.run(now + Millis(in.ConsumeIntegralInRange(0, 12000)));
            break;
        case 12:
            tamper.remaining = in.ConsumeIntegralInRange(1, 4);
            tamper.action = in.ConsumeIntegralInRange(0, 2);
            tamper.position = in.ConsumeIntegral<std::uint16_t>();
            tamper.mask = std::uint8_t(in.ConsumeIntegralInRange(1, 255));
            break;
        default:
            datagram(h, in, injected);
            break;
        }
        h.net.run(h.net.now() + Millis(1)); // deliver what the command sent
        IAX_FUZZ_CHECK(!h.net.stalled(), "an engine's deadline stopped virtual time");
    }
    // The budget plus one last time or rekey step (12 s at most), datagram steps (0.3 s each) and
    // voice: a script never runs far past it, so one input stays cheap.
    IAX_FUZZ_CHECK(h.net.now() <= kScriptTimeLimit, "the script ran past its virtual-time budget");
    h.net.run(h.net.now() + Millis(3000));
    IAX_FUZZ_CHECK(!h.net.stalled(), "an engine's deadline stopped virtual time");
    // Each dial, injected or tampered datagram (a NEW with a flipped call number) adds at most one call.
    const std::size_t bound = std::size_t(dials + injected + tamper.done);
    IAX_FUZZ_CHECK(h.a.callCount() <= bound, "A's call table grew past the script");
    IAX_FUZZ_CHECK(h.b.callCount() <= bound, "B's call table grew past the script");
    return 0;
}

} // namespace iax::fuzz
