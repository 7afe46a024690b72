#include "audio/call_media.h"

#include "audio/tone_generator.h"

#include <algorithm>
#include <chrono>

namespace iax::audio {

std::int64_t CallMedia::nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::unique_ptr<CallMedia> CallMedia::create(const CallMediaConfig& config, std::uint64_t format, std::string* error)
{
    std::unique_ptr<CallMedia> m(new CallMedia());
    m->m_config = config;
    const bool device = !config.echo && config.device && config.device->device && !config.device->inUse;
    MediaSession::Options options;
    // Echo cancelling and noise suppression are for microphones; files and echo stay bit-exact.
    options.echoCancellation = device;
    options.noiseSuppression = device;
    options.frameMs = config.frameMs;
    m->m_session = MediaSession::create(format, options);
    if (!m->m_session) {
        if (error)
            *error = "no codec for the negotiated format " + std::to_string(format);
        return nullptr;
    }
    const int rate = m->m_session->codecRate();
    if (!config.recordFile.empty()) {
        auto sink = FileSink::create(config.recordFile, rate, rate);
        if (!sink) {
            if (error)
                *error = sink.error().reason;
            return nullptr;
        }
        m->m_session->setSink(std::move(sink).value());
    }
    if (config.echo) {
        m->m_session->setEcho(true); // G.711 without a recording takes the session's fast echo path
        return m;
    }
    if (device) {
        config.device->inUse = true;
        m->m_usesDevice = true;
        m->m_session->setDevice(config.device->device.get());
    }
    if (!config.playFile.empty()) {
        auto source = FileSource::open(config.playFile, rate);
        if (!source) {
            if (error)
                *error = source.error().reason;
            return nullptr;
        }
        const std::size_t frame = std::size_t(rate * m->m_session->frameMs() / 1000);
        m->m_sourceFrames = std::int64_t((source.value().totalSamples() + frame - 1) / frame);
        m->m_session->setSource(std::make_unique<FileSource>(std::move(source).value()));
    }
    return m;
}

int CallMedia::tickMs() const
{
    const int frame = m_session->frameMs();
    if (!m_usesDevice || !m_config.device || !m_config.device->device)
        return frame;
    return std::min(frame, m_config.device->device->frameMs());
}

CallMedia::~CallMedia()
{
    close();
}

void CallMedia::playTone(double hz, int ms)
{
    if (m_config.echo || !m_session)
        return;
    const int rate = m_session->codecRate();
    auto pcm = sineWave(hz, rate, std::size_t(rate) * std::size_t(ms) / 1000);
    m_sourceFrames = std::int64_t(pcm.size() / std::size_t(rate * m_session->frameMs() / 1000));
    m_sentSinceSource = 0;
    m_session->setSource(std::make_unique<FileSource>(std::move(pcm), rate));
}

bool CallMedia::sourceFinished() const
{
    return m_sourceFrames >= 0 && m_sentSinceSource >= m_sourceFrames;
}

int CallMedia::msUntilTick() const
{
    return m_session->msUntilWake(nowMs());
}

void CallMedia::pull(int /*framesDue*/, std::vector<std::vector<std::uint8_t>>& out)
{
    m_session->wake(nowMs());
    while (auto f = m_session->pullToSend()) {
        out.push_back(std::move(f->payload));
        ++m_sentSinceSource;
    }
    while (auto e = m_session->pollDeviceEvent())
        if (m_config.device && m_config.device->onEvent)
            m_config.device->onEvent(e->detail);
}

void CallMedia::push(const core::VoiceReceived& v)
{
    m_session->pushReceived(v.payload, v.timestamp, nowMs());
}

std::string CallMedia::close()
{
    if (m_closed)
        return {};
    m_closed = true;
    if (m_usesDevice) {
        m_session->setDevice(nullptr);
        m_config.device->inUse = false;
    }
    m_session->setSink(nullptr); // flushes and closes the recording
    return {};
}

} // namespace iax::audio
