#include "ui/device_call_audio.h"

#include "audio/call_media.h"
#include "audio/echo_policy.h"
#include "audio/portaudio_device.h"
#include "core/protocol/constants.h"

namespace iax::ui {

namespace {

using audio::CallMedia;
using audio::CallMediaConfig;
using audio::SharedDevice;

/// One answered call's media: CallMedia plus closing the sound card when the last call using it
/// ends. Engine/media thread.
class DeviceCallMedia final : public phone::PhoneCallMedia {
public:
    DeviceCallMedia(std::unique_ptr<CallMedia> media, std::shared_ptr<SharedDevice> shared, audio::PortAudioDevice* pa)
        : m_media(std::move(media))
        , m_shared(std::move(shared))
        , m_pa(pa)
    { }
    ~DeviceCallMedia() override { close(); }
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override { m_media->pull(framesDue, out); }
    void push(const core::VoiceReceived& voice) override { m_media->push(voice); }
    int frameMs() const override { return m_media->frameMs(); }
    int tickMs() const override { return m_media->tickMs(); }
    int msUntilTick() const override { return m_media->msUntilTick(); }
    std::string close() override
    {
        if (m_closed)
            return {};
        m_closed = true;
        m_media->session().setRecorder(nullptr); // the recording ends with the call
        std::string r = m_media->close();
        if (m_pa && m_shared && !m_shared->inUse)
            m_pa->close();
        return r;
    }
    void setMuted(bool on) override { m_media->session().setMuted(on); }
    void setHold(bool on) override { m_media->session().setHold(on); }
    void setEchoCancellation(bool on, bool onHeadsets) override
    {
        if (m_media->usesDevice()) // files, echo and silence stay bit-exact
            m_media->session().setEchoCancellationMode(audio::echoCancellerMode(on, onHeadsets));
    }
    void playDtmf(char digit) override { m_media->session().playDtmf(digit); }
    phone::CallAudioStats audioStats() const override
    {
        const audio::MediaStats st = m_media->session().stats();
        return { st.latencyMs, st.playoutUnderruns, st.playoutQueueMs, m_media->session().echoCancelling() };
    }
    int playoutDelayMs() override { return m_media->session().stats().jitter.currentDelayMs; }
    std::string setRecording(const std::string& path) override
    {
        if (path.empty()) {
            m_media->session().setRecorder(nullptr);
            return {};
        }
        const int rate = m_media->session().codecRate();
        auto rec = audio::CallRecorder::create(path, rate, rate / 50);
        if (!rec)
            return rec.error().reason;
        m_media->session().setRecorder(std::move(rec).value());
        return {};
    }

private:
    std::unique_ptr<CallMedia> m_media;
    std::shared_ptr<SharedDevice> m_shared;
    audio::PortAudioDevice* m_pa;
    bool m_closed = false;
};

/// The fallback order: the request's preference list, or just the chosen device.
std::vector<std::string> preferences(const std::string& chosen, const std::vector<std::string>& list)
{
    return list.empty() ? std::vector<std::string> { chosen } : list;
}

} // namespace

struct DeviceCallAudio::State {
    bool soundCard = false;
    std::shared_ptr<SharedDevice> shared = std::make_shared<SharedDevice>();
    audio::PortAudioDevice* pa = nullptr; // = shared->device, once created

    void makeDevice()
    {
        if (pa)
            return;
        auto dev = std::make_unique<audio::PortAudioDevice>();
        pa = dev.get();
        shared->device = std::move(dev);
    }
};

DeviceCallAudio::DeviceCallAudio(bool soundCard)
    : m_state(std::make_shared<State>())
{
    m_state->soundCard = soundCard;
}

DeviceCallAudio::DeviceCallAudio(std::unique_ptr<audio::AudioDevice> device)
    : m_state(std::make_shared<State>())
{
    m_state->shared->device = std::move(device);
}

DeviceCallAudio::~DeviceCallAudio() = default;

void DeviceCallAudio::prepare()
{
    if (m_state->soundCard)
        m_state->makeDevice();
}

phone::CallMediaResult DeviceCallAudio::create(const phone::CallMediaRequest& request)
{
    State& s = *m_state;
    phone::CallMediaResult result;
    CallMediaConfig cfg;
    cfg.frameMs = request.frameMs;
    if (s.soundCard) {
        s.makeDevice();
        // Opened off this (engine) thread: the call's media starts at once and takes the sound
        // card over when it is ready; a failure reaches the user as a device event.
        if (!s.pa->isOpen() && !s.pa->opening() && !s.shared->inUse) {
            // After a loss: the chosen devices again if they are still there, else the default.
            s.pa->setFallbackPreferences(preferences(request.inputDevice, request.inputPreferences),
                preferences(request.outputDevice, request.outputPreferences));
            // 10 ms Opus frames: 10 ms rings too. A G.711 call (20 ms frames) keeps 20 ms rings: on
            // 10 ms rings its 20 ms frames gained nothing and underran on a loaded machine.
            s.pa->setFrameMs(request.call.format == core::Codec::Opus ? request.frameMs : 20);
            s.pa->openInBackground(request.inputDevice, request.outputDevice, 48000);
        }
        if (s.pa->isOpen() || s.pa->opening())
            cfg.device = s.shared;
    } else if (s.shared->device) {
        cfg.device = s.shared; // a device given at construction (tests)
    }
    auto media = CallMedia::create(cfg, request.call.format, &result.error);
    if (!media)
        return result;
    if (media->usesDevice())
        media->session().setEchoCancellationMode(
            audio::echoCancellerMode(request.echoCancellation, request.echoCancellationOnHeadsets));
    if (!request.noiseSuppression)
        media->session().setNoiseSuppression(false);
    result.media = std::make_unique<DeviceCallMedia>(std::move(media), cfg.device, cfg.device ? s.pa : nullptr);
    return result;
}

std::string DeviceCallAudio::switchDevices(const std::string& inputDevice, const std::string& outputDevice)
{
    State& s = *m_state;
    if (!s.pa || !s.pa->isOpen())
        return {};
    const auto st = s.pa->switchTo(inputDevice, outputDevice);
    return st ? std::string() : st.error().reason;
}

void DeviceCallAudio::setEventSink(std::function<void(const std::string&)> sink)
{
    m_state->shared->onEvent = std::move(sink);
}

} // namespace iax::ui
