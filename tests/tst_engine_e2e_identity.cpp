// Issue 20, Ed25519 identity keys in the end-to-end mode (docs/E2E.md, "Identity"), two Engines on
// a simulated link:
// - both with identities: the mode is agreed, each side reports the other's fingerprint, AUTHREQ
//   carries the callee's E2E_ID and the words still match;
// - identities are optional: one side or neither has one, the call is still end-to-end;
// - a man in the middle who knows the secret and forwards the identities is refused (the signatures
//   cover the exchange he altered); one who swaps them for his own shows his fingerprint on both
//   sides, and a caller with the callee's pinned fingerprint refuses before AUTHREP ("identity
//   changed");
// - a flipped bit in the callee's signature ends the call with a clear reason.
#include "core/protocol/e2e_identity.h"
#include "sim/e2e_mitm.h"
#include "sim/e2e_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

std::shared_ptr<const Ed25519Identity> identity(std::uint8_t fill)
{
    std::array<std::uint8_t, 32> seed {};
    seed.fill(fill);
    return std::make_shared<const Ed25519Identity>(Ed25519Identity::fromSeed(seed).value());
}

EngineConfig withIdentity(std::shared_ptr<const Ed25519Identity> id)
{
    EngineConfig c = withE2e(true);
    c.e2eIdentity = std::move(id);
    return c;
}

std::string fp(const std::shared_ptr<const Ed25519Identity>& id)
{
    return identityFingerprint(id->pub);
}

// IE `id` of a clear frame's IEs (nullptr when the frame or the IE is missing).
const InformationElement* clearIe(const std::optional<IeList>& ies, IeId id)
{
    return ies ? ies->find(id) : nullptr;
}

// The call ended on `n`'s side (failed, rejected or hung up).
bool ended(const Node& n)
{
    return n.sawState(CallState::Failed) || n.sawState(CallState::Rejected) || n.sawState(CallState::HungUp);
}

} // namespace

class TestEngineE2eIdentity : public QObject {
    Q_OBJECT
private slots:
    void bothIdentitiesEachSeesTheOthersFingerprint()
    {
        const auto ia = identity(0xA1), ib = identity(0xB2);
        E2ePair p(withIdentity(ia), withIdentity(ib));
        const CallId id = p.connect();
        const auto ea = p.encA(id), eb = p.encB();
        QCOMPARE(ea.mode, std::string("e2e"));
        QCOMPARE(eb.mode, std::string("e2e"));
        QCOMPARE(ea.peerIdentity, fp(ib));
        QCOMPARE(eb.peerIdentity, fp(ia));
        QVERIFY(fp(ia) != fp(ib));
        QVERIFY(!ea.sas.empty());
        QCOMPARE(ea.sas, eb.sas);
        // The callee's identity is in the clear AUTHREQ, announced by suite bit 0x02 in E2E_KEY.
        const auto authReq = clearIes(p, IaxCommand::AuthReq);
        const auto* ie = clearIe(authReq, kIeE2eId);
        QVERIFY(ie);
        QCOMPARE(ie->data.size(), std::size_t(97));
        QVERIFY(std::equal(ib->pub.begin(), ib->pub.end(), ie->data.begin() + 1));
        QCOMPARE(clearIe(authReq, kIeE2eKey)->data.at(1), std::uint8_t(0x03));
        // And the call carries DTMF under the keys the identities are bound into.
        p.sendDigits(id, "73");
        QCOMPARE(p.digitsAtB(), std::string("73"));
    }

    void identitiesAreOptional_data()
    {
        QTest::addColumn<bool>("callerHas");
        QTest::addColumn<bool>("calleeHas");
        QTest::newRow("caller only") << true << false;
        QTest::newRow("callee only") << false << true;
        QTest::newRow("neither") << false << false;
    }
    void identitiesAreOptional()
    {
        QFETCH(bool, callerHas);
        QFETCH(bool, calleeHas);
        const auto ia = identity(0xA1), ib = identity(0xB2);
        E2ePair p(withIdentity(callerHas ? ia : nullptr), withIdentity(calleeHas ? ib : nullptr));
        const CallId id = p.connect();
        const auto ea = p.encA(id), eb = p.encB();
        QCOMPARE(ea.mode, std::string("e2e"));
        QCOMPARE(ea.sas, eb.sas);
        QCOMPARE(ea.peerIdentity, calleeHas ? fp(ib) : std::string());
        QCOMPARE(eb.peerIdentity, callerHas ? fp(ia) : std::string());
        QCOMPARE(clearIe(clearIes(p, IaxCommand::AuthReq), kIeE2eId) != nullptr, calleeHas);
        p.sendDigits(id, "5");
        QCOMPARE(p.digitsAtB(), std::string("5"));
    }

    void identitiesChangeTheKeysAndWords()
    {
        // The same seeds and randomness, with and without identities: the identities are bound into
        // the key schedule, so the words differ (a relay that strips E2E_ID leaves the two sides
        // with different keys).
        E2ePair with(withIdentity(identity(0xA1)), withIdentity(identity(0xB2)));
        E2ePair without(withE2e(true), withE2e(true));
        const auto sasWith = with.encA(with.connect()).sas;
        const auto sasWithout = without.encA(without.connect()).sas;
        QVERIFY(!sasWith.empty() && !sasWithout.empty());
        QVERIFY(sasWith != sasWithout);
    }

