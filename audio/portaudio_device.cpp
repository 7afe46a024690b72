#include "audio/portaudio_device.h"

#include <portaudio.h>

#include <algorithm>
#include <cmath>

namespace iax::audio {

namespace {
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
    if (!m_paInitialized)
        return core::makeError("open-failed", "PortAudio could not be initialised");
    m_inputId = inputId;
    m_outputId = outputId;
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
    std::vector<int> rates { rate };
    if (m_hasOutput)
        rates.push_back(int(Pa_GetDeviceInfo(out)->defaultSampleRate));
    if (m_hasInput)
        rates.push_back(int(Pa_GetDeviceInfo(in)->defaultSampleRate));
    PaError err = paInvalidSampleRate;
    for (int r : rates) {
        m_rate = r;
        const std::size_t frame = static_cast<std::size_t>(r / 50);
        m_capture = std::make_unique<SpscRing>(16, frame);
        m_playback = std::make_unique<SpscRing>(16, frame);
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
    if (err != paNoError)
        return core::makeError("open-failed", std::string("cannot open the sound device: ") + Pa_GetErrorText(err));
    err = Pa_StartStream(static_cast<PaStream*>(m_stream));
    if (err != paNoError) {
        close();
        return core::makeError("open-failed", std::string("cannot start the sound device: ") + Pa_GetErrorText(err));
    }
    return core::Ok {};
}

void PortAudioDevice::close()
{
    if (!m_stream)
        return;
    Pa_StopStream(static_cast<PaStream*>(m_stream));
    Pa_CloseStream(static_cast<PaStream*>(m_stream));
    m_stream = nullptr;
}

bool PortAudioDevice::poll(std::string* what)
{
    if (!m_stream || Pa_IsStreamActive(static_cast<PaStream*>(m_stream)) == 1)
        return false;
    // The stream stopped by itself: the device went away. Fall back to the defaults.
    close();
    const auto st = open(m_hasInput ? "" : "none", m_hasOutput ? "" : "none", m_rate);
    if (what)
        *what = st ? "the sound device stopped; switched to the default device"
                   : "the sound device stopped and the default device failed: " + st.error().reason;
    return true;
}

int PortAudioDevice::callback(const void* in, void* out, unsigned long frames, const void*, unsigned long, void* self)
{
    return static_cast<PortAudioDevice*>(self)->process(
        static_cast<const std::int16_t*>(in), static_cast<std::int16_t*>(out), frames);
}

// Real-time thread: copies samples between the device buffers and whole 20 ms frames of the
// rings. No locks, no allocation.
int PortAudioDevice::process(const std::int16_t* in, std::int16_t* out, unsigned long frames)
{
    const std::size_t frame = m_inStage.size();
    if (in) {
        float peak = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            peak = std::max(peak, std::fabs(float(in[i]) / 32768.0f));
            m_inStage[m_inFill++] = in[i];
            if (m_inFill == frame) {
                if (!m_capture->push(m_inStage.data()))
                    m_overruns.fetch_add(1, std::memory_order_relaxed);
                m_inFill = 0;
            }
        }
        m_inLevel.store(peak, std::memory_order_relaxed);
    }
    if (out) {
        float peak = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            if (m_outPos == m_outFill) {
                if (m_playback->pop(m_outStage.data())) {
                    m_outFill = frame;
                } else {
                    std::fill(m_outStage.begin(), m_outStage.end(), std::int16_t(0));
                    m_outFill = frame;
                    m_underruns.fetch_add(1, std::memory_order_relaxed);
                }
                m_outPos = 0;
            }
            out[i] = m_outStage[m_outPos++];
            peak = std::max(peak, std::fabs(float(out[i]) / 32768.0f));
        }
        m_outLevel.store(peak, std::memory_order_relaxed);
    }
    return paContinue;
}

} // namespace iax::audio
