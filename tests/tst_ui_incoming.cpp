// The GUI receives a call from the PBX its account is registered to (issue 15 item 1), offscreen:
// the main window with the production EnginePhoneController registers to a PBX (the Engine on a
// QUdpSocket in this process, registrar of "desk"), which then calls it as Asterisk's
// Dial(IAX2/desk) does — a NEW with no USERNAME, with CALLING_NUMBER/CALLING_NAME. The window must
// ring, show the caller under the right account, and after Answer show the closed padlock. A
// caller at another address still gets REJECT and never rings.
#include "core/phone/call_snapshot.h"
#include "core/phone/engine_phone_controller.h"
#include "support/desk_window.h"
#include "support/udp_engine.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/device_call_audio.h"
#include "ui/encryption_indicator.h"
#include "ui/main_window.h"
#include "ui/ringer.h"

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

using namespace iax;
using namespace iax::ui;

namespace {
const char* const kSecret = "desk-secret-for-ui";

/// Records what the window asks to ring (the real one plays through PortAudio).
class RecordingRinger : public Ringer {
public:
    void startRinging(int callId, const QString&, const QStringList& devices) override
    {
        ringing << callId;
        ringDevices = devices;
    }
    void stopRinging(int callId) override { ringing.removeAll(callId); }
    QList<int> ringing;
    QStringList ringDevices; ///< the preference list of the last startRinging()
};

core::DialRequest deskCall(const core::PeerAddress& to)
{
    return test::pbxCallTo(to, kSecret); // no username: Dial(IAX2/desk)
}
} // namespace

class TstUiIncoming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pbxCallRingsShowsTheCallerAndEncrypts()
    {
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        test::UdpEngine stranger(core::EngineConfig {});
        Settings s;
        s.accounts << test::deskAccount(pbx.port(), kSecret);
        s.audio.ringerDevice = QStringLiteral("PulseAudio:bell");
        s.audio.ringerHistory = { QStringLiteral("ALSA:old-bell") };
        RecordingRinger ringer;
        test::DeskWindow desk(s, &ringer);
        QVERIFY(desk.started);
        MainWindow& w = *desk.window;
        EnginePhoneController& controller = *desk.controller;
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* reg = w.findChild<QLabel*>(QStringLiteral("registrationLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(reg->text().contains(QLatin1String("Registered")), qPrintable(reg->text()), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 5000);
        const core::PeerAddress contact = *pbx.engine().registeredContact("desk");
        QCOMPARE(contact.port, controller.localPort());

        // Another address with the account's secret: refused, the window never rings.
        const core::CallId sc = stranger.engine().dial(deskCall(contact), stranger.now()).value();
        stranger.pump();
        QTRY_VERIFY_WITH_TIMEOUT(stranger.stateOf(sc) == core::CallState::Rejected, 10000);
        QCOMPARE(w.callModel()->rowCount(), 0);
        QVERIFY(ringer.ringing.isEmpty());

        // The PBX calls: it rings, with the caller's name and number, on the registered account.
        const core::CallId pc = pbx.engine().dial(deskCall(contact), pbx.now()).value();
        pbx.pump();
        QTRY_COMPARE_WITH_TIMEOUT(w.callModel()->rowCount(), 1, 10000);
        const QModelIndex row = w.callModel()->index(0);
        QCOMPARE(CallDirection(row.data(CallListModel::DirectionRole).toInt()), CallDirection::Incoming);
        QCOMPARE(CallState(row.data(CallListModel::StateRole).toInt()), CallState::Ringing);
        QCOMPARE(row.data(CallListModel::PeerRole).toString(), QStringLiteral("Front Desk"));
        QCOMPARE(row.data(CallListModel::NumberRole).toString(), QStringLiteral("5551234"));
        QCOMPARE(row.data(CallListModel::SnapshotRole).value<CallSnapshot>().accountId, QStringLiteral("pbx-desk"));
        QCOMPARE(ringer.ringing.size(), 1);
        // It rings on the ringer's preference list: the chosen device, then the earlier one.
        QCOMPARE(ringer.ringDevices, QStringList({ "PulseAudio:bell", "ALSA:old-bell" }));
        QVERIFY2(w.lastStatus().contains(QLatin1String("Front Desk")), qPrintable(w.lastStatus()));
        QVERIFY2(w.statusBar()->currentMessage().startsWith(QLatin1String("Incoming call from")),
            qPrintable(w.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(pc) == core::CallState::Ringing, 5000); // the PBX hears ringing

        // Answer: the padlock closes (both directions proven with the account's secret).
        auto* answer = w.callPanel()->findChild<QPushButton*>(QStringLiteral("answerButton"));
        QVERIFY(answer->isVisible());
        QTest::mouseClick(answer, Qt::LeftButton);
        QVERIFY(ringer.ringing.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(pc) == core::CallState::Answered, 10000);
        // Answered: the status bar no longer says a call is coming in (it used to, for 10 s).
        QTRY_VERIFY2_WITH_TIMEOUT(!w.statusBar()->currentMessage().contains(QLatin1String("Incoming call")),
            qPrintable(w.statusBar()->currentMessage()), 2000);
        std::vector<std::uint8_t> silence(160, 0xFF);
        for (int f = 0; f < 25; ++f) { // the PBX's voice proves its direction
            pbx.engine().sendVoice(pc, silence, 20, pbx.now());
            pbx.pump();
            QTest::qWait(20);
        }
        QTRY_COMPARE_WITH_TIMEOUT(w.callPanel()->indicator()->state(), EncryptionState::Encrypted, 10000);
        QCOMPARE(w.callPanel()->indicator()->iconName(), QStringLiteral("padlock-closed"));
        QCOMPARE(CallState(w.callModel()->index(0).data(CallListModel::StateRole).toInt()), CallState::Answered);

        pbx.engine().hangup(pc, "Normal Clearing", pbx.now());
        pbx.pump();
        QTRY_COMPARE_WITH_TIMEOUT(w.callModel()->rowCount(), 0, 10000);
    }
};

QTEST_MAIN(TstUiIncoming)
#include "tst_ui_incoming.moc"
