#include "app/cli/cli_media.h"

#include "core/protocol/constants.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>

namespace iax::cli {

namespace {
// MediaSession's echo pacing (audio/media_session.cpp).
constexpr std::int64_t kFrameMs = 20;
constexpr std::int64_t kMaxCatchUpFrames = 10;
constexpr std::size_t kFrameBytes = 160; // 20 ms of G.711
constexpr std::size_t kMaxEchoFrames = 48000 / kFrameBytes; // MediaSession keeps 48000 samples
} // namespace

std::int64_t CliMedia::nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::unique_ptr<CliMedia> CliMedia::create(const CliMediaConfig& config, std::uint64_t format, std::string* error)
{
    std::unique_ptr<CliMedia> m(new CliMedia());
    m->m_config = config;
    const bool device = !config.echo && config.device && config.device->device && !config.device->inUse;
    audio::MediaSession::Options options;
    // Echo cancelling and noise suppression are for microphones; files and echo stay bit-exact.
    options.echoCancellation = device;
    options.noiseSuppression = device;
    m->m_session = audio::MediaSession::create(format, options);
    if (!m->m_session) {
        if (error)
            *error = "no codec for the negotiated format " + std::to_string(format);
        return nullptr;
    }
    const int rate = m->m_session->codecRate();
    if (!config.recordFile.empty()) {
        auto sink = audio::FileSink::create(config.recordFile, rate, rate);
        if (!sink) {
            if (error)
                *error = sink.error().reason;
            return nullptr;
        }
        m->m_session->setSink(std::move(sink).value());
    }
    if (config.echo) {
        m->m_session->setEcho(true);
        if (config.recordFile.empty())
            m->m_g711Echo = makeG711Echo(format);
        return m;
    }
    if (device) {
        config.device->inUse = true;
        m->m_usesDevice = true;
        m->m_session->setDevice(config.device->device.get());
    }
    if (!config.playFile.empty()) {
        auto source = audio::FileSource::open(config.playFile, rate);
        if (!source) {
            if (error)
                *error = source.error().reason;
            return nullptr;
        }
        const std::size_t frame = std::size_t(rate / 50);
        m->m_sourceFrames = std::int64_t((source.value().totalSamples() + frame - 1) / frame);
        m->m_session->setSource(std::make_unique<audio::FileSource>(std::move(source).value()));
    }
    return m;
}

std::unique_ptr<CliMedia::G711Echo> CliMedia::makeG711Echo(std::uint64_t format)
{
    if (format != core::Codec::Ulaw && format != core::Codec::Alaw)
        return nullptr;
    auto e = std::make_unique<G711Echo>();
    e->codec = audio::makeVoiceCodec(format);
    if (!e->codec || e->codec->sampleRate() != 8000 || e->codec->frameSamples() != int(kFrameBytes))
        return nullptr;
    std::array<std::uint8_t, 256> all {};
    for (std::size_t b = 0; b < all.size(); ++b)
        all[b] = std::uint8_t(b);
    const auto pcm = e->codec->decode(all);
    const auto back = e->codec->encode(pcm);
    std::copy_n(back.begin(), e->map.size(), e->map.begin());
    const std::array<std::int16_t, 1> zero {};
    e->silence = e->codec->encode(zero).at(0);
    e->codec = audio::makeVoiceCodec(format); // fresh PLC state
    return e;
}

void CliMedia::echoTick(std::int64_t now, std::vector<std::vector<std::uint8_t>>& out)
{
    G711Echo& e = *m_g711Echo;
    if (!e.started) {
        e.started = true;
        e.startMs = now;
    }
    // Capture: what was played on earlier ticks, else silence.
    std::int64_t due = (now - e.startMs) / kFrameMs - e.framesCaptured;
    if (due > kMaxCatchUpFrames) {
        e.framesCaptured += due - kMaxCatchUpFrames;
        due = kMaxCatchUpFrames;
    }
    for (std::int64_t i = 0; i < due; ++i) {
        if (e.played.empty()) {
            out.emplace_back(kFrameBytes, e.silence);
        } else {
            out.push_back(std::move(e.played.front()));
            e.played.pop_front();
        }
        ++e.framesCaptured;
    }
    // Playout: the jitter buffer's slots, each at the time it is taken out.
    due = (now - e.startMs) / kFrameMs - e.framesPlayed;
    if (due > kMaxCatchUpFrames) {
        e.framesPlayed += due - kMaxCatchUpFrames;
        due = kMaxCatchUpFrames;
    }
    for (std::int64_t i = 0; i < due; ++i) {
        audio::JitterBuffer::Frame f = e.jitter.get(now - (due - 1 - i) * kFrameMs);
        std::vector<std::uint8_t> frame;
        if (f.kind == audio::JitterBuffer::Frame::Kind::Packet) {
            e.lastPacket.assign(f.payload.begin(), f.payload.end());
            e.lastDecoded = false;
            frame = std::move(f.payload); // mapped in place
            const std::size_t n = std::min(kFrameBytes, frame.size());
            for (std::size_t k = 0; k < n; ++k)
                frame[k] = e.map[frame[k]];
            frame.resize(kFrameBytes, e.silence);
        } else if (f.kind == audio::JitterBuffer::Frame::Kind::Silence) {
            frame.assign(kFrameBytes, e.silence);
        } else {
            if (!e.lastDecoded) {
                (void)e.codec->decode(e.lastPacket); // the PLC continues from the last frame played
                e.lastDecoded = true;
            }
            auto pcm
                = f.kind == audio::JitterBuffer::Frame::Kind::Fec ? e.codec->recover(f.payload) : e.codec->conceal();
            pcm.resize(kFrameBytes, 0);
            frame = e.codec->encode(pcm);
        }
        e.played.push_back(std::move(frame));
        if (e.played.size() > kMaxEchoFrames)
            e.played.pop_front();
    }
    e.framesPlayed += std::max<std::int64_t>(due, 0);
}

CliMedia::~CliMedia()
{
    close();
}

void CliMedia::playTone(double hz, int ms)
{
    if (m_config.echo || !m_session)
        return;
    const int rate = m_session->codecRate();
    std::vector<std::int16_t> pcm(std::size_t(rate) * std::size_t(ms) / 1000);
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * hz * double(i) / rate));
    m_sourceFrames = std::int64_t(pcm.size() / std::size_t(rate / 50));
    m_sentSinceSource = 0;
    m_session->setSource(std::make_unique<audio::FileSource>(std::move(pcm), rate));
}

