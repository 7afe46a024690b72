#include "audio/portaudio_device.h"

#include "audio/backend_messages.h"
#include "audio/device_preference.h"
#include "audio/portaudio_lookup.h"
#include "audio/portaudio_system.h"
#include "audio/pulse_devices.h"
#include "audio/spsc_ring.h"

#include <portaudio.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

namespace iax::audio {

using namespace portaudio_lookup;

namespace {
constexpr std::size_t kRingFrames = 16; // 320 ms each way
// No callback for this long = device lost. Long enough that a starved sound server (a busy
// machine stalls PulseAudio for a second or more) is not mistaken for an unplugged card; an
// unplug that PortAudio reports (stream error, inactive stream) is caught at once regardless.
constexpr std::int64_t kHeartbeatTimeoutMs = 4000;
constexpr std::int64_t kRetryMs = 2000; // fallback retry period while no device works
// How often a call that is not on its first preference looks for a better device (a list from
// the sound server and an open within a second of the plug-in, issue 19).
constexpr std::int64_t kFollowCheckMs = 300;
// What the playback ring must bridge beyond one callback block: the media thread's tick period
// (20 ms) and its scheduling delay on a busy machine are covered by one extra frame; the session
// adds frames when underruns show that was not enough.
constexpr double kTickSlackMs = 20;

std::int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::mutex g_hookMutex;
std::function<void()> g_backgroundOpenHook; // tests only

/// Runs the test hook, if any, on a background open's helper thread.
void runBackgroundOpenHook()
{
    std::function<void()> hook;
    {
        const std::lock_guard lock(g_hookMutex);
        hook = g_backgroundOpenHook;
    }
    if (hook)
        hook();
}

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

std::string describe(const std::string& in, const std::string& out)
{
    std::string s;
    if (!in.empty())
        s += "input '" + in + "'";
    if (!out.empty())
        s += (s.empty() ? "" : ", ") + std::string("output '") + out + "'";
    return s;
}
} // namespace

struct PortAudioDevice::Stream {
    Stream(int r, int fMs, Counters* c)
        : rate(r)
        , frameMs(fMs)
        , capture(kRingFrames, std::size_t(r * fMs / 1000))
        , playback(kRingFrames, std::size_t(r * fMs / 1000))
        , inStage(std::size_t(r * fMs / 1000), 0)
        , outStage(std::size_t(r * fMs / 1000), 0)
        , counters(c)
    { }
    ~Stream() { stop(); }
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    /// Aborts and closes the PortAudio stream (the rings stay); idempotent. Owner's thread.
    void stop()
    {
        const std::lock_guard guard(portaudio::lock());
        if (token)
            portaudio::unregisterStream(token);
        token = 0;
        if (!suspended.load(std::memory_order_acquire))
            closeBoth();
        pa = nullptr;
        paIn = nullptr;
    }
    /// A re-initialisation's closer (any thread, under portaudio::lock()): closes the PortAudio
    /// stream(s) and marks them suspended; the owner reopens them (PortAudioDevice::clock()).
    void closeForReinit()
    {
        // Before the abort, whose finished callback marks the stream lost: the owner must see a
        // suspension (reopen silently), not a loss.
        suspended.store(true, std::memory_order_release);
        closeBoth();
        token = 0;
    }
    /// Aborts and closes the output (or duplex) stream and the input's own stream where split.
    void closeBoth()
    {
        for (PaStream* p : { pa, paIn }) {
            if (!p)
                continue;
            Pa_AbortStream(p);
            Pa_CloseStream(p);
        }
    }
    int process(const std::int16_t* in, std::int16_t* out, unsigned long frames);

    PaStream* pa = nullptr;
    PaStream* paIn = nullptr; // the input's own stream where duplex would spin (splitDuplex())
    int rate;
    int frameMs; // of the rings
    bool hasInput = false, hasOutput = false;
    std::string inputId, outputId; // as opened
    SpscRing capture, playback;
    // Partial-frame staging owned by the callback.
    std::vector<std::int16_t> inStage, outStage;
    std::size_t inFill = 0, outPos = 0, outFill = 0;
    Counters* counters;
    std::atomic<std::uint64_t> heartbeat { 0 }; // callbacks so far
    std::atomic<unsigned long> maxBlock { 0 }; // largest callback block, samples (written by the callback)
    double inLatencyS = 0, outLatencyS = 0; // reported by PortAudio once started
    std::atomic<bool> lost { false }; // set by the finished callback or simulateLoss()
    std::atomic<bool> suspended { false }; // closed by a PortAudio re-initialisation
    std::uint64_t token = 0; // registration with portaudio::registerStream (under its lock)
    std::string fallbackNote; // a fallback reopen: the sentence for the user (what it switched to, and why)
};

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
    // The sound server's own sinks and sources, when PortAudio reaches it (ALSA's "pulse").
    if (findDevice("pulse", false) != paNoDevice || findDevice("pulse", true) != paNoDevice) {
        for (const PulseDevice& d : listPulseDevices())
            out.push_back({ d.id, d.name, d.description, d.input ? 1 : 0, d.input ? 0 : 1, 48000, false, false });
    }
    return out;
}

