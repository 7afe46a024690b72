#pragma once
// MediaSession — one call's audio. Lives on, and is only ever called from, the engine/media
// thread (never the GUI thread, never the PortAudio callback).
//
//   Engine VoiceReceived ─► pushReceived(payload, ts, now) ─► JitterBuffer
//        tick(now): JitterBuffer ─► decode / FEC / PLC ─► [sink: record far end] ─► + tones
//                   ─► echo reference ─► resample to device rate ─► device playback ring
//        (to a device also from pushReceived() and playOut(now) between ticks, as soon as a
//        frame is due: issue 19)
//        tick(now): device capture ring (or file source, or echo of the far end, or silence)
//                   ─► resample to codec rate ─► AEC + NS ─► mute ─► encode ─► outbox
//   Engine::sendVoice ◄─ pullToSend() ◄─ outbox
//
// Wiring (media timer every frameMs(): 20 ms, or 10 ms with 10 ms Opus frames):
//   auto s = MediaSession::create(format);                 // negotiated IAX2 format bit
//   s->setDevice(&device);                                  // PortAudioDevice, FakeDevice, or none
//   s->setSource(...) / s->setSink(...) / s->setEcho(true);// --play / --record / --answer echo
//   on VoiceReceived: s->pushReceived(e.payload, e.timestamp, now);
//   every frameMs():  s->tick(now);       // or when s->msUntilWake(now) says: s->wake(now)
//                     while (auto f = s->pullToSend()) engine.sendVoice(id, f->payload, f->durationMs, now);
//                     while (auto e = s->pollDeviceEvent()) …show e->detail…
// Capture priority: file source, else echo, else the device's input, else silence. One frame is
// sent every frameMs() except on hold (hold: nothing sent, silence played, received voice dropped).
// Playout: to the device (kept `playoutQueueFrames` ahead; a received frame is written as soon as
// it is due, and a tick leaves the device a frame short for one due before it could run dry)
// and/or to the sink; without a device output one frame is played per frameMs() of tick time. Received frames may have
// any duration (a peer's 10, 20, 40 ms Opus frames): the jitter buffer's slots follow the peer's frame, and decoded
// audio is played out in our own frames (frameMs()) through a small PCM queue. G.711 echo fast path (no sink, no
// device, no local tone): a played packet is not decoded to PCM and encoded again later but mapped byte by byte
// (encode∘decode is a 256-entry table) and queued as bytes; the pacing, jitter buffer, concealment, mute/hold,
// timestamps and levels are the PCM path's, and its output is byte-identical (tst_audio_session checks both paths side
// by side).
#include "audio/audio_device.h"
#include "audio/call_recorder.h"
#include "audio/echo_canceller.h"
#include "audio/echo_policy.h"
#include "audio/file_sink.h"
#include "audio/file_source.h"
#include "audio/g711_codec.h"
#include "audio/jitter_buffer.h"
#include "audio/stream_resampler.h"
#include "audio/tone_generator.h"
#include "audio/voice_codec.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace iax::audio {

/// One encoded frame (of MediaSession::frameMs()) to hand to Engine::sendVoice.
struct OutgoingFrame {
    std::vector<std::uint8_t> payload;
    std::uint32_t timestampMs = 0; ///< ms of media since the session started sending
    int durationMs = 20;
};

/// A snapshot for call details / level meters (copy it to the GUI thread by value).
struct MediaStats {
    std::string codec;
    JitterStats jitter;
    float inputLevel = 0; ///< peak of the last sent frame after processing, 0..1 (0 when muted)
    float outputLevel = 0; ///< peak of the last played frame, 0..1
    std::uint64_t framesSent = 0;
    std::uint64_t framesReceived = 0;
    std::uint64_t malformed = 0; ///< received payloads the codec could not decode (concealed)
    std::uint64_t deviceUnderruns = 0; ///< the device's own count (since it was created)
    std::uint64_t deviceOverruns = 0;
    /// Device playback blocks that found nothing queued while this session played to it (after
    /// its first frame; a device change restarts the count's baseline, not the count).
    std::uint64_t playoutUnderruns = 0;
    /// Ticks that came late by half a tick or more while playing to the device without an underrun
    /// (a stall of the machine); each grew the device queue by a frame, as an underrun does.
    std::uint64_t lateTicks = 0;
    int playoutQueueFrames = 0; ///< device frames the session now keeps queued on the device (0: none)
    int playoutQueueMs = 0; ///< the same in ms
    /// Our own share of the mouth-to-ear delay, ms: capture framing, codec delay, resamplers,
    /// jitter buffer, device queue and the device's reported latency (see latencyEstimateMs()).
    int latencyMs = 0;
    bool muted = false;
    bool held = false;
};

