// The phone layer's side of issue 18's native features, without Widgets: the voicemail count per
// account (CallTracker → RegistrationSnapshot), and the incoming-call rule (DND, auto-answer).
#include "core/phone/attended_transfer.h"
#include "core/phone/call_tracker.h"
#include "core/phone/call_transfer.h"
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

    // A blind transfer is done only when the PBX hangs our leg up; anything else fails it.
    void transferOutcome()
    {
        const TransferProgress req = transferRequested(QStringLiteral("300"));
        QCOMPARE(req.state, TransferState::Requested);
        CallEnd end;
        end.reason = "Normal Clearing";
        const auto done = transferEnded(req, iax::core::CallState::HungUp, end, false);
        QCOMPARE(done.state, TransferState::Done);
        QCOMPARE(done.target, QStringLiteral("300"));
        QVERIFY(!done.reason.isEmpty());
        QCOMPARE(transferEnded(req, iax::core::CallState::HungUp, end, true).state, TransferState::Failed);
        end.reason = "Call rejected";
        const auto rejected = transferEnded(req, iax::core::CallState::Rejected, end, false);
        QCOMPARE(rejected.state, TransferState::Failed);
        QCOMPARE(rejected.reason, QStringLiteral("Call rejected"));
        const auto silent = transferTimedOut(req);
        QCOMPARE(silent.state, TransferState::Failed);
        QVERIFY(silent.reason.contains(QString::number(kTransferWaitMs / 1000)));
        // Settled or never asked: nothing changes it any more.
        QCOMPARE(transferTimedOut(done), done);
        QCOMPARE(transferEnded(silent, iax::core::CallState::HungUp, end, false), silent);
        QCOMPARE(
            transferEnded(TransferProgress {}, iax::core::CallState::HungUp, end, false).state, TransferState::None);
        QCOMPARE(transferStateName(TransferState::Requested), QStringLiteral("requested"));
        QCOMPARE(transferStateName(TransferState::Done), QStringLiteral("done"));
        QCOMPARE(transferStateName(TransferState::Failed), QStringLiteral("failed"));
    }

    // Attended transfer: hold the first call, dial the target; complete = hang the consult call up,
    // then the blind TRANSFER of the first call to the consulted number.
    void attendedTransferSteps()
    {
        using Kind = AttendedTransfer::Step::Kind;
        using Steps = AttendedTransfer::Steps;
        AttendedTransfer t;
        QString why;
        QVERIFY(t.start(1, iax::phone::CallState::Ringing, QStringLiteral("300"), &why).empty());
        QVERIFY(!why.isEmpty());
        QVERIFY(t.start(1, iax::phone::CallState::Answered, QStringLiteral("  "), &why).empty());
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Idle);
        QCOMPARE(t.start(1, iax::phone::CallState::Answered, QStringLiteral(" 300 "), &why),
            (Steps { { Kind::Hold, 1, {} }, { Kind::Dial, -1, QStringLiteral("300") } }));
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Consulting);
        QVERIFY(t.start(1, iax::phone::CallState::Held, QStringLiteral("400"), &why).empty()); // one at a time
        t.consultPlaced(2);
        QVERIFY(!t.canComplete()); // the PBX has not reached the target yet
        QVERIFY(t.complete(&why).empty());
        t.update(2, iax::phone::CallState::Ringing);
        QVERIFY(t.canComplete());
        t.update(2, iax::phone::CallState::Answered);
        QCOMPARE(t.complete(&why), (Steps { { Kind::HangUp, 2, {} }, { Kind::Transfer, 1, QStringLiteral("300") } }));
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Completed);

        // From a call already held: no second HOLD. Cancel resumes it.
        QCOMPARE(t.start(5, iax::phone::CallState::Held, QStringLiteral("300"), &why),
            (Steps { { Kind::Dial, -1, QStringLiteral("300") } }));
        t.consultPlaced(6);
        QCOMPARE(t.cancel(), (Steps { { Kind::HangUp, 6, {} }, { Kind::Unhold, 5, {} } }));
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Idle);
        QVERIFY(t.cancel().empty());

        // The consult call ends (busy, hung up) or the first one does: back to idle, nothing sent.
        t.start(7, iax::phone::CallState::Answered, QStringLiteral("300"), &why);
        t.consultPlaced(8);
        t.update(8, iax::phone::CallState::Failed);
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Idle);
        t.start(7, iax::phone::CallState::Held, QStringLiteral("300"), &why);
        t.consultPlaced(9);
        t.update(7, iax::phone::CallState::HungUp);
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Idle);
        // The dial was refused.
        t.start(7, iax::phone::CallState::Held, QStringLiteral("300"), &why);
        t.consultPlaced(-1);
        QCOMPARE(t.stage(), AttendedTransfer::Stage::Idle);
    }

    // A do-not-disturb or auto-answer switch needs no new registration; a server change does.
    void sameRegistrationIgnoresCallBehaviour()
    {
        AccountSettings a;
        a.host = QStringLiteral("pbx");
        AccountSettings b = a;
        b.doNotDisturb = true;
        b.autoAnswerFromPbx = true;
        b.autoAnswerAfterSeconds = 5;
        b.voicemailExtension = QStringLiteral("*97");
        QVERIFY(sameRegistration(a, b));
        b.host = QStringLiteral("other");
        QVERIFY(!sameRegistration(a, b));
    }

    void defaultsAreOff()
    {
        const AccountSettings a;
        QVERIFY(!a.doNotDisturb);
        QVERIFY(!a.autoAnswerFromPbx);
        QVERIFY(!GeneralSettings().doNotDisturb);
        QCOMPARE(a.autoAnswerAfterSeconds, 0);
        QVERIFY(a.voicemailExtension.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPhoneFeatures)
#include "tst_phone_features.moc"
