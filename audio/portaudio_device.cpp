#include "audio/portaudio_device.h"

#include "audio/backend_messages.h"
#include "audio/playout_sizing.h"
#include "audio/portaudio_lookup.h"
#include "audio/portaudio_stream.h"
#include "audio/pulse_devices.h"

#include <portaudio.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace iax::audio {

using namespace portaudio_lookup;

namespace {
// No callback for this long = device lost. Long enough that a starved sound server (a busy
// machine stalls PulseAudio for a second or more) is not mistaken for an unplugged card; an
// unplug that PortAudio reports (stream error, inactive stream) is caught at once regardless.
constexpr std::int64_t kHeartbeatTimeoutMs = 4000;

// Whether input and output get a stream each. On ALSA a full-duplex stream polls both devices
// and waits until both have a period; through ALSA's PulseAudio plugin the two never line up, and
// PortAudio's thread spins between them (issue 19: 40-70 % of a core on a null sink, against
// 2-10 % for the same two directions as separate streams, same latency). Elsewhere duplex stays.
bool splitDuplex(PaDeviceIndex in, PaDeviceIndex out)
{
    for (const PaDeviceIndex d : { in, out }) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(d);
        const PaHostApiInfo* api = info ? Pa_GetHostApiInfo(info->hostApi) : nullptr;
        if (!api || api->type != paALSA)
            return false;
    }
    return true;
}

// What the sound server keeps queued for our playback stream (tlength) and the fragments both
// directions move (minreq, fragsize) when we speak to it directly. The ring in front bridges the
// media ticks; the server's part only has to bridge our mainloop's wakeups. With
// PA_STREAM_ADJUST_LATENCY the server runs the device at (tlength - 2 minreq) / 2: 5 ms here.
// Measured on the null sink (scripts/measure-call-cpu.sh, BENCHMARKS.md): 20/10 ms put the sink at
// its 0.5 ms minimum (server 13 %, our mainloop 1600 wakeups/s); 20/5 ms: server 2 %, ~210/s.
constexpr int kServerFragmentMs = 5;
constexpr int kServerBufferMs = 20;

/// A direction that goes to the sound server directly: one of its devices, or the default
/// device (while a server answers; otherwise the default is PortAudio's).
bool onServer(const std::string& id)
{
    return id.empty() || !pulseDeviceName(id).empty();
}
} // namespace

PortAudioDevice::PortAudioDevice()
{
    routeBackendMessages(); // before PortAudio wakes ALSA and JACK, which print as they start
    m_paInitialized = portaudio::acquire();
}

PortAudioDevice::~PortAudioDevice()
{
    close();
    m_s.reset();
    if (m_paInitialized)
        portaudio::release();
}

std::vector<DeviceInfo> PortAudioDevice::list()
{
    PortAudioDevice scope; // keeps PortAudio initialised while listing
    const std::lock_guard guard(portaudio::lock());
    std::vector<DeviceInfo> out;
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
        const PaDeviceInfo* d = Pa_GetDeviceInfo(i);
        if (!d)
            continue;
        out.push_back({ deviceId(i), d->name, d->name, d->maxInputChannels, d->maxOutputChannels, d->defaultSampleRate,
            i == Pa_GetDefaultInputDevice(), i == Pa_GetDefaultOutputDevice() });
    }
    // The sound server's own sinks and sources, when one answers (opened with libpulse).
    for (const PulseDevice& d : listPulseDevices())
        out.push_back({ d.id, d.name, d.description, d.input ? 1 : 0, d.input ? 0 : 1, 48000, false, false });
    return out;
}

bool PortAudioDevice::isOpen() const
{
    return m_s && m_s->running();
}

bool PortAudioDevice::readFrame(std::int16_t* frame)
{
    return m_s && m_s->capture.pop(frame);
}

bool PortAudioDevice::writeFrame(const std::int16_t* frame)
{
    return m_s && m_s->playback.push(frame);
}

