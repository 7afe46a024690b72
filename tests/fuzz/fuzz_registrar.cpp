// libFuzzer target: the registrar path of one Engine (core/protocol/registrar.*, engine_registrar.cpp)
// driven by a script of REGREQ/REGREL exchanges from up to 64 source addresses. The script is read
// with FuzzedDataProvider; each step is one of
//   raw      an arbitrary datagram from a source
//   request  a REGREQ or REGREL the harness builds: user alice (MD5), rsa-bob (RSA), carol (MD5,
//            other secret), an unknown or a fuzzed name; CALLTOKEN none / "" / the last one the
//            registrar gave this source / fuzzed; the answer to the source's last REGAUTH: none,
//            MD5 with the right or a wrong secret, RSA signed with the test key, or fuzzed bytes;
//            call numbers and sequence numbers tracked per source, or fuzzed
//   other    another IAX or control frame addressed to the source's open transaction
//   time     up to 20 s of virtual time (transaction and registration expiry)
// The harness reads every reply (CALLTOKEN, REGAUTH, REGACK/REGREJ) so that later requests can
// carry the token, the transaction's call number and the right answer.
// Invariants besides "no crash": a user is registered only from an address that sent a correct
// answer for that user; unknown users are never registered; the open transactions stay within
// Registrar::kMaxTransactions; registration never creates calls.
#include "fuzz_common.h"

#include "core/protocol/auth.h"
#include "core/protocol/engine.h"
#include "core/protocol/registrar.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <map>
#include <memory>
#include <set>

