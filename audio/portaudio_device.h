#pragma once
// A sound card through PortAudio: one full-duplex (or one-way) stream whose real-time callback
// only moves fixed 20 ms frames between preallocated SPSC rings and bumps atomics (levels,
// underruns, overruns) — no locks, no allocation, no logging there. The media thread pulls
// captured frames and pushes playback frames. Devices are named by a stable id
// "<host API>:<device name>". If the stream dies (device unplugged), poll() reopens the
// default devices and reports it.
#include "audio/spsc_ring.h"
#include "core/protocol/result.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace iax::audio {

struct DeviceInfo {
    std::string id; ///< stable: "<host API>:<name>"
    std::string name;
    int maxInputs = 0;
    int maxOutputs = 0;
    double defaultRate = 0;
    bool isDefaultInput = false;
    bool isDefaultOutput = false;
};

class PortAudioDevice {
public:
    PortAudioDevice();
    ~PortAudioDevice();
    PortAudioDevice(const PortAudioDevice&) = delete;
    PortAudioDevice& operator=(const PortAudioDevice&) = delete;

    /// Every input/output device PortAudio sees.
    static std::vector<DeviceInfo> list();

    /// Opens input and/or output ("" = default device, "none" = not used) at `rate` (falls back
    /// to the device's default rate if refused). Errors: "no-device", "open-failed".
    core::Status open(const std::string& inputId, const std::string& outputId, int rate = 48000);
    void close();
    bool isOpen() const { return m_stream != nullptr; }
    int rate() const { return m_rate; }
    int frameSamples() const { return m_rate / 50; }

    /// Media thread: one captured 20 ms frame (false when none is ready).
    bool readFrame(std::int16_t* frame) { return m_capture && m_capture->pop(frame); }
    /// Media thread: queue one 20 ms frame for playback (false when the ring is full).
    bool writeFrame(const std::int16_t* frame) { return m_playback && m_playback->push(frame); }
    /// Frames waiting to be played.
    std::size_t playbackQueued() const { return m_playback ? m_playback->size() : 0; }

    /// Media thread: detects a dead stream and reopens the default devices. Returns true (once)
    /// when that happened, with the reason in *what.
    bool poll(std::string* what);

    float inputLevel() const { return m_inLevel.load(std::memory_order_relaxed); }
    float outputLevel() const { return m_outLevel.load(std::memory_order_relaxed); }
    std::uint64_t underruns() const { return m_underruns.load(std::memory_order_relaxed); }
    std::uint64_t overruns() const { return m_overruns.load(std::memory_order_relaxed); }

private:
    static int callback(
        const void* in, void* out, unsigned long frames, const void* timeInfo, unsigned long flags, void* self);
    int process(const std::int16_t* in, std::int16_t* out, unsigned long frames);

    void* m_stream = nullptr;
    bool m_paInitialized = false;
    int m_rate = 48000;
    bool m_hasInput = false;
    bool m_hasOutput = false;
    std::string m_inputId, m_outputId;
    std::unique_ptr<SpscRing> m_capture;
    std::unique_ptr<SpscRing> m_playback;
    // Partial-frame staging owned by the callback (preallocated in open()).
    std::vector<std::int16_t> m_inStage, m_outStage;
    std::size_t m_inFill = 0, m_outPos = 0, m_outFill = 0;
    std::atomic<float> m_inLevel { 0 }, m_outLevel { 0 };
    std::atomic<std::uint64_t> m_underruns { 0 }, m_overruns { 0 };
};

} // namespace iax::audio
