// The secure-dial rule (core/phone/secure_dial.h), sans-IO with virtual time: digits only once the
// call is answered and proven Encrypted, one per pause; not encrypted, failed, lost or not proven
// within the timeout after the answer → no (more) digit and a hang-up; a call that ends by itself
// → abandoned without a hang-up. The Qt adapters (SecureDialer, CliPhone) have their own tests
// (tst_ui_secure_dial, tst_cli_e2e).
#include "core/phone/secure_dial.h"

#include <QtTest>

using namespace iax::phone;
using iax::core::EncryptionState;
using Kind = SecureDial::Action::Kind;

namespace {

/// A SecureDial with its outputs recorded (digits sent, hang-ups, statuses seen).
struct Run {
    SecureDial dial;
    QString digits;
    int hangUps = 0;
    QList<SecureDialStatus> statuses;

    explicit Run(const QString& d, int pauseMs = 100, int timeoutMs = kSecureDialEncryptionTimeoutMs)
        : dial(d, pauseMs, timeoutMs)
    { }
    void take(const std::vector<SecureDial::Action>& actions)
    {
        for (const auto& a : actions) {
            if (a.kind == Kind::SendDigit)
                digits += a.digit;
            else if (a.kind == Kind::HangUp)
                ++hangUps;
            else
                statuses << dial.status();
        }
    }
    void update(bool answered, EncryptionState e, qint64 now, const QString& reason = {}, bool ended = false)
    {
        SecureDialCall c;
        c.answered = answered;
        c.ended = ended;
        c.encryption = e;
        c.reason = reason;
        take(dial.update(c, now));
    }
    /// Advances virtual time to `until`, stepping from deadline to deadline as a timer would.
    void runUntil(qint64 until)
    {
        while (const auto at = dial.nextDeadline()) {
            if (*at > until)
                break;
            take(dial.advance(*at));
        }
    }
};

} // namespace