bool CliMedia::sourceFinished() const
{
    return m_sourceFrames >= 0 && m_sentSinceSource >= m_sourceFrames;
}

void CliMedia::pull(
    int /*framesDue: the session paces itself by the clock*/, std::vector<std::vector<std::uint8_t>>& out)
{
    if (m_g711Echo) {
        echoTick(nowMs(), out);
        return;
    }
    m_session->tick(nowMs());
    while (auto f = m_session->pullToSend()) {
        out.push_back(std::move(f->payload));
        ++m_sentSinceSource;
    }
    while (auto e = m_session->pollDeviceEvent())
        if (m_config.device && m_config.device->onEvent)
            m_config.device->onEvent(e->detail);
}

void CliMedia::push(const core::VoiceReceived& v)
{
    if (m_g711Echo) {
        // As MediaSession::pushReceived for G.711: whole 20 ms slots, shorter than 1 ms dropped.
        const std::span<const std::uint8_t> payload(v.payload);
        if (payload.empty() || m_g711Echo->codec->durationMs(payload) <= 0)
            return;
        for (std::size_t at = 0; at < payload.size(); at += kFrameBytes) {
            const auto n = std::min(kFrameBytes, payload.size() - at);
            m_g711Echo->jitter.put(payload.subspan(at, n), v.timestamp + std::uint32_t(at / 8), nowMs());
        }
        return;
    }
    m_session->pushReceived(v.payload, v.timestamp, nowMs());
}

std::string CliMedia::close()
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

} // namespace iax::cli