std::size_t PortAudioDevice::playbackQueued() const
{
    return m_s ? m_s->playback.size() : 0;
}

std::size_t PortAudioDevice::playbackCapacity() const
{
    return m_s ? m_s->playback.capacity() : 0;
}

int PortAudioDevice::suggestedPlayoutFrames() const
{
    if (!m_s)
        return 3;
    // Through the sound server the server's own queue (its tlength, refilled every fragment) bridges
    // the media ticks: the ring needs only the frame of the next tick. A late tick drains the
    // server's queue instead of a ring frame kept for it; the session adds frames after underruns.
    if (m_s->outputOnServer)
        return 1;
    const unsigned long block = m_s->maxBlock.load(std::memory_order_relaxed);
    const double blockMs = block ? 1000.0 * double(block) / m_rate : 1000.0 * m_s->outLatencyS / 2;
    // The media thread ticks once per ring frame (20 ms, or 10 ms with 10 ms rings).
    return playoutFramesFor(blockMs, m_s->frameMs, m_s->frameMs);
}

int PortAudioDevice::frameMs() const
{
    return m_s ? m_s->frameMs : m_frameMs;
}

int PortAudioDevice::hardwareLatencyMs() const
{
    if (!m_s)
        return 0;
    // Beyond the ring, playback also waits for the rest of the frame the callback is playing
    // from its staging (half a frame on average); the sound server takes that rest into its own
    // queue at once, which its reported latency counts.
    const double staging = m_s->hasOutput && !m_s->outputOnServer ? m_s->frameMs / 2.0 : 0.0;
    return int(std::lround(1000.0 * (m_s->inLatencyS + m_s->outLatencyS) + staging));
}

std::optional<PulseStream::Timing> PortAudioDevice::serverTiming() const
{
    if (!m_s || !m_s->pulse)
        return std::nullopt;
    return m_s->pulse->timing();
}

int PortAudioDevice::playbackCushionMs() const
{
    if (!m_s || !m_s->hasOutput)
        return 0;
    // The rest of the frame the callback is playing from its staging, and through the sound
    // server its queue down to where PulseStream pads it with silence (one fragment): measured
    // after the server's latest request (less the time since) where it says; else what it keeps
    // at least (it tops the queue up to playbackKeepMs at every request, one per fragment).
    const int staged = int(1000 * m_s->stagedOut.load(std::memory_order_relaxed) / std::size_t(m_rate));
    if (!m_s->outputOnServer)
        return staged;
    const int fragment = std::min(kServerFragmentMs, m_s->frameMs);
    const std::int64_t queuedUs = m_s->pulse ? m_s->pulse->playbackQueuedUs() : -1;
    if (queuedUs >= 0)
        return staged + std::max(0, int(queuedUs / 1000) - fragment);
    return staged + std::max(0, PulseStream::Config {}.playbackKeepMs - 2 * fragment);
}

int PortAudioDevice::msUntilCaptureFrame() const
{
    if (!m_s || !m_s->hasInput)
        return -1;
    if (m_s->capture.size() > 0)
        return 0;
    const std::int64_t last = m_s->lastCaptureUs.load(std::memory_order_acquire);
    if (last == 0)
        return -1;
    const std::int64_t until = last + std::int64_t(m_s->frameMs) * 1000 - steadyUs();
    if (until < 0)
        return -1; // overdue (the stream stalls): the caller's own period until frames come again
    // Rounded up, and a ms more: the server hands the frame over in fragments whose arrival jitters.
    return int((until + 999) / 1000) + 1;
}

std::size_t PortAudioDevice::captureQueued() const
{
    return m_s ? m_s->capture.size() : 0;
}

std::int64_t PortAudioDevice::lastCaptureFrameUs() const
{
    return m_s ? m_s->lastCaptureUs.load(std::memory_order_acquire) : 0;
}

void PortAudioDevice::simulateLoss()
{
    if (m_s)
        m_s->lost.store(true, std::memory_order_release);
}