    void relayForwardingTheIdentitiesIsRefused_data()
    {
        QTest::addColumn<bool>("calleeHas");
        QTest::newRow("callee signs in AUTHREQ") << true;
        QTest::newRow("only the caller signs, in AUTHREP") << false;
    }
    void relayForwardingTheIdentitiesIsRefused()
    {
        QFETCH(bool, calleeHas);
        E2ePair p(withIdentity(identity(0xA1)), withIdentity(calleeHas ? identity(0xB2) : nullptr));
        Mitm m; // no identity of his own: he passes E2E_ID along
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) { return m.rewrite(from, t); };
        p.a.dial(E2ePair::dialRequest(), p.net.now());
        p.net.run(p.net.now() + Millis(5000), [&] { return ended(p.na); });
        QVERIFY(!p.na.sawState(CallState::Answered));
        QVERIFY(!p.nb.sawState(CallState::Answered));
        // The side that checks the forwarded signature refuses, saying why.
        const Node& checker = calleeHas ? p.na : p.nb;
        QVERIFY(ended(checker));
        const auto end = checker.lastEnd();
        QCOMPARE(end->kind, CallEnd::Kind::AuthFailed);
        QVERIFY2(end->reason.find("identity signature does not verify") != std::string::npos, end->reason.c_str());
    }

    void relaySwappingTheIdentitiesShowsHisFingerprint()
    {
        const auto ia = identity(0xA1), ib = identity(0xB2), im = identity(0x66);
        E2ePair p(withIdentity(ia), withIdentity(ib));
        Mitm m(im);
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) { return m.rewrite(from, t); };
        const CallId id = p.connect();
        QVERIFY(!m.broken);
        QVERIFY(m.keyed);
        // He verified both real identities and signed his own exchanges ...
        QCOMPARE(m.towardsB.peerIdentity(), std::optional<Ed25519Public>(ib->pub));
        QCOMPARE(m.towardsA.peerIdentity(), std::optional<Ed25519Public>(ia->pub));
        // ... so each phone sees his fingerprint where it expects the other's: a pin catches him.
        QCOMPARE(p.encA(id).peerIdentity, fp(im));
        QCOMPARE(p.encB().peerIdentity, fp(im));
        QVERIFY(p.encA(id).peerIdentity != fp(ib));
    }

    void pinnedIdentityRefusesAnotherBeforeAuthRep()
    {
        const auto ia = identity(0xA1), ib = identity(0xB2), im = identity(0x66);
        E2ePair p(withIdentity(ia), withIdentity(ib));
        Mitm m(im);
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) { return m.rewrite(from, t); };
        DialRequest d = E2ePair::dialRequest();
        d.e2ePinnedIdentity = fp(ib);
        p.a.dial(d, p.net.now());
        p.net.run(p.net.now() + Millis(5000), [&] { return ended(p.na); });
        const auto end = p.na.lastEnd();
        QCOMPARE(end->kind, CallEnd::Kind::EncryptionRefused);
        QVERIFY2(end->reason.find("identity changed") != std::string::npos, end->reason.c_str());
        QVERIFY(end->reason.find(fp(im)) != std::string::npos);
        QVERIFY(!m.keyed); // no AUTHREP left A
    }

    void pinnedIdentityAcceptsTheSame()
    {
        const auto ia = identity(0xA1), ib = identity(0xB2);
        E2ePair p(withIdentity(ia), withIdentity(ib));
        DialRequest d = E2ePair::dialRequest();
        d.e2ePinnedIdentity = fp(ib);
        const CallId id = *p.a.dial(d, p.net.now());
        p.net.run(p.net.now() + Millis(5000), [&] { return p.na.sawState(CallState::Answered); });
        QVERIFY(p.na.sawState(CallState::Answered));
        QCOMPARE(p.encA(id).peerIdentity, fp(ib));
    }

    void badCalleeSignatureIsRefusedWithAReason()
    {
        for (std::size_t at : { std::size_t(1), std::size_t(40), std::size_t(96) }) { // key, signature, last byte
            E2ePair p(withIdentity(identity(0xA1)), withIdentity(identity(0xB2)));
            p.net.mutate = [&](const PeerAddress&, Transmit& t) {
                auto f = decodeFullFrame(t.bytes);
                if (!f || !f->isIax(IaxCommand::AuthReq))
                    return true;
                auto v = f->ies()->find(kIeE2eId)->data;
                v[at] ^= 0x10;
                t.bytes = withIe(t.bytes, kIeE2eId, v);
                return true;
            };
            p.a.dial(E2ePair::dialRequest(), p.net.now());
            p.net.run(p.net.now() + Millis(5000), [&] { return ended(p.na); });
            const auto end = p.na.lastEnd();
            QVERIFY(end);
            QCOMPARE(end->kind, CallEnd::Kind::AuthFailed);
            QVERIFY2(end->reason.find("the callee's identity signature does not verify") != std::string::npos,
                end->reason.c_str());
            QVERIFY(!p.nb.sawState(CallState::Answered));
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineE2eIdentity)
#include "tst_engine_e2e_identity.moc"
