#pragma once
// Records a call to a stereo 16-bit WAV file, or Ogg Opus when the name ends in .opus/.ogg
// (sound_file_format.h; libsndfile with libopus and libogg): the left channel is what we send (the
// microphone after echo cancellation, noise suppression and mute — what the peer hears), the right
// channel what we hear from the peer (decoded, before local tones). The media thread hands each
// 20 ms frame over through two lock-free SPSC rings (spsc_ring.h) and never waits; a writer thread
// of the recorder's own takes them out, pairs them and does the file I/O.
//
//   media thread: encodeFrame ─► pushSent()  ─► SpscRing ─┐
//                 playout     ─► pushHeard() ─► SpscRing ─┴─► writer thread ─► sf_writef_short (L,R)
#include "core/protocol/result.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <thread>

struct sf_private_tag;

namespace iax::audio {

class SpscRing;

class CallRecorder {
public:
    /// Creates/truncates `path` as a stereo WAV (Ogg Opus for *.opus/*.ogg) at `rate` for frames of
    /// `frameSamples` samples and starts the writer thread. Error "unwritable" with libsndfile's
    /// reason, or a rate Opus does not take. Any thread.
    static core::Result<std::unique_ptr<CallRecorder>> create(const std::string& path, int rate, int frameSamples);
    /// Stops: the writer writes what is queued, closes the file and ends (joined here).
    ~CallRecorder();
    CallRecorder(const CallRecorder&) = delete;
    CallRecorder& operator=(const CallRecorder&) = delete;

    /// Media thread: one frame we send (frameSamples samples; a shorter span is padded with
    /// silence). Never blocks; a frame is dropped (and counted) when the writer is 5 s behind.
    void pushSent(std::span<const std::int16_t> frame);
    /// Media thread: one frame we hear. As pushSent().
    void pushHeard(std::span<const std::int16_t> frame);

    const std::string& path() const { return m_path; }
    /// Frames dropped because the writer fell behind (any thread).
    std::uint64_t dropped() const { return m_dropped.load(std::memory_order_relaxed); }
    /// Stereo frames (samples per channel) written so far (any thread).
    std::int64_t samplesWritten() const { return m_written.load(std::memory_order_relaxed); }
    /// True once a disk write failed (the rest is not recorded; any thread).
    bool failed() const { return m_failed.load(std::memory_order_relaxed); }

private:
    CallRecorder(sf_private_tag* file, std::string path, int frameSamples);
    void push(SpscRing& ring, std::span<const std::int16_t> frame);
    void run();
    /// Writer thread: pairs and writes the queued frames; with `all`, also a side left alone.
    void drain(bool all);

    sf_private_tag* m_file; // writer thread only after construction
    std::string m_path;
    int m_frameSamples;
    std::unique_ptr<SpscRing> m_sent, m_heard;
    std::atomic<bool> m_stop { false };
    std::atomic<std::uint64_t> m_dropped { 0 };
    std::atomic<std::int64_t> m_written { 0 };
    std::atomic<bool> m_failed { false };
    std::thread m_writer; // last: started once everything above exists
};

} // namespace iax::audio
