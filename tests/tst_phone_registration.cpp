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

/// A started controller on 127.0.0.1 with its signals recorded, and a registrar.
struct Rig {
    explicit Rig(core::EngineConfig registrar)
        : pbx(std::move(registrar))
        , c(localOptions())
    {
        started = c.start(&error);
    }
    /// Adds account `user` of the registrar with `secret` and registers it.
    AccountSettings add(const char* user, const QString& secret = QString::fromLatin1(kSecret))
    {
        const AccountSettings a = account(QString::fromLatin1(user), pbx.port());
        c.setAccount(a, AccountSecrets { secret, {} });
        c.registerAccount(a.id);
        return a;
    }
    /// Saves `a` again (as MainWindow::applySettings does): setAccount then registerAccount.
    void save(const AccountSettings& a)
    {
        c.setAccount(a, AccountSecrets { QString::fromLatin1(kSecret), {} });
        c.registerAccount(a.id);
    }
    RegistrationState stateOf(const QString& id) const { return lastOf(regs, id).state; }

    test::UdpEngine pbx;
    EnginePhoneController c;
    QSignalSpy regs { &c, &PhoneController::registrationChanged };
    QSignalSpy finished { &c, &PhoneController::shutdownFinished };
    QString error;
    bool started = false;
};

} // namespace

class TstPhoneRegistration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void savingSettingsReleasesBeforeRegisteringAgain()
    {
        Rig r(test::registrarOf("desk", kSecret));
        QVERIFY2(r.started, qPrintable(r.error));
        r.pbx.holdBack = [](const QByteArray& d) { return isRegRel(d) ? 300 : 0; }; // the release comes late
        AccountSettings a = r.add("desk");
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(a.id), RegistrationState::Registered, 5000);
        QVERIFY(r.pbx.engine().registeredContact("desk"));

        a.name = QStringLiteral("Desk phone"); // saved with a new name
        r.regs.clear();
        r.save(a);
        QTRY_COMPARE_WITH_TIMEOUT(releasesOf(r.pbx, "desk"), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(a.id), RegistrationState::Registered, 5000);
        // The server's last word is a registration, not the late release.
        QTRY_VERIFY_WITH_TIMEOUT(lastRefreshOf(r.pbx, "desk") > 0, 5000);
        QVERIFY(r.pbx.engine().registeredContact("desk"));
    }

    void unregisterWhileWaitingForTheReleaseStaysOffline()
    {
        Rig r(test::registrarOf("desk", kSecret));
        QVERIFY2(r.started, qPrintable(r.error));
        r.pbx.holdBack = [](const QByteArray& d) { return isRegRel(d) ? 200 : 0; };
        AccountSettings a = r.add("desk");
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(a.id), RegistrationState::Registered, 5000);
        a.name = QStringLiteral("Renamed");
        r.save(a);
        QCOMPARE(r.stateOf(a.id), RegistrationState::Registering); // waits for the release
        r.c.unregisterAccount(a.id);
        QCOMPARE(r.stateOf(a.id), RegistrationState::Offline);
        QTRY_COMPARE_WITH_TIMEOUT(releasesOf(r.pbx, "desk"), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!r.pbx.engine().registeredContact("desk"), 5000);
        QCOMPARE(r.stateOf(a.id), RegistrationState::Offline); // no registration started after it
    }

    void shutdownHangsUpAndReleasesEveryRegistration()
    {
        Rig r(twoUsers());
        QVERIFY2(r.started, qPrintable(r.error));
        r.add("desk");
        r.add("lab");
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(QStringLiteral("desk")), RegistrationState::Registered, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(QStringLiteral("lab")), RegistrationState::Registered, 5000);

        // A call up to the PBX (it waits unanswered there).
        QVERIFY(r.c.dial(QStringLiteral("desk"), QStringLiteral("100")) >= 0);
        core::CallId atPbx {};
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(r.pbx.events.begin(), r.pbx.events.end(),
                                     [&](const core::EngineEvent& ev) {
                                         const auto* in = std::get_if<core::IncomingCall>(&ev);
                                         if (in)
                                             atPbx = in->call;
                                         return in != nullptr;
                                     }),
            5000);

        r.c.shutdown(5000);
        QTRY_COMPARE_WITH_TIMEOUT(r.finished.size(), 1, 5000);
        // Finished only once the server processed both releases.
        QVERIFY(!r.pbx.engine().registeredContact("desk"));
        QVERIFY(!r.pbx.engine().registeredContact("lab"));
        QTRY_COMPARE_WITH_TIMEOUT(r.pbx.stateOf(atPbx), std::optional(core::CallState::HungUp), 5000);
        r.c.registerAccount(QStringLiteral("desk")); // nothing starts any more
        QTest::qWait(200);
        QCOMPARE(r.finished.size(), 1);
        QCOMPARE(lastRefreshOf(r.pbx, "desk"), 0);
    }

    void shutdownFinishesWhenTheServerDoesNotAnswer()
    {
        Rig r(test::registrarOf("desk", kSecret));
        QVERIFY2(r.started, qPrintable(r.error));
        const AccountSettings a = r.add("desk");
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(a.id), RegistrationState::Registered, 5000);
        r.pbx.holdBack = [](const QByteArray& d) { return isRegRel(d) ? 60000 : 0; }; // never answers in time
        r.c.shutdown(300);
        QTRY_COMPARE_WITH_TIMEOUT(r.finished.size(), 1, 5000);
        QVERIFY(r.pbx.engine().registeredContact("desk")); // the release was not processed: we stopped waiting
    }

    void missingSecretIsSaidAsSuch()
    {
        Rig r(test::registrarOf("desk", kSecret));
        QVERIFY2(r.started, qPrintable(r.error));
        const AccountSettings a = r.add("desk", QString()); // the keyring lost it
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(a.id), RegistrationState::Failed, 5000);
        const RegistrationSnapshot reg = lastOf(r.regs, a.id);
        QVERIFY(reg.secretMissing);
        QVERIFY2(reg.reason.contains(QLatin1String("secret")) && reg.reason.contains(a.name), qPrintable(reg.reason));
        QVERIFY2(!reg.reason.contains(QLatin1String("in common")), qPrintable(reg.reason));
    }

    void wrongSecretIsNotCalledMissing()
    {
        Rig r(test::registrarOf("desk", kSecret));
        QVERIFY2(r.started, qPrintable(r.error));
        const AccountSettings a = r.add("desk", QStringLiteral("not-the-secret"));
        QTRY_COMPARE_WITH_TIMEOUT(r.stateOf(a.id), RegistrationState::Failed, 5000);
        QVERIFY(!lastOf(r.regs, a.id).secretMissing);
    }
};

QTEST_GUILESS_MAIN(TstPhoneRegistration)
#include "tst_phone_registration.moc"
