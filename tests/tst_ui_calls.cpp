// The call list and the encryption indicator driven by scripted Engine events through the
// production CallTracker (the same mapping EnginePhoneController uses), offscreen.
#include "core/phone/call_tracker.h"
#include "core/phone/phone_controller.h"
#include "support/command_log_controller.h"
#include "ui/call_item_delegate.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/encryption_details_dialog.h"
#include "ui/encryption_indicator.h"
#include "ui/encryption_presentation.h"

#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

using namespace iax;
using namespace iax::ui;

namespace {

using RecordingController = iax::test::CommandLogController;

core::EncryptionStateChanged enc(int call, core::EncryptionState s, bool rx, bool tx, const char* reason = "")
{
    core::EncryptionStateChanged e { core::CallId(call), s, {} };
    e.details.cipher = s == core::EncryptionState::Off ? "" : "AES-128";
    e.details.auth = "md5";
    e.details.rxProven = rx;
    e.details.txProven = tx;
    e.details.reason = reason;
    return e;
}

core::CallStateChanged state(
    int call, core::CallState s, core::CallEnd::Kind kind = core::CallEnd::Kind::Normal, const char* reason = "")
{
    core::CallStateChanged c { core::CallId(call), s, {} };
    c.end.kind = kind;
    c.end.reason = reason;
    return c;
}

} // namespace

class TstUiCalls : public QObject {
    Q_OBJECT

    struct Rig {
        CallTracker tracker;
        CallListModel model { nullptr };
        RecordingController controller;
        CallPanel panel { &controller, &model, nullptr };
        QList<EncryptionState> seenByModel, seenByIndicator;
        QStringList iconsSeen;
        Rig()
        {
            QObject::connect(&tracker, &CallTracker::callUpdated, &model, &CallListModel::applySnapshot);
            QObject::connect(&tracker, &CallTracker::incomingCall, &model, &CallListModel::applySnapshot);
        }
        /// Records what the user could see after every single change. Call after panel.setCall():
        /// these slots must run after the indicator's own.
        void watch()
        {
            QObject::connect(&model, &QAbstractItemModel::dataChanged, [this] { record(); });
            QObject::connect(&model, &QAbstractItemModel::rowsInserted, [this] { record(); });
        }
        void record()
        {
            if (model.rowCount() == 0)
                return;
            const auto s = EncryptionState(model.index(0).data(CallListModel::EncryptionStateRole).toInt());
            if (seenByModel.isEmpty() || seenByModel.last() != s)
                seenByModel << s;
            EncryptionIndicator* ind = panel.indicator();
            if (ind->isVisibleTo(&panel) && (seenByIndicator.isEmpty() || seenByIndicator.last() != ind->state())) {
                seenByIndicator << ind->state();
                iconsSeen << ind->iconName();
            }
        }
        EncryptionIndicator* indicator() { return panel.indicator(); }
    };

private Q_SLOTS:
    void scriptedSequenceNeverClaimsTooMuch()
    {
        Rig r;
        r.tracker.addOutgoing(7, QStringLiteral("acc"), QStringLiteral("600"), EncryptionPolicy::Required);
        r.panel.setCall(7);
        r.watch();
        r.record();
        QCOMPARE(r.model.rowCount(), 1);
        QCOMPARE(r.indicator()->state(), EncryptionState::Off);

        r.tracker.apply(state(7, core::CallState::Authenticating));
        r.tracker.apply(enc(7, core::EncryptionState::Negotiating, false, false));
        QCOMPARE(r.indicator()->state(), EncryptionState::Negotiating);
        QCOMPARE(r.indicator()->iconName(), QStringLiteral("spinner"));

        // The engine says Encrypted but only one direction is proven: still Negotiating.
        r.tracker.apply(enc(7, core::EncryptionState::Encrypted, true, false));
        QCOMPARE(r.indicator()->state(), EncryptionState::Negotiating);
        r.tracker.apply(enc(7, core::EncryptionState::Encrypted, false, true));
        QCOMPARE(r.indicator()->state(), EncryptionState::Negotiating);
        r.tracker.apply(core::CallAccepted { 7, core::Codec::Alaw });
        r.tracker.apply(state(7, core::CallState::Answered));
        QVERIFY(!r.seenByModel.contains(EncryptionState::Encrypted));
        QVERIFY(!r.seenByIndicator.contains(EncryptionState::Encrypted));

        r.tracker.apply(enc(7, core::EncryptionState::Encrypted, true, true));
        QCOMPARE(r.indicator()->state(), EncryptionState::Encrypted);
        QCOMPARE(r.indicator()->iconName(), QStringLiteral("padlock-closed"));
        QVERIFY2(r.indicator()->text().contains(QLatin1String("AES-128")), qPrintable(r.indicator()->text()));
        QVERIFY2(r.indicator()->text().contains(QLatin1String("MD5")), qPrintable(r.indicator()->text()));
        const QModelIndex row = r.model.index(0);
        QCOMPARE(row.data(CallListModel::CodecRole).toString(), QStringLiteral("alaw"));
        QCOMPARE(CallState(row.data(CallListModel::StateRole).toInt()), CallState::Answered);
        QVERIFY(row.data(CallListModel::BannerRole).toString().isEmpty());

        core::Rekey rk { 7, core::KeyDirection::Rx };
        r.tracker.apply(rk);
        QCOMPARE(row.data(CallListModel::EncryptionDetailsRole).value<EncryptionDetails>().rekeysReceived, 1);

        auto failed = enc(7, core::EncryptionState::Failed, true, true, "20 frames could not be decrypted");
        failed.details.decryptFailures = 20;
        r.tracker.apply(failed);
        QCOMPARE(r.indicator()->state(), EncryptionState::Failed);
        QCOMPARE(r.indicator()->iconName(), QStringLiteral("padlock-broken"));
        QVERIFY(!r.panel.bannerText().isEmpty());
        QVERIFY(r.model.index(0)
                    .data(CallListModel::FailureDetailRole)
                    .toString()
                    .contains(QLatin1String("could not be decrypted")));

        // A later "Off" does not hide the failure.
        r.tracker.apply(enc(7, core::EncryptionState::Off, false, false));
        QCOMPARE(r.indicator()->state(), EncryptionState::Failed);

        const QList<EncryptionState> expected { EncryptionState::Off, EncryptionState::Negotiating,
            EncryptionState::Encrypted, EncryptionState::Failed };
        QCOMPARE(r.seenByModel, expected);
        QCOMPARE(r.seenByIndicator, expected);
        QCOMPARE(r.iconsSeen, QStringList({ "padlock-open", "spinner", "padlock-closed", "padlock-broken" }));

        // The details dialog shows the counters and what is not hidden.
        EncryptionDetailsDialog* dlg = r.indicator()->showDetails();
        QVERIFY(dlg);
        const QString text = dlg->plainText();
        QVERIFY2(text.contains(QLatin1String("Decrypt failures: 20")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("600"))); // the dialled number travels in clear
        QVERIFY(text.contains(QLatin1String("Key changes by us / by the peer: 0 / 1")));
        dlg->close();
    }