class MediaSession {
public:
    struct Options {
        int opusBitrate = 32000;
        /// Our frame duration, ms: 10 or 20 for Opus; G.711 always sends 20 ms (what Asterisk expects).
        int frameMs = 20;
        bool echoCancellation = true;
        bool noiseSuppression = true;
        /// Device playback frames kept queued; 0 = the device's suggestion
        /// (AudioDevice::suggestedPlayoutFrames), one more after each underrun (at most 3 more),
        /// one less again after 20 s without one.
        int playoutQueueFrames = 0;
        JitterBuffer::Config jitter {};
        bool g711EchoFastPath = true; ///< false: G.711 echo always takes the PCM path (tests)
        /// With echoCancellation on: Auto runs the canceller only where the output is not a
        /// headset (AudioDevice::outputName(), re-checked as the device changes), On always.
        EchoCancellerMode echoMode = EchoCancellerMode::Auto;
    };

    /// A session for a negotiated IAX2 format; nullptr when no codec supports it.
    static std::unique_ptr<MediaSession> create(std::uint64_t format, Options options);
    static std::unique_ptr<MediaSession> create(std::uint64_t format) { return create(format, Options {}); }
    MediaSession(std::unique_ptr<VoiceCodec> encoder, std::unique_ptr<VoiceCodec> decoder, Options options);

    /// Capture and playout through `device` (not owned; must outlive the session or be detached
    /// with nullptr). Rate changes after a fallback/switch are followed automatically.
    void setDevice(AudioDevice* device);
    /// Sends this source instead of the microphone (nullptr: back to the microphone).
    void setSource(std::unique_ptr<FileSource> source);
    /// Records the far end (decoded, without local tones) here; nullptr stops (closing the file).
    void setSink(std::unique_ptr<FileSink> sink);
    /// Records the call (what we send and what we hear, a channel each) into `recorder` from the
    /// next frame on; nullptr stops (the recorder closes its file). Media thread; never blocks
    /// afterwards (the recorder's writer thread does the file I/O).
    void setRecorder(std::unique_ptr<CallRecorder> recorder) { m_recorder = std::move(recorder); }
    /// The recording in progress, or nullptr.
    const CallRecorder* recorder() const { return m_recorder.get(); }
    /// Echo mode: send back what is received (decoded and re-encoded, delayed by the jitter buffer).
    void setEcho(bool on) { m_echo = on; }

    /// A voice payload from the network with its full 32-bit timestamp (mini frames already
    /// unwrapped) and the local arrival time. Empty or garbage payloads never throw.
    void pushReceived(std::span<const std::uint8_t> payload, std::uint32_t timestampMs, std::int64_t nowMs);
    /// The next encoded frame to send, oldest first; nullopt when none is due.
    std::optional<OutgoingFrame> pullToSend();
    /// Does the 20 ms work: device clock and events, capture → encode, jitter buffer → playout.
    /// Call every ~20 ms with a monotonic ms clock (late ticks catch up).
    void tick(std::int64_t nowMs);
    /// Between ticks: plays to the device what has become due (issue 19). A received frame is
    /// played as soon as it is due — on arrival by pushReceived(), else here — rather than at the
    /// next tick; a tick that finds the next frame due before the device could run dry leaves
    /// the device a frame short for it, and if it has not come by then this plays concealment
    /// (or silence) on time. Nothing without a device output. Media thread; never blocks.
    void playOut(std::int64_t nowMs);
    /// Ms from `nowMs` until playOut() has something to do (the next slot due, or the latest
    /// time the device can wait for it), or -1 when nothing waits.
    int msUntilPlayout(std::int64_t nowMs) const;
    /// The host's timer: ms until the session wants wake() (the earlier of msUntilCapture() and
    /// msUntilPlayout()), or -1 for the host's own period.
    int msUntilWake(std::int64_t nowMs) const;
    /// The host's timer fired (at msUntilWake(), or on its period): tick() when a captured frame
    /// waits or the capture does not follow the device, else only playOut().
    void wake(std::int64_t nowMs);

