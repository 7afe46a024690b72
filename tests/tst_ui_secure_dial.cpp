// Secure dial: the destination digits leave only after the controller reports the call Encrypted;
// not encrypted → no digit, hang up, a reason. Through SecureDialer and through the main window.
#include "core/phone/memory_secret_store.h"
#include "core/phone/phone_controller.h"
#include "core/phone/secure_dialer.h"
#include "ui/call_list_model.h"
#include "ui/main_window.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <tuple>

using namespace iax::ui;

namespace {

/// Records commands; the test plays the engine by emitting snapshots.
class FakeController : public PhoneController {
public:
    QStringList dialled; ///< numbers passed to dial()
    QStringList dialledAccounts; ///< the account of each dial()
    QString digits; ///< DTMF sent, in order
    QList<int> hungUp;
    int nextId = 100;
    bool refuseDial = false;

    void setAccount(const AccountSettings&, const AccountSecrets&) override { }
    void removeAccount(const QString&) override { }
    void registerAccount(const QString&) override { }
    void unregisterAccount(const QString&) override { }
    int dial(const QString& accountId, const QString& number) override
    {
        if (refuseDial) {
            Q_EMIT commandFailed(-1, QStringLiteral("refused"));
            return -1;
        }
        dialled << number;
        dialledAccounts << accountId;
        CallSnapshot c;
        c.id = nextId++;
        c.accountId = accountId;
        c.number = number;
        c.peer = number;
        calls.insert(c.id, c);
        Q_EMIT callUpdated(c);
        return c.id;
    }
    void answer(int) override { }
    void reject(int) override { }
    void hangup(int id) override
    {
        hungUp << id;
        CallSnapshot c = calls.value(id);
        c.state = CallState::HungUp;
        Q_EMIT callUpdated(c);
        Q_EMIT callRemoved(id);
    }
    void hold(int, bool) override { }
    void mute(int, bool) override { }
    void sendDtmf(int id, QChar d) override
    {
        QVERIFY2(calls.value(id).encryption == EncryptionState::Encrypted, "DTMF sent while not Encrypted");
        digits += d;
    }
    void setDevices(const QString&, const QString&) override { }
    void setAudioProcessing(bool, bool) override { }

    /// Plays the engine: the call's state and encryption change.
    void update(int id, CallState s, EncryptionState e, const QString& failure = {})
    {
        CallSnapshot& c = calls[id];
        c.state = s;
        c.encryption = e;
        c.details.failureReason = failure;
        Q_EMIT callUpdated(c);
    }
    QHash<int, CallSnapshot> calls;
};

SecureDialConfig config(int pauseMs = 20)
{
    SecureDialConfig c;
    c.extension = QStringLiteral("700");
    c.terminator = QLatin1Char('#');
    c.pauseMs = pauseMs;
    c.encryptionTimeoutMs = 2000;
    return c;
}

} // namespace

