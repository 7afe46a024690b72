#pragma once
// PortAudioDevice's stream (private to PortAudioDevice's .cpp files): the preallocated rings, the
// staging and counters its real-time code owns, and what moves the samples — PortAudio stream(s),
// or a PulseStream for the directions on a sound server (issue 19). Not for other users.
#include "audio/portaudio_device.h"
#include "audio/portaudio_system.h"
#include "audio/pulse_stream.h"
#include "audio/spsc_ring.h"
#include "audio/steady_clock.h"

#include <portaudio.h>

#include <chrono>
#include <mutex>
#include <string>

namespace iax::audio {

inline constexpr std::size_t kRingFrames = 16; // 320 ms each way (20 ms frames)

/// "input 'X', output 'Y'" for a notice (an empty id leaves its direction out).
inline std::string describe(const std::string& in, const std::string& out)
{
    std::string s;
    if (!in.empty())
        s += "input '" + in + "'";
    if (!out.empty())
        s += (s.empty() ? "" : ", ") + std::string("output '") + out + "'";
    return s;
}

struct PortAudioDevice::Stream {
    Stream(int r, int fMs, Counters* c)
        : rate(r)
        , frameMs(fMs)
        , capture(kRingFrames, std::size_t(r * fMs / 1000))
        , playback(kRingFrames, std::size_t(r * fMs / 1000))
        , inStage(std::size_t(r * fMs / 1000), 0)
        , outStage(std::size_t(r * fMs / 1000), 0)
        , counters(c)
    { }
    ~Stream() { stop(); }
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    /// Aborts and closes the PortAudio stream(s) and the PulseStream (the rings stay); idempotent.
    /// Owner's thread.
    void stop()
    {
        pulse.reset(); // stops its mainloop: no callback after this
        const std::lock_guard guard(portaudio::lock());
        if (token)
            portaudio::unregisterStream(token);
        token = 0;
        if (!suspended.load(std::memory_order_acquire))
            closeBoth();
        pa = nullptr;
        paIn = nullptr;
    }
    /// A re-initialisation's closer (any thread, under portaudio::lock()): closes the PortAudio
    /// stream(s) and marks them suspended; the owner reopens them (PortAudioDevice::clock()).
    void closeForReinit()
    {
        // Before the abort, whose finished callback marks the stream lost: the owner must see a
        // suspension (reopen silently), not a loss.
        suspended.store(true, std::memory_order_release);
        closeBoth();
        token = 0;
    }
    /// Aborts and closes the output (or duplex) stream and the input's own stream where split.
    void closeBoth()
    {
        for (PaStream* p : { pa, paIn }) {
            if (!p)
                continue;
            Pa_AbortStream(p);
            Pa_CloseStream(p);
        }
    }
    /// The real-time code: moves `frames` samples between the device's buffers and the rings.
    int process(const std::int16_t* in, std::int16_t* out, unsigned long frames);
    /// The sound server's playback (PulseStream's play): up to `frames` queued samples into `out`
    /// (the staged rest of a frame, then whole frames), fewer when the ring runs dry; no silence.
    std::size_t takePlayback(std::int16_t* out, std::size_t frames);
    /// Both outputs' copy: the staged rest, then whole frames from the ring, until `frames` or the
    /// ring is dry; returns how many, raises *peak to the loudest sample copied.
    std::size_t copyQueued(std::int16_t* out, std::size_t frames, int* peak);
    /// True while PortAudio or the sound server still has a stream of this (not closed).
    bool running() const { return pa || paIn || pulse; }

    PaStream* pa = nullptr;
    PaStream* paIn = nullptr; // the input's own stream where duplex would spin (splitDuplex())
    std::unique_ptr<PulseStream> pulse; // the directions on the sound server, spoken to directly
    int rate;
    int frameMs; // of the rings
    bool hasInput = false, hasOutput = false;
    bool outputOnServer = false; // playback through the PulseStream (takePlayback), not PortAudio
    std::string inputId, outputId; // as opened
    SpscRing capture, playback;
    // Partial-frame staging owned by the callback.
    std::vector<std::int16_t> inStage, outStage;
    std::size_t inFill = 0, outPos = 0, outFill = 0;
    Counters* counters;
    std::atomic<std::uint64_t> heartbeat { 0 }; // callbacks so far
    std::atomic<std::int64_t> lastCaptureUs { 0 }; // steadyUs() when the newest capture frame was pushed
    std::atomic<unsigned long> maxBlock { 0 }; // largest callback block, samples (written by the callback)
    std::atomic<std::size_t> stagedOut { 0 }; // samples of outStage not played yet (after each callback)
    double inLatencyS = 0, outLatencyS = 0; // reported by PortAudio once started
    std::atomic<bool> lost { false }; // set by the finished callback or simulateLoss()
    std::atomic<bool> suspended { false }; // closed by a PortAudio re-initialisation
    std::uint64_t token = 0; // registration with portaudio::registerStream (under its lock)
    std::string fallbackNote; // a fallback reopen: the sentence for the user (what it switched to, and why)
};

} // namespace iax::audio
