#include "audio/media_session.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace iax::audio {

namespace {
constexpr std::int64_t kMaxCatchUpFrames = 10; // a stalled media thread skips rather than bursts
constexpr std::size_t kMaxOutbox = 50;
constexpr std::size_t kMaxEchoSamples = 48000; // 1 s at 48 kHz
constexpr int kMaxQueueExtra = 3; // underruns add at most this many frames to the device's suggestion
constexpr std::int64_t kQueueShrinkMs = 20000; // … and each goes again after this long without one
// Ticks in a row whose next frame waited a whole frame longer than the device needed before one
// frame is dropped to take that wait away (issue 19; a jittery stream's bursts do not hold so long).
constexpr int kBehindTicks = 5;
constexpr std::int64_t kSteadyMs = 500; // … and only after this long without a concealed or late frame

float peakOf(std::span<const std::int16_t> f)
{
    int peak = 0;
    for (auto s : f)
        peak = std::max(peak, std::abs(int(s)));
    return float(peak) / 32768.0f;
}
} // namespace

std::unique_ptr<MediaSession> MediaSession::create(std::uint64_t format, Options options)
{
    auto enc = makeVoiceCodec(format, options.opusBitrate);
    auto dec = makeVoiceCodec(format, options.opusBitrate);
    if (!enc || !dec)
        return nullptr;
    return std::make_unique<MediaSession>(std::move(enc), std::move(dec), options);
}

MediaSession::MediaSession(std::unique_ptr<VoiceCodec> encoder, std::unique_ptr<VoiceCodec> decoder, Options options)
    : m_opt(options)
    , m_encoder(std::move(encoder))
    , m_decoder(std::move(decoder))
    , m_jitter(options.jitter)
    , m_aec(m_encoder->sampleRate(), 250, 0)
    , m_aecMode(options.echoCancellation ? options.echoMode : EchoCancellerMode::Off)
    , m_tones(m_encoder->sampleRate())
{
    // G.711 keeps 20 ms (refuses other sizes); Opus takes 10 or 20.
    m_encoder->setFrameMs(options.frameMs);
    m_frameMs = m_encoder->frameMs();
    m_decoder->setFrameMs(m_frameMs);
    JitterBuffer::Config jitter = options.jitter;
    jitter.playoutMs = m_frameMs;
    m_jitter = JitterBuffer(jitter);
    followEchoPath();
    m_aec.setNoiseSuppression(options.noiseSuppression);
    auto* g711 = dynamic_cast<G711Codec*>(m_decoder.get());
    if (g711 && dynamic_cast<G711Codec*>(m_encoder.get()) && m_encoder->format() == g711->format())
        m_g711 = g711;
}

void MediaSession::setDevice(AudioDevice* device)
{
    m_device = device;
    m_deviceRate = 0;
    followDeviceRate();
    followEchoPath();
}

void MediaSession::setEchoCancellationMode(EchoCancellerMode mode)
{
    m_aecMode = mode;
    m_aecDecided = false;
    followEchoPath();
}

void MediaSession::followEchoPath()
{
    std::string output = m_device ? m_device->outputName() : std::string();
    if (m_aecDecided && output == m_aecOutput)
        return;
    m_aecDecided = true;
    m_aecOutput = std::move(output);
    m_aec.setEchoCancellation(echoCancellerWanted(m_aecMode, m_aecOutput));
}

void MediaSession::setSource(std::unique_ptr<FileSource> source)
{
    m_source = std::move(source);
}

void MediaSession::setSink(std::unique_ptr<FileSink> sink)
{
    m_sink = std::move(sink);
}

void MediaSession::setHold(bool on)
{
    if (m_held && !on)
        m_jitter.reset(); // the far end's timing restarts after hold
    m_held = on;
}

