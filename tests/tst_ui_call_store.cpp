// The GUI's one per-call store (issue 17): CallListModel rows carry what the GUI learns of a call
// besides the controller's snapshots — secure dial progress, key note, dialled number, first-seen
// and end time, ever encrypted — also when it arrives before the call's first snapshot; the final
// merged snapshot makes the call's history entry; the window and the call panel read only the
// model.
#include "core/phone/call_history.h"
#include "core/phone/phone_controller.h"
#include "support/null_phone_controller.h"
#include "support/ui_test_support.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/main_window.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace iax::ui;

namespace {

/// Records nothing; dial() answers with an id and reports the call later (as the engine does).
class LaterController : public iax::test::NullPhoneController {
public:
    LaterController() { nextId = 42; }
};

CallSnapshot snapshot(int id, const QString& number, CallState state = CallState::Calling)
{
    CallSnapshot c;
    c.id = id;
    c.accountId = QStringLiteral("a1");
    c.number = number;
    c.peer = number;
    c.state = state;
    return c;
}

QVariant roleOf(const CallListModel& m, int callId, int role)
{
    return m.index(m.rowOf(callId)).data(role);
}

} // namespace

class TstUiCallStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void notesBeforeTheFirstSnapshotJoinTheRowAndStay()
    {
        CallListModel model(nullptr);
        QSignalSpy removed(&model, &CallListModel::callRemoved);
        model.setKeyNote(5, QStringLiteral("pinned bob's key"));
        model.setSecureDial(5, { SecureDialProgress::Stage::Waiting, QStringLiteral("waiting") });
        model.setDialled(5, QStringLiteral("0123"));
        QCOMPARE(model.rowCount(), 0); // no row before the controller reports the call

        model.applySnapshot(snapshot(5, QStringLiteral("*77")));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(roleOf(model, 5, CallListModel::KeyNoteRole).toString(), QStringLiteral("pinned bob's key"));
        QCOMPARE(roleOf(model, 5, CallListModel::SecureDialTextRole).toString(), QStringLiteral("waiting"));
        QCOMPARE(roleOf(model, 5, CallListModel::DialledRole).toString(), QStringLiteral("0123"));
        QCOMPARE(roleOf(model, 5, CallListModel::NumberRole).toString(), QStringLiteral("*77"));
        const QDateTime firstSeen = roleOf(model, 5, CallListModel::FirstSeenRole).toDateTime();
        QVERIFY(firstSeen.isValid());
        QVERIFY(!roleOf(model, 5, CallListModel::EncryptionDetailsRole).value<EncryptionDetails>().secureDialUsed);

        // The controller's next snapshots know nothing of these fields: they stay.
        CallSnapshot answered = snapshot(5, QStringLiteral("*77"), CallState::Answered);
        answered.answeredAt = QDateTime::currentDateTimeUtc();
        answered.encryption = EncryptionState::Encrypted;
        model.applySnapshot(answered);
        model.setSecureDial(5, { SecureDialProgress::Stage::Sent, QStringLiteral("sent") });
        QVERIFY(roleOf(model, 5, CallListModel::EncryptionDetailsRole).value<EncryptionDetails>().secureDialUsed);
        answered.encryption = EncryptionState::Off; // withdrawn later: it was encrypted once
        answered.state = CallState::HungUp;
        model.applySnapshot(answered);
        QCOMPARE(roleOf(model, 5, CallListModel::KeyNoteRole).toString(), QStringLiteral("pinned bob's key"));
        QCOMPARE(roleOf(model, 5, CallListModel::FirstSeenRole).toDateTime(), firstSeen);

        model.removeCall(5);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(removed.count(), 1);
        const auto last = removed.at(0).at(0).value<CallSnapshot>();
        QCOMPARE(last.id, 5);
        QCOMPARE(last.dialled, QStringLiteral("0123"));
        QCOMPARE(last.secureDial.stage, SecureDialProgress::Stage::Sent);
        QVERIFY(last.everEncrypted);
        QVERIFY(last.endedAt.isValid());

        const CallHistoryEntry e = CallHistory::entryOf(last, last.endedAt.addSecs(3600));
        QCOMPARE(e.number, QStringLiteral("0123")); // what the user dialled, not the secure dial extension
        QCOMPARE(e.startedAt, firstSeen);
        QVERIFY(e.encrypted);
        QVERIFY(e.secureDial);
        QCOMPARE(e.outcome, QStringLiteral("answered"));
        QVERIFY(e.durationSeconds < 60); // ended at the terminal snapshot, not at `now`
    }

    void notesOfACallThatNeverAppearedAreDropped()
    {
        CallListModel model(nullptr);
        QSignalSpy removed(&model, &CallListModel::callRemoved);
        model.setKeyNote(9, QStringLiteral("pinned"));
        model.removeCall(9);
        QCOMPARE(removed.count(), 0); // not a call of the history: nobody placed it
        model.applySnapshot(snapshot(9, QStringLiteral("100"))); // the id is used again
        QCOMPARE(roleOf(model, 9, CallListModel::KeyNoteRole).toString(), QString());

        model.setDialled(4, QStringLiteral("600")); // placed, then gone before any snapshot
        model.removeCall(4);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<CallSnapshot>().id, 4);
        QCOMPARE(removed.at(0).at(0).value<CallSnapshot>().dialled, QStringLiteral("600"));
    }

    void theWindowReadsTheStore()
    {
        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("history.json")));
        LaterController controller;
        MainWindowDeps deps;
        deps.controller = &controller;
        deps.history = &history;
        deps.useTray = false;
        Settings settings;
        AccountSettings a;
        a.id = QStringLiteral("a1");
        a.name = QStringLiteral("Desk");
        a.host = QStringLiteral("127.0.0.1");
        settings.accounts << a;
        MainWindow w(deps, settings);

        // The caller's key is pinned before the incoming call is reported.
        Q_EMIT controller.keyNotice(3, QStringLiteral("Pinned carol's key"));
        CallSnapshot in = snapshot(3, QStringLiteral("200"), CallState::Ringing);
        in.direction = CallDirection::Incoming;
        Q_EMIT controller.incomingCall(in);
        QCOMPARE(w.callPanel()->callId(), 3);
        QCOMPARE(w.callPanel()->keyNoteText(), QStringLiteral("Pinned carol's key"));
        QVERIFY2(w.lastStatus().contains(QLatin1String("Pinned carol's key")), qPrintable(w.lastStatus()));
        Q_EMIT controller.callRemoved(3);
        QCOMPARE(w.callModel()->rowCount(), 0);
        QCOMPARE(history.entries().size(), 1);
        QCOMPARE(history.entries().at(0).outcome, QStringLiteral("missed"));

        // Dialled now, reported later under another number: the history keeps what was dialled.
        w.dialField()->setText(QStringLiteral("0049 30 1234"));
        w.dialCurrent();
        QCOMPARE(w.callModel()->rowCount(), 0);
        Q_EMIT controller.callUpdated(snapshot(42, QStringLiteral("4930 1234")));
        QCOMPARE(w.callPanel()->callId(), 42);
        Q_EMIT controller.callUpdated(snapshot(42, QStringLiteral("4930 1234"), CallState::HungUp));
        Q_EMIT controller.callRemoved(42);
        QCOMPARE(history.entries().size(), 2);
        QCOMPARE(history.entries().at(0).number, QStringLiteral("0049 30 1234"));
        QCOMPARE(history.entries().at(0).outcome, QStringLiteral("cancelled"));
        QVERIFY(history.entries().at(0).startedAt.isValid());
    }
};

QTEST_MAIN(TstUiCallStore)
#include "tst_ui_call_store.moc"
