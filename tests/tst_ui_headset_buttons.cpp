// Headset buttons on the HID telephony page (issue 19) through the window, offscreen: the main
// window with the production EnginePhoneController is rung by a PBX (the Engine on a QUdpSocket in
// this process); a headset with a real descriptor (the Jabra Link 380c, tests/data/hid) is added
// to HeadsetButtons as start() adds what hidapi finds, and its input reports — the bytes hidapi
// would read — answer, mute, hold, resume and hang up through the call panel's buttons (the entry
// points the MPRIS media keys use), while the LED output reports it is sent follow the calls.
// There is no /dev/uhid on the test machine, so no kernel-level device is simulated: the reports
// enter where the reader thread hands them to the GUI thread.
#include "core/phone/call_snapshot.h"
#include "support/desk_window.h"
#include "support/hid_descriptors.h"
#include "support/udp_engine.h"
#include "ui/call_list_model.h"
#include "ui/headset_buttons.h"

#include <QAbstractButton>
#include <QApplication>
#include <QTest>

using namespace iax;
using namespace iax::ui;

namespace {
const char* const kSecret = "desk-secret-for-headset-buttons";
using Bytes = std::vector<std::uint8_t>;

/// The PBX and the window registered to it, with a HeadsetButtons (owned by the window).
struct Rig {
    test::UdpEngine pbx { test::registrarOf("desk", kSecret) };
    test::DeskWindow desk { settingsAt(pbx) };
    HeadsetButtons* headset = desk.started ? new HeadsetButtons(desk.window.get()) : nullptr;

    static Settings settingsAt(test::UdpEngine& pbx)
    {
        Settings s;
        s.accounts << test::deskAccount(pbx.port(), kSecret);
        return s;
    }
};

/// Whether the window's call `id` is muted.
bool mutedInWindow(const MainWindow& w, int id)
{
    const CallListModel* m = w.callModel();
    for (int row = 0; row < m->rowCount(); ++row) {
        if (m->index(row).data(CallListModel::CallIdRole).toInt() == id)
            return m->index(row).data(CallListModel::MutedRole).toBool();
    }
    return false;
}
} // namespace

class TstUiHeadsetButtons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void buttonsDriveTheCallAndLedsShowIt()
    {
        Rig rig;
        QVERIFY(rig.desk.started);
        test::UdpEngine& pbx = rig.pbx;
        MainWindow& w = *rig.desk.window;
        HeadsetButtons* headset = rig.headset;
        std::vector<Bytes> leds; // what the headset was sent, in order
        const Bytes descriptor = test::hidDescriptorFile("jabra-link-380c.hex");
        QCOMPARE(headset->addHeadset(QStringLiteral("Jabra Link 380c"), descriptor,
                     [&leds](const Bytes& r) {
                         leds.push_back(r);
                         return true;
                     }),
            0);
        QCOMPARE(headset->headsetNames(), QStringList { QStringLiteral("Jabra Link 380c") });
        // Output report 2, first byte: Off-Hook bit 0, Mute bit 2, Ring bit 3, Hold bit 4, Ringer bit 7.
        QCOMPARE(leds, (std::vector<Bytes> { { 0x02, 0x00, 0x00 } })); // the truth at once: idle
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 15000);
        const core::PeerAddress contact = *pbx.engine().registeredContact("desk");

        // No call: the hook switch does nothing.
        headset->inputReport(0, { 0x02, 0x01, 0x00 });
        headset->inputReport(0, { 0x02, 0x00, 0x00 });
        QCOMPARE(w.callModel()->rowCount(), 0);

        // A call rings: Ring and Ringer light; the headset's call button (off hook) answers.
        const core::CallId call = pbx.engine().dial(test::pbxCallTo(contact, kSecret), pbx.now()).value();
        pbx.pump();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(call) == core::CallState::Ringing, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x88, 0x00 }), 10000);
        headset->inputReport(0, { 0x02, 0x01, 0x00 });
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(call) == core::CallState::Answered, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x01, 0x00 }), 10000); // Off-Hook only
        const int id = w.callModel()->index(0).data(CallListModel::CallIdRole).toInt();

        // Phone Mute (bit 3, relative: press and release) mutes, and again unmutes.
        headset->inputReport(0, { 0x02, 0x09, 0x00 });
        headset->inputReport(0, { 0x02, 0x01, 0x00 });
        QTRY_VERIFY_WITH_TIMEOUT(mutedInWindow(w, id), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x05, 0x00 }), 5000);
        headset->inputReport(0, { 0x02, 0x09, 0x00 });
        headset->inputReport(0, { 0x02, 0x01, 0x00 });
        QTRY_VERIFY_WITH_TIMEOUT(!mutedInWindow(w, id), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x01, 0x00 }), 5000);

        // Flash (bit 4) holds, and again resumes.
        headset->inputReport(0, { 0x02, 0x11, 0x00 });
        headset->inputReport(0, { 0x02, 0x01, 0x00 });
        QTRY_COMPARE_WITH_TIMEOUT(
            w.callModel()->index(0).data(CallListModel::StateRole).toInt(), int(phone::CallState::Held), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x11, 0x00 }), 5000);
        headset->inputReport(0, { 0x02, 0x11, 0x00 });
        headset->inputReport(0, { 0x02, 0x01, 0x00 });
        QTRY_COMPARE_WITH_TIMEOUT(
            w.callModel()->index(0).data(CallListModel::StateRole).toInt(), int(phone::CallState::Answered), 10000);

        // The call button again: the hook goes on hook and the call is hung up; the LEDs go out.
        headset->inputReport(0, { 0x02, 0x00, 0x00 });
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(call) == core::CallState::HungUp, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x00, 0x00 }), 10000);

        // Answered on screen: the headset is put off hook, and its echo of that is no press.
        const core::CallId second = pbx.engine().dial(test::pbxCallTo(contact, kSecret), pbx.now()).value();
        pbx.pump();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(second) == core::CallState::Ringing, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x88, 0x00 }), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.callModel()->rowCount() == 1, 10000);
        w.selectCall(w.callModel()->index(0).data(CallListModel::CallIdRole).toInt());
        auto* answer = w.findChild<QAbstractButton*>(QStringLiteral("answerButton"));
        QVERIFY(answer);
        answer->click();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(second) == core::CallState::Answered, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leds.back(), (Bytes { 0x02, 0x01, 0x00 }), 10000);
        headset->inputReport(0, { 0x02, 0x01, 0x00 }); // the device follows the Off-Hook LED
        QTest::qWait(300);
        QCOMPARE(pbx.stateOf(second), core::CallState::Answered);
        headset->inputReport(0, { 0x02, 0x00, 0x00 }); // then the user presses: on hook
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(second) == core::CallState::HungUp, 10000);
    }

    void notAHeadsetIsRefused()
    {
        Rig rig;
        QVERIFY(rig.desk.started);
        HeadsetButtons* headset = rig.headset;
        const Bytes all = test::hidDescriptorFile("jabra-link-380c.hex");
        const Bytes consumerOnly(all.end() - 45, all.end()); // its Consumer Control collection
        QCOMPARE(headset->addHeadset(QStringLiteral("keys"), consumerOnly, {}), -1);
        QCOMPARE(headset->addHeadset(QStringLiteral("broken"), Bytes { 0x05 }, {}), -1);
        QVERIFY(headset->headsetNames().isEmpty());
        headset->inputReport(0, { 0x02, 0x01, 0x00 }); // no such headset: nothing
    }
};

QTEST_MAIN(TstUiHeadsetButtons)
#include "tst_ui_headset_buttons.moc"
