// The end-to-end mode's primitives (docs/E2E.md): X25519 and HKDF against their RFC vectors, the
// PGP word list and the SAS, the E2E_OFFER/E2E_KEY IEs under hostile bytes, and the handshake of
// E2eSession (both sides agree; a wrong reveal, a low-order key or a foreign key is refused).
#include "core/protocol/e2e_crypto.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/e2e_sas.h"
#include "core/protocol/e2e_session.h"

#include <QtTest>

#include <set>

using namespace iax::core;

namespace {

std::vector<std::uint8_t> hex(const char* s)
{
    const QByteArray b = QByteArray::fromHex(s);
    return std::vector<std::uint8_t>(b.begin(), b.end());
}

template<class C> std::vector<std::uint8_t> vec(const C& c)
{
    return std::vector<std::uint8_t>(c.begin(), c.end());
}

struct Handshake {
    E2eSession caller, callee;
    bool ok = false;
    std::string why;
};

// Runs the handshake with the given randomness; `tamper` may alter the reveal on its way.
void handshake(Handshake& h, std::uint64_t seed, const std::function<void(std::vector<std::uint8_t>&)>& tamper = {})
{
    SeededRandom ra(seed), rb(seed + 1);
    const auto offer = h.caller.callerOffer(ra);
    std::vector<std::uint8_t> calleeKey, reveal;
    QVERIFY(h.callee.calleeTakeOffer(offer, rb, calleeKey, h.why));
    QVERIFY(h.caller.callerTakeCalleeKey(calleeKey, reveal, h.why));
    if (tamper)
        tamper(reveal);
    if (!h.callee.calleeTakeReveal(reveal, h.why))
        return;
    const std::vector<std::uint8_t> hop(16, 0x42), auth { 'a', 'b' };
    QVERIFY(h.caller.establish(true, "123456789", hop, auth, h.why));
    QVERIFY(h.callee.establish(false, "123456789", hop, auth, h.why));
    h.ok = true;
}

} // namespace

