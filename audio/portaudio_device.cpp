#include "audio/portaudio_device.h"

#include <portaudio.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace iax::audio {

namespace {
constexpr std::size_t kRingFrames = 16; // 320 ms each way
// No callback for this long = device lost. Long enough that a starved sound server (a busy
// machine stalls PulseAudio for a second or more) is not mistaken for an unplugged card; an
// unplug that PortAudio reports (stream error, inactive stream) is caught at once regardless.
constexpr std::int64_t kHeartbeatTimeoutMs = 4000;
constexpr std::int64_t kRetryMs = 2000; // fallback retry period while no device works

std::int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string deviceId(PaDeviceIndex i)
{
    const PaDeviceInfo* d = Pa_GetDeviceInfo(i);
    const PaHostApiInfo* h = d ? Pa_GetHostApiInfo(d->hostApi) : nullptr;
    return std::string(h ? h->name : "?") + ":" + (d ? d->name : "?");
}

PaDeviceIndex findDevice(const std::string& id, bool input)
{
    if (id.empty())
        return input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
        const PaDeviceInfo* d = Pa_GetDeviceInfo(i);
        if (d && (input ? d->maxInputChannels : d->maxOutputChannels) > 0 && (deviceId(i) == id || d->name == id))
            return i;
    }
    return paNoDevice;
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

PortAudioDevice::PortAudioDevice()
{
    m_paInitialized = Pa_Initialize() == paNoError;
}

PortAudioDevice::~PortAudioDevice()
{
    close();
    if (m_paInitialized)
        Pa_Terminate();
}

std::vector<DeviceInfo> PortAudioDevice::list()
{
    PortAudioDevice scope; // keeps PortAudio initialised while listing
    std::vector<DeviceInfo> out;
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
        const PaDeviceInfo* d = Pa_GetDeviceInfo(i);
        if (!d)
            continue;
        out.push_back({ deviceId(i), d->name, d->maxInputChannels, d->maxOutputChannels, d->defaultSampleRate,
            i == Pa_GetDefaultInputDevice(), i == Pa_GetDefaultOutputDevice() });
    }
    return out;
}

core::Status PortAudioDevice::open(const std::string& inputId, const std::string& outputId, int rate)
{
    close();
    m_requestedRate = rate;
    m_inputId = inputId;
    m_outputId = outputId;
    m_needFallback = false;
    m_lost.store(false, std::memory_order_release);
    return openStream(inputId, outputId, rate);
}

core::Status PortAudioDevice::openStream(const std::string& inputId, const std::string& outputId, int rate)
{
    close();
    if (!m_paInitialized)
        return core::makeError("open-failed", "PortAudio could not be initialised");
    const PaDeviceIndex in = inputId == "none" ? paNoDevice : findDevice(inputId, true);
    const PaDeviceIndex out = outputId == "none" ? paNoDevice : findDevice(outputId, false);
    if (inputId != "none" && in == paNoDevice)
        return core::makeError(
            "no-device", "no input device '" + (inputId.empty() ? std::string("default") : inputId) + "'");
    if (outputId != "none" && out == paNoDevice)
        return core::makeError(
            "no-device", "no output device '" + (outputId.empty() ? std::string("default") : outputId) + "'");
    m_hasInput = in != paNoDevice;
    m_hasOutput = out != paNoDevice;

    PaStreamParameters ip {}, op {};
    if (m_hasInput) {
        ip.device = in;
        ip.channelCount = 1;
        ip.sampleFormat = paInt16;
        ip.suggestedLatency = Pa_GetDeviceInfo(in)->defaultLowInputLatency;
    }
    if (m_hasOutput) {
        op.device = out;
        op.channelCount = 1;
        op.sampleFormat = paInt16;
        op.suggestedLatency = Pa_GetDeviceInfo(out)->defaultLowOutputLatency;
    }
    // The requested rate first, then what the devices prefer, then the common rates.
    std::vector<int> rates { rate };
    if (m_hasOutput)
        rates.push_back(int(Pa_GetDeviceInfo(out)->defaultSampleRate));
    if (m_hasInput)
        rates.push_back(int(Pa_GetDeviceInfo(in)->defaultSampleRate));
    for (int r : { 48000, 44100, 32000, 16000, 8000 })
        rates.push_back(r);
    PaError err = paInvalidSampleRate;
    for (int r : rates) {
        if (r < 8000 || r % 50 != 0)
            continue; // 20 ms frames need a rate divisible by 50
        if (Pa_IsFormatSupported(m_hasInput ? &ip : nullptr, m_hasOutput ? &op : nullptr, r) != paFormatIsSupported)
            continue;
        m_rate = r;
        const std::size_t frame = static_cast<std::size_t>(r / 50);
        m_capture = std::make_unique<SpscRing>(kRingFrames, frame);
        m_playback = std::make_unique<SpscRing>(kRingFrames, frame);
        m_inStage.assign(frame, 0);
        m_outStage.assign(frame, 0);
        m_inFill = m_outPos = m_outFill = 0;
        PaStream* s = nullptr;
        err = Pa_OpenStream(&s, m_hasInput ? &ip : nullptr, m_hasOutput ? &op : nullptr, r,
            paFramesPerBufferUnspecified, paClipOff, reinterpret_cast<PaStreamCallback*>(&PortAudioDevice::callback),
            this);
        if (err == paNoError) {
            m_stream = s;
            break;
        }
    }
    if (!m_stream)
        return core::makeError("open-failed", std::string("cannot open the sound device: ") + Pa_GetErrorText(err));
    Pa_SetStreamFinishedCallback(static_cast<PaStream*>(m_stream), &PortAudioDevice::finished);
    m_lost.store(false, std::memory_order_release);
    err = Pa_StartStream(static_cast<PaStream*>(m_stream));
    if (err != paNoError) {
        close();
        return core::makeError("open-failed", std::string("cannot start the sound device: ") + Pa_GetErrorText(err));
    }
    m_openInputId = m_hasInput ? deviceId(in) : std::string();
    m_openOutputId = m_hasOutput ? deviceId(out) : std::string();
    m_lastBeat = m_heartbeat.load(std::memory_order_acquire);
    m_lastBeatAtMs = steadyMs();
    return core::Ok {};
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
    if (!m_stream)
        return;
    Pa_AbortStream(static_cast<PaStream*>(m_stream));
    Pa_CloseStream(static_cast<PaStream*>(m_stream));
    m_stream = nullptr;
}