core::Status PortAudioDevice::open(const std::string& inputId, const std::string& outputId, int rate)
{
    close();
    m_requestedRate = rate;
    m_inputId = inputId;
    m_outputId = outputId;
    m_needFallback = false;
    Opened st = openStream(m_paInitialized, inputId, outputId, rate, m_frameMs, &m_counters);
    if (!st)
        return st.error();
    adopt(std::move(st).value());
    return core::Ok {};
}

void PortAudioDevice::openInBackground(const std::string& inputId, const std::string& outputId, int rate)
{
    close();
    m_requestedRate = rate;
    m_inputId = inputId;
    m_outputId = outputId;
    m_needFallback = false;
    startBackgroundOpen(inputId, outputId, Purpose::Open);
}

void PortAudioDevice::adopt(std::shared_ptr<Stream> stream)
{
    m_s = std::move(stream); // the previous stream was stopped; its callback no longer runs
    m_rate = m_s->rate;
    m_hasInput = m_s->hasInput;
    m_hasOutput = m_s->hasOutput;
    m_openInputId = m_s->inputId;
    m_openOutputId = m_s->outputId;
    m_lastBeat = m_s->heartbeat.load(std::memory_order_acquire);
    m_lastBeatAtMs = steadyMs();
    m_openGone = false;
}

PortAudioDevice::Opened PortAudioDevice::openStream(bool paInitialized, const std::string& inputId,
    const std::string& outputId, int rate, int frameMs, Counters* counters)
{
    // The sound server's devices, and the default device while a server answers, are spoken to
    // directly with libpulse (issue 19: 5 ms fragments on one thread instead of ALSA's pulse
    // plugin moving ~2 ms blocks through four); every other device goes through PortAudio.
    const bool serverIn = inputId != "none" && onServer(inputId);
    const bool serverOut = outputId != "none" && onServer(outputId);
    if (serverIn || serverOut) {
        auto s = std::make_shared<Stream>(rate, frameMs, counters);
        PulseStream::Config c;
        c.input = serverIn;
        c.output = serverOut;
        c.inputDevice = pulseStreamTarget(inputId);
        c.outputDevice = pulseStreamTarget(outputId);
        c.rate = rate;
        c.fragmentMs = std::min(kServerFragmentMs, frameMs);
        c.playbackBufferMs = kServerBufferMs;
        auto opened = PulseStream::open(c, serverCallbacks(s.get()));
        if (opened) {
            s->pulse = std::move(opened).value();
            s->hasInput = serverIn;
            s->hasOutput = serverOut;
            s->outputOnServer = serverOut;
            s->inputId = serverIn ? (inputId.empty() ? std::string(kPulseDefaultId) : inputId) : std::string();
            s->outputId = serverOut ? (outputId.empty() ? std::string(kPulseDefaultId) : outputId) : std::string();
            s->pulse->latencies(&s->inLatencyS, &s->outLatencyS);
            if ((serverIn || inputId == "none") && (serverOut || outputId == "none"))
                return s;
            // The other direction is a PortAudio device: at the same rate, into the same rings.
            return openPortAudio(paInitialized, serverIn ? "none" : inputId, serverOut ? "none" : outputId, rate,
                frameMs, counters, std::move(s));
        }
        const bool chosenOnServer = !pulseDeviceName(inputId).empty() || !pulseDeviceName(outputId).empty();
        if (opened.error().code != "no-server" || chosenOnServer)
            return opened.error();
        // No server: the default device is PortAudio's.
    }
    return openPortAudio(paInitialized, inputId, outputId, rate, frameMs, counters, nullptr);
}

