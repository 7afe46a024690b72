#pragma once
// A sound card through PortAudio: one full-duplex (or one-way) stream whose real-time callback
// only moves fixed frames (20 ms, or 10 ms: setFrameMs) between preallocated SPSC rings and bumps atomics (levels,
// underruns, overruns, a heartbeat) — no locks, no allocation, no logging there. The media thread
// pulls captured frames and pushes playback frames. Devices are named by a stable id
// "<host API>:<device name>" (the PortAudio index is not stable across restarts or hot-plug), or
// "PulseAudio:<sink or source>" for the sound server's own devices. Those, and the default device
// while a PulseAudio (or PipeWire-pulse) server answers ("PulseAudio:default" once open), are not
// opened through PortAudio but with libpulse directly (PulseStream, issue 19: 5 ms fragments on
// one thread instead of ALSA's pulse plugin's ~2 ms blocks on four), into the same rings.
// If the stream dies (device unplugged: stream error, finished callback, or a callback heartbeat
// that stops), clock()/poll() reopen the default devices and report it as DeviceEvents. That
// reopen, and openInBackground(), run PortAudio's open (which can take a sound server hundreds of
// ms) on a helper thread; the media thread takes the started stream over at a later clock().
// Construct, open, switch and close on the media thread (or before it runs).
#include "audio/audio_device.h"
#include "audio/pulse_stream.h"
#include "core/protocol/result.h"

#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

struct PaStreamCallbackTimeInfo;

namespace iax::audio {

/// One PortAudio device as listed by PortAudioDevice::list().
struct DeviceInfo {
    std::string id; ///< stable: "<host API>:<name>"
    std::string name; ///< PortAudio's name, or the sound server's sink or source name
    std::string description; ///< what to show the user (the name, or the server's description)
    int maxInputs = 0;
    int maxOutputs = 0;
    double defaultRate = 0;
    bool isDefaultInput = false;
    bool isDefaultOutput = false;
};

class PortAudioDevice final : public AudioDevice {
public:
    /// Initialises PortAudio (reference counted by PortAudio itself). Never throws; open() reports failures.
    PortAudioDevice();
    ~PortAudioDevice() override;
    PortAudioDevice(const PortAudioDevice&) = delete;
    PortAudioDevice& operator=(const PortAudioDevice&) = delete;

    /// Every input/output device PortAudio sees, then the sound server's sinks and sources
    /// ("PulseAudio:<name>", see pulse_devices.h) when PortAudio reaches one. Any thread.
    static std::vector<DeviceInfo> list();

    /// Opens input and/or output ("" = default device, "none" = not used; an id from list() or a
    /// bare device name) at `rate`, or at the device's default rate if PortAudio's device refuses
    /// `rate`. Blocks while PortAudio or the sound server opens. Errors: "no-device" (no such
    /// device), "no-server" (a "PulseAudio:" device but no server), "open-failed" (the reason).
    core::Status open(const std::string& inputId, const std::string& outputId, int rate = 48000);
    /// As open(), but returns at once (media thread): a helper thread opens and starts the
    /// stream, and the first clock() after that takes it over (isOpen() turns true; no event).
    /// Until then the device neither captures nor plays. A chosen device that is not there is
    /// replaced by the next available of setFallbackPreferences() (call it first), then the
    /// default, with a DeviceEvent::FellBack naming both; when nothing opens, a
    /// DeviceEvent::OpenFailed names the reason.
    void openInBackground(const std::string& inputId, const std::string& outputId, int rate = 48000);
    /// True while a background open or fallback reopen runs.
    bool opening() const { return m_pending.valid(); }
    /// Moves to other devices during a call (same id rules as open()); on failure the previous
    /// devices are reopened and the error returned. Emits DeviceEvent::Switched on success.
    core::Status switchTo(const std::string& inputId, const std::string& outputId);
    /// The devices to fall back to after a loss, per direction, most preferred first (ids or
    /// bare names as for open(), or "PulseAudio:<name>"); the system default follows them. The
    /// fallback re-enumerates PortAudio first (on its helper thread, see portaudio_system.h), so
    /// a device plugged in since is found. While a direction opened on a chosen device (not the
    /// default) is on a lower preference, a device higher in its list that appears is moved to
    /// within a second (DeviceEvent::Switched). Media thread.
    void setFallbackPreferences(std::vector<std::string> inputs, std::vector<std::string> outputs);
    /// Stops and closes the stream, after waiting for a background open to end (its stream is
    /// closed too); idempotent.
    void close();
    bool isOpen() const;
    /// Ids of the devices actually open ("" when that direction is unused).
    const std::string& inputDeviceId() const { return m_openInputId; }
    const std::string& outputDeviceId() const { return m_openOutputId; }

