// Issue 20, the Ed25519 identity primitives of the end-to-end mode (core/protocol/e2e_identity.h):
// RFC 8032's first test vector through our EVP calls, the test vectors of docs/E2E.md ("Test
// vectors", read from the document itself so the published bytes are the checked ones), E2E_ID
// under hostile bytes, and signatures that must not verify.
#include "core/protocol/e2e_identity.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/e2e_session.h"
#include "core/protocol/random_source.h"

#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QtTest>

using namespace iax::core;

namespace {

std::vector<std::uint8_t> hex(const QString& s)
{
    const QByteArray b = QByteArray::fromHex(s.toLatin1());
    return { b.begin(), b.end() };
}

template<std::size_t N> std::array<std::uint8_t, N> arr(const std::vector<std::uint8_t>& v)
{
    std::array<std::uint8_t, N> a {};
    if (v.size() == N)
        std::copy(v.begin(), v.end(), a.begin());
    return a;
}

// The "name = hex" lines of docs/E2E.md's test-vector block.
QMap<QString, QString> docVectors()
{
    QFile f(QStringLiteral(IAX_TEST_DATA "/../../docs/E2E.md"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QMap<QString, QString> v;
    static const QRegularExpression line(QStringLiteral("^([a-z_]+) += ([0-9a-f]+)$"));
    for (const QString& l : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n')))
        if (auto m = line.match(l); m.hasMatch())
            v.insert(m.captured(1), m.captured(2));
    return v;
}

std::vector<std::uint8_t> ieBytes(const std::vector<std::uint8_t>& value)
{
    std::vector<std::uint8_t> out { std::uint8_t(kIeE2eId), std::uint8_t(value.size()) };
    out.insert(out.end(), value.begin(), value.end());
    return out;
}

} // namespace

class TstE2eIdentity : public QObject {
    Q_OBJECT
private slots:
    void rfc8032TestOne()
    {
        const auto id = Ed25519Identity::fromSeed(
            arr<32>(hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        QVERIFY(id);
        QCOMPARE(std::vector<std::uint8_t>(id->pub.begin(), id->pub.end()),
            hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        const auto sig = id->sign({});
        QVERIFY(sig);
        QCOMPARE(std::vector<std::uint8_t>(sig->begin(), sig->end()),
            hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd2"
                "5bf5f0595bbe24655141438e7a100b"));
        QVERIFY(ed25519Verify(id->pub, {}, *sig));
    }

    void documentedVectors()
    {
        const auto v = docVectors();
        QCOMPARE(v.size(), 16);
        const auto offer = hex(v["offer"]), calleeKey = hex(v["callee_key"]), callerKey = hex(v["caller_key"]);
        const auto challengeBytes = hex(v["challenge"]);
        const std::string challenge(challengeBytes.begin(), challengeBytes.end());
        const auto callee = Ed25519Identity::fromSeed(arr<32>(hex(v["callee_seed"]))).value();
        const auto caller = Ed25519Identity::fromSeed(arr<32>(hex(v["caller_seed"]))).value();
        QCOMPARE(std::vector<std::uint8_t>(callee.pub.begin(), callee.pub.end()), hex(v["callee_pub"]));
        QCOMPARE(std::vector<std::uint8_t>(caller.pub.begin(), caller.pub.end()), hex(v["caller_pub"]));
        const auto th = e2eTranscriptHash({ offer, calleeKey, callerKey, challenge });
        QCOMPARE(std::vector<std::uint8_t>(th.begin(), th.end()), hex(v["th"]));

        const auto calleeInput = e2eCalleeIdInput(offer, calleeKey, challenge, callee.pub);
        QCOMPARE(calleeInput, hex(v["callee_input"]));
        E2eIdIe b;
        b.key = callee.pub;
        b.signature = callee.sign(calleeInput).value();
        QCOMPARE(ieBytes(b.encode()), hex(v["callee_ie"]));

        const auto callerInput = e2eCallerIdInput(th, caller.pub);
        QCOMPARE(callerInput, hex(v["caller_input"]));
        E2eIdIe a;
        a.key = caller.pub;
        a.signature = caller.sign(callerInput).value();
        QCOMPARE(ieBytes(a.encode()), hex(v["caller_ie"]));

        const auto binding = e2eIdentityBinding(th, callee.pub, caller.pub);
        QCOMPARE(std::vector<std::uint8_t>(binding.begin(), binding.end()), hex(v["binding"]));
        QCOMPARE(QString::fromStdString(identityFingerprint(callee.pub)).remove(' '), v["callee_fp"]);
        QCOMPARE(QString::fromStdString(identityFingerprint(caller.pub)).remove(' '), v["caller_fp"]);
        QCOMPARE(identityFingerprint(callee.pub).size(), std::size_t(39)); // 8 groups of 4, 7 spaces

        // The published IEs verify against the inputs, and only against them.
        const auto calleeIe = hex(v["callee_ie"]);
        const auto decoded = E2eIdIe::decode(std::span(calleeIe).subspan(2));
        QVERIFY(decoded);
        QVERIFY(ed25519Verify(decoded->key, calleeInput, decoded->signature));
        QVERIFY(!ed25519Verify(decoded->key, callerInput, decoded->signature));
        QVERIFY(!ed25519Verify(caller.pub, calleeInput, decoded->signature));
    }

    void hostileIdIeNeverThrows()
    {
        SeededRandom rng(9);
        for (std::size_t n = 0; n <= 255; ++n) {
            std::vector<std::uint8_t> junk(n);
            rng.fill(junk);
            if (!junk.empty())
                junk[0] = 1;
            const auto d = E2eIdIe::decode(junk);
            QCOMPARE(d.ok(), n == 97);
            if (d) // random bytes as a key and signature: decoding is fine, verifying is not
                QVERIFY(!ed25519Verify(d->key, junk, d->signature));
        }
        std::vector<std::uint8_t> v2(97, 0);
        v2[0] = 2;
        QCOMPARE(E2eIdIe::decode(v2).error().code, std::string("e2e-id-version"));
    }

    void aCallerOfTheFirstVersionGetsNoIdentity()
    {
        // An IAXPhone of the first version offers suite 0x01 only: a callee with an identity
        // answers 0x01 and sends no E2E_ID, so both keep the first version's key schedule.
        SeededRandom rng(4);
        const auto caller = X25519KeyPair::generate(rng);
        E2eOffer old;
        old.suites = E2eSuite::X25519Aes128Gcm;
        old.commitment = e2eCommitment(caller.pub);
        std::array<std::uint8_t, 32> seed {};
        seed.fill(0x33);
        E2eSession callee;
        callee.setIdentity(std::make_shared<const Ed25519Identity>(Ed25519Identity::fromSeed(seed).value()));
        std::vector<std::uint8_t> key;
        std::string why;
        QVERIFY(callee.calleeTakeOffer(old.encode(), rng, key, why));
        QCOMPARE(key.at(1), std::uint8_t(0x01));
        QVERIFY(callee.calleeIdentity("123456789").empty());
        // Our own offer announces identities.
        E2eSession ours;
        QCOMPARE(ours.callerOffer(rng).at(1), std::uint8_t(0x03));
    }

    void everyFlippedBitOfASignatureFails()
    {
        std::array<std::uint8_t, 32> seed {};
        seed.fill(0x42);
        const auto id = Ed25519Identity::fromSeed(seed).value();
        const std::vector<std::uint8_t> msg { 1, 2, 3, 4 };
        const auto sig = id.sign(msg).value();
        QVERIFY(ed25519Verify(id.pub, msg, sig));
        for (std::size_t bit = 0; bit < sig.size() * 8; ++bit) {
            auto bad = sig;
            bad[bit / 8] ^= std::uint8_t(1u << (bit % 8));
            QVERIFY2(!ed25519Verify(id.pub, msg, bad), qPrintable(QString::number(bit)));
        }
    }
};

QTEST_GUILESS_MAIN(TstE2eIdentity)
#include "tst_e2e_identity.moc"
