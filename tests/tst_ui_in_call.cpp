// The desktop app in a call (issue 21, items 5–9), offscreen with a controller the test plays:
//  5. the main dial pad and the keyboard's digits are DTMF for the selected answered call;
//  6. Hold/Mute say what they do now ("Resume"/"Unmute"), "Muted" in the panel, no call buttons
//     once the call ended (or Hang up was clicked);
//  7. a secure-dial call reads "5551234 (via dtmf, sent encrypted)" in the list and history, and
//     the live row's duration stops at the end like the history's;
//  8. a failure is one plain sentence with the technical detail behind "Details", the failed call
//     stays until dismissed (or kFailedShownSecs), Recent calls elide instead of scrolling;
//  9. the app's padlock icon, not an emoji, before "Destination sent encrypted".
// With IAXPHONE_SCREENSHOT_DIR set, the window is saved there in a call and on a failure.
#include "core/phone/call_history.h"
#include "core/phone/call_presentation.h"
#include "support/null_phone_controller.h"
#include "support/ui_test_support.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/dial_pad.h"
#include "ui/icons.h"
#include "ui/main_window.h"
#include "ui/recent_calls_list.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace iax::ui;
using iax::test::child;

namespace {

/// Records DTMF and hang-ups; reports hold and mute at once (as EnginePhoneController's tracker
/// does); the test plays the engine with report().
class Controller : public iax::test::NullPhoneController {
public:
    QString digits; ///< DTMF sent, in order
    QList<int> hungUp;
    QHash<int, CallSnapshot> calls;

    void report(const CallSnapshot& c)
    {
        calls.insert(c.id, c);
        Q_EMIT callUpdated(c);
    }
    void sendDtmf(int, QChar d) override { digits += d; }
    void hangup(int id) override { hungUp << id; } // the engine's HungUp comes later
    void hold(int id, bool on) override
    {
        CallSnapshot c = calls.value(id);
        c.state = on ? CallState::Held : CallState::Answered;
        report(c);
    }
    void mute(int id, bool on) override
    {
        CallSnapshot c = calls.value(id);
        c.muted = on;
        report(c);
    }
};

CallSnapshot call(int id, CallState state, const QString& number = QStringLiteral("600"))
{
    CallSnapshot c;
    c.id = id;
    c.accountId = QStringLiteral("acc");
    c.number = number;
    c.peer = number;
    c.state = state;
    if (state == CallState::Answered)
        c.answeredAt = QDateTime::currentDateTimeUtc();
    return c;
}

Settings oneAccount()
{
    Settings s;
    AccountSettings a;
    a.id = QStringLiteral("acc");
    a.name = QStringLiteral("PBX");
    a.host = QStringLiteral("127.0.0.1");
    a.username = QStringLiteral("alice");
    a.secret = QStringLiteral("s");
    a.secureDialExtension = QStringLiteral("dtmf");
    s.accounts << a;
    return s;
}

QString screenshotDir()
{
    return qEnvironmentVariable("IAXPHONE_SCREENSHOT_DIR");
}

void screenshot(QWidget& w, const char* name)
{
    if (screenshotDir().isEmpty())
        return;
    QTest::qWait(100);
    w.grab().save(QStringLiteral("%1/%2.png").arg(screenshotDir(), QLatin1String(name)));
}

} // namespace

