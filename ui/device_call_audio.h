#pragma once
// The desktop app's call audio (phone::CallAudio): each answered call's media is a CallMedia
// (codec, jitter buffer, echo cancellation, noise suppression; audio::MediaSession) on the sound
// card through PortAudio — opened when a call needs it and closed when the last call using it
// ends, so the microphone is open only during calls — or, without the sound card, silence sent
// and the peer's voice decoded and dropped. Engine/media thread after construction (see CallAudio).
#include "core/phone/call_audio.h"

#include <memory>

namespace iax::audio {
class AudioDevice;
}

namespace iax::ui {

class DeviceCallAudio final : public phone::CallAudio {
public:
    /// `soundCard` false: no device is ever opened (--audio none, tests).
    explicit DeviceCallAudio(bool soundCard);
    /// Calls use `device` (a FakeDevice in tests) instead of the sound card; nothing is opened.
    explicit DeviceCallAudio(std::unique_ptr<audio::AudioDevice> device);
    ~DeviceCallAudio() override;

    /// Initialises PortAudio (slow: it scans every host API). No-op without the sound card.
    void prepare() override;
    /// The call's media; opens the sound card first when no call uses it (an open failure is
    /// returned in deviceError and the call goes on without it). Fails for an unsupported codec.
    phone::CallMediaResult create(const phone::CallMediaRequest& request) override;
    /// Switches the open sound card; "" when done or when it is not open, else PortAudio's reason.
    std::string switchDevices(const std::string& inputDevice, const std::string& outputDevice) override;
    /// Device events of the sound card (lost, fell back…).
    void setEventSink(std::function<void(const std::string&)> sink) override;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace iax::ui