namespace iax::fuzz {

namespace {
using namespace iax::core;

const PeerAddress kRegistrar { "10.0.0.2", 4569 };
constexpr const char* kAliceSecret = "alice-secret";
constexpr const char* kCarolSecret = "carol-secret";

// The committed interop key pair (tests/data/interop/rsa-aes128/keys), read once per process.
struct RsaPair {
    std::shared_ptr<const RsaKey> priv, pub;
};
const RsaPair& rsaPair()
{
    static const RsaPair pair = [] {
        RsaPair p;
        if (auto k = RsaKey::privateFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.key"))
            p.priv = std::make_shared<const RsaKey>(std::move(*k));
        if (auto k = RsaKey::publicFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.pub"))
            p.pub = std::make_shared<const RsaKey>(std::move(*k));
        return p;
    }();
    return pair;
}

EngineConfig registrarConfig()
{
    EngineConfig c;
    UserConfig alice;
    alice.username = "alice";
    alice.secret = kAliceSecret;
    UserConfig carol;
    carol.username = "carol";
    carol.secret = kCarolSecret;
    carol.authMethods = AuthMethod::Md5 | AuthMethod::Plaintext;
    c.users = { alice, carol };
    if (rsaPair().pub) {
        UserConfig bob;
        bob.username = "rsa-bob";
        bob.inkeys = { rsaPair().pub };
        bob.authMethods = AuthMethod::Rsa;
        c.users.push_back(bob);
    }
    return c;
}

// What the harness knows about one source address (a client).
struct Source {
    PeerAddress addr;
    std::uint16_t scall = 1; ///< the client's call number
    std::uint16_t dcall = 0; ///< the registrar's transaction call number (from REGAUTH)
    std::uint8_t oseq = 0, iseq = 0;
    std::string token, challenge, user;
    std::string authUser; ///< USERNAME of the last REGAUTH: whose secret the registrar checks
};

struct Harness {
    SeededRandom rng { 11 };
    Engine engine { registrarConfig(), rng };
    Millis now { 0 };
    std::map<std::uint8_t, Source> sources;
    /// (user, address) pairs that sent a correct answer.
    std::set<std::pair<std::string, std::string>> proven;

    static std::string key(const PeerAddress& a) { return a.host + ":" + std::to_string(a.port); }

    Source& source(std::uint8_t i)
    {
        auto [it, fresh] = sources.try_emplace(i);
        if (fresh) {
            it->second.addr = PeerAddress { "10.1." + std::to_string(i / 16) + "." + std::to_string(i % 16 + 1),
                std::uint16_t(4569 + i % 3) };
            it->second.scall = std::uint16_t(100 + i);
        }
        return it->second;
    }

    // Delivers replies: learns tokens, challenges, transaction numbers and sequence numbers.
    void drain()
    {
        while (auto t = engine.pollTransmit()) {
            auto f = decodeFullFrame(t->bytes);
            if (!f)
                continue;
            for (auto& [i, s] : sources) {
                if (!(s.addr == t->to) || f->dcall != s.scall)
                    continue;
                s.iseq = std::uint8_t(f->oseqno + 1);
                if (f->type != std::uint8_t(FrameType::Iax))
                    break;
                auto ies = f->ies();
                if (!ies)
                    break;
                if (f->isIax(IaxCommand::CallToken)) { // a stateless reply: the client starts over
                    s.token = ies->getString(IeId::CallToken).value_or("");
                    s.oseq = 0;
                    s.iseq = 0;
                } else if (f->isIax(IaxCommand::RegAuth)) {
                    s.challenge = ies->getString(IeId::Challenge).value_or("");
                    s.authUser = ies->getString(IeId::Username).value_or("");
                    s.dcall = f->scall;
                } else if (f->isIax(IaxCommand::RegAck) || f->isIax(IaxCommand::RegRej))
                    s.dcall = 0;
                break;
            }
        }
        while (engine.pollEvent()) { }
    }

    void deliver(const Source& s, std::vector<std::uint8_t> bytes)
    {
        engine.receive(bytes, s.addr, now);
        drain();
    }

    void advance(Millis by)
    {
        const Millis until = now + by;
        for (int guard = 0; guard < 10000; ++guard) {
            auto t = engine.nextDeadline();
            if (!t || *t > until)
                break;
            now = std::max(now, *t);
            engine.handleTimeout(now);
            drain();
        }
        now = until;
    }

    void request(FuzzedDataProvider& in)
    {
        Source& s = source(in.ConsumeIntegralInRange<std::uint8_t>(0, 63));
        const bool release = in.ConsumeBool();
        switch (in.ConsumeIntegralInRange(0, 4)) {
        case 0:
            s.user = "alice";
            break;
        case 1:
            s.user = "rsa-bob";
            break;
        case 2:
            s.user = "carol";
            break;
        case 3:
            s.user = "mallory";
            break;
        default:
            s.user = in.ConsumeRandomLengthString(300);
            break;
        }
        const std::uint8_t shape = in.ConsumeIntegral<std::uint8_t>();
        FullFrame f;
        f.type = std::uint8_t(FrameType::Iax);
        f.subclass = std::int64_t(release ? IaxCommand::RegRel : IaxCommand::RegReq);
        if (shape & 0x01)
            s.scall = std::uint16_t(in.ConsumeIntegralInRange<std::uint16_t>(0, 0x7FFF));
        f.scall = s.scall;
        f.dcall = (shape & 0x02) ? s.dcall : 0;
        f.oseqno = (shape & 0x04) ? in.ConsumeIntegral<std::uint8_t>() : s.oseq;
        f.iseqno = s.iseq;
        f.retransmission = shape & 0x08;
        f.timestamp = std::uint32_t(now.count());
        IeList ies;
        if (!s.user.empty())
            ies.addString(IeId::Username, s.user.substr(0, 255));
        if (shape & 0x10)
            ies.addU16(IeId::Refresh, in.ConsumeIntegral<std::uint16_t>());
        // The answer proves a secret for the user of the source's transaction (the USERNAME of its
        // REGAUTH, whatever this request names) when it is that user's secret.
        bool correct = false;
        std::string provenUser = s.authUser;
        const std::string secretOf = s.user == "carol" ? "carol" : "alice";
        switch (in.ConsumeIntegralInRange(0, 5)) {
        case 0:
            break;
        case 1:
            ies.addString(IeId::Md5Result, md5Response(s.challenge, secretOf == "carol" ? kCarolSecret : kAliceSecret));
            correct = s.authUser == secretOf && !s.challenge.empty();
            break;
        case 2:
            ies.addString(IeId::Md5Result, md5Response(s.challenge, "wrong"));
            break;
        case 3:
            if (rsaPair().priv)
                if (auto sig = rsaSignChallenge(*rsaPair().priv, s.challenge)) {
                    ies.addString(IeId::RsaResult, *sig);
                    correct = s.authUser == "rsa-bob" && !s.challenge.empty();
                }
            break;
        case 4:
            ies.addString(IeId::Password, s.user == "carol" ? kCarolSecret : "guess");
            correct = s.user == "carol";
            provenUser = s.user;
            break;
        default:
            ies.addString(in.ConsumeBool() ? IeId::Md5Result : IeId::RsaResult, in.ConsumeRandomLengthString(64));
            break;
        }
        switch (in.ConsumeIntegralInRange(0, 3)) {
        case 0:
            break;
        case 1:
            ies.addString(IeId::CallToken, "");
            break;
        case 2:
            ies.addString(IeId::CallToken, s.token);
            break;
        default:
            ies.addString(IeId::CallToken, in.ConsumeRandomLengthString(80));
            break;
        }
        if (shape & 0x20) { // trailing raw IE bytes
            const auto extra = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange(0, 64));
            f.payload = ies.encode();
            f.payload.insert(f.payload.end(), extra.begin(), extra.end());
        } else {
            f.payload = ies.encode();
        }
        // A REGREL that answers a REGREQ's challenge completes that registration: a proof all the same.
        if (correct)
            proven.insert({ provenUser, key(s.addr) });
        if (!(shape & 0x08))
            ++s.oseq;
        deliver(s, encode(f));
    }

    // Any frame type and subclass byte (raw: encode() accepts only encodable subclasses) with the
    // source's call and sequence numbers, to its open transaction.
    void other(FuzzedDataProvider& in)
    {
        Source& s = source(in.ConsumeIntegralInRange<std::uint8_t>(0, 63));
        const bool iax = in.ConsumeBool();
        const std::uint8_t type = iax ? std::uint8_t(FrameType::Iax) : in.ConsumeIntegralInRange<std::uint8_t>(0, 12);
        const std::uint8_t subclass = in.ConsumeIntegral<std::uint8_t>();
        const auto ts = std::uint32_t(now.count());
        std::vector<std::uint8_t> dg { std::uint8_t(0x80 | (s.scall >> 8)), std::uint8_t(s.scall),
            std::uint8_t(s.dcall >> 8 & 0x7F), std::uint8_t(s.dcall), std::uint8_t(ts >> 24), std::uint8_t(ts >> 16),
            std::uint8_t(ts >> 8), std::uint8_t(ts), s.oseq, s.iseq, type, subclass };
        const auto payload = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange(0, 128));
        dg.insert(dg.end(), payload.begin(), payload.end());
        if (!(iax && (subclass == std::uint8_t(IaxCommand::Ack) || subclass == std::uint8_t(IaxCommand::Inval))))
            ++s.oseq;
        deliver(s, std::move(dg));
    }
};
} // namespace

int registrar(const std::uint8_t* data, std::size_t size)
{
    FuzzedDataProvider in(data, size);
    Harness h;
    for (int step = 0; step < 256 && in.remaining_bytes() > 0; ++step) {
        switch (in.ConsumeIntegralInRange(0, 7)) {
        case 0: {
            Source& s = h.source(in.ConsumeIntegralInRange<std::uint8_t>(0, 63));
            h.deliver(s, in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange(0, 512)));
            break;
        }
        case 1:
        case 2:
        case 3:
        case 4:
            h.request(in);
            break;
        case 5:
            h.other(in);
            break;
        default:
            h.advance(Millis(in.ConsumeIntegralInRange(0, 20000)));
            break;
        }
        IAX_FUZZ_CHECK(h.engine.registrarTransactionCount() <= Registrar::kMaxTransactions,
            "the registrar's transactions grew past its bound");
        IAX_FUZZ_CHECK(h.engine.callCount() == 0, "registration traffic created a call");
        IAX_FUZZ_CHECK(!h.engine.registeredContact("mallory"), "an unknown user was registered");
        for (const char* user : { "alice", "carol", "rsa-bob" })
            if (auto c = h.engine.registeredContact(user))
                IAX_FUZZ_CHECK(h.proven.count({ user, Harness::key(*c) }) != 0,
                    std::string(user) + " registered from an address that never proved the secret");
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(registrar)
