#include "ui/port_audio_sounds.h"

#include "audio/file_source.h"
#include "audio/portaudio_device.h"
#include "audio/tone_generator.h"

#include <algorithm>

namespace iax::ui {

namespace {
constexpr int kQueuedFrames = 6; // 120 ms ahead: the GUI thread may stall briefly
constexpr int kTestToneMs = 1000;

QList<AudioDeviceInfo> devices(bool input)
{
    QList<AudioDeviceInfo> out;
    for (const auto& d : audio::PortAudioDevice::list()) {
        if ((input ? d.maxInputs : d.maxOutputs) > 0)
            out.append({ QString::fromStdString(d.id), QString::fromStdString(d.description) });
    }
    return out;
}
} // namespace

PortAudioSounds::PortAudioSounds(QObject* parent)
    : QObject(parent)
{
    m_tick.setInterval(20);
    connect(&m_tick, &QTimer::timeout, this, &PortAudioSounds::onTick);
}

PortAudioSounds::~PortAudioSounds() = default;

QList<AudioDeviceInfo> PortAudioSounds::inputDevices() const
{
    return devices(true);
}

QList<AudioDeviceInfo> PortAudioSounds::outputDevices() const
{
    return devices(false);
}

bool PortAudioSounds::startLevelMonitor(const QString& inputId, QString* error)
{
    stopLevelMonitor();
    auto dev = std::make_unique<audio::PortAudioDevice>();
    const auto st = dev->open(inputId.toStdString(), "none", 48000);
    if (!st) {
        if (error)
            *error = QString::fromStdString(st.error().reason);
        return false;
    }
    m_drain.assign(std::size_t(dev->rate() / 50), 0);
    m_monitor = std::move(dev);
    updateTimer();
    return true;
}

void PortAudioSounds::stopLevelMonitor()
{
    if (m_monitor)
        m_monitor->close();
    m_monitor.reset();
    updateTimer();
}

float PortAudioSounds::inputLevel() const
{
    return m_monitor ? m_monitor->inputLevel() : 0.0f;
}

std::unique_ptr<PortAudioSounds::Player> PortAudioSounds::openPlayer(const QString& outputId, QString* error)
{
    auto p = std::make_unique<Player>();
    p->device = std::make_unique<audio::PortAudioDevice>();
    const auto st = p->device->open("none", outputId.toStdString(), 48000);
    if (!st) {
        if (error)
            *error = QString::fromStdString(st.error().reason);
        return nullptr;
    }
    p->frame.assign(std::size_t(p->device->rate() / 50), 0);
    return p;
}

bool PortAudioSounds::playTestTone(const QString& outputId, QString* error)
{
    m_testTone.reset();
    auto p = openPlayer(outputId, error);
    if (!p)
        return false;
    const int rate = p->device->rate();
    p->file = std::make_unique<audio::FileSource>(
        audio::sineWave(440.0, rate, std::size_t(rate) * kTestToneMs / 1000), rate);
    p->framesLeft = kTestToneMs / 20;
    m_testTone = std::move(p);
    feed(*m_testTone);
    updateTimer();
    return true;
}

std::unique_ptr<PortAudioSounds::Player> PortAudioSounds::openFirstPlayer(const QStringList& devices, QString* error)
{
    std::vector<std::string> order;
    for (const QString& d : devices)
        order.push_back(d.toStdString());
    if (std::find(order.begin(), order.end(), std::string()) == order.end())
        order.emplace_back(); // the system default last
    for (const std::string& id : order) {
        auto p = openPlayer(QString::fromStdString(id), error);
        if (p) {
            p->device->setFallbackPreferences({}, order);
            return p;
        }
    }
    return nullptr;
}

void PortAudioSounds::startRinging(int callId, const QString& ringtone, const QStringList& devices)
{
    m_ringingCalls.insert(callId);
    if (m_ring)
        return; // already ringing for another call
    QString error;
    auto p = openFirstPlayer(devices, &error);
    if (!p) {
        m_lastError = tr("The ringtone cannot be played: %1").arg(error);
        Q_EMIT problem(m_lastError);
        return;
    }
    const int rate = p->device->rate();
    if (!ringtone.isEmpty()) {
        auto f = audio::FileSource::open(ringtone.toStdString(), rate, true);
        if (f) {
            p->file = std::make_unique<audio::FileSource>(std::move(f).value());
        } else {
            m_lastError = tr("The ringtone %1 cannot be read (%2); the built-in tone rings instead.")
                              .arg(ringtone, QString::fromStdString(f.error().reason));
            Q_EMIT problem(m_lastError);
        }
    }
    if (!p->file) {
        p->tone = std::make_unique<audio::ToneGenerator>(rate, 6000);
        p->tone->start(audio::Tone::Ringing);
    }
    m_ring = std::move(p);
    feed(*m_ring);
    updateTimer();
}

void PortAudioSounds::stopRinging(int callId)
{
    m_ringingCalls.remove(callId);
    if (!m_ringingCalls.isEmpty() || !m_ring)
        return;
    m_ring->device->close();
    m_ring.reset();
    updateTimer();
}

void PortAudioSounds::feed(Player& p)
{
    while (p.framesLeft != 0 && p.device->playbackQueued() < std::size_t(kQueuedFrames)) {
        if (p.file)
            p.file->read(p.frame);
        else if (p.tone)
            p.tone->generate(p.frame);
        if (!p.device->writeFrame(p.frame.data()))
            break;
        if (p.framesLeft > 0)
            --p.framesLeft;
    }
}

void PortAudioSounds::onTick()
{
    if (m_monitor) {
        m_monitor->clock(0);
        while (m_monitor->readFrame(m_drain.data())) { } // the level is measured in the callback
    }
    for (auto* p : { &m_testTone, &m_ring }) {
        if (!*p)
            continue;
        (*p)->device->clock(0);
        feed(**p);
        if ((*p)->framesLeft == 0 && (*p)->device->playbackQueued() == 0) {
            (*p)->device->close();
            p->reset();
        }
    }
    updateTimer();
}

void PortAudioSounds::updateTimer()
{
    const bool busy = m_monitor || m_testTone || m_ring;
    if (busy && !m_tick.isActive())
        m_tick.start();
    else if (!busy)
        m_tick.stop();
}

} // namespace iax::ui
