#pragma once
// The media of one answered CLI call: a net::CallMediaPort (driven by EngineHost on the
// engine/media thread) around an audio::MediaSession — the session does the codec, jitter
// buffer, echo, file playback/recording and sound-device work; this adapter adds the session's
// clock, --answer gateway's confirmation tone, and "the play file has ended".
#include "audio/audio_device.h"
#include "audio/jitter_buffer.h"
#include "audio/media_session.h"
#include "audio/voice_codec.h"
#include "core/net/call_media_port.h"

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace iax::cli {

/// A sound device shared by the calls of one process; only one call uses it at a time.
/// Touched on the engine/media thread only (after it was opened on the main thread).
struct SharedDevice {
    std::unique_ptr<audio::AudioDevice> device;
    bool inUse = false;
    /// Reports device events (lost, fell back…) as a sentence; called on the media thread.
    std::function<void(const std::string&)> onEvent;
};

/// What a call's media does; a value copied into the MediaFactory.
struct CliMediaConfig {
    std::string playFile; ///< "" = silence (or the device's microphone)
    std::string recordFile; ///< "" = no recording
    bool echo = false; ///< send back what the peer sends
    std::shared_ptr<SharedDevice> device; ///< --audio: microphone and speaker (one call at a time)
};

class CliMedia final : public net::CallMediaPort {
public:
    /// Makes the media for a call in `format` (media thread); nullptr with a sentence in *error when
    /// the codec is unsupported or a file cannot be opened.
    static std::unique_ptr<CliMedia> create(const CliMediaConfig& config, std::uint64_t format, std::string* error);
    ~CliMedia() override;

    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override;
    void push(const core::VoiceReceived& voice) override;
    bool sourceFinished() const override;
    std::string close() override;

    /// Sends a sine tone of `hz` for `ms` into the call instead of what was sent (gateway
    /// confirmation); the source finishes when the tone has been sent.
    void playTone(double hz, int ms);
    /// The call's media session (mute, hold, DTMF feedback, processing switches); media thread.
    audio::MediaSession& session() { return *m_session; }

private:
    /// --answer echo of a G.711 call that is not recorded: the same jitter buffer and the same
    /// timing as MediaSession's echo (played one tick, sent the next), but a played frame goes
    /// back as bytes mapped through decode+encode (a 256-entry table, so byte-identical to the
    /// PCM round trip) instead of through PCM vectors; PLC still uses the codec.
    struct G711Echo {
        std::unique_ptr<audio::VoiceCodec> codec;
        audio::JitterBuffer jitter;
        std::array<std::uint8_t, 256> map {}; // encode(decode(b))
        std::uint8_t silence = 0; // encode(0)
        std::deque<std::vector<std::uint8_t>> played; // frames played, not yet sent (160 bytes each)
        std::vector<std::uint8_t> lastPacket; // the codec has not decoded it yet (needed before PLC)
        bool lastDecoded = true;
        bool started = false;
        std::int64_t startMs = 0, framesCaptured = 0, framesPlayed = 0;
    };
    static std::unique_ptr<G711Echo> makeG711Echo(std::uint64_t format);
    void echoTick(std::int64_t now, std::vector<std::vector<std::uint8_t>>& out);

    CliMedia() = default;
    static std::int64_t nowMs();

    std::unique_ptr<G711Echo> m_g711Echo; // set: the fast echo path runs instead of m_session
    CliMediaConfig m_config;
    std::unique_ptr<audio::MediaSession> m_session;
    std::int64_t m_sourceFrames = -1; // frames of the current file/tone source, -1 = none
    std::int64_t m_sentSinceSource = 0;
    bool m_usesDevice = false;
    bool m_closed = false;
};

} // namespace iax::cli
