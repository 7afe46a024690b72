// Parts of fuzz_engine's script mode (fuzz_engine_script.cpp, the only includer): policies,
// keys and identities of the scripts' accounts, the tampering of datagrams, the watch that
// checks every datagram and event against the script's invariants, and the extended script's
// configuration.
#pragma once

#include "fuzz_common.h"

#include "engine_harness.h"

#include "core/protocol/auth.h"
#include "core/protocol/call_state.h"
#include "core/protocol/e2e_identity.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace iax::fuzz {

namespace {
using namespace iax::core;

EncryptionPolicy policyOf(int i)
{
    return i == 0 ? EncryptionPolicy::Off : i == 1 ? EncryptionPolicy::Opportunistic : EncryptionPolicy::Required;
}

// ---- the extended script's fixed test data ----

// A 1024-bit RSA public key whose private key nobody has (B's account rsa-stranger trusts it).
constexpr const char* kStrangerPem = "-----BEGIN PUBLIC KEY-----\n"
                                     "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDbKKoo9jFwNq62NA4wIa9tBaDt\n"
                                     "T5CTASCiCzU6Q3i0DGyzb860sVxksy1NsaCyiWvKPYh8i8BvixQCtRpLZ9YNXyRo\n"
                                     "FVL37MwX2hgj5LpBzqSGvh45UTDxUExKnkhX+5INBuC72yd9K/T2380QRWrvyfAs\n"
                                     "UK2EJX4Qhy1f/mh4IQIDAQAB\n"
                                     "-----END PUBLIC KEY-----\n";

// The committed interop key pair (tests/data/interop/rsa-aes128/keys, A signs with it) and the
// stranger's public key, read once per process; null when a file is missing.
struct RsaKeys {
    std::shared_ptr<const RsaKey> priv, pub, stranger;
};
const RsaKeys& rsaKeys()
{
    static const RsaKeys keys = [] {
        RsaKeys k;
        if (auto r = RsaKey::privateFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.key"))
            k.priv = std::make_shared<const RsaKey>(std::move(*r));
        if (auto r = RsaKey::publicFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.pub"))
            k.pub = std::make_shared<const RsaKey>(std::move(*r));
        if (auto r = RsaKey::publicFromPem(kStrangerPem))
            k.stranger = std::make_shared<const RsaKey>(std::move(*r));
        return k;
    }();
    return keys;
}

// Fixed Ed25519 identities of A and B (deterministic: an input replays identically).
std::shared_ptr<const Ed25519Identity> identity(std::uint8_t tag)
{
    std::array<std::uint8_t, 32> seed {};
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed[i] = std::uint8_t(tag + i);
    auto id = Ed25519Identity::fromSeed(seed);
    return id ? std::make_shared<const Ed25519Identity>(std::move(*id)) : nullptr;
}
const std::shared_ptr<const Ed25519Identity>& identityA()
{
    static const auto id = identity(0x11);
    return id;
}
const std::shared_ptr<const Ed25519Identity>& identityB()
{
    static const auto id = identity(0x77);
    return id;
}

// The accounts of B in the extended script, in the order dial+ names them.
enum Account { Alice, RsaAlice, RsaLookup, RsaStranger, Unknown, AccountCount };
constexpr const char* kAccountNames[AccountCount] = { "alice", "rsa-alice", "rsa-lookup", "rsa-stranger", "mallory" };
// The CALLED_NUMBER of a dial that cannot authenticate: B must never offer it as an incoming call.
// (No single flipped byte or cut of "600" or "TBD" makes it.)
constexpr const char* kNoWayIn = "no-way-in-9999";
// What the encrypted dial and the transfer send: markers found in clear on the wire only by mistake.
constexpr const char* kDialMarker = "tbd-dial-number-4711";
constexpr const char* kTransferMarker = "transfer-target-0815";

/// `text` with every occurrence of the markers broken (its first letter changed): for bytes the
/// input chooses that an engine sends as they are (a TEXT), which the wire checks must not take for
/// the harness's own number or transfer target.
inline std::string withoutMarkers(std::string text)
{
    for (const char* marker : { kDialMarker, kTransferMarker })
        for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1))
            text[at] = '_';
    return text;
}

// Datagrams between the engines the script tampers with next.
struct Tamper {
    int remaining = 0;
    int done = 0; // datagrams tampered with so far
    int action = 0; // 0 drop, 1 cut short, 2 flip a byte
    std::size_t position = 0;
    std::uint8_t mask = 1;
};

bool contains(const std::vector<std::uint8_t>& bytes, std::string_view s)
{
    // memmem, not std::search: this runs on every datagram, and an instrumented byte loop there
    // cost about 2 % of a script.
    return !s.empty() && memmem(bytes.data(), bytes.size(), s.data(), s.size()) != nullptr;
}

// voiceBothWays() sends 160 bytes of 0xFF: 32 of them in a row are voice in clear.
bool carriesClearVoice(const std::vector<std::uint8_t>& bytes)
{
    static const std::array<std::uint8_t, 32> kRun = [] {
        std::array<std::uint8_t, 32> r;
        r.fill(0xFF);
        return r;
    }();
    return memmem(bytes.data(), bytes.size(), kRun.data(), kRun.size()) != nullptr;
}

// What the script knows beyond EngineHarness's observations, and its invariants on the wire and
// on the events (hooked into the harness's tap and event callbacks).
struct Watch {
    Watch(EngineHarness& harness, bool bRequiresEncryption, bool impaired)
        : h(harness)
        , bRequired(bRequiresEncryption)
        , impairedLink(impaired)
    { }