void MediaSession::useFastEcho(bool on)
{
    if (on == m_fastEcho)
        return;
    m_fastEcho = on;
    // What waits to be echoed changes form; the bytes sent stay the same (G.711 encoding is a
    // pure function, and encode(decode(encode(x))) == encode(x)).
    const auto n = static_cast<std::size_t>(m_encoder->frameSamples());
    if (on) {
        while (!m_echoFifo.empty()) {
            std::vector<std::int16_t> pcm(n, 0);
            const std::size_t take = std::min(n, m_echoFifo.size());
            std::copy_n(m_echoFifo.begin(), take, pcm.begin());
            m_echoFifo.erase(m_echoFifo.begin(), m_echoFifo.begin() + long(take));
            m_echoFrames.push_back({ m_encoder->encode(pcm), peakOf(pcm) });
        }
        return;
    }
    for (const EchoFrame& f : m_echoFrames) {
        for (const std::uint8_t b : f.bytes)
            m_echoFifo.push_back(m_g711->linear(b));
    }
    m_echoFrames.clear();
}

void MediaSession::followDeviceRate()
{
    if (!m_device
        || (m_device->rate() == m_deviceRate
            && m_devFrame.size() == static_cast<std::size_t>(m_device->frameSamples())))
        return;
    m_deviceRate = m_device->rate();
    const int codec = m_encoder->sampleRate();
    m_fromDevice = std::make_unique<StreamResampler>(m_deviceRate, codec);
    m_toDevice = std::make_unique<StreamResampler>(codec, m_deviceRate);
    m_captureFifo.clear();
    m_deviceOut.clear();
    m_devFrame.assign(static_cast<std::size_t>(m_device->frameSamples()), 0);
    m_aec.reset();
    m_playoutStarted = false;
}

void MediaSession::pushReceived(std::span<const std::uint8_t> payload, std::uint32_t timestampMs, std::int64_t nowMs)
{
    if (payload.empty())
        return;
    ++m_received;
    if (m_held)
        return;
    const int duration = m_decoder->durationMs(payload);
    if (duration <= 0) {
        ++m_malformed; // not a packet of this codec: dropped, the slot will be concealed
        return;
    }
    const auto frameBytes = static_cast<std::size_t>(m_decoder->frameSamples());
    const bool split = m_decoder->sampleRate() == 8000 && payload.size() > frameBytes;
    // The jitter buffer's slot is the peer's frame (G.711: at most the 20 ms it is split into).
    const int slotMs = split ? int(frameBytes / 8) : duration;
    if (slotMs != m_rxFrameMs) {
        m_rxFrameMs = slotMs;
        m_jitter.setFrameMs(slotMs);
        m_decoder->setFrameMs(slotMs); // concealment of the peer's frame length where the codec can
    }
    if (split) {
        // G.711 (one byte per sample): split longer packets into the buffer's 20 ms slots.
        for (std::size_t at = 0; at < payload.size(); at += frameBytes) {
            const auto n = std::min(frameBytes, payload.size() - at);
            m_jitter.put(payload.subspan(at, n), timestampMs + std::uint32_t(at / 8), nowMs);
        }
    } else {
        m_jitter.put(payload, timestampMs, nowMs);
    }
    // Issue 19: a frame already due is played now, not at the next tick (up to a tick later).
    playOut(nowMs);
}

std::optional<OutgoingFrame> MediaSession::pullToSend()
{
    if (m_outbox.empty())
        return std::nullopt;
    OutgoingFrame f = std::move(m_outbox.front());
    m_outbox.pop_front();
    return f;
}