    void terminalCallIsNotEncryptedWhenNeverProven()
    {
        Rig r;
        r.watch();
        QSignalSpy ended(&r.tracker, &CallTracker::callEnded);
        r.tracker.addOutgoing(3, QStringLiteral("acc"), QStringLiteral("700"), EncryptionPolicy::Required);
        r.tracker.apply(enc(3, core::EncryptionState::Negotiating, false, false));
        r.tracker.apply(state(
            3, core::CallState::Failed, core::CallEnd::Kind::EncryptionRefused, "the peer does not support AES-128"));
        QCOMPARE(ended.count(), 1);
        const QModelIndex row = r.model.index(0);
        QCOMPARE(CallState(row.data(CallListModel::StateRole).toInt()), CallState::Failed);
        QCOMPARE(EncryptionState(row.data(CallListModel::EncryptionStateRole).toInt()), EncryptionState::Off);
        // One plain sentence; the technical reasons behind "Details" (issue 21).
        const QString banner = row.data(CallListModel::BannerRole).toString();
        QVERIFY2(banner.contains(QLatin1String("your settings require encryption")), qPrintable(banner));
        const QString detail = row.data(CallListModel::FailureDetailRole).toString();
        QVERIFY2(detail.contains(QLatin1String("encryption is required")), qPrintable(detail));
        QVERIFY(detail.contains(QLatin1String("does not support AES-128")));
        QVERIFY(!r.seenByModel.contains(EncryptionState::Encrypted));
        // Nothing after the end changes it.
        r.tracker.apply(enc(3, core::EncryptionState::Encrypted, true, true));
        QCOMPARE(ended.count(), 1);
    }