PortAudioDevice::Opened PortAudioDevice::openPortAudio(bool paInitialized, const std::string& inputId,
    const std::string& outputId, int rate, int frameMs, Counters* counters, std::shared_ptr<Stream> onServer)
{
    if (!paInitialized)
        return core::makeError("open-failed", "PortAudio could not be initialised");
    const std::lock_guard guard(portaudio::lock()); // the whole open: no re-initialisation meanwhile
    auto lookup = [&](const std::string& id, bool input) { return id == "none" ? paNoDevice : findDevice(id, input); };
    const PaDeviceIndex in = lookup(inputId, true);
    const PaDeviceIndex out = lookup(outputId, false);
    if (inputId != "none" && in == paNoDevice)
        return core::makeError(
            "no-device", "no input device '" + (inputId.empty() ? std::string("default") : inputId) + "'");
    if (outputId != "none" && out == paNoDevice)
        return core::makeError(
            "no-device", "no output device '" + (outputId.empty() ? std::string("default") : outputId) + "'");
    const bool hasInput = in != paNoDevice;
    const bool hasOutput = out != paNoDevice;

    PaStreamParameters ip {}, op {};
    if (hasInput) {
        ip.device = in;
        ip.channelCount = 1;
        ip.sampleFormat = paInt16;
        ip.suggestedLatency = Pa_GetDeviceInfo(in)->defaultLowInputLatency;
    }
    if (hasOutput) {
        op.device = out;
        op.channelCount = 1;
        op.sampleFormat = paInt16;
        op.suggestedLatency = Pa_GetDeviceInfo(out)->defaultLowOutputLatency;
    }
    // The requested rate first, then what the devices prefer, then the common rates.
    std::vector<int> rates { rate };
    if (hasOutput)
        rates.push_back(int(Pa_GetDeviceInfo(out)->defaultSampleRate));
    if (hasInput)
        rates.push_back(int(Pa_GetDeviceInfo(in)->defaultSampleRate));
    for (int r : { 48000, 44100, 32000, 16000, 8000 })
        rates.push_back(r);
    PaError err = paInvalidSampleRate;
    std::shared_ptr<Stream> s;
    for (int r : rates) {
        if (r < 8000 || r % (1000 / frameMs) != 0 || (onServer && r != onServer->rate))
            continue; // whole frames: 20 ms need a rate divisible by 50, 10 ms by 100; rings shared with the server
        if (Pa_IsFormatSupported(hasInput ? &ip : nullptr, hasOutput ? &op : nullptr, r) != paFormatIsSupported)
            continue;
        auto candidate = onServer ? onServer : std::make_shared<Stream>(r, frameMs, counters);
        PaStream* pa = nullptr;
        PaStream* paIn = nullptr;
        const bool split = hasInput && hasOutput && splitDuplex(in, out);
        err = Pa_OpenStream(&pa, hasInput && !split ? &ip : nullptr, hasOutput ? &op : nullptr, r,
            paFramesPerBufferUnspecified, paClipOff, &PortAudioDevice::callback, candidate.get());
        if (err == paNoError && split) {
            err = Pa_OpenStream(&paIn, &ip, nullptr, r, paFramesPerBufferUnspecified, paClipOff,
                &PortAudioDevice::callback, candidate.get());
            if (err != paNoError)
                Pa_CloseStream(pa);
        }
        if (err == paNoError) {
            candidate->pa = pa;
            candidate->token = portaudio::registerStream([raw = candidate.get()] { raw->closeForReinit(); });
            candidate->paIn = paIn;
            s = std::move(candidate);
            break;
        }
    }
    if (!s)
        return core::makeError("open-failed", std::string("cannot open the sound device: ") + Pa_GetErrorText(err));
    s->hasInput = s->hasInput || hasInput;
    s->hasOutput = s->hasOutput || hasOutput;
    Pa_SetStreamFinishedCallback(s->pa, &PortAudioDevice::finished);
    if (s->paIn)
        Pa_SetStreamFinishedCallback(s->paIn, &PortAudioDevice::finished);
    err = Pa_StartStream(s->pa);
    if (err == paNoError && s->paIn)
        err = Pa_StartStream(s->paIn);
    if (err != paNoError)
        return core::makeError("open-failed", std::string("cannot start the sound device: ") + Pa_GetErrorText(err));
    if (const PaStreamInfo* info = Pa_GetStreamInfo(s->pa)) {
        if (hasInput)
            s->inLatencyS = info->inputLatency;
        if (hasOutput)
            s->outLatencyS = info->outputLatency;
    }
    if (const PaStreamInfo* info = s->paIn ? Pa_GetStreamInfo(s->paIn) : nullptr)
        s->inLatencyS = info->inputLatency;
    if (hasInput)
        s->inputId = deviceId(in);
    if (hasOutput)
        s->outputId = deviceId(out);
    return s;
}

