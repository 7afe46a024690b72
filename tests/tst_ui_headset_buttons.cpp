// Headset buttons on the HID telephony page (issue 19) through the window, offscreen: the main
// window with the production EnginePhoneController is rung by a PBX (the Engine on a QUdpSocket in
// this process); a headset with a real descriptor (the Jabra Link 380c, tests/data/hid) is added
// to HeadsetButtons as start() adds what hidapi finds, and its input reports — the bytes hidapi
// would read — answer, mute, hold, resume and hang up through the call panel's buttons (the entry
// points the MPRIS media keys use), while the LED output reports it is sent follow the calls.
// There is no /dev/uhid on the test machine, so no kernel-level device is simulated: the reports
// enter where the reader thread hands them to the GUI thread. Hot-plug: fake hidraw nodes in a
// temporary /dev (and sysfs descriptors beside it) are added and removed while the phone runs, and
// opened as fake devices that the reader threads read and write.
#include "core/phone/call_snapshot.h"
#include "support/desk_window.h"
#include "support/hid_descriptors.h"
#include "support/udp_engine.h"
#include "ui/call_list_model.h"
#include "ui/headset_buttons.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

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
/// What the test and a fake hidraw device share: input reports to be read, the reports written.
struct FakeHidState {
    std::mutex mutex;
    std::condition_variable readable;
    std::deque<Bytes> inputs;
    std::vector<Bytes> writes;
    bool failed = false; ///< reads fail from now on (unplugged)
    bool open = true; ///< false once the phone closed (destroyed) the device

    void press(const Bytes& report)
    {
        {
            const std::lock_guard lock(mutex);
            inputs.push_back(report);
        }
        readable.notify_all();
    }
    void fail()
    {
        {
            const std::lock_guard lock(mutex);
            failed = true;
        }
        readable.notify_all();
    }
    std::vector<Bytes> written()
    {
        const std::lock_guard lock(mutex);
        return writes;
    }
    bool isOpen()
    {
        const std::lock_guard lock(mutex);
        return open;
    }
};

/// A hidraw device on a FakeHidState, read and written by the phone's reader thread.
class FakeHid : public HeadsetDevice {
public:
    explicit FakeHid(std::shared_ptr<FakeHidState> state)
        : m_s(std::move(state))
    { }
    ~FakeHid() override
    {
        const std::lock_guard lock(m_s->mutex);
        m_s->open = false;
    }
    FakeHid(const FakeHid&) = delete;
    FakeHid& operator=(const FakeHid&) = delete;

    int read(std::span<std::uint8_t> buffer, int timeoutMs) override
    {
        std::unique_lock lock(m_s->mutex);
        m_s->readable.wait_for(
            lock, std::chrono::milliseconds(timeoutMs), [this] { return m_s->failed || !m_s->inputs.empty(); });
        if (m_s->failed)
            return -1;
        if (m_s->inputs.empty())
            return 0;
        const Bytes r = m_s->inputs.front();
        m_s->inputs.pop_front();
        const std::size_t n = std::min(r.size(), buffer.size());
        std::copy_n(r.begin(), n, buffer.begin());
        return int(n);
    }
    bool write(const Bytes& report) override
    {
        const std::lock_guard lock(m_s->mutex);
        m_s->writes.push_back(report);
        return true;
    }

private:
    std::shared_ptr<FakeHidState> m_s;
};

/// A temporary /dev and /sys/class/hidraw, and the fake devices the phone opened there by path.
struct FakeHidraw {
    QTemporaryDir root;
    QString dev = root.filePath(QStringLiteral("dev"));
    QString sys = root.filePath(QStringLiteral("sys"));
    std::map<QString, std::shared_ptr<FakeHidState>> opened; ///< the last device opened at each path