    void setMuted(bool on) { m_muted = on; }
    /// Hold: nothing is sent, silence is played, received voice is dropped (buffer restarts after).
    void setHold(bool on);
    /// On = Auto (only where the output is no headset, see Options::echoMode), off = Off.
    void setEchoCancellation(bool on)
    {
        setEchoCancellationMode(on ? EchoCancellerMode::Auto : EchoCancellerMode::Off);
    }
    /// The echo canceller's mode (see Options::echoMode), applied to the current output device.
    void setEchoCancellationMode(EchoCancellerMode mode);
    /// True while the echo canceller runs (the mode and the current output device agree).
    bool echoCancelling() const { return m_aec.echoCancellation(); }
    /// Microphone frames the far-end-silence gate spared the canceller (EchoCanceller::gatedFrames).
    std::uint64_t echoGatedFrames() const { return m_aec.gatedFrames(); }
    void setNoiseSuppression(bool on) { m_aec.setNoiseSuppression(on); }
    /// Encoder bitrate (Opus only); false when the codec has a fixed rate.
    bool setBitrate(int bitsPerSecond) { return m_encoder->setBitrate(bitsPerSecond); }
    /// Starts a local call-progress tone on the playout (Tone::None stops it).
    void playTone(Tone tone) { m_tones.start(tone); }
    /// Local DTMF key feedback (the digit itself is sent by the Engine, not as audio).
    bool playDtmf(char digit) { return m_tones.startDtmf(digit); }

    /// Device events (loss, fallback, switch) for the user, oldest first.
    std::optional<DeviceEvent> pollDeviceEvent();
    MediaStats stats() const;
    /// Our share of the one-way (mouth-to-ear) delay when the peer's pipeline is like ours: what a
    /// sample spends in our capture side (framing, codec look-ahead, resampler, device input
    /// latency) plus in our playout side (jitter buffer now, device queue, resampler, device
    /// output latency), ms. Add half the round-trip time for the whole
    /// (phone::CallAudioStats::oneWayMs).
    int latencyEstimateMs() const;
    /// Ms from now until the device's next captured frame (AudioDevice::msUntilCaptureFrame()) when
    /// this session sends what the device captures, else -1: the best time for the next tick().
    int msUntilCapture() const;
    int codecRate() const { return m_encoder->sampleRate(); }
    /// Duration of the frames we send and play out (and the tick period the session wants), ms.
    int frameMs() const { return m_frameMs; }
    std::uint64_t format() const { return m_encoder->format(); }
    /// True while echo takes the G.711 byte path (decided at each tick(); see the file comment).
    bool echoFastPath() const { return m_fastEcho; }

private:
    /// One played frame waiting to be echoed on the fast path: G.711 bytes and the PCM's peak.
    struct EchoFrame {
        std::vector<std::uint8_t> bytes;
        float peak = 0;
    };
    void followDeviceRate();
    /// Applies the echo mode to the current output device when either changed.
    void followEchoPath();
    void useFastEcho(bool on);
    void capture(std::int64_t nowMs);
    void playout(std::int64_t nowMs);
    /// The device's clock, events, rate and echo path (every tick, and before playing between ticks).
    void serviceDevice(std::int64_t nowMs);
    /// Keeps the device playoutQueueTarget() frames ahead. At a tick (`atTick`) the last frame
    /// of the target may wait for a received frame due before the device could run dry (it then
    /// sets m_playoutDeadlineMs); between ticks only what is due is played, and everything once
    /// that deadline has passed.
    void fillDevice(std::int64_t nowMs, bool atTick);
    /// Plays our next frame (far end from the jitter buffer at `playoutMs`, tones, sink, recorder,
    /// echo) to the device when `toDevice`, else only to the rest.
    void playFrame(std::int64_t playoutMs, bool toDevice, std::int64_t nowMs);
    /// Device frames queued ahead of the next one we write (the ring and our staged rest).
    std::size_t framesAhead() const;
    /// The far end of our next frame is here (or due by the jitter buffer's model) / ms until it is.
    bool nextFrameReady(std::int64_t nowMs) const;
    int msUntilNextFrame(std::int64_t nowMs) const;
    /// Ms until the frame after our next one is due (its last slot), as msUntilNextFrame().
    int msUntilFrameAfterNext(std::int64_t nowMs) const;
    /// Counts the device's underruns since our first frame; in auto mode grows/shrinks the queue.
    void followUnderruns(std::int64_t nowMs);
    int playoutQueueTarget() const;
    void encodeFrame(std::span<std::int16_t> frame, bool fromDevice);
    void sendEchoFrame();
    void queueToSend(std::vector<std::uint8_t> payload);
    std::vector<std::int16_t> nextFarEndFrame(std::int64_t playoutMs, EchoFrame* echo);