class TstUiSecureDial : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void digitsOnlyAfterEncrypted()
    {
        FakeController c;
        SecureDialer d(&c);
        QSignalSpy sent(&d, &SecureDialer::destinationSent);
        QSignalSpy failed(&d, &SecureDialer::failed);
        const int id = d.dial(QStringLiteral("acc"), QStringLiteral("5551234"), config());
        QVERIFY(id > 0);
        QCOMPARE(c.dialled, QStringList { QStringLiteral("700") }); // the number is not in NEW
        c.update(id, CallState::Ringing, EncryptionState::Negotiating);
        c.update(id, CallState::Answered, EncryptionState::Negotiating);
        QTest::qWait(200); // ten digit pauses: still nothing
        QCOMPARE(c.digits, QString());
        QVERIFY(d.isPending(id));
        c.update(id, CallState::Answered, EncryptionState::Encrypted);
        QTRY_COMPARE(sent.count(), 1);
        QCOMPARE(c.digits, QStringLiteral("5551234#"));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(sent.first().at(1).toString(), QStringLiteral("Destination sent encrypted"));
        QVERIFY(c.hungUp.isEmpty());
    }

    void notEncryptedSendsNothing_data()
    {
        QTest::addColumn<int>("finalEncryption");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("off") << int(EncryptionState::Off) << QStringLiteral("not encrypted");
        QTest::newRow("failed") << int(EncryptionState::Failed) << QStringLiteral("could not be encrypted");
    }
    void notEncryptedSendsNothing()
    {
        QFETCH(int, finalEncryption);
        QFETCH(QString, reasonPart);
        FakeController c;
        SecureDialer d(&c);
        QSignalSpy failed(&d, &SecureDialer::failed);
        const int id = d.dial(QStringLiteral("acc"), QStringLiteral("123"), config());
        c.update(id, CallState::Answered, EncryptionState::Negotiating);
        c.update(id, CallState::Answered, EncryptionState(finalEncryption), QStringLiteral("decrypt failures"));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(1).toString().contains(reasonPart), qPrintable(failed.first().at(1).toString()));
        QVERIFY(failed.first().at(1).toString().contains(QLatin1String("not sent")));
        QCOMPARE(c.hungUp, QList<int> { id });
        QTest::qWait(100);
        QCOMPARE(c.digits, QString());
    }

    void encryptionLostMidwayStops()
    {
        FakeController c;
        SecureDialer d(&c);
        QSignalSpy failed(&d, &SecureDialer::failed);
        const int id = d.dial(QStringLiteral("acc"), QStringLiteral("99999999"), config(50));
        c.update(id, CallState::Answered, EncryptionState::Encrypted);
        QTRY_VERIFY(c.digits.size() >= 1);
        c.update(id, CallState::Answered, EncryptionState::Failed, QStringLiteral("bad frames"));
        const QString sentSoFar = c.digits;
        QTest::qWait(300);
        QCOMPARE(c.digits, sentSoFar);
        QVERIFY(!sentSoFar.endsWith(QLatin1Char('#')));
        QCOMPARE(failed.count(), 1);
    }

    void timeoutWithoutEncryption()
    {
        FakeController c;
        SecureDialer d(&c);
        QSignalSpy failed(&d, &SecureDialer::failed);
        SecureDialConfig cfg = config();
        cfg.encryptionTimeoutMs = 150;
        const int id = d.dial(QStringLiteral("acc"), QStringLiteral("42"), cfg);
        c.update(id, CallState::Answered, EncryptionState::Negotiating);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.first().at(1).toString().contains(QLatin1String("not confirmed in time")));
        QCOMPARE(c.digits, QString());
        QCOMPARE(c.hungUp, QList<int> { id });
    }

    void badInputIsRefusedWithAMessage()
    {
        FakeController c;
        SecureDialer d(&c);
        QSignalSpy failed(&d, &SecureDialer::failed);
        QCOMPARE(d.dial(QStringLiteral("acc"), QStringLiteral("55 12x"), config()), -1);
        SecureDialConfig none = config();
        none.extension.clear();
        QCOMPARE(d.dial(QStringLiteral("acc"), QStringLiteral("5512"), none), -1);
        QCOMPARE(failed.count(), 2);
        QVERIFY(c.dialled.isEmpty());
    }

    void mainWindowUsesSecureDial()
    {
        FakeController c;
        Settings s;
        AccountSettings a;
        a.id = QStringLiteral("acc");
        a.name = QStringLiteral("PBX");
        a.host = QStringLiteral("127.0.0.1");
        a.username = QStringLiteral("alice");
        a.secret = QStringLiteral("s");
        a.encryption = EncryptionPolicy::Required;
        a.secureDialEnabled = true;
        a.secureDialExtension = QStringLiteral("700");
        a.secureDialPauseMs = 50;
        s.accounts << a;
        MainWindowDeps deps;
        deps.controller = &c;
        deps.useTray = false;
        MainWindow w(deps, s);
        w.show();
        auto* toggle = w.findChild<QCheckBox*>(QStringLiteral("secureDialToggle"));
        QVERIFY(toggle && toggle->isEnabled() && toggle->isChecked());
        QTest::keyClicks(w.dialField(), QStringLiteral("5551234"));
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("callButton")), Qt::LeftButton);
        QCOMPARE(c.dialled, QStringList { QStringLiteral("700") });
        const int id = c.nextId - 1;
        c.update(id, CallState::Answered, EncryptionState::Negotiating);
        QTest::qWait(150);
        QCOMPARE(c.digits, QString());
        c.update(id, CallState::Answered, EncryptionState::Encrypted);
        QTRY_COMPARE(c.digits, QStringLiteral("5551234#"));
        QTRY_VERIFY(w.lastStatus().contains(QLatin1String("Destination sent encrypted")));
        const auto det = w.callModel()
                             ->index(w.callModel()->rowOf(id))
                             .data(CallListModel::EncryptionDetailsRole)
                             .value<EncryptionDetails>();
        QVERIFY(det.secureDialUsed);

        // Secure dial off: the number is dialled directly (the first call on hold: while an
        // answered call is selected, typed digits are its DTMF — issue 21).
        c.update(id, CallState::Held, EncryptionState::Encrypted);
        toggle->setChecked(false);
        QTest::keyClicks(w.dialField(), QStringLiteral("600"));
        QTest::keyClick(w.dialField(), Qt::Key_Return);
        QCOMPARE(c.dialled.last(), QStringLiteral("600"));
    }

    void uriOpensTheMatchingAccount()
    {
        FakeController c;
        Settings s;
        for (const auto& [id, host, user] :
            { std::tuple { "a", "pbx.example.net", "alice" }, std::tuple { "b", "192.0.2.7", "bob" } }) {
            AccountSettings a;
            a.id = QLatin1String(id);
            a.name = QLatin1String(id);
            a.host = QLatin1String(host);
            a.username = QLatin1String(user);
            a.encryption = EncryptionPolicy::Off;
            s.accounts << a;
        }
        MainWindowDeps deps;
        deps.controller = &c;
        deps.useTray = false;
        MainWindow w(deps, s);
        QVERIFY(w.openUri(QStringLiteral("iax2:bob@192.0.2.7/555")));
        QCOMPARE(c.dialled.last(), QStringLiteral("555"));
        QCOMPARE(c.dialledAccounts.last(), QStringLiteral("b"));
        QCOMPARE(w.currentAccountId(), QStringLiteral("b"));
        QVERIFY(w.openUri(QStringLiteral("iax:pbx.example.net:4569/600")));
        QCOMPARE(c.dialledAccounts.last(), QStringLiteral("a"));
        // Typed into the dial field, too.
        QTest::keyClicks(w.dialField(), QStringLiteral("iax2:bob@192.0.2.7/777"));
        QTest::keyClick(w.dialField(), Qt::Key_Return);
        QCOMPARE(c.dialled.last(), QStringLiteral("777"));

        const int before = int(c.dialled.size());
        QVERIFY(!w.openUri(QStringLiteral("iax2:eve@10.9.9.9/1")));
        QVERIFY2(w.lastStatus().contains(QLatin1String("No account for 10.9.9.9")), qPrintable(w.lastStatus()));
        QVERIFY(!w.openUri(QStringLiteral("sip:alice@pbx.example.net")));
        QVERIFY2(w.lastStatus().contains(QLatin1String("iax2:")), qPrintable(w.lastStatus()));
        QCOMPARE(int(c.dialled.size()), before); // nothing dialled for bad URIs
    }
};

QTEST_MAIN(TstUiSecureDial)
#include "tst_ui_secure_dial.moc"
