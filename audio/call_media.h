#pragma once
// The media of one answered call, for both front ends: a net::CallMediaPort (driven by
// EngineHost on the engine/media thread) around an audio::MediaSession — the session does the
// codec, jitter buffer, echo, file playback/recording and sound-device work; this adapter adds
// the session's clock, a confirmation tone (the CLI's --answer gateway), and "the play file has
// ended".
#include "audio/audio_device.h"
#include "audio/media_session.h"
#include "core/net/call_media_port.h"

#include <functional>
#include <memory>
#include <string>

namespace iax::audio {

/// A sound device shared by the calls of one process; only one call uses it at a time.
/// Touched on the engine/media thread only (after it was opened on the main thread).
struct SharedDevice {
    std::unique_ptr<AudioDevice> device;
    bool inUse = false;
    /// Reports device events (lost, fell back…) as a sentence; called on the media thread.
    std::function<void(const std::string&)> onEvent;
};

/// What a call's media does; a value copied into the MediaFactory.
struct CallMediaConfig {
    std::string playFile; ///< "" = silence (or the device's microphone)
    std::string recordFile; ///< "" = no recording
    bool echo = false; ///< send back what the peer sends
    int frameMs = 20; ///< our Opus frame, 10 or 20 ms (G.711 always sends 20; MediaSession::Options)
    std::shared_ptr<SharedDevice> device; ///< microphone and speaker (one call at a time)
};

class CallMedia final : public net::CallMediaPort {
public:
    /// Makes the media for a call in `format` (media thread); nullptr with a sentence in *error when
    /// the codec is unsupported or a file cannot be opened.
    static std::unique_ptr<CallMedia> create(const CallMediaConfig& config, std::uint64_t format, std::string* error);
    ~CallMedia() override;

    /// Media thread: wakes the session on the steady clock (MediaSession::wake(): a tick, or only
    /// its playout between ticks; it paces itself, `framesDue` is not needed) and appends the
    /// frames it has to send.
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override;
    /// Media thread: the peer's voice into the session's jitter buffer, stamped with the steady clock.
    void push(const core::VoiceReceived& voice) override;
    /// Our frame duration (the session's): how long each payload pull() appends lasts, ms.
    int frameMs() const override { return m_session->frameMs(); }
    /// The session's frame, or the sound card's when shorter (its ring is topped up every frame).
    int tickMs() const override;
    /// The session's msUntilWake(): a call on a sound card ticks just after its captured frames,
    /// and wakes between them when a received frame waits to be played out (issue 19).
    int msUntilTick() const override;
    /// True once the play file or confirmation tone has been sent completely.
    bool sourceFinished() const override;
    /// Releases the shared device and closes the recording; idempotent, never fails ("").
    std::string close() override;

    /// Sends a sine tone of `hz` for `ms` into the call instead of what was sent (gateway
    /// confirmation); the source finishes when the tone has been sent. A no-op in echo mode.
    void playTone(double hz, int ms);
    /// The call's media session (mute, hold, DTMF feedback, processing switches); media thread.
    MediaSession& session() { return *m_session; }
    /// True when this call has the sound device (microphone and speaker); false for files, echo,
    /// silence, or a device another call holds. Media thread.
    bool usesDevice() const { return m_usesDevice; }

private:
    CallMedia() = default;
    static std::int64_t nowMs();

    CallMediaConfig m_config;
    std::unique_ptr<MediaSession> m_session;
    std::int64_t m_sourceFrames = -1; // frames of the current file/tone source, -1 = none
    std::int64_t m_sentSinceSource = 0;
    bool m_usesDevice = false;
    bool m_closed = false;
};

} // namespace iax::audio
