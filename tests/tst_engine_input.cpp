// Values too long for one information element (RFC 5456 §8.6: the length is one byte) given to the
// sans-IO Engine: an oversize called number, context, caller name or user name, or an RSA key
// whose base64 signature (344 characters for 2048 bits) cannot fit RSA_RESULT. dial() and
// registerTo() must fail at once with a reason and send nothing — never a frame whose length byte
// is wrong (the rest of the value would be parsed as further IEs by the peer). Two Engines on a
// simulated link with a virtual clock.
#include "sim/engine_pair.h"
#include "support/rsa_test_keys.h"

#include "core/protocol/frame.h"
#include "core/protocol/rsa_keygen.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

// A private key of `bits` (generateRsaKeyPair refuses > 1024).
std::shared_ptr<const RsaKey> privateKeyOf(int bits)
{
    auto key = RsaKey::privateFromPem(iax::test::rsaPrivateKeyPem(bits));
    return key ? std::make_shared<RsaKey>(std::move(key).value()) : nullptr;
}

// Every IAX frame A sent, decoded.
std::vector<FullFrame> sentBy(const Pair& p, const PeerAddress& from)
{
    std::vector<FullFrame> out;
    for (const auto& [who, t] : p.wire)
        if (who == from)
            if (auto f = decodeFullFrame(t.bytes))
                out.push_back(*f);
    return out;
}

} // namespace

class TestEngineInput : public QObject {
    Q_OBJECT
private slots:
    void oversizeDialFieldFailsAtOnce_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("ieName");
        QTest::newRow("300-character extension") << "calledNumber" << 300 << "CALLED_NUMBER";
        // The iax2: link case: 258 characters made the length byte say 2, so the rest became IEs.
        QTest::newRow("258-character extension") << "calledNumber" << 258 << "CALLED_NUMBER";
        QTest::newRow("256-character context") << "calledContext" << 256 << "CALLED_CONTEXT";
        QTest::newRow("caller name") << "callingName" << 400 << "CALLING_NAME";
        QTest::newRow("caller number") << "callingNumber" << 256 << "CALLING_NUMBER";
        QTest::newRow("user name") << "username" << 1000 << "USERNAME";
    }
    void oversizeDialFieldFailsAtOnce()
    {
        QFETCH(QString, field);
        QFETCH(int, length);
        QFETCH(QString, ieName);
        Pair p(alice());
        DialRequest d = p.dial();
        const std::string value(std::size_t(length), '5');
        if (field == "calledNumber")
            d.calledNumber = value;
        else if (field == "calledContext")
            d.calledContext = value;
        else if (field == "callingName")
            d.callingName = value;
        else if (field == "callingNumber")
            d.callingNumber = value;
        else
            d.username = value;
        const auto id = p.a.dial(d, p.net.now());
        QVERIFY(id); // the call exists just long enough to say why it failed
        p.net.run(p.net.now() + Millis(5000));
        QCOMPARE(p.na.lastState(), std::optional(CallState::Failed));
        const QString reason = QString::fromStdString(p.na.lastEnd()->reason);
        QVERIFY2(reason.contains(ieName + " is " + QString::number(length) + " bytes"), qPrintable(reason));
        QVERIFY2(reason.contains(QLatin1String("at most 255")), qPrintable(reason));
        QVERIFY2(p.wire.empty(), "nothing may be sent for a request that does not fit its IEs");
        QCOMPARE(p.b.callCount(), std::size_t(0));
        QCOMPARE(p.na.all<CallFinished>().size(), std::size_t(1));
        QCOMPARE(p.a.callCount(), std::size_t(0)); // gone after its linger
    }

    void longestExtensionStillCalls()
    {
        // 255 bytes is the most an IE carries: such a call goes through and arrives intact.
        Pair p(alice());
        DialRequest d = p.dial();
        d.calledNumber = std::string(255, '7');
        QVERIFY(p.connect(d));
        QVERIFY(p.answeredBoth());
        QCOMPARE(p.nb.all<IncomingCall>().at(0).calledNumber, d.calledNumber);
    }

    void bigRsaOutkeyFailsAtOnce()
    {
        // A 2048-bit key signs 256 bytes = 344 base64 characters: the AUTHREP could not carry it.
        UserConfig u = alice();
        u.authMethods = AuthMethod::Rsa;
        Pair p(u);
        DialRequest d = p.dial();
        d.outkey = privateKeyOf(2048);
        QVERIFY(d.outkey);
        QVERIFY(p.a.dial(d, p.net.now()));
        p.net.run(p.net.now() + Millis(5000));
        QCOMPARE(p.na.lastState(), std::optional(CallState::Failed));
        const QString reason = QString::fromStdString(p.na.lastEnd()->reason);
        QVERIFY2(reason.contains(QLatin1String("2048-bit RSA key")) && reason.contains(QLatin1String("344")),
            qPrintable(reason));
        QVERIFY(p.wire.empty());
    }

    void bigRsaOutkeyRefusesRegistration()
    {
        Pair p(alice());
        RegistrationRequest r;
        r.server = kB;
        r.username = "alice";
        r.outkey = privateKeyOf(2048);
        QVERIFY(r.outkey);
        p.a.registerTo(r, p.net.now());
        p.net.run(p.net.now() + Millis(60000));
        const auto states = p.na.all<RegistrationStateChanged>();
        QVERIFY(!states.empty());
        QCOMPARE(states.back().state, RegistrationState::Failed);
        QVERIFY2(QString::fromStdString(states.back().reason).contains(QLatin1String("344 characters")),
            states.back().reason.c_str());
        QVERIFY(p.wire.empty());
    }

    void oversizeRegistrationUserRefused()
    {
        Pair p(alice());
        RegistrationRequest r;
        r.server = kB;
        r.username = std::string(300, 'u');
        r.secret = kSecret;
        p.a.registerTo(r, p.net.now());
        p.net.run(p.net.now() + Millis(60000));
        const auto states = p.na.all<RegistrationStateChanged>();
        QVERIFY(!states.empty());
        QCOMPARE(states.back().state, RegistrationState::Failed);
        QVERIFY2(QString::fromStdString(states.back().reason).contains(QLatin1String("USERNAME is 300 bytes")),
            states.back().reason.c_str());
        QVERIFY(p.wire.empty());
    }

    void longHangupCauseIsShortened()
    {
        // A cause is free text: over 255 bytes it is cut (on a UTF-8 boundary), never sent malformed.
        Pair p(alice(EncryptionPolicy::Off));
        const auto id = p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(id && p.answeredBoth());
        std::string cause;
        while (cause.size() < 300)
            cause += "\xc3\xa9"; // é
        QVERIFY(p.a.hangup(*id, cause, p.net.now()));
        p.net.run(p.net.now() + Millis(2000));
        std::optional<std::string> sent;
        for (const auto& f : sentBy(p, kA))
            if (f.isIax(IaxCommand::Hangup))
                sent = f.ies()->getString(IeId::Cause);
        QVERIFY(sent);
        QCOMPARE(sent->size(), std::size_t(254)); // 127 whole characters; 255 would split one
        QCOMPARE(*sent, cause.substr(0, 254));
        QCOMPARE(p.nb.lastState(), std::optional(CallState::HungUp));
    }
};

QTEST_GUILESS_MAIN(TestEngineInput)
#include "tst_engine_input.moc"
