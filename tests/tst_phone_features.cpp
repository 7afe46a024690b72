// The phone layer's side of issue 18's native features, without Widgets: the voicemail count per
// account (CallTracker → RegistrationSnapshot), and the incoming-call rule (DND, auto-answer).
#include "core/phone/call_tracker.h"
#include "core/phone/incoming_rule.h"

#include <QSignalSpy>
#include <QtTest>

using namespace iax::phone;
using namespace iax::core;

class TestPhoneFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void voicemailCountReachesTheAccount()
    {
        CallTracker t;
        t.addRegistration(5, QStringLiteral("acc-mwi"));
        t.addRegistration(6, QStringLiteral("acc-plain"));
        QSignalSpy spy(&t, &CallTracker::registrationChanged);
        RegistrationStateChanged withCount { 5, iax::core::RegistrationState::Registered, 60, "", "1.2.3.4:5" };
        withCount.voicemail = VoicemailCount { 2, 1 };
        t.apply(withCount);
        t.apply(RegistrationStateChanged { 6, iax::core::RegistrationState::Registered, 60, "", "1.2.3.4:6" });
        QCOMPARE(spy.size(), 2);
        const auto mwi = spy.at(0).at(0).value<RegistrationSnapshot>();
        QCOMPARE(mwi.accountId, QStringLiteral("acc-mwi"));
        QCOMPARE(mwi.voicemailNew, 2);
        QCOMPARE(mwi.voicemailOld, 1);
        const auto plain = spy.at(1).at(0).value<RegistrationSnapshot>();
        QCOMPARE(plain.accountId, QStringLiteral("acc-plain"));
        QCOMPARE(plain.voicemailNew, -1); // the server said nothing: no mailbox, no badge
        QCOMPARE(plain.voicemailOld, -1);
    }

    void incomingRule_data()
    {
        QTest::addColumn<bool>("accountDnd");
        QTest::addColumn<bool>("globalDnd");
        QTest::addColumn<bool>("allowAutoAnswer");
        QTest::addColumn<bool>("requested");
        QTest::addColumn<int>("registration");
        QTest::addColumn<int>("action");
        const int ring = int(IncomingAction::Ring), busy = int(IncomingAction::RejectBusy),
                  auto_ = int(IncomingAction::AutoAnswer);
        QTest::newRow("plain call rings") << false << false << false << false << 1 << ring;
        QTest::newRow("account DND") << true << false << false << false << 1 << busy;
        QTest::newRow("global DND") << false << true << false << false << 0 << busy;
        QTest::newRow("DND wins over auto-answer") << true << false << true << true << 1 << busy;
        QTest::newRow("registrar asks, allowed") << false << false << true << true << 1 << auto_;
        QTest::newRow("registrar asks, off by default") << false << false << false << true << 1 << ring;
        QTest::newRow("someone else asks") << false << false << true << true << 0 << ring;
        QTest::newRow("allowed, nobody asks") << false << false << true << false << 1 << ring;
    }

    void incomingRule()
    {
        QFETCH(bool, accountDnd);
        QFETCH(bool, globalDnd);
        QFETCH(bool, allowAutoAnswer);
        QFETCH(bool, requested);
        QFETCH(int, registration);
        QFETCH(int, action);
        IncomingRules rules;
        rules.doNotDisturb = accountDnd;
        rules.autoAnswerFromPbx = allowAutoAnswer;
        IncomingCall in {};
        in.autoAnswerRequested = requested;
        in.registration = RegId(registration);
        QCOMPARE(int(decideIncoming(rules, globalDnd, in)), action);
    }

    void defaultsAreOff()
    {
        const AccountSettings a;
        QVERIFY(!a.doNotDisturb);
        QVERIFY(!a.autoAnswerFromPbx);
        QVERIFY(!GeneralSettings().doNotDisturb);
    }
};

QTEST_GUILESS_MAIN(TestPhoneFeatures)
#include "tst_phone_features.moc"
