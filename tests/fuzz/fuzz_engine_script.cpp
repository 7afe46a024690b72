// fuzz_engine's structure-aware mode (input byte 0 with bit 7 set): the rest of the input is read
// with FuzzedDataProvider as a configuration and a script of up to 64 steps between caller A and
// callee/registrar B (engine_harness.h), so that inputs reach ringing, answered and encrypted
// calls, key rotation (RTKEY) and registration instead of dying in the first parse:
//   configuration  B's encryption policy; rotation on/off and its interval (0.5-4 s, so that
//                  RTKEY happens within a script); optionally an impaired link (jitter, loss,
//                  duplication, reordering)
//   0  dial        A calls B (policy off / opportunistic / required)
//   1, 2, 3        B on its last incoming call: answer, ring, reject or busy
//   4, 5           A or B on its current call: dtmf, text, hold, hangup
//   6  voice       1-8 voice frames each way, 20 ms apart
//   7  rekey       a voice frame each way, then the rotation interval passes (rotation on, within
//                  the time budget)
//   8, 9           A registers to B (right or wrong secret), unregisters
//   10, 11 time    0-12 s of virtual time
//   12 tamper      the next 1-4 datagrams between the engines are dropped, cut short or have a
//                  byte flipped (a hostile network in the middle)
//   13-15 datagram fuzz bytes to A or B, from the true peer or a spoofed address, optionally with
//                  the live call numbers and encrypted under the call's key
// The extended script (byte 0 = 0x81 exactly, kExtendedScript in fuzz_engine.cpp; no input of the
// corpus before it had that byte, so every older input keeps its meaning) reads a second
// configuration byte after the first and takes steps 0-31 (B leaves an incoming call waiting until a
// step answers, rings or rejects it, where the original script rings it at once: so A can sit
// accepted, the encrypted dial's state): 0-15 as above, and
//   configuration  bit 0/1: A/B offer the end-to-end mode, bit 2: B requires it, bit 3/4: A/B have
//                  an Ed25519 identity, bit 5: tight limits (B's maxCalls 1-4 and A's one more,
//                  B's unauthenticated pools, held bytes; then 5 values), bit 6: B's RSA accounts
//                  may fall back to MD5, bit 7: short timeouts (authentication, AUTHREP reply,
//                  peer-key lookup, the end-to-end ratchet; then 5 values).
//                  B's accounts: alice (MD5), rsa-alice (RSA, trusts the test key), rsa-lookup
//                  (RSA, asks the application for the caller's key: PeerKeyNeeded), rsa-stranger
//                  (RSA, trusts another key)
//   16 dial+       A calls as one of those accounts or an unknown one, with the right or a wrong
//                  secret, signing with the test key or not; to "TBD" (encrypted dial), with
//                  AUTOANSWER, calling name/number, end-to-end required, a pinned identity
//   17 peer key    B answers the oldest PeerKeyNeeded: the right key, the stranger's, or none
//                  (unknown, fetch failed, refused); optionally a second answer
//   18 feature     the encrypted dial (sendDial) or a blind transfer on A's or B's call
//   19 roam        A moves to its other address and/or A or B calls networkChanged()
//   20 duplicate   frames of a second call "B" made for A's NEW (B's last AUTHREQ with another
//                  source call number, then VNAKs from it) straight into A
//   21 replay NEW  A's last NEW with its call token again: from a spoofed address, from A's
//                  address with another call number, or as it was
//   22 burst       A dials 1-4 calls at once (right credentials)
//   23-31          datagram (as 13-15)
// Invariants: nothing crashes (ASan/UBSan); virtual time never stalls and stays within the
// script's budget; each engine's call table stays within what the script created; a call that
// must be encrypted (dialled with the required policy, B's account requires it, or it reported
// Encrypted) never sends voice in clear. Extended script: a dial that cannot authenticate (wrong
// MD5 secret, an RSA key B does not trust, an unknown user) and a call given the stranger's key
// never become an incoming call at B; a dial that requires the end-to-end mode is answered only
// in that mode and, when pinned, with the pinned identity; the encrypted dial's number never
// crosses the wire in clear, and sendDial/transfer succeed only on a call that may carry them;
// a duplicate call's frames never change A's call; a NEW replayed from another address never
// creates a call; B stays within its limits (authenticated calls, the unauthenticated pool in
// all and per host); when A's registration succeeds on an unimpaired link, B has A's current
// address as its contact.
#include "fuzz_common.h"

