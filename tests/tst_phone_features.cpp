// The phone layer's side of issue 18's native features, without Widgets: the voicemail count per
// account (CallTracker → RegistrationSnapshot), and the incoming-call rule (DND, auto-answer).
#include "core/phone/call_tracker.h"

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
};

QTEST_GUILESS_MAIN(TestPhoneFeatures)
#include "tst_phone_features.moc"
