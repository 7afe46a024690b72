#pragma once
// How a front end gives the phone layer's EnginePhoneController the media of its calls, so the
// phone layer never includes audio/: the desktop app supplies the sound card (ui/device_call_audio.h),
// tests supply fakes. Created on the GUI thread, then used on the engine/media thread only.
#include "core/net/call_media_port.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace iax::phone {

/// A call's audio figures for the call details (issue 19): our share of the delay and the
/// playback underruns. A value; copy it to the GUI thread.
struct CallAudioStats {
    int latencyMs = -1; ///< our pipeline's share of the mouth-to-ear delay (-1: no audio pipeline)
    std::uint64_t underruns = 0; ///< playback blocks the sound card found empty during the call
    int playoutQueueMs = 0; ///< what is kept queued on the sound card now
    bool echoCancelling = false; ///< the echo canceller runs now (never without a microphone)
    /// The one-way estimate to show: ours + half the round-trip time (core::CallStats::rttMs);
    /// -1 while either is unknown.
    int oneWayMs(int rttMs) const { return latencyMs < 0 || rttMs < 0 ? -1 : latencyMs + rttMs / 2; }
};

/// The media of one answered call as the controller drives it: EngineHost's CallMediaPort plus the
/// user's controls. Engine/media thread only; the controls never block and never fail.
class PhoneCallMedia : public net::CallMediaPort {
public:
    /// The call's audio figures now (media thread); default: none (latencyMs -1).
    virtual CallAudioStats audioStats() const { return {}; }
    /// Sends silence instead of the microphone while on.
    virtual void setMuted(bool on) = 0;
    /// On hold: nothing is sent or played.
    virtual void setHold(bool on) = 0;
    /// Plays a DTMF digit locally (key feedback); the digit itself goes out through the engine.
    virtual void playDtmf(char digit) = 0;
    /// The user changed echo cancellation mid-call (CallMediaRequest's two switches); the canceller
    /// follows at once. Default: ignored (the call keeps what it started with).
    virtual void setEchoCancellation(bool on, bool onHeadsets)
    {
        (void)on;
        (void)onHeadsets;
    }
    /// Our jitter-buffer playout delay now, in ms, for the call-quality estimate; -1 = unknown.
    virtual int playoutDelayMs() { return -1; }
    /// Starts recording the call to the WAV file `path` ("" stops). "" when done, else why not
    /// (a sentence). Never blocks for long: the file is written by a thread of its own.
    virtual std::string setRecording(const std::string& path)
    {
        return path.empty() ? std::string() : std::string("this call's audio cannot be recorded");
    }
};

/// What the controller knows when a call is answered: the call (its codec), the devices the user
/// chose and the audio-processing switches.
struct CallMediaRequest {
    net::MediaCallInfo call;
    std::string inputDevice; ///< device id, "" = the system default
    std::string outputDevice; ///< device id, "" = the system default
    /// Where the call falls back when its device disappears, most preferred first (the system
    /// default after them); empty = the chosen device, then the default.
    std::vector<std::string> inputPreferences, outputPreferences;
    bool echoCancellation = true;
    /// With echoCancellation: also on a headset (AudioSettings::echoCancellationOnHeadsets).
    bool echoCancellationOnHeadsets = false;
    bool noiseSuppression = true;
    int frameMs = 20; ///< our Opus frame and the sound card's ring frame, 10 or 20 ms (AudioSettings::frameMs)
};

/// A call's media, or why there is none.
struct CallMediaResult {
    std::unique_ptr<PhoneCallMedia> media; ///< nullptr: no media for this call (`error` says why)
    std::string error; ///< media == nullptr: the reason, as a sentence
    /// Set when the media exists but the sound device could not be opened (the call goes on
    /// without audio): the device's reason.
    std::string deviceError;
};

/// The front end's call audio: makes each answered call's media and owns the sound device it uses.
/// Engine/media thread only (after construction); implementations never block for long.
class CallAudio {
public:
    virtual ~CallAudio() = default;
    /// Engine/media thread, once soon after the controller starts: slow set-up (e.g. scanning the
    /// sound system) so the first answered call's audio starts at once. Default: nothing.
    virtual void prepare() { }
    /// Engine/media thread: the media of an answered call. See CallMediaResult for failures.
    virtual CallMediaResult create(const CallMediaRequest& request) = 0;
    /// Engine/media thread: the user chose other devices; a device open now switches to them.
    /// "" when done or when no device is open, else why the previous devices stay.
    virtual std::string switchDevices(const std::string& inputDevice, const std::string& outputDevice) = 0;
    /// Where device events (lost, fell back to another device…) go, as a sentence, from the
    /// engine/media thread. Called once before prepare().
    virtual void setEventSink(std::function<void(const std::string&)> sink) = 0;
};

} // namespace iax::phone
