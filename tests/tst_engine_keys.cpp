// The callee's key lookup in the sans-IO Engine (UserConfig::lookupCallerKey): an incoming call
// that would authenticate by RSA without the caller's key posts PeerKeyNeeded and waits before
// AUTHREQ (ACKing the caller's NEW and its retransmissions) until the application answers with
// Engine::providePeerKey or the bounded wait ends. Then: RSA+AES with the supplied key, or the
// MD5+AES fallback exactly when the account allows it ("authenticated by MD5 (RSA unavailable:
// reason)"), or a REJECT that says why. Two Engines on a simulated link with a virtual clock.
#include "sim/engine_pair.h"

#include "core/protocol/frame.h"
#include "core/protocol/rsa_keygen.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

std::shared_ptr<RsaKey> loadKey(const char* file, bool priv)
{
    const std::string path = std::string(IAX_TEST_DATA "/interop/rsa-aes128/keys/") + file;
    auto k = priv ? RsaKey::privateFromFile(path) : RsaKey::publicFromFile(path);
    return k ? std::make_shared<RsaKey>(std::move(k).value()) : nullptr;
}

/// A datagram seen on the simulated wire, with the virtual time it was sent.
struct Sent {
    Millis at;
    PeerAddress from;
    std::vector<std::uint8_t> bytes;
};

/// Pair plus what the key-lookup tests look at: the PeerKeyNeeded events of B and the wire with times.
struct KeyPair {
    Pair p;
    std::vector<PeerKeyNeeded> needed;
    std::vector<Sent> sent;

    explicit KeyPair(UserConfig u, EngineConfig base = {})
        : p(std::move(u), 11, base)
    {
        auto inner = p.net.onEvent;
        p.net.onEvent = [this, inner](const PeerAddress& node, const EngineEvent& e) {
            inner(node, e);
            if (auto* k = std::get_if<PeerKeyNeeded>(&e); k && node == kB)
                needed.push_back(*k);
        };
        p.net.tap = [this](const PeerAddress& from, const Transmit& t) {
            sent.push_back({ p.net.now(), from, t.bytes });
            p.wire.push_back({ from, t });
        };
    }

    /// Clear IAX frames of one command sent by `from` (NEW, AUTHREQ and ACK travel in clear).
    std::vector<std::pair<Millis, FullFrame>> clearIax(const PeerAddress& from, IaxCommand c) const
    {
        std::vector<std::pair<Millis, FullFrame>> out;
        for (const auto& s : sent) {
            if (s.from != from)
                continue;
            auto f = decodeFullFrame(s.bytes);
            if (f && f->isIax(c))
                out.push_back({ s.at, *f });
        }
        return out;
    }

    /// The AUTHMETHODS B offered in its (only) AUTHREQ; 0 when none was sent.
    std::uint16_t offeredMethods() const
    {
        auto reqs = clearIax(kB, IaxCommand::AuthReq);
        if (reqs.empty())
            return 0;
        auto ies = reqs.front().second.ies();
        return ies ? ies->getU16(IeId::AuthMethods).value_or(0) : 0;
    }
};

/// The callee account: RSA only, keys looked up by the application.
UserConfig lookupUser(EncryptionPolicy policy = EncryptionPolicy::Required)
{
    UserConfig u = alice(policy);
    u.authMethods = AuthMethod::Rsa;
    u.lookupCallerKey = true;
    return u;
}

PeerKeyAnswer noKey(RsaAttempt::Outcome why, const std::string& reason)
{
    PeerKeyAnswer a;
    a.unavailable = { why, reason };
    return a;
}

} // namespace

class TestEngineKeys : public QObject {
    Q_OBJECT
private slots:
    void rsaAesCallWaitsForTheLookedUpKey()
    {
        KeyPair k(lookupUser());
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true); // RSA+AES: outkey and secret
        QVERIFY(d.outkey);
        const auto id = k.p.a.dial(d, k.p.net.now());
        QVERIFY(id);
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        QCOMPARE(int(k.needed.size()), 1);
        QCOMPARE(QString::fromStdString(k.needed[0].name), QStringLiteral("alice"));
        QCOMPARE(k.needed[0].from, kA);
        const CallId callee = k.needed[0].call;

