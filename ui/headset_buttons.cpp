#include "ui/headset_buttons.h"

#include "ui/call_keys.h"
#include "ui/call_list_model.h"
#include "ui/main_window.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>

#if IAXPHONE_HIDAPI
#include <hidapi/hidapi.h>

#include <atomic>
#include <mutex>
#include <thread>
#endif

namespace iax::ui {

namespace {
Q_LOGGING_CATEGORY(lcHeadset, "iaxphone.headset")
} // namespace

#if IAXPHONE_HIDAPI
namespace {
/// hidapi's last error on `device` as text ("" when it has none).
QString hidError(hid_device* device)
{
    const wchar_t* e = hid_error(device);
    return e ? QString::fromWCharArray(e) : QString();
}
} // namespace
#endif

#if IAXPHONE_HIDAPI
/// One opened headset: a thread blocks in hid_read_timeout (100 ms) and posts each input report
/// to the GUI thread; output reports queued by the GUI thread are written between two reads, so
/// the device is only ever used from this thread.
class HeadsetButtons::Reader {
public:
    Reader(hid_device* device, HeadsetButtons* owner, int index)
        : m_device(device)
        , m_thread([this, owner, index] { run(owner, index); })
    { }
    ~Reader()
    {
        m_stop = true;
        m_thread.join();
        hid_close(m_device);
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

private:
    void run(HeadsetButtons* owner, int index)
    {
        std::vector<std::uint8_t> buffer(4096);
        while (!m_stop) {
            std::vector<std::vector<std::uint8_t>> writes;
            {
                const std::lock_guard lock(m_mutex);
                writes.swap(m_writes);
            }
            for (const auto& r : writes) {
                if (hid_write(m_device, r.data(), r.size()) < 0)
                    qCDebug(lcHeadset) << "LED report not written:" << hidError(m_device);
            }
            const int n = hid_read_timeout(m_device, buffer.data(), buffer.size(), 100);
            if (n < 0) {
                qCDebug(lcHeadset) << "headset gone:" << hidError(m_device);
                m_gone = true;
                return;
            }
            if (n == 0)
                continue;
            std::vector<std::uint8_t> report(buffer.begin(), buffer.begin() + n);
            QMetaObject::invokeMethod(
                owner, [owner, index, report] { owner->inputReport(index, report); }, Qt::QueuedConnection);
        }
    }

    hid_device* m_device;
    std::atomic<bool> m_stop { false };
    std::atomic<bool> m_gone { false }; ///< the read failed (unplugged): the thread has ended
    std::mutex m_mutex;
    std::vector<std::vector<std::uint8_t>> m_writes;
    std::thread m_thread; // last: starts once the members above exist
};
#else
class HeadsetButtons::Reader { };
#endif

struct HeadsetButtons::Headset {
    QString name;
    HeadsetHidMapper mapper;
    ReportWriter write;
    std::unique_ptr<Reader> reader; // destroyed (joined) before the rest
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
}

HeadsetButtons::~HeadsetButtons()
{
    m_headsets.clear(); // joins the readers
#if IAXPHONE_HIDAPI
    if (m_hidInitialised)
        hid_exit();
#endif
}

bool HeadsetButtons::start()
{
#if IAXPHONE_HIDAPI
    if (!m_hidInitialised) {
        if (hid_init() != 0) {
            qCDebug(lcHeadset) << "hidapi did not start, so no headset buttons";
            return false;
        }
        m_hidInitialised = true;
    }
    struct Found {
        std::string path;
        QString name;
    };
    // Every hidraw device, once: hidapi's own usage fields name only some top-level collections
    // on older versions, so our parser reads each descriptor and decides.
    std::vector<Found> found;
    hid_device_info* list = hid_enumerate(0, 0);
    for (const hid_device_info* d = list; d; d = d->next) {
        if (d->path && std::none_of(found.begin(), found.end(), [d](const Found& f) { return f.path == d->path; }))
            found.push_back({ d->path, d->product_string ? QString::fromWCharArray(d->product_string) : QString() });
    }
    hid_free_enumeration(list);
    for (const Found& f : found) {
        const QString path = QString::fromStdString(f.path);
        QFile rd(QStringLiteral("/sys/class/hidraw/%1/device/report_descriptor").arg(QFileInfo(path).fileName()));
        if (!rd.open(QIODevice::ReadOnly)) {
            qCDebug(lcHeadset) << "the report descriptor of" << path << "cannot be read:" << rd.errorString();
            continue;
        }
        const QByteArray bytes = rd.readAll();
        const auto descriptor
            = std::span(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()));
        const HidParseResult parsed = parseHidReportDescriptor(descriptor);
        if (!parsed.descriptor || !parsed.descriptor->hasApplication(hid::kHeadset))
            continue; // a keyboard, mouse, game pad… (or a descriptor addHeadset would refuse)
        hid_device* device = hid_open_path(f.path.c_str());
        if (!device) {
            qCDebug(lcHeadset) << path << "(" << f.name << ") cannot be opened (no access to it? see README)";
            continue;
        }
        const int index = addHeadset(f.name.isEmpty() ? path : f.name, descriptor, {});
        if (index < 0) {
            hid_close(device);
            continue;
        }
        Headset& h = *m_headsets[std::size_t(index)];
        h.reader = std::make_unique<Reader>(device, this, index);
        Reader* reader = h.reader.get();
        h.write = [reader](const std::vector<std::uint8_t>& r) {
            reader->write(r);
            return true;
        };
        for (const auto& r : h.mapper.outputReports()) // the calls as they are now
            h.write(r);
        qCDebug(lcHeadset) << "headset buttons of" << h.name << "at" << path;
    }
    if (m_headsets.empty())
        qCDebug(lcHeadset) << "no telephony headset (HID usage page 0x0B, usage 0x05) in use";
    return !m_headsets.empty();
#else
    qCDebug(lcHeadset) << "built without hidapi (libhidapi-dev), so no headset buttons";
    return false;
#endif
}

int HeadsetButtons::addHeadset(const QString& name, std::span<const std::uint8_t> descriptor, ReportWriter write)
{
    HidParseResult parsed = parseHidReportDescriptor(descriptor);
    if (!parsed.descriptor) {
        qCDebug(lcHeadset) << name << "has a report descriptor we cannot read:" << QString::fromStdString(parsed.error);
        return -1;
    }
    auto h = std::make_unique<Headset>(
        Headset { name, HeadsetHidMapper(std::move(*parsed.descriptor)), std::move(write), {} });
    if (!h->mapper.usable()) {
        qCDebug(lcHeadset) << name << "has no hook switch or mute button on the telephony page";
        return -1;
    }
    h->mapper.setCallState(callState());
    if (h->write) {
        for (const auto& r : h->mapper.outputReports())
            h->write(r);
    }
    m_headsets.push_back(std::move(h));
    return int(m_headsets.size()) - 1;
}

void HeadsetButtons::inputReport(int index, const std::vector<std::uint8_t>& report)
{
    if (index < 0 || std::size_t(index) >= m_headsets.size())
        return;
    for (const HeadsetAction a : m_headsets[std::size_t(index)]->mapper.inputReport(report))
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
