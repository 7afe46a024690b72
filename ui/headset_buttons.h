#pragma once
// Headset buttons and lights on the HID telephony page (issue 19): USB/Bluetooth telephony headsets
// (a top-level Telephony/Headset collection, usage page 0x0B usage 0x05) opened through hidapi's
// hidraw backend; their Hook Switch answers and hangs up, Phone Mute mutes, Flash holds/resumes —
// through the call panel's buttons, as the media keys do (call_keys.h) — and their Off-Hook, Ring,
// Mute and Hold LEDs show the calls. Descriptor parsing and the mapping are HeadsetHidMapper's
// (pure); this class reads each headset on a thread of its own (hid_read_timeout) and hands the
// reports to the GUI thread. GUI thread only, apart from the reader threads inside.
//
// Linux: the descriptor is read from /sys/class/hidraw/hidrawN/device/report_descriptor, and the
// user needs read/write access to /dev/hidrawN (a udev rule; README "Headset buttons"). Built
// without hidapi (libhidapi-dev missing at configure time) the feature is off: start() says so.
// Hot-plug: start() looks at every /dev/hidrawN and then watches /dev (QFileSystemWatcher, i.e.
// inotify: no udev needed); a node appearing or disappearing rescans 200 ms later, so a headset
// plugged in (or back in) while the phone runs is opened and shown the calls, and the reader of
// one unplugged is stopped, joined and closed. Directory and opener are injectable for tests.
#include "ui/headset_hid_mapper.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace iax::ui {

class MainWindow;

/// One opened hidraw device, used only from its reader thread (hidapi's hid_device, or a test's fake).
class HeadsetDevice {
public:
    virtual ~HeadsetDevice() = default;
    /// Reads one input report into `buffer`, waiting at most `timeoutMs`: its size, 0 when none
    /// came, -1 when the device failed (unplugged).
    virtual int read(std::span<std::uint8_t> buffer, int timeoutMs) = 0;
    /// Writes one output report (report id byte first); false when it failed.
    virtual bool write(const std::vector<std::uint8_t>& report) = 0;
};

class HeadsetButtons : public QObject {
    Q_OBJECT
public:
    /// Writes one output report (report id byte first) to a headset; false when it failed.
    using ReportWriter = std::function<bool(const std::vector<std::uint8_t>&)>;
    /// Opens the device node at `path` (GUI thread); null when it cannot (no access, gone).
    using DeviceOpener = std::function<std::unique_ptr<HeadsetDevice>(const QString& path)>;

    /// True when built with hidapi (otherwise start() finds nothing).
    static bool available();

    /// Headset buttons for `window` (which outlives this and owns it); nothing is opened before start().
    explicit HeadsetButtons(MainWindow* window);
    ~HeadsetButtons() override;

    /// Test hook, before start(): hidrawN nodes are looked for in `devDir` (instead of /dev), their
    /// descriptors read from `sysDir`/hidrawN/device/report_descriptor (instead of
    /// /sys/class/hidraw) and opened with `open` (instead of hidapi).
    void setDeviceSource(const QString& devDir, const QString& sysDir, DeviceOpener open);
    /// Opens every telephony headset among the hidraw nodes, listens to it, and from now on
    /// follows nodes appearing and disappearing. False when there is none yet, or none could be
    /// opened, or hidapi is not built in — why is logged at debug level (logging category
    /// "iaxphone.headset"); headsets plugged in later are still found unless hidapi is missing.
    bool start();
    /// Adds a headset with report descriptor `descriptor`; its LED reports go to `write`. The
    /// headset's id (0, 1, … in the order added, never reused), or -1 when the descriptor is not a
    /// telephony headset's (or malformed).
    int addHeadset(const QString& name, std::span<const std::uint8_t> descriptor, ReportWriter write);
    /// An input report of headset `id` as hidapi reads it (report id byte first when the
    /// descriptor has ids): the calls react as its buttons say. Unknown id or report: nothing.
    void inputReport(int id, const std::vector<std::uint8_t>& report);
    /// The names of the headsets in use.
    QStringList headsetNames() const;

private:
    struct Headset;
    class Reader;

    /// Drops the headsets whose node is gone or whose reader failed, and opens the telephony
    /// headsets among the nodes not open yet (start() and 200 ms after /dev changed).
    void rescan();
    /// Drops the headsets whose node is gone or whose reader failed (joined, closed); the nodes there are.
    QStringList dropRemoved();
    /// Opens node `path` if it is a telephony headset; false when it is one but cannot be opened.
    bool openNode(const QString& path);
    void act(HeadsetAction action);
    /// The calls' state from the window's call list; every headset's LEDs follow when it changed.
    void followCalls();
    HeadsetCallState callState() const;

    MainWindow* m_window;
    std::vector<std::unique_ptr<Headset>> m_headsets;
    int m_nextId = 0;
    QString m_devDir = QStringLiteral("/dev");
    QString m_sysDir = QStringLiteral("/sys/class/hidraw");
    DeviceOpener m_open; ///< empty until start() (hidapi) or setDeviceSource()
    QTimer m_rescanTimer; ///< single shot: /dev changed
    int m_retries = 0; ///< rescans left for a headset that could not be opened yet (udev sets access late)
    bool m_hidInitialised = false;
};

} // namespace iax::ui