    int rate() const override { return m_rate; }
    /// Frame duration of the rings of the streams opened from now on (a reopen after a loss too):
    /// 10 or 20 ms (other values are ignored). Media thread, before open(); the open stream keeps its own.
    void setFrameMs(int ms)
    {
        if (ms == 10 || ms == 20)
            m_frameMs = ms;
    }
    /// The open stream's frame duration (setFrameMs() before it opened); before one opened, what
    /// setFrameMs() asked for.
    int frameMs() const override;
    bool hasInput() const override { return m_hasInput; }
    bool hasOutput() const override { return m_hasOutput; }
    bool readFrame(std::int16_t* frame) override;
    bool writeFrame(const std::int16_t* frame) override;
    std::size_t playbackQueued() const override;
    std::size_t playbackCapacity() const override;
    /// Takes over a stream opened in the background, detects a lost stream and starts the
    /// fallback reopen (see the file comment); never waits for PortAudio to open. `nowMs` is
    /// unused: the heartbeat watchdog reads the steady clock, since the card runs on its own.
    void clock(std::int64_t nowMs) override;
    std::optional<DeviceEvent> pollEvent() override;

    /// Convenience for callers without an event loop: clock() and, when the device was lost,
    /// true (once) with the events' sentences in *what.
    bool poll(std::string* what);

    float inputLevel() const override { return m_counters.inLevel.load(std::memory_order_relaxed); }
    float outputLevel() const override { return m_counters.outLevel.load(std::memory_order_relaxed); }
    std::uint64_t underruns() const override { return m_counters.underruns.load(std::memory_order_relaxed); }
    std::uint64_t overruns() const override { return m_counters.overruns.load(std::memory_order_relaxed); }
    /// playoutFramesFor() the stream's largest callback block seen so far (before the first
    /// callback: half its reported output latency), refilled every ring frame (the media tick), in
    /// frames of the rings (20 ms: 2–4, 10 ms: 2–8); 1 when the playback goes to the sound server
    /// (its own queue bridges the ticks: PulseStream); 3 when closed.
    int suggestedPlayoutFrames() const override;
    /// The open stream's reported input + output latency (Pa_GetStreamInfo; the sound server's,
    /// refreshed every second, for its directions) plus half a frame
    /// staged by the callback (output), ms; 0 when closed.
    int hardwareLatencyMs() const override;
    /// outputDeviceId(): "<host API>:<name>" of the open output.
    std::string outputName() const override { return m_openOutputId; }
    /// The sound server's view of the open stream (PulseStream::timing()); nullopt when no
    /// direction goes to a sound server directly. For measurements (issue 19). Media thread.
    std::optional<PulseStream::Timing> serverTiming() const;
    /// From when the callback completed the newest captured frame and the ring's frame duration.
    int msUntilCaptureFrame() const override;
    /// The staged rest of the frame being played, and through the sound server the part of its
    /// queue that plays before silence goes in (5 ms); a card's own buffer is not counted.
    int playbackCushionMs() const override;
    /// Captured frames waiting in the ring for readFrame().
    std::size_t captureQueued() const;
    /// When the newest captured frame was completed by the callback, steady clock in µs (0
    /// before the first). For measurements of the tick's phase against the capture (issue 19).
    std::int64_t lastCaptureFrameUs() const;
    /// Test hook: declares the stream lost, as a device unplug would (media thread).
    void simulateLoss();
    /// Test hook: runs on the helper thread before each background open or reopen (e.g. to hold
    /// it, or to see which thread opens); empty = none. Any thread.
    static void setBackgroundOpenHookForTest(std::function<void()> hook);

private:
    /// What the real-time callback owns: one PortAudio stream with its rings and staging.
    struct Stream;
    /// The callback's level and xrun counters, kept across streams.
    struct Counters {
        std::atomic<float> inLevel { 0 }, outLevel { 0 };
        std::atomic<std::uint64_t> underruns { 0 }, overruns { 0 };
    };
    /// Why a background open runs: open(), a fallback after a loss, or reopening the same devices
    /// after another user re-initialised PortAudio (silent unless it fails).
    /// ... or moving to a device higher in the preference list that appeared (issue 19).
    enum class Purpose { Open, Fallback, Resume, Follow };
    using Opened = core::Result<std::shared_ptr<Stream>>;