class TstE2eCrypto : public QObject {
    Q_OBJECT
private slots:
    void x25519Rfc7748()
    {
        // RFC 7748 §6.1.
        const auto a = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        const auto b = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        auto pa = X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(a.data(), 32));
        auto pb = X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(b.data(), 32));
        QVERIFY(pa && pb);
        QCOMPARE(vec(pa->pub), hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
        QCOMPARE(vec(pb->pub), hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        auto s1 = x25519Shared(pa->priv, pb->pub);
        auto s2 = x25519Shared(pb->priv, pa->pub);
        QVERIFY(s1 && s2);
        const auto expected = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        QCOMPARE(vec(s1->bytes), expected);
        QCOMPARE(vec(s2->bytes), expected);
    }

    void x25519RefusesLowOrderKey()
    {
        SeededRandom rng(1);
        auto me = X25519KeyPair::generate(rng);
        X25519Public zero {}; // a low-order point: the shared secret would be all zero
        QVERIFY(!x25519Shared(me.priv, zero).ok());
    }

    void hkdfRfc5869Case1()
    {
        const std::vector<std::uint8_t> ikm(22, 0x0b);
        const auto salt = hex("000102030405060708090a0b0c");
        auto prk = hkdfExtract(salt, ikm);
        QVERIFY(prk);
        QCOMPARE(vec(prk->bytes), hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"));
        std::vector<std::uint8_t> okm(42);
        QVERIFY(hkdfExpand(*prk, "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9", okm));
        QCOMPARE(okm, hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
    }

    void pgpWordList()
    {
        std::set<std::string_view> even, odd;
        for (int b = 0; b < 256; ++b) {
            even.insert(pgpWord(std::uint8_t(b), false));
            odd.insert(pgpWord(std::uint8_t(b), true));
        }
        QCOMPARE(even.size(), std::size_t(256));
        QCOMPARE(odd.size(), std::size_t(256));
        QCOMPARE(pgpWord(0x00, false), std::string_view("aardvark"));
        QCOMPARE(pgpWord(0x00, true), std::string_view("adroitness"));
        QCOMPARE(pgpWord(0xFF, false), std::string_view("Zulu"));
        QCOMPARE(pgpWord(0xFF, true), std::string_view("Yucatan"));
        // The list's own published example.
        const std::uint8_t sample[] = { 0xE5, 0x82, 0x94, 0xF2 };
        QCOMPARE(sasWords(sample), std::string("topmost Istanbul Pluto vagabond"));
    }

    void iesRoundTripAndHostileBytes()
    {
        E2eOffer o;
        o.commitment.fill(7);
        auto back = E2eOffer::decode(o.encode());
        QVERIFY(back && back->usable() && back->commitment == o.commitment);
        E2eKeyIe k;
        k.key.fill(9);
        auto kb = E2eKeyIe::decode(k.encode());
        QVERIFY(kb && kb->usable() && kb->key == k.key);
        // Every length but 34 is refused; an unknown version or suite decodes but is not usable.
        SeededRandom rng(5);
        for (std::size_t n = 0; n <= 255; ++n) {
            std::vector<std::uint8_t> junk(n);
            rng.fill(junk);
            QCOMPARE(E2eOffer::decode(junk).ok(), n == 34);
            QCOMPARE(E2eKeyIe::decode(junk).ok(), n == 34);
        }
        auto v2 = o.encode();
        v2[0] = 2;
        QVERIFY(!E2eOffer::decode(v2)->usable());
        auto noSuite = k.encode();
        noSuite[1] = 0x02;
        QVERIFY(!E2eKeyIe::decode(noSuite)->usable());
    }

    void handshakeAgrees()
    {
        Handshake h;
        handshake(h, 10);
        QVERIFY2(h.ok, h.why.c_str());
        QCOMPARE(h.caller.sas(), h.callee.sas());
        QCOMPARE(QString::fromStdString(h.caller.sas()).split(' ').size(), 4);
        // Each side's sealer matches the other's opener.
        const std::vector<std::uint8_t> dg { 0x80, 0x01, 0x00, 0x02, 0, 0, 0, 5, 0, 0, 6, 2 };
        std::vector<std::uint8_t> plain;
        QCOMPARE(h.callee.opener().open(h.caller.sealer().seal(dg, {}, FrameKind::Full), FrameKind::Full, plain),
            GcmDrop::None);
        QCOMPARE(plain, dg);
        QCOMPARE(h.caller.opener().open(h.callee.sealer().seal(dg, {}, FrameKind::Full), FrameKind::Full, plain),
            GcmDrop::None);
        // A frame never opens under its own direction's opener (per-direction keys).
        QCOMPARE(h.caller.opener().open(h.caller.sealer().seal(dg, {}, FrameKind::Full), FrameKind::Full, plain),
            GcmDrop::Tampered);
    }

    void otherRandomnessOtherSas()
    {
        Handshake h1, h2;
        handshake(h1, 10);
        handshake(h2, 20);
        QVERIFY(h1.ok && h2.ok);
        QVERIFY(h1.caller.sas() != h2.caller.sas());
    }

    void revealMustMatchCommitment()
    {
        for (std::size_t i = 0; i < 34; ++i) {
            Handshake h;
            handshake(h, 30, [i](std::vector<std::uint8_t>& r) { r[i] ^= 0x01; });
            QVERIFY(!h.ok);
            QVERIFY(!h.why.empty());
        }
    }

    void hostileCalleeKeyNeverThrows()
    {
        SeededRandom rng(3);
        for (std::size_t n : { 0, 1, 33, 34, 35, 255 }) {
            E2eSession s;
            s.callerOffer(rng);
            std::vector<std::uint8_t> junk(n), reveal;
            rng.fill(junk);
            std::string why;
            const bool ok = s.callerTakeCalleeKey(junk, reveal, why);
            QCOMPARE(ok, n == 34 && E2eKeyIe::decode(junk)->usable());
            QCOMPARE(why.empty(), ok);
        }
    }
};

QTEST_GUILESS_MAIN(TstE2eCrypto)
#include "tst_e2e_crypto.moc"