        // The application takes its time (a key-server round trip): nothing is challenged meanwhile,
        // and the caller's NEW was ACKed, so it is not retransmitted.
        k.p.net.run(k.p.net.now() + Millis(3000));
        QVERIFY(k.clearIax(kB, IaxCommand::AuthReq).empty());
        QCOMPARE(int(k.clearIax(kA, IaxCommand::New).size()), 2); // without, then with the call token
        QVERIFY(!k.clearIax(kB, IaxCommand::Ack).empty());
        QCOMPARE(k.p.a.callCount(), std::size_t(1));
        QCOMPARE(k.p.b.callCount(), std::size_t(1));

        const Millis answeredKeyAt = k.p.net.now();
        PeerKeyAnswer found;
        found.key = loadKey("iaxA.pub", false);
        QVERIFY(k.p.b.providePeerKey(callee, found, k.p.net.now()));
        QVERIFY(!k.p.b.providePeerKey(callee, found, k.p.net.now())); // answered once only
        k.p.net.run(k.p.net.now() + Millis(5000), [&] { return k.p.answeredBoth(); });
        QVERIFY(k.p.answeredBoth());
        const auto reqs = k.clearIax(kB, IaxCommand::AuthReq);
        QCOMPARE(int(reqs.size()), 1);
        QVERIFY(reqs[0].first >= answeredKeyAt);
        QCOMPARE(k.offeredMethods(), std::uint16_t(AuthMethod::Rsa));

