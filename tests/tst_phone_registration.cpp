// The registration lifecycle of EnginePhoneController (issue 21 items 1–3), against a registrar
// (the Engine on a UDP socket, 127.0.0.1): saving new settings of a registered account releases
// the old registration before the new one starts, so a server that processes the release late
// (as Asterisk does) keeps us registered; shutdown() hangs up the calls, releases every
// registration and finishes when the server acknowledged (or after its time limit when it does
// not answer); a secret the server asks for and the account lacks is reported as missing.
#include "core/phone/engine_phone_controller.h"
#include "support/udp_engine.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

using namespace iax;
using namespace iax::phone;

namespace {

const char* const kSecret = "registration-test-secret";

/// True when `datagram` is a full IAX frame REGREL (the registrar's hold-back filter).
bool isRegRel(const QByteArray& d)
{
    return d.size() >= 12 && (quint8(d[0]) & 0x80) && quint8(d[10]) == quint8(core::FrameType::Iax)
        && quint8(d[11]) == quint8(core::IaxCommand::RegRel);
}

AccountSettings account(const QString& user, quint16 port)
{
    AccountSettings a;
    a.id = user;
    a.name = QStringLiteral("Account %1").arg(user);
    a.host = QStringLiteral("127.0.0.1");
    a.port = port;
    a.username = user;
    a.encryption = EncryptionPolicy::Off;
    return a;
}

EnginePhoneController::Options localOptions()
{
    EnginePhoneController::Options o;
    o.bindAddress = QHostAddress::LocalHost;
    o.removeDelayMs = 100;
    return o;
}

/// A registrar of users `desk` and `lab` (both with kSecret).
core::EngineConfig twoUsers()
{
    core::EngineConfig c = test::registrarOf("desk", kSecret);
    core::UserConfig lab;
    lab.username = "lab";
    lab.secret = kSecret;
    c.users.push_back(lab);
    return c;
}

/// The registrar's last word on `user`: the refresh of its last PeerRegistered (-1 = none yet).
int lastRefreshOf(const test::UdpEngine& pbx, const std::string& user)
{
    int refresh = -1;
    for (const auto& ev : pbx.events)
        if (const auto* p = std::get_if<core::PeerRegistered>(&ev); p && p->username == user)
            refresh = p->refresh;
    return refresh;
}

int releasesOf(const test::UdpEngine& pbx, const std::string& user)
{
    int n = 0;
    for (const auto& ev : pbx.events)
        if (const auto* p = std::get_if<core::PeerRegistered>(&ev); p && p->username == user && p->refresh == 0)
            ++n;
    return n;
}

RegistrationSnapshot lastOf(const QSignalSpy& spy, const QString& accountId)
{
    RegistrationSnapshot last;
    for (const auto& args : spy) {
        const auto r = args.at(0).value<RegistrationSnapshot>();
        if (r.accountId == accountId)
            last = r;
    }
    return last;
}

} // namespace