core::Status PortAudioDevice::switchTo(const std::string& inputId, const std::string& outputId)
{
    const std::string oldIn = m_inputId, oldOut = m_outputId;
    auto st = open(inputId, outputId, m_requestedRate);
    if (!st) {
        (void)open(oldIn, oldOut, m_requestedRate);
        return st;
    }
    m_events.push_back({ DeviceEvent::Kind::Switched, "switched to " + describe(m_openInputId, m_openOutputId) });
    return st;
}

void PortAudioDevice::close()
{
    takeBackgroundOpen(true); // an open under way ends first; its stream is stopped below
    if (m_s)
        m_s->stop();
}

bool PortAudioDevice::streamLost()
{
    if (m_s->suspended.load(std::memory_order_acquire))
        return false; // closed by a re-initialisation (its abort also marks it lost): reopened next clock()
    if (m_s->lost.load(std::memory_order_acquire) || (m_s->pulse && m_s->pulse->failed()))
        return true; // a finished callback, or the server killed the stream or went away
    if (m_s->pa || m_s->paIn) {
        // Not while another thread holds PortAudio (an open or a re-initialisation takes hundreds
        // of ms): the heartbeat below still sees a dead stream.
        std::unique_lock guard(portaudio::lock(), std::try_to_lock);
        if (guard.owns_lock() && !m_s->suspended.load(std::memory_order_acquire)
            && ((m_s->pa && Pa_IsStreamActive(m_s->pa) != 1) || (m_s->paIn && Pa_IsStreamActive(m_s->paIn) != 1)))
            return true; // stopped by itself, or an error code
    }
    const std::uint64_t beat = m_s->heartbeat.load(std::memory_order_acquire);
    const std::int64_t now = steadyMs();
    if (beat != m_lastBeat) {
        m_lastBeat = beat;
        m_lastBeatAtMs = now;
        return false;
    }
    return now - m_lastBeatAtMs > kHeartbeatTimeoutMs; // the callback stopped coming
}

void PortAudioDevice::clock(std::int64_t)
{
    takeBackgroundOpen(false);
    if (isOpen() && m_s->suspended.load(std::memory_order_acquire) && !m_pending.valid())
        resumeAfterReinit();
    else if (isOpen() && streamLost()) {
        m_events.push_back(
            { DeviceEvent::Kind::Lost, "the sound device stopped (" + describe(m_openInputId, m_openOutputId) + ")" });
        m_s->stop(); // its rings stay until a new stream replaces it
        m_needFallback = true;
        m_fallbackFailedReported = false;
        m_nextRetryMs = 0;
    }
    if (isOpen() && m_s->pulse && steadyMs() >= m_nextLatencyMs) {
        m_s->pulse->latencies(&m_s->inLatencyS, &m_s->outLatencyS); // the server's, as it changes
        m_nextLatencyMs = steadyMs() + 1000;
    }
    if (!m_needFallback && !m_pending.valid() && isOpen())
        followPreferences();
    if (!m_needFallback || m_pending.valid() || steadyMs() < m_nextRetryMs)
        return;
    startFallback();
}