    /// Appends the decoded audio of one jitter-buffer slot `f` to m_farPcm (`want` samples of
    /// silence when the buffer has nothing to play yet).
    void appendSlot(JitterBuffer::Frame f, std::size_t want);
    int deviceFrameMs() const { return m_device ? m_device->frameMs() : m_frameMs; }

    Options m_opt;
    int m_frameMs = 20; ///< our frame: what we encode, and the chunk we play out
    int m_rxFrameMs = 0; ///< the peer's newest frame duration (the jitter buffer's slot)
    std::deque<std::int16_t> m_farPcm; ///< decoded far end not played yet (codec rate, < one slot)
    std::unique_ptr<VoiceCodec> m_encoder, m_decoder;
    JitterBuffer m_jitter;
    EchoCanceller m_aec;
    EchoCancellerMode m_aecMode;
    bool m_aecDecided = false; ///< m_aecOutput is the output the current decision was made for
    std::string m_aecOutput;
    ToneGenerator m_tones;
    AudioDevice* m_device = nullptr;
    int m_deviceRate = 0;
    std::unique_ptr<StreamResampler> m_fromDevice, m_toDevice;
    std::unique_ptr<FileSource> m_source;
    std::unique_ptr<FileSink> m_sink;
    std::unique_ptr<CallRecorder> m_recorder;
    bool m_echo = false;
    bool m_muted = false;
    bool m_held = false;
    bool m_started = false;
    std::int64_t m_startMs = 0;
    std::int64_t m_framesCaptured = 0; ///< clock-paced capture frames so far
    std::int64_t m_framesPlayed = 0; ///< clock-paced playout frames so far
    std::uint32_t m_txTs = 0;
    std::vector<std::int16_t> m_captureFifo; ///< codec rate, device-sourced
    std::vector<std::int16_t> m_deviceOut; ///< device rate, waiting for whole device frames
    std::deque<std::int16_t> m_echoFifo; ///< codec rate, far end for echo mode
    G711Codec* m_g711 = nullptr; ///< the decoder, when both directions are the same G.711 law
    bool m_fastEcho = false;
    std::deque<EchoFrame> m_echoFrames; ///< far end for echo mode on the fast path
    std::vector<std::int16_t> m_devFrame;
    std::deque<OutgoingFrame> m_outbox;
    std::deque<DeviceEvent> m_events;
    float m_inLevel = 0, m_outLevel = 0;
    std::uint64_t m_sent = 0, m_received = 0, m_malformed = 0;
    bool m_playoutStarted = false; ///< a frame went to the current device (underrun baseline taken)
    std::uint64_t m_underrunBase = 0; ///< the device's count when last looked at
    std::uint64_t m_playoutUnderruns = 0;
    int m_queueExtra = 0; ///< frames added to the device's suggestion after underruns
    std::int64_t m_queueChangedMs = 0;
    std::int64_t m_lastPlayoutMs = -1; ///< the previous tick's time while playing out to the device
    std::uint64_t m_lateTicks = 0; ///< ticks late by half a tick or more (each grew the queue)
    std::size_t m_lastAhead = 0; ///< device frames queued after the last playout
    /// A tick left the device a frame short for a received frame about to be due: by this time
    /// (session clock) it is played whatever has arrived. -1: nothing waits.
    std::int64_t m_playoutDeadlineMs = -1;
    int m_behindTicks = 0; ///< ticks in a row whose next frame had waited a frame more than needed
    std::uint64_t m_troubleSeen = 0; ///< the jitter buffer's concealed + late + lost + recovered, as last seen
    std::int64_t m_steadySinceMs = 0; ///< since then no frame was concealed or late
};

} // namespace iax::audio