    EngineHarness& h;
    bool bRequired; // B's accounts require encryption: every call of B must be encrypted
    bool impairedLink; // loss, jitter, duplicates or reordering on the link
    std::set<CallId> mustEncryptA, mustEncryptB; // dialled with Required, or reported Encrypted
    std::set<CallId> strangerKeyB; // B's calls given the stranger's key
    std::map<CallId, std::string> e2eRequiredA; // A's calls that require the end-to-end mode → pinned identity
    std::deque<CallId> keyNeeded; // B's PeerKeyNeeded, oldest first
    std::vector<std::uint8_t> lastNew; // A's last NEW with a call token (of a dial that can authenticate)
    const Tamper* tamper = nullptr; // the script's man in the middle
    std::vector<std::uint8_t> lastAuthReq; // B's last AUTHREQ to A

    /// A dialled call `id` (the number may have been another call's before).
    void newCallA(CallId id, bool required)
    {
        mustEncryptA.erase(id);
        e2eRequiredA.erase(id);
        if (required)
            mustEncryptA.insert(id);
    }

    void onWire(const PeerAddress& from, const Transmit& t)
    {
        const auto& bytes = t.bytes;
        if (bytes.size() < 4)
            return;
        // Mini and full frames alike start with the sender's call number.
        const bool fromB = from == kEngineB;
        const CallId callno = CallId(((bytes[0] & 0x7F) << 8) | bytes[1]);
        const bool mustEncrypt = fromB ? bRequired || mustEncryptB.count(callno) : mustEncryptA.count(callno) != 0;
        IAX_FUZZ_CHECK(!(mustEncrypt && carriesClearVoice(bytes) && (fromB ? h.b : h.a).callStats(callno)),
            "a call that must be encrypted sent voice in clear");
        IAX_FUZZ_CHECK(!contains(bytes, kDialMarker), "the encrypted dial's number crossed the wire in clear");
        IAX_FUZZ_CHECK(!(mustEncrypt && contains(bytes, kTransferMarker)),
            "an encrypted call's transfer target crossed the wire in clear");
        if (bytes.size() >= 12 && (bytes[0] & 0x80) && bytes[10] == std::uint8_t(FrameType::Iax)) {
            if (!fromB && bytes[11] == std::uint8_t(IaxCommand::New) && !contains(bytes, kNoWayIn))
                if (auto f = decodeFullFrame(bytes))
                    if (auto ies = f->ies();
                        ies && ies->find(IeId::CallToken) && !ies->find(IeId::CallToken)->data.empty())
                        lastNew = bytes;
            if (fromB && bytes[11] == std::uint8_t(IaxCommand::AuthReq))
                lastAuthReq = bytes;
        }
    }

