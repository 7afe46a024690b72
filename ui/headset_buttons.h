#pragma once
// Headset buttons and lights on the HID telephony page (issue 19): USB/Bluetooth telephony headsets
// (a top-level Telephony/Headset collection, usage page 0x0B usage 0x05) found through hidapi's
// hidraw backend; their Hook Switch answers and hangs up, Phone Mute mutes, Flash holds/resumes —
// through the call panel's buttons, as the media keys do (call_keys.h) — and their Off-Hook, Ring,
// Mute and Hold LEDs show the calls. Descriptor parsing and the mapping are HeadsetHidMapper's
// (pure); this class reads each headset on a thread of its own (hid_read_timeout) and hands the
// reports to the GUI thread. GUI thread only, apart from the reader threads inside.
//
// Linux: the descriptor is read from /sys/class/hidraw/hidrawN/device/report_descriptor, and the
// user needs read/write access to /dev/hidrawN (a udev rule; README "Headset buttons"). Built
// without hidapi (libhidapi-dev missing at configure time) the feature is off: start() says so.
// Headsets are looked for at start(): one plugged in later is found at the next start.
#include "ui/headset_hid_mapper.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace iax::ui {

class MainWindow;

class HeadsetButtons : public QObject {
    Q_OBJECT
public:
    /// Writes one output report (report id byte first) to a headset; false when it failed.
    using ReportWriter = std::function<bool(const std::vector<std::uint8_t>&)>;

    /// True when built with hidapi (otherwise start() finds nothing).
    static bool available();

    /// Headset buttons for `window` (which outlives this and owns it); nothing is opened before start().
    explicit HeadsetButtons(MainWindow* window);
    ~HeadsetButtons() override;

    /// Opens every telephony headset hidapi lists and listens to it. False when there is none, or
    /// none could be opened, or hidapi is not built in — why is logged at debug level (logging
    /// category "iaxphone.headset").
    bool start();
    /// Adds a headset with report descriptor `descriptor`; its LED reports go to `write`. The
    /// headset's index, or -1 when the descriptor is not a telephony headset's (or malformed).
    int addHeadset(const QString& name, std::span<const std::uint8_t> descriptor, ReportWriter write);
    /// An input report of headset `index` as hidapi reads it (report id byte first when the
    /// descriptor has ids): the calls react as its buttons say. Unknown index or report: nothing.
    void inputReport(int index, const std::vector<std::uint8_t>& report);
    /// The names of the headsets in use.
    QStringList headsetNames() const;

private:
    struct Headset;
    class Reader;

    void act(HeadsetAction action);
    /// The calls' state from the window's call list; every headset's LEDs follow when it changed.
    void followCalls();
    HeadsetCallState callState() const;

    MainWindow* m_window;
    std::vector<std::unique_ptr<Headset>> m_headsets;
    bool m_hidInitialised = false;
};

} // namespace iax::ui