#include "engine_harness.h"
#include "engine_script_parts.h"

#include "core/protocol/auth.h"
#include "core/protocol/call_state.h"
#include "core/protocol/e2e_identity.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string_view>

namespace iax::fuzz {

namespace {
using namespace iax::core;

// Virtual time a script may reach before its final 3 s (see the check at its end).
constexpr Millis kScriptTimeLimit { 100000 };


struct Script {
    Script(EngineHarness& harness, FuzzedDataProvider& input, Watch& w, const EngineConfig* b)
        : h(harness)
        , in(input)
        , watch(w)
        , configB(b)
    { }

    EngineHarness& h;
    FuzzedDataProvider& in;
    Watch& watch;
    Tamper tamper;
    int dials = 0, injected = 0;
    // Budgets that keep one input cheap (a few ms): voice frames each way, calls, virtual time.
    int voiceBudget = 48;
    static constexpr int kMaxDials = 4, kMaxExtendedDials = 12;
    static constexpr Millis kTimeBudget { 60000 };
    const EngineConfig* configB; // B's configuration in the extended script, else nullptr

    void datagram()
    {
        const std::uint8_t flags = in.ConsumeIntegral<std::uint8_t>();
        const bool toA = flags & 1;
        const PeerAddress& to = toA ? h.addrA : kEngineB;
        const PeerAddress& from = (flags & 2) ? kEngineSpoof : (toA ? kEngineB : h.addrA);
        auto dg = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 600));
        if (flags & 4)
            h.fixCallnos(dg, toA);
        if (flags & 8)
            h.encryptWithCallKey(dg);
        ++injected;
        h.net.inject(from, to, std::move(dg));
        h.net.run(h.net.now() + Millis((flags >> 4) * 20));
    }