    void authFailureNamesTheAccount()
    {
        // Our call refused for its credentials (or an encrypted AUTHREP nobody answered): the cause
        // says which account's secret is probably wrong; an incoming caller's failure does not.
        Rig r;
        r.tracker.setAccountName(QStringLiteral("acc"), QStringLiteral("Office PBX"));
        r.tracker.addOutgoing(5, QStringLiteral("acc"), QStringLiteral("600"), EncryptionPolicy::Required);
        r.tracker.apply(state(5, core::CallState::Failed, core::CallEnd::Kind::AuthFailed,
            "authentication failed: the peer did not answer our encrypted AUTHREP within 8 s (wrong secret?)"));
        const CallSnapshot* c = r.tracker.call(5);
        QVERIFY(c && c->wrongSecret);
        QVERIFY2(c->cause.startsWith(QLatin1String("wrong secret for account Office PBX?")), qPrintable(c->cause));
        QVERIFY(c->cause.contains(QLatin1String("within 8 s")));
        const QString shown = r.model.index(0).data(CallListModel::FailureDetailRole).toString();
        QVERIFY2(shown.contains(QLatin1String("wrong secret for account Office PBX?")), qPrintable(shown));
        QVERIFY(r.model.index(0).data(CallListModel::BannerRole).toString().contains(QLatin1String("secret")));
        r.tracker.addOutgoing(6, QStringLiteral("acc"), QStringLiteral("600"), EncryptionPolicy::Required);
        r.tracker.apply(state(6, core::CallState::Rejected, core::CallEnd::Kind::Busy, "busy"));
        QVERIFY(!r.tracker.call(6)->wrongSecret);
    }

    void opportunisticDowngradeIsAWarning()
    {
        Rig r;
        r.tracker.addOutgoing(4, QStringLiteral("acc"), QStringLiteral("800"), EncryptionPolicy::Opportunistic);
        r.panel.setCall(4);
        r.tracker.apply(state(4, core::CallState::Answered));
        r.tracker.apply(enc(4, core::EncryptionState::Off, false, false, "the peer declined AES-128"));
        QCOMPARE(r.indicator()->state(), EncryptionState::Off);
        QCOMPARE(r.indicator()->iconName(), QStringLiteral("padlock-open"));
        QVERIFY(r.indicator()->text().contains(QLatin1String("Not encrypted")));
        QVERIFY2(
            r.panel.bannerText().contains(QLatin1String("peer declined AES-128")), qPrintable(r.panel.bannerText()));
    }

    void incomingCallHoldMuteAndRegistration()
    {
        Rig r;
        r.tracker.setAccountForUser(
            [](const QString& u) { return u == QLatin1String("bob") ? QStringLiteral("b1") : QString(); });
        r.tracker.setPolicyForAccount(QStringLiteral("b1"), EncryptionPolicy::Opportunistic);
        QSignalSpy incoming(&r.tracker, &CallTracker::incomingCall);
        core::IncomingCall in;
        in.call = 9;
        in.from = { "127.0.0.1", 4569 };
        in.username = "bob";
        in.callingNumber = "5551234";
        in.callingName = "Carol";
        in.format = core::Codec::Opus;
        r.tracker.apply(in);
        QCOMPARE(incoming.count(), 1);
        const auto snap = incoming.first().first().value<CallSnapshot>();
        QCOMPARE(snap.accountId, QStringLiteral("b1"));
        QCOMPARE(snap.peer, QStringLiteral("Carol"));
        QCOMPARE(snap.direction, CallDirection::Incoming);
        QCOMPARE(snap.state, CallState::Ringing);

        r.panel.setCall(9);
        auto* answer = r.panel.findChild<QPushButton*>(QStringLiteral("answerButton"));
        auto* hangup = r.panel.findChild<QPushButton*>(QStringLiteral("hangupButton"));
        QVERIFY(answer && hangup);
        QVERIFY(answer->isVisibleTo(&r.panel));
        QTest::mouseClick(answer, Qt::LeftButton);
        QCOMPARE(r.controller.commands, QStringList { QStringLiteral("answer 9") });

        r.tracker.apply(state(9, core::CallState::Answered));
        QVERIFY(!answer->isVisibleTo(&r.panel));
        QVERIFY(hangup->isVisibleTo(&r.panel));
        r.tracker.apply(core::HoldChanged { 9, true });
        QCOMPARE(r.tracker.call(9)->state, CallState::Held);
        r.tracker.apply(core::HoldChanged { 9, false });
        QCOMPARE(r.tracker.call(9)->state, CallState::Answered);
        QVERIFY(r.tracker.setMuted(9, true));
        QVERIFY(r.model.index(0).data(CallListModel::MutedRole).toBool());

        QSignalSpy regs(&r.tracker, &CallTracker::registrationChanged);
        r.tracker.addRegistration(5, QStringLiteral("b1"));
        r.tracker.apply(core::RegistrationStateChanged { 5, core::RegistrationState::Registered, 60, "", "1.2.3.4:5" });
        r.tracker.apply(core::RegistrationStateChanged { 6, core::RegistrationState::Failed, 0, "x", "" }); // unknown
        QCOMPARE(regs.count(), 1);
        const auto reg = regs.first().first().value<RegistrationSnapshot>();
        QCOMPARE(reg.state, RegistrationState::Registered);
        QCOMPARE(reg.apparentAddress, QStringLiteral("1.2.3.4:5"));

        // Events for unknown calls are ignored.
        r.tracker.apply(state(12345, core::CallState::Answered));
        r.tracker.apply(enc(12345, core::EncryptionState::Encrypted, true, true));
        QCOMPARE(r.model.rowCount(), 1);
    }

