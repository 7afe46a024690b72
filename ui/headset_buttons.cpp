#include "ui/headset_buttons.h"

#include "ui/call_keys.h"
#include "ui/call_list_model.h"
#include "ui/main_window.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#if IAXPHONE_HIDAPI
#include <hidapi/hidapi.h>
#endif

namespace iax::ui {

namespace {
Q_LOGGING_CATEGORY(lcHeadset, "iaxphone.headset")

constexpr int kRescanDelayMs = 200; ///< after /dev changed: udev has made the node and set access
constexpr int kRetryDelayMs = 1000; ///< a headset that could not be opened is tried again…
constexpr int kRetries = 3; ///< …this many times after a change

#if IAXPHONE_HIDAPI
/// A hidraw node opened with hidapi.
class HidapiDevice : public HeadsetDevice {
public:
    explicit HidapiDevice(hid_device* device)
        : m_device(device)
    { }
    ~HidapiDevice() override { hid_close(m_device); }
    HidapiDevice(const HidapiDevice&) = delete;
    HidapiDevice& operator=(const HidapiDevice&) = delete;

    int read(std::span<std::uint8_t> buffer, int timeoutMs) override
    {
        const int n = hid_read_timeout(m_device, buffer.data(), buffer.size(), timeoutMs);
        if (n < 0)
            qCDebug(lcHeadset) << "headset gone:" << error();
        return n < 0 ? -1 : n;
    }
    bool write(const std::vector<std::uint8_t>& report) override
    {
        if (hid_write(m_device, report.data(), report.size()) >= 0)
            return true;
        qCDebug(lcHeadset) << "LED report not written:" << error();
        return false;
    }

private:
    /// hidapi's last error as text ("" when it has none).
    QString error() const
    {
        const wchar_t* e = hid_error(m_device);
        return e ? QString::fromWCharArray(e) : QString();
    }

    hid_device* m_device;
};
#endif

/// The HID_NAME line of a hidraw node's uevent file (the product name), or "" when there is none.
QString hidName(const QString& uevent)
{
    QFile f(uevent);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("HID_NAME="))
            return QString::fromUtf8(line.mid(9)).trimmed();
    }
    return {};
}
} // namespace

/// One opened headset: a thread blocks in read (100 ms at most) and posts each input report to
/// the GUI thread; output reports queued by the GUI thread are written between two reads, so the
/// device is only ever used from this thread. Destroying it stops and joins the thread, then
/// closes the device.
class HeadsetButtons::Reader {
public:
    Reader(std::unique_ptr<HeadsetDevice> device, HeadsetButtons* owner, int id)
        : m_device(std::move(device))
        , m_thread([this, owner, id] { run(owner, id); })
    { }
    ~Reader()
    {
        m_stop = true;
        m_thread.join();
        m_device.reset();
    }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /// Queues an output report (GUI thread); written within 100 ms, dropped once the headset is gone.
    void write(const std::vector<std::uint8_t>& report)
    {
        if (m_gone)
            return; // unplugged: nobody writes any more
        const std::lock_guard lock(m_mutex);
        m_writes.push_back(report);
    }
    /// True once a read failed (unplugged): the thread has ended (any thread).
    bool gone() const { return m_gone; }

private:
    void run(HeadsetButtons* owner, int id)
    {
        std::vector<std::uint8_t> buffer(4096);
        while (!m_stop) {
            std::vector<std::vector<std::uint8_t>> writes;
            {
                const std::lock_guard lock(m_mutex);
                writes.swap(m_writes);
            }
            for (const auto& r : writes)
                m_device->write(r);
            const int n = m_device->read(buffer, 100);
            if (n < 0) {
                m_gone = true;
                // Drop it now rather than at the next /dev change (not reopened before that).
                QMetaObject::invokeMethod(
                    owner, [owner] { owner->dropRemoved(); }, Qt::QueuedConnection);
                return;
            }
            if (n == 0)
                continue;
            std::vector<std::uint8_t> report(buffer.begin(), buffer.begin() + n);
            QMetaObject::invokeMethod(
                owner, [owner, id, report] { owner->inputReport(id, report); }, Qt::QueuedConnection);
        }
    }

    std::unique_ptr<HeadsetDevice> m_device;
    std::atomic<bool> m_stop { false };
    std::atomic<bool> m_gone { false };
    std::mutex m_mutex;
    std::vector<std::vector<std::uint8_t>> m_writes;
    std::thread m_thread; // last: starts once the members above exist
};