std::optional<DeviceEvent> MediaSession::pollDeviceEvent()
{
    if (m_events.empty())
        return std::nullopt;
    DeviceEvent e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

void MediaSession::tick(std::int64_t nowMs)
{
    if (!m_started) {
        m_started = true;
        m_startMs = nowMs;
    }
    serviceDevice(nowMs);
    useFastEcho(m_opt.g711EchoFastPath && m_g711 && m_echo && !m_sink && !m_recorder && !m_device && !m_tones.active());
    capture(nowMs);
    playout(nowMs);
}

void MediaSession::serviceDevice(std::int64_t nowMs)
{
    if (!m_device)
        return;
    m_device->clock(nowMs);
    while (auto e = m_device->pollEvent()) {
        m_aec.reset(); // a different device: a different echo path
        m_playoutStarted = false; // a new stream: its start-up is not our underrun
        m_events.push_back(std::move(*e));
    }
    followDeviceRate();
    followEchoPath();
}

void MediaSession::playOut(std::int64_t nowMs)
{
    // Before the first tick the session has no clock yet; without a device output every frame
    // is played at the tick's pace (one per frameMs of tick time).
    if (!m_started || !m_device || !m_device->hasOutput())
        return;
    serviceDevice(nowMs);
    if (m_device && m_device->hasOutput())
        fillDevice(nowMs, false);
}

void MediaSession::wake(std::int64_t nowMs)
{
    // The playout's wake-up while the captured frame is not there yet: the capture asks again.
    if (m_started && msUntilPlayout(nowMs) == 0 && msUntilCapture() > 0)
        playOut(nowMs);
    else
        tick(nowMs);
}

int MediaSession::msUntilPlayout(std::int64_t nowMs) const
{
    if (m_playoutDeadlineMs < 0)
        return -1;
    const int deadline = int(std::clamp<std::int64_t>(m_playoutDeadlineMs - nowMs, 0, 1000));
    // The frame's own due time when it comes first and is not here yet (playout not started);
    // a slot still missing at its due time waits until the deadline.
    const int due = msUntilNextFrame(nowMs);
    return due > 0 ? std::min(due, deadline) : deadline;
}

int MediaSession::msUntilWake(std::int64_t nowMs) const
{
    const int capture = msUntilCapture();
    const int playout = msUntilPlayout(nowMs);
    if (capture < 0 || playout < 0)
        return std::max(capture, playout);
    return std::min(capture, playout);
}

void MediaSession::encodeFrame(std::span<std::int16_t> frame, bool fromDevice)
{
    if (fromDevice)
        m_aec.capture(frame);
    if (m_muted)
        std::fill(frame.begin(), frame.end(), std::int16_t(0));
    m_inLevel = peakOf(frame);
    if (m_recorder)
        m_recorder->pushSent(frame);
    queueToSend(m_encoder->encode(frame));
}

void MediaSession::sendEchoFrame()
{
    // As the PCM path: what was played on earlier ticks, else silence; muted, silence.
    EchoFrame f;
    if (!m_echoFrames.empty()) {
        f = std::move(m_echoFrames.front());
        m_echoFrames.pop_front();
    }
    if (f.bytes.empty() || m_muted) {
        f.bytes.assign(static_cast<std::size_t>(m_encoder->frameSamples()), m_g711->silence());
        f.peak = 0;
    }
    m_inLevel = f.peak;
    queueToSend(std::move(f.bytes));
}

void MediaSession::queueToSend(std::vector<std::uint8_t> payload)
{
    const std::uint32_t ts = m_txTs;
    m_txTs += std::uint32_t(m_frameMs);
    if (payload.empty())
        return;
    m_outbox.push_back({ std::move(payload), ts, m_frameMs });
    ++m_sent;
    while (m_outbox.size() > kMaxOutbox)
        m_outbox.pop_front(); // nobody is sending: keep the newest
}

void MediaSession::capture(std::int64_t nowMs)
{
    const auto n = static_cast<std::size_t>(m_encoder->frameSamples());
    std::int64_t due = (nowMs - m_startMs) / m_frameMs - m_framesCaptured;
    if (due > kMaxCatchUpFrames) {
        m_framesCaptured += due - kMaxCatchUpFrames;
        due = kMaxCatchUpFrames;
    }
    const bool useDevice = !m_source && !m_echo && m_device && m_device->hasInput();
    // Always drain the capture ring so it never overruns while unused.
    if (m_device && m_device->hasInput()) {
        while (m_device->readFrame(m_devFrame.data())) {
            if (useDevice && !m_held)
                m_fromDevice->processAppend(m_devFrame, m_captureFifo);
        }
    }
    if (m_held) {
        m_captureFifo.clear();
        m_framesCaptured += std::max<std::int64_t>(due, 0);
        return;
    }
    if (useDevice) {
        std::size_t at = 0;
        for (; at + n <= m_captureFifo.size(); at += n)
            encodeFrame(std::span(m_captureFifo).subspan(at, n), true);
        m_captureFifo.erase(m_captureFifo.begin(), m_captureFifo.begin() + long(at));
        m_framesCaptured += std::max<std::int64_t>(due, 0);
        return;
    }
    std::vector<std::int16_t> frame;
    for (std::int64_t i = 0; i < due; ++i) {
        if (!m_source && m_echo && m_fastEcho) {
            sendEchoFrame();
            ++m_framesCaptured;
            continue;
        }
        frame.resize(n, 0);
        if (m_source) {
            m_source->read(frame);
        } else if (m_echo) {
            const std::size_t take = std::min(frame.size(), m_echoFifo.size());
            std::copy_n(m_echoFifo.begin(), take, frame.begin());
            std::fill(frame.begin() + long(take), frame.end(), std::int16_t(0));
            m_echoFifo.erase(m_echoFifo.begin(), m_echoFifo.begin() + long(take));
        } else {
            std::fill(frame.begin(), frame.end(), std::int16_t(0));
        }
        encodeFrame(frame, false);
        ++m_framesCaptured;
    }
}

void MediaSession::appendSlot(JitterBuffer::Frame f, std::size_t want)
{
    const auto slot = static_cast<std::size_t>(m_decoder->sampleRate() * m_jitter.frameMs() / 1000);
    std::vector<std::int16_t> pcm;
    switch (f.kind) {
    case JitterBuffer::Frame::Kind::Silence:
        m_farPcm.insert(m_farPcm.end(), want, std::int16_t(0)); // not a slot: playout waits for none
        return;
    case JitterBuffer::Frame::Kind::Packet:
        pcm = m_decoder->decode(f.payload); // any length the peer sent
        break;
    case JitterBuffer::Frame::Kind::Fec:
        pcm = m_decoder->recover(f.payload);
        break;
    case JitterBuffer::Frame::Kind::Conceal:
        pcm = m_decoder->conceal();
        while (!pcm.empty() && pcm.size() < slot) { // a slot longer than the codec's concealment
            const std::vector<std::int16_t> more = m_decoder->conceal();
            pcm.insert(pcm.end(), more.begin(), more.end());
        }
        break;
    }
    if (f.kind != JitterBuffer::Frame::Kind::Packet && slot > 0)
        pcm.resize(slot, 0); // a lost slot lasts as long as the peer's frames
    if (pcm.empty())
        pcm.assign(want, 0);
    m_farPcm.insert(m_farPcm.end(), pcm.begin(), pcm.end());
}

std::vector<std::int16_t> MediaSession::nextFarEndFrame(std::int64_t playoutMs, EchoFrame* echo)
{
    const auto n = static_cast<std::size_t>(m_decoder->sampleRate() * m_frameMs / 1000);
    std::vector<std::int16_t> pcm;
    if (m_held) {
        m_farPcm.clear();
    } else {
        if (echo && m_farPcm.empty()) {
            JitterBuffer::Frame f = m_jitter.get(playoutMs);
            if (f.kind == JitterBuffer::Frame::Kind::Packet && f.payload.size() == n) {
                // The fast path: the payload's bytes as encode(decode()) makes them, in place.
                echo->peak = float(m_g711->echoInPlace(f.payload)) / 32768.0f;
                echo->bytes = std::move(f.payload);
                return pcm;
            }
            appendSlot(std::move(f), n);
        }
        // Our frame from as many of the peer's slots as it takes (two 10 ms frames for 20 ms),
        // or from what is left of a longer one.
        while (m_farPcm.size() < n)
            appendSlot(m_jitter.get(playoutMs), n - m_farPcm.size());
        pcm.assign(m_farPcm.begin(), m_farPcm.begin() + long(n));
        m_farPcm.erase(m_farPcm.begin(), m_farPcm.begin() + long(n));
    }
    pcm.resize(n, 0);
    if (echo) {
        echo->peak = peakOf(pcm);
        echo->bytes = m_encoder->encode(pcm);
    }
    return pcm;
}

std::size_t MediaSession::framesAhead() const
{
    const std::size_t devFrame = m_devFrame.size();
    return m_device->playbackQueued() + (devFrame ? m_deviceOut.size() / devFrame : 0);
}

bool MediaSession::nextFrameReady(std::int64_t nowMs) const
{
    const auto n = std::size_t(m_decoder->sampleRate() * m_frameMs / 1000);
    if (m_held || m_farPcm.size() >= n)
        return true;
    const int restMs = int((n - m_farPcm.size()) * 1000 / std::size_t(m_decoder->sampleRate()));
    return m_jitter.ready(nowMs, std::max(1, restMs));
}

int MediaSession::msUntilNextFrame(std::int64_t nowMs) const
{
    const auto n = std::size_t(m_decoder->sampleRate() * m_frameMs / 1000);
    if (m_held)
        return -1; // silence: nothing to wait for
    if (m_farPcm.size() >= n)
        return 0;
    const int restMs = int((n - m_farPcm.size()) * 1000 / std::size_t(m_decoder->sampleRate()));
    return m_jitter.msUntilDue(nowMs, std::max(1, restMs));
}

int MediaSession::msUntilFrameAfterNext(std::int64_t nowMs) const
{
    return m_jitter.msUntilDue(nowMs, 2 * m_frameMs);
}

void MediaSession::playFrame(std::int64_t playoutMs, bool toDevice, std::int64_t nowMs)
{
    if (m_fastEcho) {
        EchoFrame echo;
        nextFarEndFrame(playoutMs, &echo);
        m_outLevel = echo.peak;
        m_echoFrames.push_back(std::move(echo));
        if (m_echoFrames.size() > kMaxEchoSamples / static_cast<std::size_t>(m_decoder->frameSamples()))
            m_echoFrames.pop_front();
        return;
    }
    std::vector<std::int16_t> frame = nextFarEndFrame(playoutMs, nullptr);
    if (m_sink)
        m_sink->write(frame);
    if (m_recorder)
        m_recorder->pushHeard(frame);
    if (m_echo) {
        m_echoFifo.insert(m_echoFifo.end(), frame.begin(), frame.end());
        if (m_echoFifo.size() > kMaxEchoSamples)
            m_echoFifo.erase(m_echoFifo.begin(), m_echoFifo.end() - long(kMaxEchoSamples));
    }
    if (m_tones.active())
        m_tones.mix(frame);
    m_outLevel = peakOf(frame);
    if (!toDevice)
        return;
    if (m_device->hasInput())
        m_aec.playback(frame);
    m_toDevice->processAppend(frame, m_deviceOut);
    const std::size_t devFrame = m_devFrame.size();
    std::size_t at = 0;
    for (; at + devFrame <= m_deviceOut.size(); at += devFrame)
        m_device->writeFrame(m_deviceOut.data() + at);
    if (at && !m_playoutStarted) {
        m_playoutStarted = true;
        m_underrunBase = m_device->underruns();
        m_queueChangedMs = nowMs;
    }
    m_deviceOut.erase(m_deviceOut.begin(), m_deviceOut.begin() + long(at));
}

void MediaSession::fillDevice(std::int64_t nowMs, bool atTick)
{
    // The jitter buffer is asked at the time the frame is taken out (a frame must have arrived
    // by then); the device queue behind it is a fixed extra latency. Issue 19: a tick used to
    // take the next slot whether or not it had arrived (a frame coming just after the tick then
    // waited a whole tick in the buffer, or was concealed); now the last frame of the target
    // waits for it while the device holds enough to play on until it is due.
    const std::size_t queueTarget = std::size_t(playoutQueueTarget());
    const int devMs = deviceFrameMs();
    const std::size_t perFrame = std::size_t(std::max(1, m_frameMs / std::max(1, devMs)));
    // Between ticks only a frame a tick left the device short for is written: anything more would
    // take the frame the next tick needs (which would then be concealed) without playing sooner.
    if (!atTick && m_playoutDeadlineMs < 0)
        return;
    const bool overdue = m_playoutDeadlineMs >= 0 && nowMs >= m_playoutDeadlineMs;
    const int cushionMarginMs = std::max(2, std::min(m_frameMs, devMs) / 4);
    std::size_t ahead = framesAhead();
    for (std::int64_t i = 0; ahead < queueTarget && i < kMaxCatchUpFrames; ++i) {
        const bool last = ahead + perFrame >= queueTarget;
        // What the device holds lasts at least this long: its ring frames exactly, what it keeps
        // beyond them (an estimate, less a quarter tick for a wake-up that comes late; not while
        // the queue is grown after an underrun or a late tick: a stalling machine waits for
        // nothing it has not queued). A received frame due before then is worth waiting for.
        const int cushion = m_queueExtra == 0 ? std::max(0, m_device->playbackCushionMs() - cushionMarginMs) : 0;
        const int budget = int(ahead) * devMs + cushion - 1;
        if (atTick && last && budget >= 0 && m_farPcm.empty() && !m_held && nextFrameReady(nowMs)) {
            // The next frame came just after the previous tick and has waited a whole frame: the
            // one after it is due before the device could run dry. When that holds tick after tick
            // (not a burst of a jittery stream), dropping it once (as the jitter buffer shrinks)
            // lets every later frame be played as it arrives.
            // Not while the stream is unsteady: a frame concealed while the buffer waited for it
            // grew the delay on purpose (the jitter buffer shrinks it back by itself).
            const JitterStats j = m_jitter.stats();
            const std::uint64_t trouble = j.concealed + j.late + j.lost + j.recovered;
            if (trouble != m_troubleSeen) {
                m_troubleSeen = trouble;
                m_steadySinceMs = nowMs;
            }
            const bool behind = nowMs - m_steadySinceMs >= kSteadyMs && msUntilFrameAfterNext(nowMs) <= budget;
            m_behindTicks = behind ? m_behindTicks + 1 : 0;
            if (m_behindTicks >= kBehindTicks && m_jitter.dropIfBehind(nowMs, m_frameMs, budget))
                m_behindTicks = 0;
        } else if (atTick) {
            m_behindTicks = 0;
        }
        if (!nextFrameReady(nowMs)) {
            if (atTick && last) {
                const int due = msUntilNextFrame(nowMs);
                if (due >= 0 && due <= budget && !overdue) {
                    // A deadline set earlier stands: the device has played on since.
                    const std::int64_t deadline = nowMs + budget;
                    m_playoutDeadlineMs = m_playoutDeadlineMs >= 0 ? std::min(m_playoutDeadlineMs, deadline) : deadline;
                    m_lastAhead = ahead + perFrame;
                    return;
                }
            } else if (!atTick && !overdue) {
                break; // between ticks only what is due (the device was filled at the tick)
            }
        }
        playFrame(nowMs, true, nowMs);
        ahead = framesAhead();
    }
    m_lastAhead = ahead;
    if (ahead >= queueTarget || overdue)
        m_playoutDeadlineMs = -1;
}

void MediaSession::playout(std::int64_t nowMs)
{
    const bool toDevice = m_device && m_device->hasOutput();
    std::int64_t due = (nowMs - m_startMs) / m_frameMs - m_framesPlayed;
    if (due > kMaxCatchUpFrames) {
        m_framesPlayed += due - kMaxCatchUpFrames;
        due = kMaxCatchUpFrames;
    }
    if (toDevice) {
        followUnderruns(nowMs);
        fillDevice(nowMs, true);
    } else {
        m_playoutDeadlineMs = -1;
        for (std::int64_t i = 0; i < due; ++i)
            playFrame(nowMs - (due - 1 - i) * m_frameMs, false, nowMs);
    }
    m_framesPlayed += std::max<std::int64_t>(due, 0);
}

int MediaSession::msUntilCapture() const
{
    if (!m_device || m_source || m_echo || m_held || !m_device->hasInput())
        return -1;
    return m_device->msUntilCaptureFrame();
}

int MediaSession::playoutQueueTarget() const
{
    if (m_opt.playoutQueueFrames > 0)
        return m_opt.playoutQueueFrames;
    if (!m_device)
        return 0;
    const int cap = std::max(1, int(m_device->playbackCapacity()) - 1);
    return std::clamp(m_device->suggestedPlayoutFrames() + m_queueExtra, 1, cap);
}

void MediaSession::followUnderruns(std::int64_t nowMs)
{
    if (!m_playoutStarted) {
        m_lastPlayoutMs = -1;
        return;
    }
    const std::uint64_t now = m_device->underruns();
    // A tick late by half a tick or more (the machine stalled: the host's timer came late) has
    // used up that much of what was queued for the device; the next such stall may drain it. The
    // queue grows now, before an underrun (issue 19: a one-frame queue traded underruns for
    // latency on a busy machine).
    const int tickMs = std::min(m_frameMs, deviceFrameMs());
    const bool late = m_lastPlayoutMs >= 0 && nowMs - m_lastPlayoutMs >= tickMs + std::max(tickMs / 2, 1);
    m_lastPlayoutMs = nowMs;
    if (now > m_underrunBase || late) {
        m_playoutUnderruns += now - m_underrunBase;
        if (now == m_underrunBase)
            ++m_lateTicks;
        if (m_queueExtra < kMaxQueueExtra)
            ++m_queueExtra; // the device ran dry, or nearly, between two ticks: keep a frame more
        m_queueChangedMs = nowMs;
    } else if (m_queueExtra > 0 && nowMs - m_queueChangedMs >= kQueueShrinkMs) {
        --m_queueExtra; // quiet for a while (the machine is less busy): back towards the suggestion
        m_queueChangedMs = nowMs;
    }
    m_underrunBase = now;
}

int MediaSession::latencyEstimateMs() const
{
    // Capture side: a sample waits for the rest of its frame (or of the device's longer block),
    // then the codec's look-ahead.
    const bool capturing = m_device && m_device->hasInput();
    double ms = double(capturing ? std::max(m_frameMs, deviceFrameMs()) : m_frameMs) + m_encoder->codecDelayMs();
    const JitterStats j = m_jitter.stats();
    ms += j.currentDelayMs; // includes the wait for our playout (a tick, or none when played on arrival)
    ms += 1000.0 * double(m_farPcm.size()) / m_decoder->sampleRate(); // the rest of a peer's longer frame
    if (m_device) {
        if (m_fromDevice && m_deviceRate > 0)
            ms += 1000.0 * m_fromDevice->inputLatency() / m_deviceRate;
        if (m_toDevice)
            ms += 1000.0 * m_toDevice->inputLatency() / m_encoder->sampleRate();
        // The newest frame waits for the frames queued ahead of it (what the device holds
        // beyond its ring is in hardwareLatencyMs()).
        if (m_device->hasOutput() && m_lastAhead > 0)
            ms += double(m_lastAhead - 1) * double(deviceFrameMs());
        ms += m_device->hardwareLatencyMs();
    }
    return int(std::lround(std::max(ms, 0.0)));
}

MediaStats MediaSession::stats() const
{
    MediaStats s;
    s.codec = m_encoder->name();
    s.jitter = m_jitter.stats();
    s.inputLevel = m_inLevel;
    s.outputLevel = m_outLevel;
    s.framesSent = m_sent;
    s.framesReceived = m_received;
    s.malformed = m_malformed;
    if (m_device) {
        s.deviceUnderruns = m_device->underruns();
        s.deviceOverruns = m_device->overruns();
        s.playoutQueueFrames = m_device->hasOutput() ? playoutQueueTarget() : 0;
        s.playoutQueueMs = s.playoutQueueFrames * m_device->frameMs();
    }
    s.playoutUnderruns = m_playoutUnderruns;
    s.lateTicks = m_lateTicks;
    s.latencyMs = latencyEstimateMs();
    s.muted = m_muted;
    s.held = m_held;
    return s;
}

} // namespace iax::audio