class TstUiInCall : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A PBX's call without caller ID (Asterisk's `channel originate IAX2/…` sends no CALLING_NUMBER)
    // is listed in Recent calls by the address it came from, without an empty "()".
    // Asterisk refuses a call after authenticating it for a wrong number (cause 3, "No such
    // context/extension") or no common codec (58): the user is told that, not "wrong secret".
    void refusalsAfterAuthenticationSayWhy_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("summary");
        QTest::newRow("no such extension") << 3 << "The server has no such number or extension.";
        QTest::newRow("unallocated") << 1 << "The server has no such number or extension.";
        QTest::newRow("no codec")
            << 58 << "The server offers this account no codec this phone has (Opus, G.711 µ-law or A-law).";
        QTest::newRow("other") << 21 << "The call was rejected.";
    }
    void refusalsAfterAuthenticationSayWhy()
    {
        QFETCH(int, code);
        QFETCH(QString, summary);
        CallSnapshot c;
        c.state = CallState::Failed;
        c.endKind = iax::core::CallEnd::Kind::Rejected;
        c.endCode = code;
        c.cause = QStringLiteral("No such context/extension");
        const FailureText f = failureText(c);
        QCOMPARE(f.summary, summary);
        QCOMPARE(f.detail, QStringLiteral("No such context/extension")); // Asterisk's words, in the details
    }

    void aCallWithoutCallerIdIsListedByItsAddress()
    {
        CallHistoryEntry e;
        e.peer = QStringLiteral("127.0.0.30:4569");
        QCOMPARE(historyTitle(e), QStringLiteral("127.0.0.30:4569"));
        e.number = QStringLiteral("200");
        QCOMPARE(historyTitle(e), QStringLiteral("127.0.0.30:4569 (200)"));
    }

    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Icons::initResources();
    }

    void mainPadAndKeyboardSendDtmfToTheAnsweredCall()
    {
        Controller c;
        MainWindowDeps deps;
        deps.controller = &c;
        deps.useTray = false;
        MainWindow w(deps, oneAccount());
        w.resize(900, 620);
        w.show();
        auto* pad = child<QWidget>(&w, "dialCard")->findChild<DialPad*>();
        QVERIFY(pad);
        QTest::keyClicks(w.dialField(), QStringLiteral("600"));
        QTest::keyClick(w.dialField(), Qt::Key_Return);
        const int id = c.nextId - 1;
        c.report(call(id, CallState::Calling));
        // Not answered yet: the pad types into the field.
        pad->button(QLatin1Char('1'))->click();
        QCOMPARE(w.dialField()->text(), QStringLiteral("1"));
        QCOMPARE(c.digits, QString());
        w.dialField()->clear();

        c.report(call(id, CallState::Answered));
        pad->button(QLatin1Char('5'))->click();
        pad->button(QLatin1Char('#'))->click();
        QCOMPARE(c.digits, QStringLiteral("5#"));
        QCOMPARE(w.dialField()->text(), QString()); // sent, not typed
        QTest::keyClick(w.dialField(), Qt::Key_7);
        QTest::keyClick(w.callView(), Qt::Key_Asterisk);
        QTest::keyClick(w.callView(), Qt::Key_9, Qt::KeypadModifier);
        QCOMPARE(c.digits, QStringLiteral("5#7*9"));
        QCOMPARE(w.dialField()->text(), QString());
        QTest::keyClick(w.dialField(), Qt::Key_A); // letters still type (an iax2: address)
        QCOMPARE(w.dialField()->text(), QStringLiteral("a"));

        // On hold the digits are the dial field's again.
        c.report(call(id, CallState::Held));
        w.dialField()->clear();
        QTest::keyClick(w.dialField(), Qt::Key_3);
        QCOMPARE(w.dialField()->text(), QStringLiteral("3"));
        QCOMPARE(c.digits, QStringLiteral("5#7*9"));
    }

    void holdAndMuteSayWhatTheyDoAndEndedCallsKeepNoButtons()
    {
        Controller c;
        CallListModel model(&c);
        CallPanel panel(&c, &model, nullptr);
        panel.show();
        c.report(call(3, CallState::Answered));
        panel.setCall(3);
        auto* hold = child<QPushButton>(&panel, "holdButton");
        auto* mute = child<QPushButton>(&panel, "muteButton");
        auto* hangup = child<QPushButton>(&panel, "hangupButton");
        auto* state = child<QLabel>(&panel, "callState");
        QCOMPARE(hold->text(), QStringLiteral("Hold"));
        QCOMPARE(mute->text(), QStringLiteral("Mute"));

        hold->click();
        QVERIFY(hold->isChecked());
        QCOMPARE(hold->text(), QStringLiteral("Resume"));
        hold->click();
        QVERIFY(!hold->isChecked());
        QCOMPARE(hold->text(), QStringLiteral("Hold"));

        mute->click();
        QVERIFY(mute->isChecked());
        QCOMPARE(mute->text(), QStringLiteral("Unmute"));
        QVERIFY2(state->text().contains(QLatin1String("Muted")), qPrintable(state->text()));
        mute->click();
        QCOMPARE(mute->text(), QStringLiteral("Mute"));
        QVERIFY(!state->text().contains(QLatin1String("Muted")));

        // Hang up: the buttons go at once, before the engine reports the end.
        hangup->click();
        QCOMPARE(c.hungUp, QList<int> { 3 });
        QVERIFY(!hangup->isVisible() && !hold->isVisible() && !mute->isVisible());
        // An ended call shows none either.
        c.report(call(4, CallState::Answered));
        panel.setCall(4);
        QVERIFY(hangup->isVisible() && hold->isEnabled());
        CallSnapshot ended = call(4, CallState::HungUp);
        c.report(ended);
        QVERIFY(!hangup->isVisible() && !hold->isVisible() && !mute->isVisible());
    }

    void secureDialShowsTheNumberDialledAndOneClock()
    {
        QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-05T10:00:00Z"), Qt::ISODate);
        CallListModel model(nullptr);
        model.setClock([&] { return now; });
        model.setDialled(8, QStringLiteral("5551234"));
        model.setSecureDial(8, { SecureDialProgress::Stage::Waiting, QStringLiteral("waiting") });
        CallSnapshot c = call(8, CallState::Answered, QStringLiteral("dtmf"));
        c.answeredAt = now;
        model.applySnapshot(c);
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(CallListModel::PeerRole).toString(), QStringLiteral("5551234 (via dtmf, not sent yet)"));
        model.setSecureDial(8, { SecureDialProgress::Stage::Sent, QStringLiteral("Destination sent encrypted") });
        QCOMPARE(row.data(CallListModel::PeerRole).toString(), QStringLiteral("5551234 (via dtmf, sent encrypted)"));

        now = now.addSecs(4);
        c.state = CallState::HungUp;
        model.applySnapshot(c); // ends at 0:04
        now = now.addSecs(2); // the row stays on show until the controller forgets it
        model.tick();
        QCOMPARE(row.data(CallListModel::DurationTextRole).toString(), QStringLiteral("0:04"));

        QSignalSpy removed(&model, &CallListModel::callRemoved);
        model.removeCall(8);
        QCOMPARE(removed.count(), 1);
        const CallHistoryEntry e = CallHistory::entryOf(removed.at(0).at(0).value<CallSnapshot>(), now);
        QCOMPARE(e.durationSeconds, 4);
        QCOMPARE(e.number, QStringLiteral("5551234"));
        QCOMPARE(historyTitle(e), QStringLiteral("5551234 (via dtmf, sent encrypted)"));

        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("h.json")));
        QVERIFY(history.add(e));
        CallHistory reloaded(dir.filePath(QStringLiteral("h.json")));
        QCOMPARE(reloaded.entries().value(0), e); // the access extension is kept
        RecentCallsList recent(&reloaded);
        QVERIFY2(recent.item(0)->text().contains(QLatin1String("5551234 (via dtmf, sent encrypted)")),
            qPrintable(recent.item(0)->text()));
    }

    void failureIsOnePlainSentenceWithDetailsAndStaysUntilDismissed()
    {
        QDateTime now = QDateTime::currentDateTimeUtc();
        Controller c;
        CallListModel model(&c);
        model.setClock([&] { return now; });
        CallPanel panel(&c, &model, nullptr);
        connect(&panel, &CallPanel::dismissRequested, &model, &CallListModel::dismissCall); // as CallsCard
        panel.resize(600, 300);
        panel.show();
        CallSnapshot f = call(5, CallState::Failed);
        f.endKind = iax::core::CallEnd::Kind::EncryptionRefused;
        f.cause = QStringLiteral("encryption required but the peer did not agree to it (no ENCRYPTION in AUTHREQ)");
        f.details.failureReason = QStringLiteral("Call refused (encryption is required): %1").arg(f.cause);
        c.report(f);
        panel.setCall(5);
        const QModelIndex row = model.index(0);
        const QString banner = row.data(CallListModel::BannerRole).toString();
        QCOMPARE(banner,
            QStringLiteral("The server does not encrypt calls for this account; your settings require encryption."));
        QCOMPARE(row.data(CallListModel::StateTextRole).toString(), QStringLiteral("Failed")); // said once
        QCOMPARE(panel.bannerText(), banner);
        QVERIFY(!child<QLabel>(&panel, "callState")->text().contains(QLatin1String("AUTHREQ")));
        QCOMPARE(panel.detailText(), QString());
        child<QToolButton>(&panel, "failureDetailsButton")->click();
        QVERIFY2(
            panel.detailText().contains(QLatin1String("no ENCRYPTION in AUTHREQ")), qPrintable(panel.detailText()));
        QCOMPARE(panel.detailText().count(QLatin1String("no ENCRYPTION in AUTHREQ")), 1);

        // The controller forgets it: the history gets it, the row stays until dismissed.
        QSignalSpy removed(&model, &CallListModel::callRemoved);
        Q_EMIT c.callRemoved(5);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        auto* dismiss = child<QPushButton>(&panel, "dismissButton");
        QVERIFY(dismiss->isVisible());
        dismiss->click();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(removed.count(), 1);

        // Another one goes by itself kFailedShownSecs after it ended.
        CallSnapshot g = call(6, CallState::Failed);
        g.endKind = iax::core::CallEnd::Kind::Busy;
        g.cause = QStringLiteral("busy");
        c.report(g);
        Q_EMIT c.callRemoved(6);
        now = now.addSecs(CallListModel::kFailedShownSecs - 1);
        model.tick();
        QCOMPARE(model.rowCount(), 1);
        now = now.addSecs(1);
        model.tick();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(removed.count(), 2);

        // An incoming call we rejected (Failed by the engine's word) goes like any ended call.
        CallSnapshot rejected = call(7, CallState::Failed);
        rejected.direction = CallDirection::Incoming;
        rejected.endKind = iax::core::CallEnd::Kind::Rejected;
        c.report(rejected);
        Q_EMIT c.callRemoved(7);
        QCOMPARE(model.rowCount(), 0);
    }

    void recentCallsElideLongFailuresInsteadOfScrolling()
    {
        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("h.json")));
        CallSnapshot f = call(5, CallState::Failed);
        f.endKind = iax::core::CallEnd::Kind::EncryptionRefused;
        f.cause = QStringLiteral("encryption required but the peer did not agree to it (no ENCRYPTION in AUTHREQ)");
        f.firstSeen = QDateTime::currentDateTimeUtc();
        const CallHistoryEntry e = CallHistory::entryOf(f, f.firstSeen);
        QVERIFY2(!e.outcome.contains(QLatin1String("AUTHREQ")), qPrintable(e.outcome)); // the plain sentence
        QVERIFY(history.add(e));
        RecentCallsList recent(&history);
        recent.resize(320, 120);
        recent.show();
        QVERIFY(QTest::qWaitForWindowExposed(&recent));
        QVERIFY(!recent.horizontalScrollBar()->isVisible());
        QVERIFY(recent.item(0)->toolTip().contains(e.outcome)); // the whole text on hover
    }

    void secureDialSentShowsTheAppsPadlock()
    {
        Controller c;
        CallListModel model(&c);
        CallPanel panel(&c, &model, nullptr);
        panel.show();
        c.report(call(9, CallState::Answered, QStringLiteral("dtmf")));
        model.setSecureDial(9, { SecureDialProgress::Stage::Sent, QStringLiteral("Destination sent encrypted") });
        panel.setCall(9);
        auto* text = child<QLabel>(&panel, "secureDialStatus");
        QCOMPARE(text->text(), QStringLiteral("Destination sent encrypted")); // no emoji (a box in common fonts)
        auto* icon = child<QLabel>(&panel, "secureDialIcon");
        QVERIFY(icon->isVisible());
        QVERIFY(!icon->pixmap().isNull());
        QCOMPARE(icon->pixmap().toImage(),
            Icons::pixmap(QStringLiteral("padlock-closed"), 16, icon->devicePixelRatioF()).toImage());
    }

    /// Not a check: the window in a secure-dial call and on a failure, saved for a person to look
    /// at (IAXPHONE_SCREENSHOT_DIR; e.g. under xvfb-run with QT_QPA_PLATFORM=xcb).
    void windowOnScreen()
    {
        if (screenshotDir().isEmpty())
            QSKIP("IAXPHONE_SCREENSHOT_DIR not set");
        Controller c;
        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("h.json")));
        MainWindowDeps deps;
        deps.controller = &c;
        deps.history = &history;
        deps.useTray = false;
        MainWindow w(deps, oneAccount());
        w.resize(900, 620);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.callModel()->setDialled(21, QStringLiteral("5551234"));
        w.callModel()->setSecureDial(21, { SecureDialProgress::Stage::Waiting, QStringLiteral("Waiting") });
        CallSnapshot a = iax::test::encryptedMutedCall(21, QStringLiteral("acc"));
        c.report(a);
        w.callModel()->setSecureDial(
            21, { SecureDialProgress::Stage::Sent, QStringLiteral("Destination sent encrypted") });
        w.selectCall(21);
        screenshot(w, "in-call");

        CallSnapshot f = call(22, CallState::Failed, QStringLiteral("600"));
        f.endKind = iax::core::CallEnd::Kind::EncryptionRefused;
        f.cause = QStringLiteral("encryption required but the peer did not agree to it (no ENCRYPTION in AUTHREQ)");
        f.details.failureReason = QStringLiteral("Call refused (encryption is required): %1").arg(f.cause);
        c.report(f);
        w.selectCall(22);
        screenshot(w, "failure");
        a.state = CallState::HungUp;
        c.report(a);
        Q_EMIT c.callRemoved(21);
        Q_EMIT c.callRemoved(22); // the controller forgets both (4 s after their end)
        w.selectCall(22);
        screenshot(w, "failure-after-removal");
    }
};

QTEST_MAIN(TstUiInCall)
#include "tst_ui_in_call.moc"