    void onEvent(const PeerAddress& node, const EngineEvent& e)
    {
        const bool isA = node != kEngineB;
        if (auto* s = std::get_if<CallStateChanged>(&e)) {
            if (isFinal(s->state)) { // the call number may be taken again by another call
                (isA ? mustEncryptA : mustEncryptB).erase(s->call);
                if (isA)
                    e2eRequiredA.erase(s->call);
                else
                    strangerKeyB.erase(s->call);
            }
            if (isA && s->state == CallState::Answered)
                if (auto it = e2eRequiredA.find(s->call); it != e2eRequiredA.end())
                    if (auto st = h.a.callStats(s->call)) {
                        IAX_FUZZ_CHECK(st->encryption.mode == "e2e",
                            "a call that requires the end-to-end mode was answered without it");
                        IAX_FUZZ_CHECK(it->second.empty() || st->encryption.peerIdentity == it->second,
                            "a call pinned to an identity was answered with another");
                    }
        } else if (auto* x = std::get_if<EncryptionStateChanged>(&e)) {
            if (x->state == EncryptionState::Encrypted)
                (isA ? mustEncryptA : mustEncryptB).insert(x->call);
        } else if (auto* in = std::get_if<IncomingCall>(&e)) {
            // A man in the middle can make it one: a NEW whose call number it changed draws an AUTHREQ
            // that another call of A's, still waiting for its own, answers with the right secret.
            IAX_FUZZ_CHECK(in->calledNumber != kNoWayIn || tamper->done > 0,
                "a dial that cannot authenticate became an incoming call");
            IAX_FUZZ_CHECK(!strangerKeyB.count(in->call), "a call given a key its caller does not hold was admitted");
        } else if (auto* k = std::get_if<PeerKeyNeeded>(&e)) {
            keyNeeded.push_back(k->call);
        } else if (auto* r = std::get_if<RegistrationStateChanged>(&e)) {
            // On an unimpaired link nothing A sent from an address it left arrives after what it sends
            // from the new one, so a registration that succeeds was made from where A is now (with
            // no other registration of A's that could release the contact meanwhile).
            if (isA && r->state == RegistrationState::Registered && !impairedLink && h.a.registrationCount() == 1) {
                const auto contact = h.b.registeredContact("alice");
                IAX_FUZZ_CHECK(contact && *contact == h.addrA, "B registered A at an address A has left");
            }
        }
    }
};

// The extended script's configuration of both engines (the second configuration byte and what it
// asks for).
struct ExtendedConfig {
    EngineConfig a, b;
    std::uint8_t flags = 0;
};

ExtendedConfig extendedConfig(FuzzedDataProvider& in, EncryptionPolicy policy, const KeyRotation& rotation)
{
    ExtendedConfig c;
    c.flags = in.ConsumeIntegral<std::uint8_t>();
    const std::uint8_t f = c.flags;
    c.a.e2e = f & 0x01;
    c.b.e2e = f & 0x02;
    c.b.e2eRequired = f & 0x04;
    if (f & 0x08)
        c.a.e2eIdentity = identityA();
    if (f & 0x10)
        c.b.e2eIdentity = identityB();
    if (f & 0x20) {
        c.b.maxCalls = std::size_t(in.ConsumeIntegralInRange(1, 4));
        c.a.maxCalls = c.b.maxCalls + 1; // one more than B takes: B's refusal after authentication
        c.b.maxUnauthenticatedCalls = std::size_t(in.ConsumeIntegralInRange(1, 4));
        c.b.maxUnauthenticatedPerAddress = std::size_t(in.ConsumeIntegralInRange(1, 4));
        c.a.maxHeldBytesPerCall = c.b.maxHeldBytesPerCall = std::size_t(in.ConsumeIntegralInRange(0, 4096));
        c.a.maxHeldBytes = c.b.maxHeldBytes = std::size_t(in.ConsumeIntegralInRange(0, 8192));
    }
    if (f & 0x80) {
        c.b.authTimeout = Millis(in.ConsumeIntegralInRange(500, 10000));
        c.a.authTimeout = Millis(in.ConsumeIntegralInRange(500, 10000));
        c.a.authReplyTimeout = Millis(in.ConsumeIntegralInRange(500, 8000));
        c.b.peerKeyTimeout = Millis(in.ConsumeIntegralInRange(500, 8000));
        c.a.e2eRatchetInterval = c.b.e2eRatchetInterval = Millis(in.ConsumeIntegralInRange(1000, 60000));
    }
    auto account = [&](const char* name) {
        UserConfig u = EngineHarness::alice(policy, rotation);
        u.username = name;
        u.authMethods = AuthMethod::Rsa;
        u.allowMd5Fallback = f & 0x40;
        return u;
    };
    c.b.users.push_back(EngineHarness::alice(policy, rotation));
    const RsaKeys& keys = rsaKeys();
    if (keys.pub) {
        c.b.users.push_back(account(kAccountNames[RsaAlice]));
        c.b.users.back().inkeys = { keys.pub };
    }
    c.b.users.push_back(account(kAccountNames[RsaLookup]));
    c.b.users.back().lookupCallerKey = true;
    if (keys.stranger) {
        c.b.users.push_back(account(kAccountNames[RsaStranger]));
        c.b.users.back().inkeys = { keys.stranger };
    }
    return c;
}

} // namespace

} // namespace iax::fuzz