    void peerTextIsNeverRenderedAsHtml()
    {
        // The caller's name and the peer's causes are the peer's to choose: a label that guessed
        // rich text would render <img>/<a> tags from the network.
        Rig r;
        r.tracker.setAccountForUser([](const QString&) { return QStringLiteral("b1"); });
        core::IncomingCall in;
        in.call = 4;
        in.from = { "127.0.0.1", 4569 };
        in.username = "bob";
        in.callingName = "<b>Bank</b><img src='x'>";
        in.format = core::Codec::Ulaw;
        r.tracker.apply(in);
        r.panel.setCall(4);
        r.tracker.apply(state(4, core::CallState::HungUp, core::CallEnd::Kind::Normal, "<a href='x'>call back</a>"));
        for (const char* name : { "callPeer", "callState", "callBanner", "secureDialStatus", "callKeyNote" }) {
            auto* label = r.panel.findChild<QLabel*>(QString::fromLatin1(name));
            QVERIFY2(label, name);
            QCOMPARE(label->textFormat(), Qt::PlainText);
        }
        QCOMPARE(
            r.panel.findChild<QLabel*>(QStringLiteral("callPeer"))->text(), QString::fromStdString(in.callingName));
    }

    void germanTranslationIsEmbedded()
    {
        // lrelease runs at build time and the .qm is embedded under :/i18n (as main() loads it).
        QTranslator de;
        QVERIFY(de.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("iaxphone"), QStringLiteral("_"),
            QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&de);
        const EncryptionLook off = EncryptionPresentation::lookFor(EncryptionState::Off, {});
        QCoreApplication::removeTranslator(&de);
        QCOMPARE(off.text, QStringLiteral("Nicht verschlüsselt"));
        QCOMPARE(EncryptionPresentation::lookFor(EncryptionState::Off, {}).text, QStringLiteral("Not encrypted"));
    }

    void delegatePaintsEveryState()
    {
        // The list view paints each state without crashing and sizes rows for the banner.
        Rig r;
        QListView view;
        view.setModel(&r.model);
        view.setItemDelegate(new CallItemDelegate(&view));
        view.resize(600, 400);
        r.tracker.addOutgoing(1, QStringLiteral("a"), QStringLiteral("1"), EncryptionPolicy::Opportunistic);
        r.tracker.addOutgoing(2, QStringLiteral("a"), QStringLiteral("2"), EncryptionPolicy::Opportunistic);
        r.tracker.apply(enc(2, core::EncryptionState::Off, false, false, "declined"));
        r.tracker.addOutgoing(3, QStringLiteral("a"), QStringLiteral("3"), EncryptionPolicy::Required);
        r.tracker.apply(enc(3, core::EncryptionState::Encrypted, true, true));
        const QImage img = view.grab().toImage();
        QVERIFY(!img.isNull());
        const int plain = view.sizeHintForIndex(r.model.index(0)).height();
        const int withBanner = view.sizeHintForIndex(r.model.index(1)).height();
        QVERIFY(withBanner > plain);
    }
};

QTEST_MAIN(TstUiCalls)
#include "tst_ui_calls.moc"