        k.p.talk(*id, k.p.calleeId(), Millis(600));
        QCOMPARE(k.p.na.lastEnc(), EncryptionState::Encrypted);
        QCOMPARE(k.p.nb.lastEnc(), EncryptionState::Encrypted);
        const auto stats = k.p.b.callStats(k.p.calleeId());
        QVERIFY(stats);
        QCOMPARE(QString::fromStdString(stats->encryption.auth), QStringLiteral("rsa"));
        QCOMPARE(QString::fromStdString(stats->encryption.authDetails), QStringLiteral("authenticated by RSA"));
        QCOMPARE(QString::fromStdString(k.p.nb.all<IncomingCall>().at(0).authDetails),
            QStringLiteral("authenticated by RSA"));
    }

    void configuredInkeysDoNotReplaceTheLookup()
    {
        // The account has a configured inkey (another caller's); alice's own key comes from the lookup.
        auto other = generateRsaKeyPair(1024);
        QVERIFY(other.ok());
        auto otherKey = RsaKey::publicFromPem(other->publicPem);
        QVERIFY(otherKey.ok());
        UserConfig u = lookupUser();
        u.inkeys.push_back(std::make_shared<RsaKey>(std::move(otherKey).value()));
        KeyPair k(u);
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true);
        k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        QCOMPARE(int(k.needed.size()), 1);
        PeerKeyAnswer found;
        found.key = loadKey("iaxA.pub", false);
        QVERIFY(k.p.b.providePeerKey(k.needed[0].call, found, k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(5000), [&] { return k.p.answeredBoth(); });
        QVERIFY(k.p.answeredBoth());
        // And a failed lookup still leaves the configured key offered (RSA, no fallback text).
        KeyPair k2(u);
        k2.p.a.dial(d, k2.p.net.now());
        k2.p.net.run(Millis(5000), [&] { return !k2.needed.empty(); });
        QVERIFY(k2.p.b.providePeerKey(
            k2.needed[0].call, noKey(RsaAttempt::Outcome::FetchFailed, "timeout"), k2.p.net.now()));
        k2.p.net.run(
            k2.p.net.now() + Millis(30000), [&] { return k2.p.a.callCount() == 0 && k2.p.b.callCount() == 0; });
        QCOMPARE(k2.offeredMethods(), std::uint16_t(AuthMethod::Rsa));
        QCOMPARE(k2.p.nb.lastEnd()->kind, CallEnd::Kind::AuthFailed); // alice's key is not the configured one
    }

    void retransmittedNewWhileWaitingIsAckedNotDuplicated()
    {
        KeyPair k(lookupUser());
        // Lose B's first ACK of the (tokened) NEW: the caller retransmits it while B still waits.
        bool droppedAck = false;
        k.p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            auto f = decodeFullFrame(t.bytes);
            if (from == kB && !droppedAck && f && f->isIax(IaxCommand::Ack)) {
                droppedAck = true;
                return false;
            }
            return true;
        };
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true);
        k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(4000));
        QVERIFY(droppedAck);
        const auto news = k.clearIax(kA, IaxCommand::New);
        QVERIFY2(news.size() >= 3, "the caller retransmitted its NEW");
        QVERIFY(news.back().second.retransmission);
        QCOMPARE(int(k.needed.size()), 1); // one lookup, one call state
        QCOMPARE(k.p.b.callCount(), std::size_t(1));
        QVERIFY(k.clearIax(kB, IaxCommand::Ack).size() >= 2); // the retransmission was ACKed again
        const std::size_t newsBefore = news.size();
        k.p.net.run(k.p.net.now() + Millis(3000));
        QCOMPARE(k.clearIax(kA, IaxCommand::New).size(), newsBefore); // and stopped
        PeerKeyAnswer found;
        found.key = loadKey("iaxA.pub", false);
        QVERIFY(k.p.b.providePeerKey(k.needed[0].call, found, k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(5000), [&] { return k.p.answeredBoth(); });
        QVERIFY(k.p.answeredBoth());
    }

    void fallbackToMd5OnlyWhenAllowed_data()
    {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<bool>("allow");
        QTest::addColumn<bool>("answered");
        using O = RsaAttempt::Outcome;
        for (O o : { O::KeyUnknown, O::FetchFailed, O::KeyRefused })
            for (bool allow : { false, true })
                QTest::addRow("outcome=%d allow=%d", int(o), int(allow)) << int(o) << allow << allow;
    }
    void fallbackToMd5OnlyWhenAllowed()
    {
        QFETCH(int, outcome);
        QFETCH(bool, allow);
        QFETCH(bool, answered);
        UserConfig u = lookupUser();
        u.allowMd5Fallback = allow;
        KeyPair k(u);
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true); // the caller would do RSA, and has the secret for MD5
        const auto id = k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        QCOMPARE(int(k.needed.size()), 1);
        const std::string reason = "the key server has no key for alice (HTTP 404)";
        QVERIFY(k.p.b.providePeerKey(
            k.needed[0].call, noKey(static_cast<RsaAttempt::Outcome>(outcome), reason), k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(30000),
            [&] { return k.p.answeredBoth() || (k.p.a.callCount() == 0 && k.p.b.callCount() == 0); });
        QCOMPARE(k.p.answeredBoth(), answered);
        if (answered) {
            QCOMPARE(k.offeredMethods(), std::uint16_t(AuthMethod::Md5));
            k.p.talk(*id, k.p.calleeId(), Millis(600));
            QCOMPARE(k.p.na.lastEnc(), EncryptionState::Encrypted); // MD5+AES: the key from the secret
            const auto st = k.p.b.callStats(k.p.calleeId());
            QCOMPARE(QString::fromStdString(st->encryption.auth), QStringLiteral("md5"));
            QCOMPARE(QString::fromStdString(st->encryption.authDetails),
                QString::fromStdString("authenticated by MD5 (RSA unavailable: " + reason + ")"));
            QCOMPARE(QString::fromStdString(k.p.a.callStats(*id)->encryption.auth), QStringLiteral("md5"));
            // The caller had a key to sign with: its details say why it did not.
            QCOMPARE(QString::fromStdString(k.p.a.callStats(*id)->encryption.authDetails),
                QStringLiteral("authenticated by MD5 (RSA unavailable: the peer did not offer RSA)"));
        } else {
            QCOMPARE(k.offeredMethods(), std::uint16_t(0)); // never challenged
            QCOMPARE(k.p.nb.lastEnd()->kind, CallEnd::Kind::AuthFailed);
            const QString why = QString::fromStdString(k.p.nb.lastEnd()->reason);
            QVERIFY2(why.contains(QString::fromStdString(reason)) && why.contains("not allowed"), qPrintable(why));
            QCOMPARE(k.p.na.lastState(), CallState::Rejected);
            QVERIFY(k.p.nb.all<IncomingCall>().empty());
        }
    }

    void fallbackNeedsASecret()
    {
        UserConfig u = lookupUser(EncryptionPolicy::Off);
        u.allowMd5Fallback = true;
        u.secret.clear();
        KeyPair k(u);
        DialRequest d = k.p.dial(EncryptionPolicy::Off);
        d.outkey = loadKey("iaxA.key", true);
        k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        QVERIFY(k.p.b.providePeerKey(
            k.needed[0].call, noKey(RsaAttempt::Outcome::FetchFailed, "key server unreachable"), k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(30000), [&] { return k.p.a.callCount() == 0 && k.p.b.callCount() == 0; });
        QCOMPARE(k.p.nb.lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QVERIFY(QString::fromStdString(k.p.nb.lastEnd()->reason).contains("no shared secret"));
    }

    void unansweredLookupTimesOutIntoTheFallback()
    {
        EngineConfig base;
        base.peerKeyTimeout = Millis(2500);
        UserConfig u = lookupUser();
        u.allowMd5Fallback = true;
        KeyPair k(u, base);
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true);
        const auto id = k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(20000), [&] { return k.p.answeredBoth(); }); // nobody answers PeerKeyNeeded
        QVERIFY(k.p.answeredBoth());
        QCOMPARE(int(k.needed.size()), 1);
        const auto reqs = k.clearIax(kB, IaxCommand::AuthReq);
        QCOMPARE(int(reqs.size()), 1);
        const Millis newAt = k.clearIax(kA, IaxCommand::New).back().first;
        QVERIFY(reqs[0].first - newAt >= Millis(2500));
        QVERIFY(reqs[0].first - newAt < Millis(3000));
        QCOMPARE(k.offeredMethods(), std::uint16_t(AuthMethod::Md5));
        k.p.talk(*id, k.p.calleeId(), Millis(400));
        const QString details = QString::fromStdString(k.p.b.callStats(k.p.calleeId())->encryption.authDetails);
        QVERIFY2(details.startsWith("authenticated by MD5 (RSA unavailable: ") && details.contains("2500 ms"),
            qPrintable(details));
        // Too late now: the call no longer waits.
        QVERIFY(!k.p.b.providePeerKey(k.needed[0].call, {}, k.p.net.now()));
    }

    void wrongLookedUpKeyIsAuthFailureNotFallback()
    {
        UserConfig u = lookupUser();
        u.allowMd5Fallback = true; // a key was found: RSA must succeed; no downgrade after a failed RSA
        KeyPair k(u);
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true);
        k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        PeerKeyAnswer other;
        auto pair = generateRsaKeyPair(1024);
        QVERIFY(pair.ok());
        auto otherKey = RsaKey::publicFromPem(pair->publicPem);
        QVERIFY(otherKey.ok());
        other.key = std::make_shared<RsaKey>(std::move(otherKey).value()); // not the caller's key
        QVERIFY(other.key);
        QVERIFY(k.p.b.providePeerKey(k.needed[0].call, other, k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(30000), [&] { return k.p.a.callCount() == 0 && k.p.b.callCount() == 0; });
        QCOMPARE(k.offeredMethods(), std::uint16_t(AuthMethod::Rsa));
        QCOMPARE(k.p.nb.lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QVERIFY(k.p.nb.all<IncomingCall>().empty());
    }

    void anyAccountWithLookupOffersBothAndSaysWhyWithoutKey()
    {
        UserConfig u = lookupUser();
        u.authMethods = AuthMethod::Rsa | AuthMethod::Md5;
        KeyPair k(u);
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true);
        const auto id = k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        QVERIFY(k.p.b.providePeerKey(
            k.needed[0].call, noKey(RsaAttempt::Outcome::KeyUnknown, "no key for alice"), k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(5000), [&] { return k.p.answeredBoth(); });
        QVERIFY(k.p.answeredBoth());
        QCOMPARE(k.offeredMethods(), std::uint16_t(AuthMethod::Md5));
        k.p.talk(*id, k.p.calleeId(), Millis(300));
        QCOMPARE(QString::fromStdString(k.p.b.callStats(k.p.calleeId())->encryption.authDetails),
            QStringLiteral("authenticated by MD5 (RSA unavailable: no key for alice)"));
    }

    void callerGivesUpWhileWaiting()
    {
        KeyPair k(lookupUser());
        DialRequest d = k.p.dial();
        d.outkey = loadKey("iaxA.key", true);
        const auto id = k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        k.p.net.run(k.p.net.now() + Millis(500)); // the caller learns B's call number from the ACK
        QVERIFY(k.p.a.hangup(*id, "changed my mind", k.p.net.now()));
        k.p.net.run(k.p.net.now() + Millis(20000), [&] { return k.p.nb.lastState() == CallState::HungUp; });
        QCOMPARE(k.p.nb.lastState(), CallState::HungUp);
        QCOMPARE(k.p.b.callCount(), std::size_t(1)); // lingering to re-ACK the HANGUP
        PeerKeyAnswer found;
        found.key = loadKey("iaxA.pub", false);
        QVERIFY(!k.p.b.providePeerKey(k.needed[0].call, found, k.p.net.now())); // ended: no longer waits
        k.p.net.run(k.p.net.now() + Millis(20000), [&] { return k.p.b.callCount() == 0; });
        QCOMPARE(k.p.b.callCount(), std::size_t(0));
        QVERIFY(!k.p.b.providePeerKey(k.needed[0].call, found, k.p.net.now()));
        QVERIFY(k.clearIax(kB, IaxCommand::AuthReq).empty());
        QVERIFY(!k.p.b.nextDeadline()); // no key wait left behind
    }

    void authrepBeforeChallengeIsRefused()
    {
        KeyPair k(lookupUser(EncryptionPolicy::Off));
        DialRequest d = k.p.dial(EncryptionPolicy::Off);
        d.outkey = loadKey("iaxA.key", true);
        k.p.a.dial(d, k.p.net.now());
        k.p.net.run(Millis(5000), [&] { return !k.needed.empty(); });
        // Forge the caller's AUTHREP before any AUTHREQ (from the caller's address and call number).
        const auto news = k.clearIax(kA, IaxCommand::New);
        const auto acks = k.clearIax(kB, IaxCommand::Ack);
        QVERIFY(!news.empty() && !acks.empty());
        FullFrame f;
        f.scall = news.back().second.scall;
        f.dcall = acks.back().second.scall;
        f.timestamp = 10;
        f.oseqno = 1;
        f.iseqno = 0;
        f.type = std::uint8_t(FrameType::Iax);
        f.subclass = std::int64_t(IaxCommand::AuthRep);
        IeList ies;
        ies.addString(IeId::RsaResult, "AAAA");
        f.payload = ies.encode();
        k.p.net.inject(kA, kB, encode(f));
        k.p.net.run(k.p.net.now() + Millis(30000), [&] { return k.p.b.callCount() == 0; });
        QCOMPARE(k.p.nb.lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QVERIFY(QString::fromStdString(k.p.nb.lastEnd()->reason).contains("before"));
        QVERIFY(k.p.nb.all<IncomingCall>().empty());
    }
};

QTEST_GUILESS_MAIN(TestEngineKeys)
#include "tst_engine_keys.moc"