class TstPhoneRegistration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void savingSettingsReleasesBeforeRegisteringAgain()
    {
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        pbx.holdBack = [](const QByteArray& d) { return isRegRel(d) ? 300 : 0; }; // the release comes late
        EnginePhoneController c(localOptions());
        QString error;
        QVERIFY2(c.start(&error), qPrintable(error));
        QSignalSpy regs(&c, &PhoneController::registrationChanged);
        AccountSettings a = account(QStringLiteral("desk"), pbx.port());
        const AccountSecrets secrets { QString::fromLatin1(kSecret), {} };
        c.setAccount(a, secrets);
        c.registerAccount(a.id);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, a.id).state, RegistrationState::Registered, 5000);
        QVERIFY(pbx.engine().registeredContact("desk"));

        // Saved with a new name: what MainWindow::applySettings does.
        a.name = QStringLiteral("Desk phone");
        regs.clear();
        c.setAccount(a, secrets);
        c.registerAccount(a.id);
        QTRY_COMPARE_WITH_TIMEOUT(releasesOf(pbx, "desk"), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, a.id).state, RegistrationState::Registered, 5000);
        // The server's last word is a registration, not the late release.
        QTRY_VERIFY_WITH_TIMEOUT(lastRefreshOf(pbx, "desk") > 0, 5000);
        QVERIFY(pbx.engine().registeredContact("desk"));
    }

    void unregisterWhileWaitingForTheReleaseStaysOffline()
    {
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        pbx.holdBack = [](const QByteArray& d) { return isRegRel(d) ? 200 : 0; };
        EnginePhoneController c(localOptions());
        QString error;
        QVERIFY2(c.start(&error), qPrintable(error));
        QSignalSpy regs(&c, &PhoneController::registrationChanged);
        AccountSettings a = account(QStringLiteral("desk"), pbx.port());
        const AccountSecrets secrets { QString::fromLatin1(kSecret), {} };
        c.setAccount(a, secrets);
        c.registerAccount(a.id);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, a.id).state, RegistrationState::Registered, 5000);
        a.name = QStringLiteral("Renamed");
        c.setAccount(a, secrets);
        c.registerAccount(a.id);
        QCOMPARE(lastOf(regs, a.id).state, RegistrationState::Registering); // waits for the release
        c.unregisterAccount(a.id);
        QCOMPARE(lastOf(regs, a.id).state, RegistrationState::Offline);
        QTRY_COMPARE_WITH_TIMEOUT(releasesOf(pbx, "desk"), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!pbx.engine().registeredContact("desk"), 5000);
        QCOMPARE(lastOf(regs, a.id).state, RegistrationState::Offline); // no registration started after it
    }

    void shutdownHangsUpAndReleasesEveryRegistration()
    {
        test::UdpEngine pbx(twoUsers());
        EnginePhoneController c(localOptions());
        QString error;
        QVERIFY2(c.start(&error), qPrintable(error));
        QSignalSpy regs(&c, &PhoneController::registrationChanged);
        QSignalSpy finished(&c, &PhoneController::shutdownFinished);
        const AccountSecrets secrets { QString::fromLatin1(kSecret), {} };
        for (const char* user : { "desk", "lab" }) {
            const AccountSettings a = account(QString::fromLatin1(user), pbx.port());
            c.setAccount(a, secrets);
            c.registerAccount(a.id);
        }
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, QStringLiteral("desk")).state, RegistrationState::Registered, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, QStringLiteral("lab")).state, RegistrationState::Registered, 5000);

        // A call up to the PBX (it waits unanswered there).
        const int call = c.dial(QStringLiteral("desk"), QStringLiteral("100"));
        QVERIFY(call >= 0);
        core::CallId atPbx {};
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(pbx.events.begin(), pbx.events.end(),
                                     [&](const core::EngineEvent& ev) {
                                         const auto* in = std::get_if<core::IncomingCall>(&ev);
                                         if (in)
                                             atPbx = in->call;
                                         return in != nullptr;
                                     }),
            5000);

        c.shutdown(5000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        // Finished only once the server processed both releases.
        QVERIFY(!pbx.engine().registeredContact("desk"));
        QVERIFY(!pbx.engine().registeredContact("lab"));
        QTRY_COMPARE_WITH_TIMEOUT(pbx.stateOf(atPbx), std::optional(core::CallState::HungUp), 5000);
        c.registerAccount(QStringLiteral("desk")); // nothing starts any more
        QTest::qWait(200);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(lastRefreshOf(pbx, "desk"), 0);
    }

    void shutdownFinishesWhenTheServerDoesNotAnswer()
    {
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        EnginePhoneController c(localOptions());
        QString error;
        QVERIFY2(c.start(&error), qPrintable(error));
        QSignalSpy regs(&c, &PhoneController::registrationChanged);
        QSignalSpy finished(&c, &PhoneController::shutdownFinished);
        const AccountSettings a = account(QStringLiteral("desk"), pbx.port());
        c.setAccount(a, AccountSecrets { QString::fromLatin1(kSecret), {} });
        c.registerAccount(a.id);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, a.id).state, RegistrationState::Registered, 5000);
        pbx.holdBack = [](const QByteArray& d) { return isRegRel(d) ? 60000 : 0; }; // never answers in time
        c.shutdown(300);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY(pbx.engine().registeredContact("desk")); // the release was not processed: we stopped waiting
    }

    void missingSecretIsSaidAsSuch()
    {
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        EnginePhoneController c(localOptions());
        QString error;
        QVERIFY2(c.start(&error), qPrintable(error));
        QSignalSpy regs(&c, &PhoneController::registrationChanged);
        const AccountSettings a = account(QStringLiteral("desk"), pbx.port());
        c.setAccount(a, AccountSecrets {}); // the keyring lost it
        c.registerAccount(a.id);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, a.id).state, RegistrationState::Failed, 5000);
        const RegistrationSnapshot r = lastOf(regs, a.id);
        QVERIFY(r.secretMissing);
        QVERIFY2(r.reason.contains(QLatin1String("secret")) && r.reason.contains(a.name), qPrintable(r.reason));
        QVERIFY2(!r.reason.contains(QLatin1String("in common")), qPrintable(r.reason));
    }

    void wrongSecretIsNotCalledMissing()
    {
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        EnginePhoneController c(localOptions());
        QString error;
        QVERIFY2(c.start(&error), qPrintable(error));
        QSignalSpy regs(&c, &PhoneController::registrationChanged);
        const AccountSettings a = account(QStringLiteral("desk"), pbx.port());
        c.setAccount(a, AccountSecrets { QStringLiteral("not-the-secret"), {} });
        c.registerAccount(a.id);
        QTRY_COMPARE_WITH_TIMEOUT(lastOf(regs, a.id).state, RegistrationState::Failed, 5000);
        QVERIFY(!lastOf(regs, a.id).secretMissing);
    }
};

QTEST_GUILESS_MAIN(TstPhoneRegistration)
#include "tst_phone_registration.moc"