    void callCommand(int op)
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
            // A text is the input's own bytes, sent as they are: it must not spell the wire checks'
            // markers (a plain call's TEXT carrying them is no leak of the encrypted dial).
            e.sendText(*call, withoutMarkers(in.ConsumeRandomLengthString(300)), now);
            break;
        case 2:
            e.hold(*call, in.ConsumeBool(), now);
            break;
        default:
            e.hangup(*call, "fuzz", now, in.ConsumeIntegralInRange(0, 127));
            break;
        }
    }

    // A's dial as one of B's accounts (or an unknown one), with the right or a wrong secret.
    void dialExtended()
    {
        const auto account = static_cast<Account>(in.ConsumeIntegralInRange(0, AccountCount - 1));
        const bool wrongSecret = in.ConsumeBool();
        const bool signs = in.ConsumeBool();
        const std::uint8_t f = in.ConsumeIntegral<std::uint8_t>();
        const EncryptionPolicy policy = policyOf(in.ConsumeIntegralInRange(0, 2));
        if (dials >= kMaxExtendedDials)
            return;
        DialRequest r = h.dial(policy);
        r.username = kAccountNames[account];
        if (wrongSecret)
            r.secret = "not-the-secret";
        if (signs)
            r.outkey = rsaKeys().priv;
        // B offers alice MD5 only, rsa-stranger RSA only with a key A does not hold, an unknown
        // user a decoy MD5 secret: none of these can authenticate.
        const bool noWayIn = account == Unknown || account == RsaStranger || (account == Alice && wrongSecret);
        r.calledNumber = noWayIn ? kNoWayIn : (f & 0x01) ? kTbdCalledNumber : "600";
        r.autoAnswer = f & 0x02;
        if (f & 0x04) {
            r.callingName = "Fuzz Caller";
            r.callingNumber = "4711";
        }
        r.e2eRequired = f & 0x08;
        const int pin = (f >> 4) & 3;
        if (pin == 1 && identityB())
            r.e2ePinnedIdentity = identityFingerprint(identityB()->pub);
        else if (pin == 2 && identityA())
            r.e2ePinnedIdentity = identityFingerprint(identityA()->pub);
        r.allowPlaintextAuth = f & 0x40;
        if (f & 0x80)
            r.codecs = { Codec::Alaw, Codec::Opus };
        const bool required = policy == EncryptionPolicy::Required;
        const bool e2eRequired = r.e2eRequired;
        const std::string pinned = r.e2ePinnedIdentity;
        ++dials;
        const auto id = h.a.dial(std::move(r), h.net.now());
        if (!id)
            return; // A's own limit (maxCalls)
        h.callA = id;
        watch.newCallA(*id, required);
        if (e2eRequired)
            watch.e2eRequiredA[*id] = pinned;
    }

    // B's answer to the oldest PeerKeyNeeded.
    void peerKey()
    {
        const int kind = in.ConsumeIntegralInRange(0, 4);
        const bool twice = in.ConsumeBool();
        if (watch.keyNeeded.empty())
            return;
        const CallId id = watch.keyNeeded.front();
        watch.keyNeeded.pop_front();
        PeerKeyAnswer answer;
        if (kind == 0)
            answer.key = rsaKeys().pub;
        else if (kind == 1)
            answer.key = rsaKeys().stranger;
        else
            answer.unavailable = { kind == 2 ? RsaAttempt::Outcome::KeyUnknown
                    : kind == 3              ? RsaAttempt::Outcome::FetchFailed
                                             : RsaAttempt::Outcome::KeyRefused,
                "fuzz: no key" };
        const Millis now = h.net.now();
        const bool taken = h.b.providePeerKey(id, answer, now);
        if (taken && kind == 1)
            watch.strangerKeyB.insert(id);
        if (twice)
            IAX_FUZZ_CHECK(
                !(taken && h.b.providePeerKey(id, answer, now)), "a call took two answers to its key lookup");
    }

    // The encrypted dial (A) or a blind transfer (A or B).
    void feature()
    {
        const bool onA = in.ConsumeBool();
        const int kind = in.ConsumeIntegralInRange(0, 2);
        const Millis now = h.net.now();
        Engine& e = onA || kind == 0 ? h.a : h.b;
        const std::optional<CallId> call = onA || kind == 0 ? h.callA : h.callB;
        if (!call)
            return;
        if (kind == 0) {
            std::string why;
            const bool sent = h.a.sendDial(*call, kDialMarker, now, &why);
            IAX_FUZZ_CHECK(!sent || h.a.callEncrypted(*call), "the encrypted dial was sent on a clear call");
            IAX_FUZZ_CHECK(sent || !why.empty(), "sendDial refused without a reason");
            return;
        }
        const bool mustEncrypt = onA ? watch.mustEncryptA.count(*call) != 0 : watch.bRequired;
        const std::string number = kind == 1 ? std::string(kTransferMarker) : std::string(300, '9');
        std::string why;
        const bool sent = e.transfer(*call, number, kind == 1 ? "fuzz-context" : "", now, &why);
        IAX_FUZZ_CHECK(!sent || !mustEncrypt || e.callEncrypted(*call), "a transfer was sent on a clear call");
        IAX_FUZZ_CHECK(!sent || kind == 1, "a transfer to an over-long number was sent");
        IAX_FUZZ_CHECK(sent || !why.empty(), "transfer refused without a reason");
    }

    // A moves to its other address and/or an engine learns that its network changed.
    void roam()
    {
        const std::uint8_t f = in.ConsumeIntegral<std::uint8_t>();
        const Millis retryCap(in.ConsumeIntegralInRange(100, 5000));
        const Millis now = h.net.now();
        if (f & 1) {
            const PeerAddress next = h.addrA == kEngineA ? kEngineA2 : kEngineA;
            h.net.move(h.addrA, next);
            h.addrA = next;
        }
        if (f & 2)
            h.a.networkChanged(now, retryCap);
        if (f & 4)
            h.b.networkChanged(now, retryCap);
    }

    // Frames of a duplicate call at B (B's last AUTHREQ with another source call number, then VNAKs
    // from that number), straight into A: whatever A makes of them, its calls do not change.
    void duplicate()
    {
        const std::uint16_t other = in.ConsumeIntegralInRange<std::uint16_t>(1, 0x7FFF);
        const int vnaks = in.ConsumeIntegralInRange(0, 3);
        if (watch.lastAuthReq.size() < 12)
            return;
        auto dg = watch.lastAuthReq;
        const std::uint16_t scall = std::uint16_t((((dg[0] & 0x7F) << 8) | dg[1]) ^ other);
        if (scall == 0)
            return;
        dg[0] = std::uint8_t(0x80 | (scall >> 8));
        dg[1] = std::uint8_t(scall);
        for (int i = 0; i <= vnaks; ++i) {
            if (i > 0) { // a VNAK of the duplicate, no IEs
                dg.resize(12);
                dg[11] = std::uint8_t(IaxCommand::Vnak);
            }
            const std::uint64_t spoofed = h.a.counters().spoofed;
            ++injected;
            h.a.receive(dg, kEngineB, h.net.now());
            const bool asDuplicate = h.a.counters().spoofed == spoofed + 1;
            while (auto ev = h.a.pollEvent()) {
                IAX_FUZZ_CHECK(!asDuplicate
                        || !(std::holds_alternative<CallStateChanged>(*ev)
                            || std::holds_alternative<EncryptionStateChanged>(*ev)),
                    "a duplicate call's frame changed A's call");
                h.net.onEvent(h.addrA, *ev);
            }
            h.net.run(h.net.now() + Millis(in.ConsumeIntegralInRange(0, 300)));
        }
    }

    // A's last NEW with its call token, again.
    void replayNew()
    {
        const int how = in.ConsumeIntegralInRange(0, 2);
        const std::uint16_t scall = in.ConsumeIntegralInRange<std::uint16_t>(1, 0x7FFF);
        if (watch.lastNew.size() < 12)
            return;
        auto dg = watch.lastNew;
        const std::size_t calls = h.b.callCount();
        ++injected;
        if (how == 0) {
            // The token is bound to A's address: from anywhere else it proves nothing.
            h.b.receive(dg, kEngineSpoof, h.net.now());
            IAX_FUZZ_CHECK(h.b.callCount() == calls, "a NEW replayed from another address made a call");
            return;
        }
        if (how == 1) {
            dg[0] = std::uint8_t(0x80 | (scall >> 8));
            dg[1] = std::uint8_t(scall);
        }
        h.net.inject(h.addrA, kEngineB, std::move(dg));
    }

    // B within its limits (extended script, after every step).
    void checkLimits()
    {
        const std::size_t unauth = h.b.unauthenticatedCallCount();
        IAX_FUZZ_CHECK(unauth <= configB->maxUnauthenticatedCalls, "B's unauthenticated calls exceed their pool");
        IAX_FUZZ_CHECK(unauth <= 3 * configB->maxUnauthenticatedPerAddress,
            "B's unauthenticated calls exceed the shares of A's two addresses and the spoofer's");
        IAX_FUZZ_CHECK(h.b.callCount() - unauth <= configB->maxCalls, "B's authenticated calls exceed maxCalls");
    }

    // One step of the script (the first 16 also those of the original script).
    void step(int op)
    {
        const Millis now = h.net.now();
        switch (op) {
        case 0:
            if (dials < kMaxDials) {
                const EncryptionPolicy p = policyOf(in.ConsumeIntegralInRange(0, 2));
                h.callA = h.a.dial(h.dial(p), now);
                ++dials;
                if (h.callA)
                    watch.newCallA(*h.callA, p == EncryptionPolicy::Required);
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
            callCommand(in.ConsumeIntegralInRange(0, 3));
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
            if (h.rotation.enabled && now < kTimeBudget)
                h.net.run(h.net.now() + h.rotation.maxInterval + Millis(100));
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
            if (now < kTimeBudget)
                h.net.run(now + Millis(in.ConsumeIntegralInRange(0, 12000)));
            break;
        case 12:
            tamper.remaining = in.ConsumeIntegralInRange(1, 4);
            tamper.action = in.ConsumeIntegralInRange(0, 2);
            tamper.position = in.ConsumeIntegral<std::uint16_t>();
            tamper.mask = std::uint8_t(in.ConsumeIntegralInRange(1, 255));
            break;
        case 16:
            dialExtended();
            break;
        case 17:
            peerKey();
            break;
        case 18:
            feature();
            break;
        case 19:
            roam();
            break;
        case 20:
            duplicate();
            break;
        case 21:
            replayNew();
            break;
        case 22:
            for (int i = in.ConsumeIntegralInRange(1, 4); i > 0 && dials < kMaxExtendedDials; --i, ++dials)
                if (auto id = h.a.dial(h.dial(EncryptionPolicy::Opportunistic), now)) {
                    h.callA = id;
                    watch.newCallA(*id, false);
                }
            break;
        default:
            datagram();
            break;
        }
    }
};
} // namespace