void PortAudioDevice::setBackgroundOpenHookForTest(std::function<void()> hook)
{
    const std::lock_guard lock(g_hookMutex);
    g_backgroundOpenHook = std::move(hook);
}

bool PortAudioDevice::isOpen() const
{
    return m_s && m_s->pa;
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
    const unsigned long block = m_s->maxBlock.load(std::memory_order_relaxed);
    const double blockMs = block ? 1000.0 * double(block) / m_rate : 1000.0 * m_s->outLatencyS / 2;
    // In frames of the rings: 20 ms frames 2–4; 10 ms frames (their media tick is 10 ms too) 2–8.
    const int frame = m_s->frameMs;
    const double slack = std::min(kTickSlackMs, double(frame));
    return std::clamp(int(std::ceil((blockMs + slack) / frame)), 2, 80 / frame);
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
    // from its staging (half a frame on average).
    const double staging = m_s->hasOutput ? m_s->frameMs / 2.0 : 0.0;
    return int(std::lround(1000.0 * (m_s->inLatencyS + m_s->outLatencyS) + staging));
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

void PortAudioDevice::startBackgroundOpen(const std::string& inputId, const std::string& outputId, Purpose purpose)
{
    m_pendingPurpose = purpose;
    m_pending = std::async(std::launch::async,
        [init = m_paInitialized, inputId, outputId, rate = m_requestedRate, frameMs = m_frameMs,
            counters = &m_counters] {
            runBackgroundOpenHook();
            return openStream(init, inputId, outputId, rate, frameMs, counters);
        });
}

void PortAudioDevice::takeBackgroundOpen(bool wait)
{
    if (!m_pending.valid())
        return;
    if (!wait && m_pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    Opened st = m_pending.get();
    if (st) {
        std::string note = std::move(st.value()->fallbackNote);
        if (m_pendingPurpose == Purpose::Follow && m_s)
            m_s->stop(); // the call leaves a working device for a preferred one
        adopt(std::move(st).value());
        if (m_pendingPurpose == Purpose::Follow) {
            m_needFallback = false; // a loss seen meanwhile is over: the new stream runs
            m_events.push_back({ DeviceEvent::Kind::Switched, std::move(note) });
        }
        if (m_pendingPurpose == Purpose::Fallback) {
            m_needFallback = false;
            m_events.push_back({ DeviceEvent::Kind::FellBack, std::move(note) });
        }
        return;
    }
    if (m_pendingPurpose == Purpose::Follow) { // nothing better; or the server moved the stream
        if (st.error().code == "gone" && !m_openGone)
            m_events.push_back({ DeviceEvent::Kind::FellBack,
                st.error().reason + " is gone: the sound server plays the call on its default device" });
        m_openGone = m_openGone || st.error().code == "gone";
        return;
    }
    if (m_pendingPurpose == Purpose::Resume) { // the devices went away while PortAudio re-initialised
        m_events.push_back(
            { DeviceEvent::Kind::Lost, "the sound device cannot be reopened (" + st.error().reason + ")" });
        m_needFallback = true;
        m_fallbackFailedReported = false;
        m_nextRetryMs = 0;
        return;
    }
    if (m_pendingPurpose == Purpose::Open) {
        m_events.push_back(
            { DeviceEvent::Kind::OpenFailed, "the sound device cannot be opened (" + st.error().reason + ")" });
        return;
    }
    if (!m_fallbackFailedReported)
        m_events.push_back(
            { DeviceEvent::Kind::FallbackFailed, "the default sound device failed too: " + st.error().reason });
    m_fallbackFailedReported = true;
    m_nextRetryMs = steadyMs() + kRetryMs;
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
    if (!paInitialized)
        return core::makeError("open-failed", "PortAudio could not be initialised");
    const std::lock_guard guard(portaudio::lock()); // the whole open: no re-initialisation meanwhile
    // A sound-server device must be one the server lists now (ALSA's pulse plugin would play to
    // its default device instead of failing).
    const bool pulseIds = !pulseDeviceName(inputId).empty() || !pulseDeviceName(outputId).empty();
    const std::vector<PulseDevice> pulse = pulseIds ? listPulseDevices() : std::vector<PulseDevice> {};
    auto lookup = [&](const std::string& id, bool input) {
        return id == "none" || (!pulseDeviceName(id).empty() && !available(id, input, pulse)) ? paNoDevice
                                                                                              : findDevice(id, input);
    };
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
    PaAlsaStreamInfo inPulse {}, outPulse {};
    std::string inPcm, outPcm;
    usePulseDevice(inputId, ip, inPulse, inPcm);
    usePulseDevice(outputId, op, outPulse, outPcm);
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
        if (r < 8000 || r % (1000 / frameMs) != 0)
            continue; // whole frames: 20 ms need a rate divisible by 50, 10 ms by 100
        if (Pa_IsFormatSupported(hasInput ? &ip : nullptr, hasOutput ? &op : nullptr, r) != paFormatIsSupported)
            continue;
        auto candidate = std::make_shared<Stream>(r, frameMs, counters);
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
    s->hasInput = hasInput;
    s->hasOutput = hasOutput;
    Pa_SetStreamFinishedCallback(s->pa, &PortAudioDevice::finished);
    if (s->paIn)
        Pa_SetStreamFinishedCallback(s->paIn, &PortAudioDevice::finished);
    err = Pa_StartStream(s->pa);
    if (err == paNoError && s->paIn)
        err = Pa_StartStream(s->paIn);
    if (err != paNoError)
        return core::makeError("open-failed", std::string("cannot start the sound device: ") + Pa_GetErrorText(err));
    if (const PaStreamInfo* info = Pa_GetStreamInfo(s->pa)) {
        s->inLatencyS = hasInput ? info->inputLatency : 0;
        s->outLatencyS = hasOutput ? info->outputLatency : 0;
    }
    if (const PaStreamInfo* info = s->paIn ? Pa_GetStreamInfo(s->paIn) : nullptr)
        s->inLatencyS = info->inputLatency;
    s->inputId = !hasInput ? std::string() : inPcm.empty() ? deviceId(in) : inputId;
    s->outputId = !hasOutput ? std::string() : outPcm.empty() ? deviceId(out) : outputId;
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
    if (m_s->lost.load(std::memory_order_acquire))
        return true;
    // Not while another thread holds PortAudio (an open or a re-initialisation takes hundreds of
    // ms): the heartbeat below still sees a dead stream.
    std::unique_lock guard(portaudio::lock(), std::try_to_lock);
    if (guard.owns_lock() && !m_s->suspended.load(std::memory_order_acquire)
        && (Pa_IsStreamActive(m_s->pa) != 1 || (m_s->paIn && Pa_IsStreamActive(m_s->paIn) != 1)))
        return true; // stopped by itself, or an error code
    if (guard.owns_lock())
        guard.unlock();
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
    if (!m_needFallback && !m_pending.valid() && isOpen())
        followPreferences();
    if (!m_needFallback || m_pending.valid() || steadyMs() < m_nextRetryMs)
        return;
    startFallback();
}

void PortAudioDevice::followPreferences()
{
    // A sound-server device is watched even as the first choice: when it goes away the server moves
    // the stream to its default device without a word to us (the stream does not always die), and
    // only the server's list tells (a fresh-clone run missed the notice 1 time in 2 without this).
    const bool followIn = m_hasInput && !m_inputId.empty() && m_inputId != "none"
        && (m_openGone || preferenceRank(m_preferredInputs, m_openInputId) > 0
            || !pulseDeviceName(m_openInputId).empty());
    const bool followOut = m_hasOutput && !m_outputId.empty() && m_outputId != "none"
        && (m_openGone || preferenceRank(m_preferredOutputs, m_openOutputId) > 0
            || !pulseDeviceName(m_openOutputId).empty());
    if ((!followIn && !followOut) || steadyMs() < m_nextFollowMs)
        return;
    m_nextFollowMs = steadyMs() + kFollowCheckMs;
    m_pendingPurpose = Purpose::Follow;
    m_pending = std::async(std::launch::async,
        [init = m_paInitialized, prefsIn = followIn ? m_preferredInputs : std::vector<std::string> {},
            prefsOut = followOut ? m_preferredOutputs : std::vector<std::string> {},
            openIn = m_hasInput ? m_openInputId : std::string("none"),
            openOut = m_hasOutput ? m_openOutputId : std::string("none"), gone = m_openGone, rate = m_requestedRate,
            frameMs = m_frameMs, counters = &m_counters]() -> Opened {
            const std::vector<PulseDevice> pulse = listPulseDevices(500);
            const std::lock_guard guard(portaudio::lock());
            // A sound-server device the stream is on that the server no longer lists: the server
            // moved the stream to its default device, so any preference is better.
            auto goneNow = [&](const std::string& id, bool input) {
                return !pulse.empty() && !pulseDeviceName(id).empty() && !available(id, input, pulse);
            };
            const bool inGone = goneNow(openIn, true), outGone = goneNow(openOut, false);
            const std::string in = betterPreference(
                prefsIn, openIn, gone || inGone, [&](const std::string& id) { return available(id, true, pulse); });
            const std::string out = betterPreference(
                prefsOut, openOut, gone || outGone, [&](const std::string& id) { return available(id, false, pulse); });
            if (in.empty() && out.empty())
                return core::makeError(inGone || outGone ? "gone" : "none",
                    describe(inGone ? openIn : std::string(), outGone ? openOut : std::string()));
            Opened st = openStream(init, in.empty() ? openIn : in, out.empty() ? openOut : out, rate, frameMs, counters);
            if (st)
                st.value()->fallbackNote = "switched to "
                    + describe(in.empty() ? std::string() : st.value()->inputId,
                        out.empty() ? std::string() : st.value()->outputId)
                    + ", preferred and available again";
            return st;
        });
}

void PortAudioDevice::resumeAfterReinit()
{
    const std::string in = m_hasInput ? m_openInputId : "none";
    const std::string out = m_hasOutput ? m_openOutputId : "none";
    m_s->stop(); // PortAudio closed it already; its rings stay until the reopened stream
    startBackgroundOpen(in, out, Purpose::Resume);
}

void PortAudioDevice::setFallbackPreferences(std::vector<std::string> inputs, std::vector<std::string> outputs)
{
    m_preferredInputs = std::move(inputs);
    m_preferredOutputs = std::move(outputs);
}

void PortAudioDevice::startFallback()
{
    // For the directions we had: the preferences, then the default device, off this thread.
    m_pendingPurpose = Purpose::Fallback;
    m_pending = std::async(std::launch::async,
        [init = m_paInitialized, in = m_hasInput ? m_preferredInputs : std::vector<std::string> { "none" },
            out = m_hasOutput ? m_preferredOutputs : std::vector<std::string> { "none" }, rate = m_requestedRate,
            frameMs = m_frameMs, counters = &m_counters]() -> Opened {
            runBackgroundOpenHook();
            const std::vector<PulseDevice> pulse = listPulseDevices();
            // Re-enumerate: PortAudio sees devices plugged in since only after a re-initialisation
            // (other users' streams, e.g. the ringer, are closed around it and reopen by themselves).
            if (init && !portaudio::reinitialize())
                return core::makeError("open-failed", "PortAudio could not be re-initialised");
            std::string note;
            const std::lock_guard guard(portaudio::lock());
            const std::string inputId = firstAvailable(in, true, pulse, &note);
            const std::string outputId = firstAvailable(out, false, pulse, &note);
            Opened st = openStream(init, inputId, outputId, rate, frameMs, counters);
            if (st) {
                const bool byDefault
                    = (inputId.empty() || inputId == "none") && (outputId.empty() || outputId == "none");
                const std::string opened = describe(st.value()->inputId, st.value()->outputId);
                st.value()->fallbackNote = "switched to " + (byDefault ? "the default device (" + opened + ")" : opened)
                    + (note.empty() ? "" : " (" + note + ")");
            }
            return st;
        });
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
                inFill = 0;
            }
        }
        counters->inLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    }
    if (out) {
        int peak = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            if (outPos == outFill) {
                if (!playback.pop(outStage.data())) {
                    std::fill(outStage.begin(), outStage.end(), std::int16_t(0));
                    counters->underruns.fetch_add(1, std::memory_order_relaxed);
                }
                outFill = frame;
                outPos = 0;
            }
            out[i] = outStage[outPos++];
            peak = std::max(peak, std::abs(int(out[i])));
        }
        counters->outLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    }
    return paContinue;
}

} // namespace iax::audio