class TstPhoneSecureDial : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void digitsOnlyOnceAnsweredAndEncrypted()
    {
        Run r(QStringLiteral("5551234#"), 100);
        r.update(false, EncryptionState::Negotiating, 0);
        r.update(true, EncryptionState::Negotiating, 50);
        r.runUntil(50 + kSecureDialEncryptionTimeoutMs - 1);
        QCOMPARE(r.digits, QString());
        QCOMPARE(r.dial.status(), SecureDialStatus::Waiting);
        r.update(true, EncryptionState::Encrypted, 1000);
        QCOMPARE(r.dial.status(), SecureDialStatus::Sending);
        QCOMPARE(r.dial.nextDeadline(), std::optional<qint64>(1100)); // first digit one pause later
        r.runUntil(1099);
        QCOMPARE(r.digits, QString());
        r.runUntil(1100);
        QCOMPARE(r.digits, QStringLiteral("5"));
        r.runUntil(1000 + 8 * 100);
        QCOMPARE(r.digits, QStringLiteral("5551234#"));
        QCOMPARE(r.dial.status(), SecureDialStatus::Sent);
        QCOMPARE(r.dial.failure(), SecureDialFailure::None);
        QCOMPARE(r.dial.message(), QStringLiteral("Destination sent encrypted"));
        QCOMPARE(r.hangUps, 0);
        QVERIFY(!r.dial.nextDeadline());
    }

    void encryptedBeforeTheAnswerWaitsForIt()
    {
        Run r(QStringLiteral("12"), 100);
        r.update(false, EncryptionState::Encrypted, 0);
        r.runUntil(10000);
        QCOMPARE(r.digits, QString());
        r.update(true, EncryptionState::Encrypted, 10000);
        r.runUntil(10200);
        QCOMPARE(r.digits, QStringLiteral("12"));
    }

    void oneDigitPerPauseEvenWhenLate()
    {
        Run r(QStringLiteral("123"), 100);
        r.update(true, EncryptionState::Encrypted, 0);
        r.take(r.dial.advance(5000)); // a timer that fired very late
        QCOMPARE(r.digits, QStringLiteral("1"));
        QCOMPARE(r.dial.nextDeadline(), std::optional<qint64>(5100));
    }

    void timeoutAfterTheAnswer()
    {
        Run r(QStringLiteral("42#"));
        r.update(false, EncryptionState::Negotiating, 0);
        r.runUntil(60000); // no deadline before the answer
        QCOMPARE(r.hangUps, 0);
        r.update(true, EncryptionState::Negotiating, 60000);
        QCOMPARE(r.dial.nextDeadline(), std::optional<qint64>(60000 + kSecureDialEncryptionTimeoutMs));
        r.update(true, EncryptionState::Negotiating, 61000); // a later snapshot does not move it
        r.runUntil(60000 + kSecureDialEncryptionTimeoutMs - 1);
        QCOMPARE(r.hangUps, 0);
        r.runUntil(60000 + kSecureDialEncryptionTimeoutMs);
        QCOMPARE(r.hangUps, 1);
        QCOMPARE(r.dial.status(), SecureDialStatus::Refused);
        QCOMPARE(r.dial.failure(), SecureDialFailure::Timeout);
        QVERIFY(r.dial.message().contains(QLatin1String("not confirmed in time")));
        QCOMPARE(r.digits, QString());
    }

    void notEncryptedIsRefused_data()
    {
        QTest::addColumn<bool>("answered");
        QTest::addColumn<bool>("negotiatedFirst");
        QTest::addColumn<int>("encryption");
        QTest::addColumn<int>("failure");
        QTest::newRow("off at the answer")
            << true << false << int(EncryptionState::Off) << int(SecureDialFailure::NotEncrypted);
        QTest::newRow("off after negotiating, before the answer")
            << false << true << int(EncryptionState::Off) << int(SecureDialFailure::NotEncrypted);
        QTest::newRow("failed before the answer")
            << false << true << int(EncryptionState::Failed) << int(SecureDialFailure::EncryptionFailed);
        QTest::newRow("failed after the answer")
            << true << true << int(EncryptionState::Failed) << int(SecureDialFailure::EncryptionFailed);
    }
    void notEncryptedIsRefused()
    {
        QFETCH(bool, answered);
        QFETCH(bool, negotiatedFirst);
        QFETCH(int, encryption);
        QFETCH(int, failure);
        Run r(QStringLiteral("123#"));
        if (negotiatedFirst)
            r.update(false, EncryptionState::Negotiating, 0);
        r.update(answered, EncryptionState(encryption), 10, QStringLiteral("decrypt failures"));
        QCOMPARE(r.hangUps, 1);
        QCOMPARE(r.dial.status(), SecureDialStatus::Refused);
        QCOMPARE(int(r.dial.failure()), failure);
        QVERIFY2(r.dial.message().contains(QLatin1String("decrypt failures")), qPrintable(r.dial.message()));
        QVERIFY(r.dial.message().contains(QLatin1String("not sent")));
        r.update(true, EncryptionState::Encrypted, 20); // nothing revives it
        r.runUntil(100000);
        QCOMPARE(r.digits, QString());
        QCOMPARE(r.hangUps, 1);
    }

    void offBeforeAnyNegotiationWaitsForTheAnswer()
    {
        // A NEW not yet answered says nothing about encryption: Off then is not a refusal.
        Run r(QStringLiteral("1"));
        r.update(false, EncryptionState::Off, 0);
        QCOMPARE(r.dial.status(), SecureDialStatus::Waiting);
        QCOMPARE(r.hangUps, 0);
        r.update(true, EncryptionState::Off, 10);
        QCOMPARE(r.dial.failure(), SecureDialFailure::NotEncrypted);
        QVERIFY(r.dial.message().contains(QLatin1String("did not agree")));
    }

    void encryptionLostMidwayStops_data()
    {
        QTest::addColumn<int>("encryption");
        QTest::newRow("failed") << int(EncryptionState::Failed);
        QTest::newRow("off") << int(EncryptionState::Off);
    }
    void encryptionLostMidwayStops()
    {
        QFETCH(int, encryption);
        Run r(QStringLiteral("99999999"), 100);
        r.update(true, EncryptionState::Encrypted, 0);
        r.runUntil(300);
        QCOMPARE(r.digits, QStringLiteral("999"));
        r.update(true, EncryptionState(encryption), 350, QStringLiteral("bad frames"));
        r.runUntil(10000);
        QCOMPARE(r.digits, QStringLiteral("999"));
        QCOMPARE(r.hangUps, 1);
        QCOMPARE(r.dial.failure(), SecureDialFailure::EncryptionLost);
        QVERIFY2(r.dial.message().contains(QLatin1String("bad frames")), qPrintable(r.dial.message()));
        QCOMPARE(r.dial.sentCount(), 3);
    }

    void heldCallWaits()
    {
        Run r(QStringLiteral("12"), 100);
        r.update(true, EncryptionState::Encrypted, 0);
        r.runUntil(100);
        QCOMPARE(r.digits, QStringLiteral("1"));
        SecureDialCall held;
        held.answered = held.held = true;
        held.encryption = EncryptionState::Encrypted;
        r.take(r.dial.update(held, 150));
        r.runUntil(1000);
        QCOMPARE(r.digits, QStringLiteral("1"));
        r.update(true, EncryptionState::Encrypted, 1000);
        r.runUntil(1200);
        QCOMPARE(r.digits, QStringLiteral("12"));
    }

    void callEndedIsAbandonedWithoutHangUp()
    {
        Run r(QStringLiteral("12"));
        r.update(true, EncryptionState::Negotiating, 0);
        r.update(true, EncryptionState::Negotiating, 10, QStringLiteral("busy"), true);
        QCOMPARE(r.dial.status(), SecureDialStatus::Abandoned);
        QCOMPARE(r.dial.failure(), SecureDialFailure::CallEnded);
        QVERIFY(r.dial.message().contains(QLatin1String("(busy)")));
        QCOMPARE(r.hangUps, 0);
        QVERIFY(!r.dial.nextDeadline());
    }

    // ---- Tbd mode (encrypted dial): the whole number in one IAX DIAL, after the ACCEPT ----

    void tbdSendsTheNumberOnceAcceptedAndEncrypted()
    {
        SecureDial dial = SecureDial::encryptedDial(QStringLiteral("5551234"), 5000);
        QCOMPARE(dial.mode(), SecureDialMode::Tbd);
        SecureDialCall c;
        c.encryption = EncryptionState::Encrypted; // proven by the ACCEPT itself ...
        QVERIFY(dial.update(c, 0).empty()); // ... but the ACCEPT event may come next
        c.accepted = true;
        const auto actions = dial.update(c, 10);
        QVERIFY(!actions.empty());
        QCOMPARE(actions.front().kind, Kind::SendNumber);
        QCOMPARE(actions.front().number, QStringLiteral("5551234"));
        QCOMPARE(dial.status(), SecureDialStatus::Sent);
        QVERIFY(dial.update(c, 20).empty()); // never twice
    }

    void tbdRefusesAnAcceptedClearCall()
    {
        SecureDial dial = SecureDial::encryptedDial(QStringLiteral("5551234"), 5000);
        SecureDialCall c;
        c.accepted = true;
        c.encryption = EncryptionState::Off;
        const auto actions = dial.update(c, 0);
        QVERIFY(std::none_of(actions.begin(), actions.end(), [](const auto& a) { return a.kind == Kind::SendNumber; }));
        QVERIFY(std::any_of(actions.begin(), actions.end(), [](const auto& a) { return a.kind == Kind::HangUp; }));
        QCOMPARE(dial.status(), SecureDialStatus::Refused);
        QCOMPARE(dial.failure(), SecureDialFailure::NotEncrypted);
    }

    void tbdTimesOutAfterTheAccept()
    {
        SecureDial dial = SecureDial::encryptedDial(QStringLiteral("5551234"), 3000);
        SecureDialCall c;
        c.accepted = true;
        c.encryption = EncryptionState::Negotiating;
        QVERIFY(dial.update(c, 1000).empty());
        QCOMPARE(dial.nextDeadline(), std::optional<qint64>(4000));
        const auto actions = dial.advance(4000);
        QVERIFY(std::any_of(actions.begin(), actions.end(), [](const auto& a) { return a.kind == Kind::HangUp; }));
        QCOMPARE(dial.failure(), SecureDialFailure::Timeout);
    }

    void tbdNumberFor()
    {
        QString error;
        QCOMPARE(SecureDial::numberFor(QStringLiteral("xfer-target"), &error), std::optional<QString>("xfer-target"));
        QVERIFY(!SecureDial::numberFor(QStringLiteral("tbd"), &error));
        QVERIFY(!SecureDial::numberFor(QStringLiteral("a b"), &error));
        QVERIFY(!SecureDial::numberFor(QStringLiteral("a/b"), &error));
        QVERIFY(!SecureDial::numberFor(QString(), &error));
        QVERIFY(!error.isEmpty());
    }

    void digitsFor()
    {
        QString error;
        QCOMPARE(SecureDial::digitsFor(QStringLiteral("55a*"), QLatin1Char('#'), &error),
            std::optional<QString>(QStringLiteral("55A*#")));
        QCOMPARE(SecureDial::digitsFor(QStringLiteral("123"), QChar(), &error),
            std::optional<QString>(QStringLiteral("123")));
        for (const char* bad : { "", "55 12", "12x", "+4930" }) {
            error.clear();
            QVERIFY2(!SecureDial::digitsFor(QLatin1String(bad), QLatin1Char('#'), &error), bad);
            QVERIFY(error.contains(QLatin1String("0-9, *, # and A-D")));
        }
    }
};

QTEST_GUILESS_MAIN(TstPhoneSecureDial)
#include "tst_phone_secure_dial.moc"
