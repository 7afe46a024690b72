#pragma once
// A sound card stand-in for tests (after baresip's mock_auplay): the same SPSC rings as
// PortAudioDevice, but its "hardware" moves one frame (20 ms, or as constructed) each way per frame of an explicit
// clock — the MediaSession's tick time (clock()) or the test's own advanceFrames(). Its
// microphone plays a given PCM buffer (then silence); its speaker records everything played.
// Single-threaded: everything on the test's (media) thread.
#include "audio/audio_device.h"
#include "audio/spsc_ring.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace iax::audio {

class FakeDevice final : public AudioDevice {
public:
    /// A duplex device at `rate` (divisible by 100) with 16-frame rings like the real one, its
    /// frames `frameMs` long (10 or 20).
    explicit FakeDevice(int rate = 48000, bool input = true, bool output = true, int frameMs = 20);

    /// The "microphone" signal at rate(); played once (or looped), then silence.
    void setInput(std::vector<std::int16_t> pcm, bool loop = false);
    /// Everything the "speaker" played so far (silence included for underruns).
    const std::vector<std::int16_t>& played() const { return m_played; }
    /// When each frame was written: the time of the clock() call before it (tests of when the
    /// session plays out, issue 19).
    const std::vector<std::int64_t>& writeTimes() const { return m_writeTimes; }
    /// When false, clock() does nothing and only advanceFrames() moves the hardware.
    void setFollowsClock(bool follow) { m_follow = follow; }
    /// Moves the hardware by `n` frames: captures n frames, plays n frames.
    void advanceFrames(int n);
    /// Simulates a device change: new rate (rings rebuilt) and a queued event, as after a fallback.
    void simulateFallback(int newRate);

    int rate() const override { return m_rate; }
    int frameMs() const override { return m_frameMs; }
    bool hasInput() const override { return m_hasInput; }
    bool hasOutput() const override { return m_hasOutput; }
    bool readFrame(std::int16_t* frame) override { return m_hasInput && m_capture->pop(frame); }
    bool writeFrame(const std::int16_t* frame) override;
    std::size_t playbackQueued() const override { return m_playback->size(); }
    std::size_t playbackCapacity() const override { return m_playback->capacity(); }
    /// Advances the hardware to `nowMs` (first call sets the origin) when following the clock.
    void clock(std::int64_t nowMs) override;
    std::optional<DeviceEvent> pollEvent() override;
    float inputLevel() const override { return m_inLevel; }
    float outputLevel() const override { return m_outLevel; }
    std::uint64_t underruns() const override { return m_underruns; }
    std::uint64_t overruns() const override { return m_overruns; }
    /// 1 unless set: the fake hardware takes exactly one frame per frame time of the session's own clock.
    int suggestedPlayoutFrames() const override { return m_suggestedFrames; }
    /// Models a sound card whose block needs `frames` queued (benchmarks: 2 as a 20 ms card).
    void setSuggestedPlayoutFrames(int frames) { m_suggestedFrames = frames; }
    /// Models a card whose callback moves `frames` frames at once, every `frames` frame times
    /// (a 20 ms block on 10 ms frames: 2); 1 unless set. Before the first clock().
    void setBlockFrames(int frames) { m_blockFrames = std::max(1, frames); }
    /// The name outputName() reports (tests of the echo-canceller decision; default "").
    void setOutputName(std::string name) { m_outputName = std::move(name); }
    std::string outputName() const override { return m_outputName; }

private:
    void makeRings();

    int m_rate;
    int m_frameMs;
    bool m_hasInput, m_hasOutput;
    bool m_follow = true;
    int m_suggestedFrames = 1;
    int m_blockFrames = 1;
    std::string m_outputName;
    std::unique_ptr<SpscRing> m_capture, m_playback;
    std::vector<std::int16_t> m_input;
    bool m_loop = false;
    std::size_t m_inputPos = 0;
    std::vector<std::int16_t> m_played;
    std::vector<std::int64_t> m_writeTimes;
    std::int64_t m_clockMs = 0; ///< the latest clock() time
    std::vector<std::int16_t> m_frame;
    bool m_started = false;
    std::int64_t m_originMs = 0;
    std::int64_t m_framesDone = 0;
    float m_inLevel = 0, m_outLevel = 0;
    std::uint64_t m_underruns = 0, m_overruns = 0;
    std::deque<DeviceEvent> m_events;
};

} // namespace iax::audio
