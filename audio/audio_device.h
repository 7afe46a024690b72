#pragma once
// The PCM endpoint a MediaSession plays to and captures from: mono 16-bit frames of frameMs()
// (20 ms, or 10 ms for a low-latency device) at rate(). Implemented by PortAudioDevice (a sound card, real-time
// callback behind SPSC rings) and FakeDevice (a clock-driven stand-in for tests). Every method is called on the media
// thread.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace iax::audio {

/// Something the device reports to the media thread (polled, never a callback).
struct DeviceEvent {
    enum class Kind {
        Lost, ///< the stream died (device unplugged); a fallback to the default device follows
        FellBack, ///< reopened on the default device after a loss
        FallbackFailed, ///< the loss could not be recovered: no audio until the next open/switch
        Switched, ///< switchTo() succeeded
        OpenFailed, ///< a background open failed: no audio until the next open/switch
    };
    Kind kind;
    std::string detail; ///< a sentence for the user, naming the devices involved
};

class AudioDevice {
public:
    virtual ~AudioDevice() = default;
    /// Sample rate of the frames (may change after a fallback or switch: re-read every tick).
    virtual int rate() const = 0;
    /// Duration of one frame of the rings, ms (20 unless the device was opened for 10 ms frames).
    virtual int frameMs() const { return 20; }
    /// Samples in one frame.
    int frameSamples() const { return rate() * frameMs() / 1000; }
    /// True when the device captures (has an input).
    virtual bool hasInput() const = 0;
    /// True when the device plays (has an output).
    virtual bool hasOutput() const = 0;
    /// One captured frame into `frame` (frameSamples() samples); false when none is ready.
    virtual bool readFrame(std::int16_t* frame) = 0;
    /// Queues one frame for playback; false (frame dropped) when the playback ring is full.
    virtual bool writeFrame(const std::int16_t* frame) = 0;
    /// Frames queued for playback and not yet handed to the hardware.
    virtual std::size_t playbackQueued() const = 0;
    /// Capacity of the playback ring in frames.
    virtual std::size_t playbackCapacity() const = 0;
    /// Called by MediaSession at every tick with its clock, before frames are read or written.
    /// A clock-driven FakeDevice moves its "hardware" to `nowMs`. A sound card ignores `nowMs`
    /// (it runs on its own clock) but does its housekeeping here: PortAudioDevice detects a lost
    /// stream, starts the fallback reopen (on a helper thread) and takes over a stream that
    /// finished opening — so a sound card's frames and events may change at this call. Never blocks.
    virtual void clock(std::int64_t nowMs) = 0;
    /// The next device event, if any.
    virtual std::optional<DeviceEvent> pollEvent() = 0;
    /// Peak level of the last captured / played block, 0..1.
    virtual float inputLevel() const = 0;
    virtual float outputLevel() const = 0;
    /// Playback blocks with no frame ready (silence played) / captured frames dropped (ring full).
    virtual std::uint64_t underruns() const = 0;
    virtual std::uint64_t overruns() const = 0;
    /// Playback frames (of frameMs()) to keep queued so the device does not run dry between two
    /// ticks of the media thread: sized from the device's block and reported latency (a sound
    /// card with 20 ms frames 2–3, a clock-driven fake 1). The session grows it on underruns. Media thread.
    virtual int suggestedPlayoutFrames() const { return 3; }
    /// Ms from now until the device's next captured frame is ready for readFrame() (0: one is
    /// waiting), or -1 when that is not known (no input, no frame yet, the capture is overdue, or a
    /// clock-driven fake whose frames follow the caller's own clock). The media tick is best run
    /// then (issue 19: a free-running tick left each frame waiting up to a whole tick). Media thread.
    virtual int msUntilCaptureFrame() const { return -1; }
    /// Ms the device keeps playing from what it already holds beyond its playback ring before it
    /// would run dry (a lower bound; 0 when none or unknown): how long a refill of an empty ring
    /// may wait for a received frame that is about to be due (MediaSession). Media thread.
    virtual int playbackCushionMs() const { return 0; }
    /// Latency the device adds beyond the rings (its reported input + output latency), ms; 0
    /// when unknown. For the latency estimate only. Media thread.
    virtual int hardwareLatencyMs() const { return 0; }
    /// The open output device's name or id ("" when unknown): whether it is worn on the head
    /// decides the echo canceller in auto mode (echo_policy.h). Media thread.
    virtual std::string outputName() const { return {}; }
};

} // namespace iax::audio