int engineScript(const std::uint8_t* data, std::size_t size, bool extended)
{
    FuzzedDataProvider in(data, size);
    const EncryptionPolicy policy = policyOf(in.ConsumeIntegralInRange(0, 2));
    KeyRotation rotation = EngineHarness::noRotation();
    if (in.ConsumeBool()) {
        rotation.enabled = true;
        rotation.minInterval = Millis(in.ConsumeIntegralInRange(500, 4000));
        rotation.maxInterval = rotation.minInterval + Millis(in.ConsumeIntegralInRange(0, 1000));
    }
    std::optional<sim::LinkProfile> link;
    if (in.ConsumeBool()) { // an impaired link: loss, duplicates (duplicate calls at the peer), reordering
        link.emplace();
        link->jitter = Millis(in.ConsumeIntegralInRange(0, 60));
        link->loss = in.ConsumeIntegralInRange(0, 40) / 100.0;
        link->duplicate = in.ConsumeIntegralInRange(0, 50) / 100.0;
        link->reorder = in.ConsumeIntegralInRange(0, 30) / 100.0;
    }
    std::optional<ExtendedConfig> config;
    if (extended)
        config = extendedConfig(in, policy, rotation);
    EngineHarness h = config ? EngineHarness(config->a, config->b, rotation) : EngineHarness(policy, rotation);
    h.autoAnswer = false;
    h.ringIncoming = !extended; // the extended script rings with its step 2 only (so a caller may sit accepted)
    if (link)
        h.net.setProfile(*link);

    Watch watch(h, policy == EncryptionPolicy::Required, link.has_value());
    Script s(h, in, watch, config ? &config->b : nullptr);
    watch.tamper = &s.tamper;
    h.net.mutate = [&s](const PeerAddress&, Transmit& t) {
        Tamper& tamper = s.tamper;
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
    auto tap = h.net.tap;
    h.net.tap = [tap, &watch](const PeerAddress& from, const Transmit& t) {
        tap(from, t);
        watch.onWire(from, t);
    };
    auto onEvent = h.net.onEvent;
    h.net.onEvent = [onEvent, &watch](const PeerAddress& node, const EngineEvent& e) {
        onEvent(node, e);
        watch.onEvent(node, e);
    };

    for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
        s.step(in.ConsumeIntegralInRange(0, extended ? 31 : 15));
        h.net.run(h.net.now() + Millis(1)); // deliver what the command sent
        IAX_FUZZ_CHECK(!h.net.stalled(), "an engine's deadline stopped virtual time");
        if (config)
            s.checkLimits();
    }
    // The budget plus one last time or rekey step (12 s at most), datagram steps (0.3 s each) and
    // voice: a script never runs far past it, so one input stays cheap.
    IAX_FUZZ_CHECK(h.net.now() <= kScriptTimeLimit, "the script ran past its virtual-time budget");
    h.net.run(h.net.now() + Millis(3000));
    IAX_FUZZ_CHECK(!h.net.stalled(), "an engine's deadline stopped virtual time");
    if (config)
        s.checkLimits();
    // Each dial, injected or tampered datagram (a NEW with a flipped call number) adds at most one call.
    const std::size_t bound = std::size_t(s.dials + s.injected + s.tamper.done);
    IAX_FUZZ_CHECK(h.a.callCount() <= bound, "A's call table grew past the script");
    IAX_FUZZ_CHECK(h.b.callCount() <= bound, "B's call table grew past the script");
    return 0;
}

} // namespace iax::fuzz