std::optional<DeviceEvent> PortAudioDevice::pollEvent()
{
    if (m_events.empty())
        return std::nullopt;
    DeviceEvent e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

bool PortAudioDevice::poll(std::string* what)
{
    clock(0);
    bool lost = false;
    std::string text;
    while (auto e = pollEvent()) {
        lost |= e->kind != DeviceEvent::Kind::Switched;
        text += (text.empty() ? "" : "; ") + e->detail;
    }
    if (what)
        *what = text;
    return lost;
}

PulseStream::Callbacks PortAudioDevice::serverCallbacks(Stream* stream)
{
    PulseStream::Callbacks c;
    c.user = stream;
    c.capture = [](void* s, const std::int16_t* in, std::size_t frames) {
        static_cast<Stream*>(s)->process(in, nullptr, frames);
    };
    c.play = [](void* s, std::int16_t* out, std::size_t frames) {
        return static_cast<Stream*>(s)->takePlayback(out, frames);
    };
    c.padded = [](void* s) { static_cast<Stream*>(s)->counters->underruns.fetch_add(1, std::memory_order_relaxed); };
    return c;
}

void PortAudioDevice::finished(void* stream)
{
    static_cast<Stream*>(stream)->lost.store(true, std::memory_order_release);
}

int PortAudioDevice::callback(const void* in, void* out, unsigned long frames, const PaStreamCallbackTimeInfo*,
    PaStreamCallbackFlags, void* stream)
{
    return static_cast<Stream*>(stream)->process(
        static_cast<const std::int16_t*>(in), static_cast<std::int16_t*>(out), frames);
}

// Real-time thread: copies samples between the device buffers and whole 20 ms frames of the
// rings. No locks, no allocation, no system calls. With a stream per direction (splitDuplex())
// two threads call this, one with `in` only and one with `out` only: each touches only its own
// direction's ring, staging and counters (heartbeat is atomic, maxBlock the output's alone).
int PortAudioDevice::Stream::process(const std::int16_t* in, std::int16_t* out, unsigned long frames)
{
    heartbeat.fetch_add(1, std::memory_order_release);
    if (out && frames > maxBlock.load(std::memory_order_relaxed))
        maxBlock.store(frames, std::memory_order_relaxed); // only this thread writes it
    const std::size_t frame = inStage.size();
    if (in) {
        int peak = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            peak = std::max(peak, std::abs(int(in[i])));
            inStage[inFill++] = in[i];
            if (inFill == frame) {
                if (!capture.push(inStage.data()))
                    counters->overruns.fetch_add(1, std::memory_order_relaxed);
                lastCaptureUs.store(steadyUs(), std::memory_order_release);
                inFill = 0;
            }
        }
        counters->inLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    }
    if (out) {
        int peak = 0;
        std::size_t done = copyQueued(out, frames, &peak);
        while (done < frames) {
            // The ring ran dry: a frame of silence is staged (an underrun), then the ring again.
            std::fill(outStage.begin(), outStage.end(), std::int16_t(0));
            counters->underruns.fetch_add(1, std::memory_order_relaxed);
            outFill = frame;
            outPos = 0;
            done += copyQueued(out + done, frames - done, &peak);
        }
        counters->outLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    }
    return paContinue;
}

// libpulse's mainloop thread: the output half of process() without the silence: what is queued.
std::size_t PortAudioDevice::Stream::takePlayback(std::int16_t* out, std::size_t frames)
{
    heartbeat.fetch_add(1, std::memory_order_release);
    int peak = 0;
    const std::size_t done = copyQueued(out, frames, &peak);
    counters->outLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    return done;
}

std::size_t PortAudioDevice::Stream::copyQueued(std::int16_t* out, std::size_t frames, int* peak)
{
    std::size_t i = 0;
    for (; i < frames; ++i) {
        if (outPos == outFill) {
            if (!playback.pop(outStage.data()))
                break;
            outFill = outStage.size();
            outPos = 0;
        }
        out[i] = outStage[outPos++];
        *peak = std::max(*peak, std::abs(int(out[i])));
    }
    stagedOut.store(outFill - outPos, std::memory_order_relaxed);
    return i;
}

} // namespace iax::audio