bool PortAudioDevice::streamLost()
{
    if (m_lost.load(std::memory_order_acquire))
        return true;
    const PaError active = Pa_IsStreamActive(static_cast<PaStream*>(m_stream));
    if (active != 1)
        return true; // stopped by itself, or an error code
    const std::uint64_t beat = m_heartbeat.load(std::memory_order_acquire);
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
    if (m_stream && streamLost()) {
        m_events.push_back({ DeviceEvent::Kind::Lost,
            "the sound device stopped (" + describe(m_openInputId, m_openOutputId) + ")" });
        close();
        m_needFallback = true;
        m_nextRetryMs = 0;
    }
    if (!m_needFallback || steadyMs() < m_nextRetryMs)
        return;
    // Fall back to the default devices for the directions we had.
    const bool retry = m_nextRetryMs != 0;
    const auto st = openStream(m_hasInput ? "" : "none", m_hasOutput ? "" : "none", m_requestedRate);
    if (st) {
        m_needFallback = false;
        m_events.push_back({ DeviceEvent::Kind::FellBack,
            "switched to the default device (" + describe(m_openInputId, m_openOutputId) + ")" });
    } else {
        if (!retry)
            m_events.push_back(
                { DeviceEvent::Kind::FallbackFailed, "the default sound device failed too: " + st.error().reason });
        m_nextRetryMs = steadyMs() + kRetryMs;
    }
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

void PortAudioDevice::finished(void* self)
{
    static_cast<PortAudioDevice*>(self)->m_lost.store(true, std::memory_order_release);
}

int PortAudioDevice::callback(const void* in, void* out, unsigned long frames, const void*, unsigned long, void* self)
{
    return static_cast<PortAudioDevice*>(self)->process(
        static_cast<const std::int16_t*>(in), static_cast<std::int16_t*>(out), frames);
}

// Real-time thread: copies samples between the device buffers and whole 20 ms frames of the
// rings. No locks, no allocation, no system calls.
int PortAudioDevice::process(const std::int16_t* in, std::int16_t* out, unsigned long frames)
{
    m_heartbeat.fetch_add(1, std::memory_order_release);
    const std::size_t frame = m_inStage.size();
    if (in) {
        int peak = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            peak = std::max(peak, std::abs(int(in[i])));
            m_inStage[m_inFill++] = in[i];
            if (m_inFill == frame) {
                if (!m_capture->push(m_inStage.data()))
                    m_overruns.fetch_add(1, std::memory_order_relaxed);
                m_inFill = 0;
            }
        }
        m_inLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    }
    if (out) {
        int peak = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            if (m_outPos == m_outFill) {
                if (!m_playback->pop(m_outStage.data())) {
                    std::fill(m_outStage.begin(), m_outStage.end(), std::int16_t(0));
                    m_underruns.fetch_add(1, std::memory_order_relaxed);
                }
                m_outFill = frame;
                m_outPos = 0;
            }
            out[i] = m_outStage[m_outPos++];
            peak = std::max(peak, std::abs(int(out[i])));
        }
        m_outLevel.store(float(peak) / 32768.0f, std::memory_order_relaxed);
    }
    return paContinue;
}

} // namespace iax::audio