    FakeHidraw()
    {
        QDir().mkpath(dev);
        QDir().mkpath(sys);
    }
    /// Opens node `path` as a fresh fake device.
    HeadsetButtons::DeviceOpener opener()
    {
        return [this](const QString& path) -> std::unique_ptr<HeadsetDevice> {
            auto state = std::make_shared<FakeHidState>();
            opened[path] = state;
            return std::make_unique<FakeHid>(state);
        };
    }
    QString path(const QString& node) const { return QDir(dev).filePath(node); }
    /// Plugs in node `node` with descriptor `descriptor` and product name `name`: sysfs first, as the kernel does.
    bool plug(const QString& node, const Bytes& descriptor, const QByteArray& name)
    {
        const QString dir = QDir(sys).filePath(node + QStringLiteral("/device"));
        QDir().mkpath(dir);
        QFile rd(dir + QStringLiteral("/report_descriptor"));
        QFile uevent(dir + QStringLiteral("/uevent"));
        QFile devNode(path(node));
        return rd.open(QIODevice::WriteOnly)
            && rd.write(reinterpret_cast<const char*>(descriptor.data()), qint64(descriptor.size()))
            == qint64(descriptor.size())
            && uevent.open(QIODevice::WriteOnly)
            && uevent.write("HID_ID=0003:00000B0E:00002470\nHID_NAME=" + name + "\n") > 0
            && devNode.open(QIODevice::WriteOnly);
    }
    /// Removes node `node` (its sysfs directory too).
    bool unplug(const QString& node)
    {
        return QFile::remove(path(node)) && QDir(QDir(sys).filePath(node)).removeRecursively();
    }
};
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

    void headsetPluggedInWhileRunning()
    {
        FakeHidraw hidraw; // outlives the window and its HeadsetButtons, which open in it
        QVERIFY(hidraw.root.isValid());
        Rig rig;
        QVERIFY(rig.desk.started);
        test::UdpEngine& pbx = rig.pbx;
        HeadsetButtons* headset = rig.headset;
        const Bytes descriptor = test::hidDescriptorFile("jabra-link-380c.hex");
        const Bytes consumerOnly(descriptor.end() - 45, descriptor.end()); // its Consumer Control collection
        const QString jabra = QStringLiteral("Jabra Link 380c");
        QVERIFY(hidraw.plug(QStringLiteral("hidraw0"), consumerOnly, "keys")); // not a headset
        headset->setDeviceSource(hidraw.dev, hidraw.sys, hidraw.opener());
        QVERIFY(!headset->start()); // none yet
        QVERIFY(hidraw.opened.empty());
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 15000);
        const core::PeerAddress contact = *pbx.engine().registeredContact("desk");

        // A call rings, then the headset is plugged in: found, and its Ring and Ringer light at once.
        const core::CallId call = pbx.engine().dial(test::pbxCallTo(contact, kSecret), pbx.now()).value();
        pbx.pump();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(call) == core::CallState::Ringing, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(rig.desk.window->callModel()->rowCount() == 1, 10000);
        const QString node = hidraw.path(QStringLiteral("hidraw3"));
        QElapsedTimer sincePlug;
        sincePlug.start();
        QVERIFY(hidraw.plug(QStringLiteral("hidraw3"), descriptor, jabra.toUtf8()));
        QTRY_COMPARE_WITH_TIMEOUT(headset->headsetNames(), QStringList { jabra }, 5000);
        qInfo("hot-plugged headset opened %lld ms after its node appeared", sincePlug.elapsed());
        QCOMPARE(hidraw.opened.size(), std::size_t(1)); // hidraw0 was never opened
        const std::shared_ptr<FakeHidState> first = hidraw.opened.at(node);
        QTRY_VERIFY_WITH_TIMEOUT(!first->written().empty(), 5000);
        QCOMPARE(first->written().back(), (Bytes { 0x02, 0x88, 0x00 })); // Ring + Ringer

        // Its call button (off hook) answers, read by its reader thread; Off-Hook lights.
        first->press({ 0x02, 0x01, 0x00 });
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(call) == core::CallState::Answered, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(first->written().back(), (Bytes { 0x02, 0x01, 0x00 }), 10000);

        // Unplugged (the node goes): the reader is stopped and the device closed; the call goes on.
        QVERIFY(hidraw.unplug(QStringLiteral("hidraw3")));
        QTRY_VERIFY_WITH_TIMEOUT(headset->headsetNames().isEmpty(), 5000);
        QVERIFY(!first->isOpen());
        QCOMPARE(pbx.stateOf(call), core::CallState::Answered);

        // Plugged back in: a new device, shown the call as it is now (Off-Hook), whose on hook hangs up.
        QVERIFY(hidraw.plug(QStringLiteral("hidraw3"), descriptor, jabra.toUtf8()));
        QTRY_COMPARE_WITH_TIMEOUT(headset->headsetNames(), QStringList { jabra }, 5000);
        const std::shared_ptr<FakeHidState> second = hidraw.opened.at(node);
        QVERIFY(second != first);
        QTRY_VERIFY_WITH_TIMEOUT(!second->written().empty(), 5000);
        QCOMPARE(second->written().back(), (Bytes { 0x02, 0x01, 0x00 }));
        first->press({ 0x02, 0x00, 0x00 }); // the old device is read by nobody
        QTest::qWait(300);
        QCOMPARE(pbx.stateOf(call), core::CallState::Answered);
        second->press({ 0x02, 0x00, 0x00 });
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(call) == core::CallState::HungUp, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(second->written().back(), (Bytes { 0x02, 0x00, 0x00 }), 10000);

        // A device whose reads fail (gone before its node) is dropped too, without waiting for /dev.
        second->fail();
        QTRY_VERIFY_WITH_TIMEOUT(headset->headsetNames().isEmpty(), 5000);
        QVERIFY(!second->isOpen());
        QCOMPARE(hidraw.opened.at(node), second); // not reopened while its node stays
    }
};

QTEST_MAIN(TstUiHeadsetButtons)
#include "tst_ui_headset_buttons.moc"