    static int callback(const void* in, void* out, unsigned long frames, const PaStreamCallbackTimeInfo* timeInfo,
        unsigned long flags, void* stream);
    static void finished(void* stream);
    /// PulseStream's callbacks (libpulse's mainloop thread): capture goes through the same ring
    /// code as callback(); playback hands over what is queued; silence the server played is an underrun.
    static PulseStream::Callbacks serverCallbacks(Stream* stream);
    /// Opens and starts a stream (any one thread at a time; no member is touched): sound-server
    /// directions with libpulse (PulseStream), the others with openPortAudio().
    static Opened openStream(bool paInitialized, const std::string& inputId, const std::string& outputId, int rate,
        int frameMs, Counters* counters);
    /// The PortAudio part of openStream(): into `onServer`'s rings at its rate when the other
    /// direction already runs on the sound server, else a new stream at the first rate that opens.
    static Opened openPortAudio(bool paInitialized, const std::string& inputId, const std::string& outputId, int rate,
        int frameMs, Counters* counters, std::shared_ptr<Stream> onServer);
    void adopt(std::shared_ptr<Stream> stream);
    void startBackgroundOpen(const std::string& inputId, const std::string& outputId, Purpose purpose);
    /// The fallback reopen: re-enumerates, then the first available preference per direction.
    void startFallback();
    /// Re-enumerates, then opens the first available of `inputs` / `outputs` per direction (the
    /// default when none is) with a notice in fallbackNote naming what opened and what was missing.
    /// A helper thread; no member is touched.
    static Opened openPreferred(bool paInitialized, const std::vector<std::string>& inputs,
        const std::vector<std::string>& outputs, int rate, int frameMs, Counters* counters);
    /// Reopens the devices of a stream closed by a PortAudio re-initialisation (media thread).
    void resumeAfterReinit();
    /// Looks for a preference above the open device (every kFollowCheckMs, on a helper thread,
    /// only when the call asked for a device and is not on its first choice) and moves there.
    void followPreferences();
    void takeBackgroundOpen(bool wait);
    bool streamLost();

    bool m_paInitialized = false;
    std::shared_ptr<Stream> m_s; ///< the current stream (its rings stay after a loss until a new one)
    Counters m_counters;
    int m_rate = 48000;
    int m_requestedRate = 48000;
    int m_frameMs = 20; ///< of the rings of the next stream opened (setFrameMs)
    bool m_hasInput = false;
    bool m_hasOutput = false;
    std::string m_inputId, m_outputId; ///< as requested ("" = default, "none")
    std::string m_openInputId, m_openOutputId; ///< as opened
    std::vector<std::string> m_preferredInputs, m_preferredOutputs; ///< fallback order before the default
    // Media thread only: watchdog, background open and fallback state.
    std::future<Opened> m_pending;
    Purpose m_pendingPurpose = Purpose::Open;
    std::uint64_t m_lastBeat = 0;
    std::int64_t m_lastBeatAtMs = 0;
    bool m_needFallback = false;
    bool m_fallbackFailedReported = false;
    std::int64_t m_nextRetryMs = 0;
    std::int64_t m_nextFollowMs = 0;
    std::int64_t m_nextLatencyMs = 0; ///< when to ask the sound server for its latency again
    bool m_openGone = false; ///< the sound server no longer lists the open device (it moved the stream)
    std::deque<DeviceEvent> m_events;
};

} // namespace iax::audio
