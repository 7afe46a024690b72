// The GUI's key server lookup (issue 8), offscreen with real widgets: EnginePhoneController hands
// the account's key server to the engine: an incoming RSA call from an unknown caller fetches and
// pins the key from a local HTTPS key server (a key notice with the fingerprint and URL in the
// status bar and the call panel), a changed key is refused with a security warning in the main
// window's banner, and an account allowing MD5 falls back with "authenticated by MD5 (RSA
// unavailable: …)" in the call's details; conflicting or unusable key servers are reported.
// (Split out of tst_ui_keys.cpp.)
#include "core/keys/public_key_store.h"
#include "core/net/engine_thread.h"
#include "core/phone/engine_phone_controller.h"
#include "core/protocol/rsa_keygen.h"
#include "support/https_key_server.h"
#include "support/ui_test_support.h"
#include "ui/device_call_audio.h"
#include "ui/main_window.h"

#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace iax;
using namespace iax::ui;

namespace {

using test::child;
using test::rsaAccount;

} // namespace

class TstUiKeyServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void controllerFetchesPinsAndRefusesCallerKeys()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        const test::TlsMaterial tls = test::makeTlsMaterial("IAXPhone GUI key test CA");
        QVERIFY(!tls.ca.isNull());
        test::KeyServer server(tls);
        QVERIFY(server.listen());
        auto alice = core::generateRsaKeyPair(1024);
        auto impostor = core::generateRsaKeyPair(1024);
        QVERIFY(alice.ok() && impostor.ok());
        server.routes[QStringLiteral("/keys/alice.pub")]
            = test::Route { 200, QByteArray::fromStdString(alice->publicPem) };

        QTemporaryDir dir;
        EnginePhoneController::Options opt;
        opt.callAudio = std::make_shared<DeviceCallAudio>(false);
        opt.bindAddress = QHostAddress::LocalHost;
        opt.removeDelayMs = 200;
        opt.keyDirectory = dir.filePath(QStringLiteral("trusted"));
        opt.keyServerCaCertificates = { tls.ca };
        opt.keyMaxAge = std::chrono::seconds(0); // every later call re-fetches in the background
        opt.keyFetchTimeout = std::chrono::milliseconds(10000);
        EnginePhoneController controller(opt);
        QString error;
        QVERIFY2(controller.start(&error), qPrintable(error));
        MainWindowDeps deps;
        deps.controller = &controller;
        deps.useTray = false;
        MainWindow window(deps, Settings {});
        window.show();

        AccountSettings a = rsaAccount(QStringLiteral("a1"), QStringLiteral("alice"));
        a.keyServerUrl = server.urlTemplate();
        AccountSettings b = rsaAccount(QStringLiteral("b2"), QStringLiteral("bob")); // no key anywhere
        b.keyServerUrl = server.urlTemplate();
        b.allowMd5Fallback = true;
        QSignalSpy failures(&controller, &PhoneController::commandFailed);
        controller.setAccount(a, { a.secret, {} });
        controller.setAccount(b, { b.secret, {} });
        QCOMPARE(failures.count(), 0);

        net::EngineThread caller(core::EngineConfig {});
        QVERIFY2(caller.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        auto outkey = core::RsaKey::privateFromPem(alice->privatePem);
        QVERIFY(outkey.ok());
        const auto aliceKey = std::make_shared<core::RsaKey>(std::move(outkey).value());
        const auto dial = [&](const AccountSettings& acc) {
            core::DialRequest d;
            d.peer = { "127.0.0.1", controller.localPort() };
            d.username = acc.username.toStdString();
            d.secret = acc.secret.toStdString();
            d.outkey = aliceKey;
            d.calledNumber = "600";
            return caller.host().dial(d);
        };

        QSignalSpy incoming(&controller, &PhoneController::incomingCall);
        QSignalSpy warnings(&controller, &PhoneController::securityWarning);
        QSignalSpy notices(&controller, &PhoneController::keyNotice);
        // 1. Unknown caller: the key is fetched from the key server, pinned, RSA succeeds.
        QVERIFY(dial(a).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(incoming.count(), 1, 20000);
        CallSnapshot call = incoming.at(0).at(0).value<CallSnapshot>();
        QCOMPARE(call.accountId, QStringLiteral("a1"));
        QCOMPARE(call.details.authDetails, QStringLiteral("authenticated by RSA"));
        QCOMPARE(server.hits.value(QStringLiteral("/keys/alice.pub")), 1);
        const core::PublicKeyStore store(opt.keyDirectory);
        QVERIFY(store.pin(QStringLiteral("alice")));
        QCOMPARE(store.pin(QStringLiteral("alice"))->fingerprint, QString::fromStdString(alice->fingerprint));
        const QString aliceUrl = server.urlTemplate().replace(QLatin1String("{name}"), QLatin1String("alice"));
        QCOMPARE(store.pin(QStringLiteral("alice"))->source, aliceUrl);
        // The user is told, with the fingerprint to check and where it came from.
        QCOMPARE(notices.count(), 1);
        QCOMPARE(notices.at(0).at(0).toInt(), call.id);
        const QString notice = notices.at(0).at(1).toString();
        QVERIFY2(notice.startsWith(QLatin1String("Pinned alice's key on first use (SHA-256 ")), qPrintable(notice));
        QVERIFY2(notice.contains(QString::fromStdString(alice->fingerprint)), qPrintable(notice));
        QVERIFY2(notice.contains(aliceUrl), qPrintable(notice));
        QCOMPARE(window.keyNotices(), QStringList { notice });
        QVERIFY2(window.lastStatus().contains(notice), qPrintable(window.lastStatus())); // after "Incoming call"
        QVERIFY2(window.lastStatus().contains(QLatin1String("Incoming call")), qPrintable(window.lastStatus()));
        auto* note = child<QLabel>(&window, "callKeyNote");
        QVERIFY(note->isVisible()); // the incoming call is selected
        QVERIFY2(note->text().contains(notice), qPrintable(note->text()));
        QVERIFY(window.securityWarnings().isEmpty());
        controller.reject(call.id);

        // 2. The key server now offers another key: the pinned key still authenticates this call,
        //    the background re-fetch is refused and the window shows the warning.
        server.routes[QStringLiteral("/keys/alice.pub")]
            = test::Route { 200, QByteArray::fromStdString(impostor->publicPem) };
        QVERIFY(dial(a).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(incoming.count(), 2, 20000);
        QCOMPARE(
            incoming.at(1).at(0).value<CallSnapshot>().details.authDetails, QStringLiteral("authenticated by RSA"));
        QTRY_COMPARE_WITH_TIMEOUT(warnings.count(), 1, 20000);
        const QString warning = warnings.at(0).at(1).toString();
        QVERIFY2(warning.contains(QString::fromStdString(alice->fingerprint)), qPrintable(warning));
        QVERIFY2(warning.contains(QString::fromStdString(impostor->fingerprint)), qPrintable(warning));
        QCOMPARE(store.pin(QStringLiteral("alice"))->fingerprint, QString::fromStdString(alice->fingerprint));
        QTRY_COMPARE_WITH_TIMEOUT(window.securityWarnings().size(), 1, 5000);
        auto* banner = child<QLabel>(&window, "securityBanner");
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(QLatin1String("SECURITY WARNING")));
        QVERIFY(banner->text().contains(QString::fromStdString(impostor->fingerprint)));
        QVERIFY(window.findChild<QMessageBox*>(QStringLiteral("securityWarningBox"))->isVisible());
        Q_EMIT banner->linkActivated(QStringLiteral("dismiss"));
        QVERIFY(!banner->isVisible());
        QVERIFY(window.securityWarnings().isEmpty());
        controller.reject(incoming.at(1).at(0).value<CallSnapshot>().id);

        // 3. An account allowing MD5: no key on the server (404) → MD5+AES, and the details say why.
        QVERIFY(dial(b).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(incoming.count(), 3, 20000);
        call = incoming.at(2).at(0).value<CallSnapshot>();
        QCOMPARE(call.accountId, QStringLiteral("b2"));
        QVERIFY2(call.details.authDetails.startsWith(QLatin1String("authenticated by MD5 (RSA unavailable: ")),
            qPrintable(call.details.authDetails));
        QCOMPARE(server.hits.value(QStringLiteral("/keys/bob.pub")), 1);
        QVERIFY(!store.pin(QStringLiteral("bob")));
        // A key used from the store, a refused change and a failed fetch pin nothing new.
        QCOMPARE(notices.count(), 1);
        QVERIFY(!note->isVisible()); // bob's call is selected: no note
        controller.reject(call.id);
    }

    void conflictingKeyServersAreReported()
    {
        QTemporaryDir dir;
        EnginePhoneController::Options opt;
        opt.callAudio = std::make_shared<DeviceCallAudio>(false);
        opt.bindAddress = QHostAddress::LocalHost;
        opt.keyDirectory = dir.filePath(QStringLiteral("trusted"));
        EnginePhoneController controller(opt);
        QString error;
        QVERIFY2(controller.start(&error), qPrintable(error));
        QSignalSpy failures(&controller, &PhoneController::commandFailed);
        AccountSettings a = rsaAccount(QStringLiteral("a1"), QStringLiteral("alice"));
        a.keyServerUrl = QStringLiteral("https://keys.one.example/{name}.pub");
        AccountSettings b = rsaAccount(QStringLiteral("b2"), QStringLiteral("bob"));
        b.keyServerUrl = QStringLiteral("https://keys.two.example/{name}.pub");
        controller.setAccount(a, { a.secret, {} });
        QCOMPARE(failures.count(), 0);
        controller.setAccount(b, { b.secret, {} });
        QCOMPARE(failures.count(), 1);
        const QString why = failures.at(0).at(1).toString();
        QVERIFY2(why.contains(QLatin1String("keys.one.example")) && why.contains(b.name), qPrintable(why));
        // A template the key-server client refuses is reported too (the store alone answers).
        AccountSettings c = rsaAccount(QStringLiteral("a0"), QStringLiteral("carol"));
        c.keyServerUrl = QStringLiteral("ftp://keys.example/{name}.pub");
        controller.setAccount(c, { c.secret, {} });
        QVERIFY(failures.count() >= 2);
        QVERIFY2(failures.last().at(1).toString().contains(QLatin1String("cannot be used")),
            qPrintable(failures.last().at(1).toString()));
    }
};

QTEST_MAIN(TstUiKeyServer)
#include "tst_ui_key_server.moc"