struct HeadsetButtons::Headset {
    int id;
    QString name;
    HeadsetHidMapper mapper;
    ReportWriter write;
    QString path; ///< its device node; "" when added by addHeadset() alone
    std::unique_ptr<Reader> reader; // last: destroyed (joined) before the rest
};

bool HeadsetButtons::available()
{
    return IAXPHONE_HIDAPI;
}

HeadsetButtons::HeadsetButtons(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    onCallListChange(*m_window, this, [this] { followCalls(); });
    m_rescanTimer.setSingleShot(true);
    connect(&m_rescanTimer, &QTimer::timeout, this, &HeadsetButtons::rescan);
}

HeadsetButtons::~HeadsetButtons()
{
    m_headsets.clear(); // joins the readers
#if IAXPHONE_HIDAPI
    if (m_hidInitialised)
        hid_exit();
#endif
}

void HeadsetButtons::setDeviceSource(const QString& devDir, const QString& sysDir, DeviceOpener open)
{
    m_devDir = devDir;
    m_sysDir = sysDir;
    m_open = std::move(open);
}

bool HeadsetButtons::start()
{
    if (!m_open) {
#if IAXPHONE_HIDAPI
        if (hid_init() != 0) {
            qCDebug(lcHeadset) << "hidapi did not start, so no headset buttons";
            return false;
        }
        m_hidInitialised = true;
        m_open = [](const QString& path) -> std::unique_ptr<HeadsetDevice> {
            hid_device* device = hid_open_path(QFile::encodeName(path).constData());
            return device ? std::make_unique<HidapiDevice>(device) : nullptr;
        };
#else
        qCDebug(lcHeadset) << "built without hidapi (libhidapi-dev), so no headset buttons";
        return false;
#endif
    }
    auto* watcher = new QFileSystemWatcher(this);
    if (!watcher->addPath(m_devDir))
        qCDebug(lcHeadset) << m_devDir << "cannot be watched: a headset plugged in later is found at the next start";
    connect(watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        m_retries = kRetries;
        m_rescanTimer.start(kRescanDelayMs);
    });
    rescan();
    if (m_headsets.empty())
        qCDebug(lcHeadset) << "no telephony headset (HID usage page 0x0B, usage 0x05) in use yet";
    return !m_headsets.empty();
}

QStringList HeadsetButtons::dropRemoved()
{
    const QStringList nodes
        = QDir(m_devDir).entryList({ QStringLiteral("hidraw*") }, QDir::System | QDir::Files | QDir::NoDotAndDotDot);
    const auto dropped = std::remove_if(m_headsets.begin(), m_headsets.end(), [&nodes](const auto& h) {
        return h->reader && (h->reader->gone() || !nodes.contains(QFileInfo(h->path).fileName()));
    });
    for (auto i = dropped; i != m_headsets.end(); ++i)
        qCDebug(lcHeadset) << "headset" << (*i)->name << "at" << (*i)->path << "removed";
    m_headsets.erase(dropped, m_headsets.end()); // joins their readers, closes the devices
    return nodes;
}

void HeadsetButtons::rescan()
{
    const QStringList nodes = dropRemoved();
    bool failed = false;
    for (const QString& node : nodes) {
        const QString path = QDir(m_devDir).filePath(node);
        if (std::none_of(m_headsets.begin(), m_headsets.end(), [&path](const auto& h) { return h->path == path; }))
            failed |= !openNode(path);
    }
    if (failed && m_retries > 0) {
        --m_retries;
        m_rescanTimer.start(kRetryDelayMs);
    }
}

bool HeadsetButtons::openNode(const QString& path)
{
    const QString node = QFileInfo(path).fileName();
    QFile rd(QStringLiteral("%1/%2/device/report_descriptor").arg(m_sysDir, node));
    if (!rd.open(QIODevice::ReadOnly)) {
        qCDebug(lcHeadset) << "the report descriptor of" << path << "cannot be read:" << rd.errorString();
        return true; // not known to be a headset
    }
    const QByteArray bytes = rd.readAll();
    const auto descriptor
        = std::span(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()));
    const HidParseResult parsed = parseHidReportDescriptor(descriptor);
    if (!parsed.descriptor || !parsed.descriptor->hasApplication(hid::kHeadset))
        return true; // a keyboard, mouse, game pad… (or a descriptor addHeadset would refuse)
    const QString product = hidName(QStringLiteral("%1/%2/device/uevent").arg(m_sysDir, node));
    const QString name = product.isEmpty() ? path : product;
    std::unique_ptr<HeadsetDevice> device = m_open(path);
    if (!device) {
        qCDebug(lcHeadset) << path << "(" << name << ") cannot be opened (no access to it? see README)";
        return false;
    }
    auto reader = std::make_unique<Reader>(std::move(device), this, m_nextId); // addHeadset's id for it
    Reader* r = reader.get();
    const int id = addHeadset(name, descriptor, [r](const std::vector<std::uint8_t>& report) {
        r->write(report);
        return true;
    });
    if (id < 0) {
        ++m_nextId; // never given to another headset: a report its reader queued is dropped
        return true; // not usable: the reader is joined and the device closed here
    }
    Headset& h = *m_headsets.back();
    h.path = path;
    h.reader = std::move(reader);
    qCDebug(lcHeadset) << "headset buttons of" << name << "at" << path;
    return true;
}

int HeadsetButtons::addHeadset(const QString& name, std::span<const std::uint8_t> descriptor, ReportWriter write)
{
    HidParseResult parsed = parseHidReportDescriptor(descriptor);
    if (!parsed.descriptor) {
        qCDebug(lcHeadset) << name << "has a report descriptor we cannot read:" << QString::fromStdString(parsed.error);
        return -1;
    }
    auto h = std::make_unique<Headset>(
        Headset { m_nextId, name, HeadsetHidMapper(std::move(*parsed.descriptor)), std::move(write), {}, {} });
    if (!h->mapper.usable()) {
        qCDebug(lcHeadset) << name << "has no hook switch or mute button on the telephony page";
        return -1;
    }
    h->mapper.setCallState(callState()); // a headset plugged in during a call shows it at once
    if (h->write) {
        for (const auto& r : h->mapper.outputReports())
            h->write(r);
    }
    m_headsets.push_back(std::move(h));
    return m_nextId++;
}

void HeadsetButtons::inputReport(int id, const std::vector<std::uint8_t>& report)
{
    const auto h = std::find_if(m_headsets.begin(), m_headsets.end(), [id](const auto& x) { return x->id == id; });
    if (h == m_headsets.end())
        return; // unknown, or removed while its report was queued
    for (const HeadsetAction a : (*h)->mapper.inputReport(report))
        act(a);
}

QStringList HeadsetButtons::headsetNames() const
{
    QStringList names;
    for (const auto& h : m_headsets)
        names << h->name;
    return names;
}

void HeadsetButtons::act(HeadsetAction action)
{
    using phone::CallState;
    const int answered = findWindowCall(*m_window, CallState::Answered);
    const int current = answered >= 0 ? answered : findWindowCall(*m_window, CallState::Held);
    switch (action) {
    case HeadsetAction::Answer:
        clickCallButton(*m_window, findWindowCall(*m_window, CallState::Ringing, int(phone::CallDirection::Incoming)),
            "answerButton");
        break;
    case HeadsetAction::HangUp:
        clickCallButton(*m_window, current, "hangupButton");
        break;
    case HeadsetAction::ToggleMute:
        clickCallButton(*m_window, answered, "muteButton");
        break;
    case HeadsetAction::ToggleHold:
        clickCallButton(*m_window, current, "holdButton");
        break;
    }
}

HeadsetCallState HeadsetButtons::callState() const
{
    using phone::CallState;
    HeadsetCallState s;
    s.ringing = findWindowCall(*m_window, CallState::Ringing, int(phone::CallDirection::Incoming)) >= 0;
    const int answered = findWindowCall(*m_window, CallState::Answered);
    const int held = findWindowCall(*m_window, CallState::Held);
    s.offHook = answered >= 0 || held >= 0;
    s.held = answered < 0 && held >= 0;
    const int current = answered >= 0 ? answered : held;
    const CallListModel* model = m_window->callModel();
    for (int row = 0; row < model->rowCount() && current >= 0; ++row) {
        const QModelIndex i = model->index(row);
        if (i.data(CallListModel::CallIdRole).toInt() == current)
            s.muted = i.data(CallListModel::MutedRole).toBool();
    }
    return s;
}

void HeadsetButtons::followCalls()
{
    const HeadsetCallState state = callState();
    for (const auto& h : m_headsets) {
        if (h->mapper.setCallState(state) && h->write) {
            for (const auto& r : h->mapper.outputReports())
                h->write(r);
        }
    }
}

} // namespace iax::ui
