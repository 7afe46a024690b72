#pragma once
// A sound card through PortAudio: one full-duplex (or one-way) stream whose real-time callback
// only moves fixed 20 ms frames between preallocated SPSC rings and bumps atomics (levels,
// underruns, overruns, a heartbeat) — no locks, no allocation, no logging there. The media thread
// pulls captured frames and pushes playback frames. Devices are named by a stable id
// "<host API>:<device name>" (the PortAudio index is not stable across restarts or hot-plug).
// If the stream dies (device unplugged: stream error, finished callback, or a callback heartbeat
// that stops), clock()/poll() reopen the default devices and report it as DeviceEvents.
// Construct, open, switch and close on the media thread.
#include "audio/audio_device.h"
#include "audio/spsc_ring.h"
#include "core/protocol/result.h"

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace iax::audio {

/// One PortAudio device as listed by PortAudioDevice::list().
struct DeviceInfo {
    std::string id; ///< stable: "<host API>:<name>"
    std::string name;
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

    /// Every input/output device PortAudio sees (any thread that is not using PortAudio concurrently).
    static std::vector<DeviceInfo> list();

    /// Opens input and/or output ("" = default device, "none" = not used; an id from list() or a
    /// bare device name) at `rate`, or at the device's default rate if `rate` is refused.
    /// Errors: "no-device" (no such device), "open-failed" (PortAudio's reason).
    core::Status open(const std::string& inputId, const std::string& outputId, int rate = 48000);
    /// Moves to other devices during a call (same id rules as open()); on failure the previous
    /// devices are reopened and the error returned. Emits DeviceEvent::Switched on success.
    core::Status switchTo(const std::string& inputId, const std::string& outputId);
    /// Stops and closes the stream; idempotent.
    void close();
    bool isOpen() const { return m_stream != nullptr; }
    /// Ids of the devices actually open ("" when that direction is unused).
    const std::string& inputDeviceId() const { return m_openInputId; }
    const std::string& outputDeviceId() const { return m_openOutputId; }

    int rate() const override { return m_rate; }
    bool hasInput() const override { return m_hasInput; }
    bool hasOutput() const override { return m_hasOutput; }
    bool readFrame(std::int16_t* frame) override { return m_capture && m_capture->pop(frame); }
    bool writeFrame(const std::int16_t* frame) override { return m_playback && m_playback->push(frame); }
    std::size_t playbackQueued() const override { return m_playback ? m_playback->size() : 0; }
    std::size_t playbackCapacity() const override { return m_playback ? m_playback->capacity() : 0; }
    /// Loss detection and fallback (see the file comment). `nowMs` is unused: the heartbeat
    /// watchdog reads the steady clock, since the device runs on its own clock.
    void clock(std::int64_t nowMs) override;
    std::optional<DeviceEvent> pollEvent() override;

    /// Convenience for callers without an event loop: clock() and, when the device was lost,
    /// true (once) with the events' sentences in *what.
    bool poll(std::string* what);

    float inputLevel() const override { return m_inLevel.load(std::memory_order_relaxed); }
    float outputLevel() const override { return m_outLevel.load(std::memory_order_relaxed); }
    std::uint64_t underruns() const override { return m_underruns.load(std::memory_order_relaxed); }
    std::uint64_t overruns() const override { return m_overruns.load(std::memory_order_relaxed); }
    /// Test hook: declares the stream lost, as a device unplug would (media thread).
    void simulateLoss() { m_lost.store(true, std::memory_order_release); }

private:
    static int callback(
        const void* in, void* out, unsigned long frames, const void* timeInfo, unsigned long flags, void* self);
    static void finished(void* self);
    int process(const std::int16_t* in, std::int16_t* out, unsigned long frames);
    core::Status openStream(const std::string& inputId, const std::string& outputId, int rate);
    bool streamLost();

    void* m_stream = nullptr;
    bool m_paInitialized = false;
    int m_rate = 48000;
    int m_requestedRate = 48000;
    bool m_hasInput = false;
    bool m_hasOutput = false;
    std::string m_inputId, m_outputId; ///< as requested ("" = default, "none")
    std::string m_openInputId, m_openOutputId; ///< as opened
    std::unique_ptr<SpscRing> m_capture;
    std::unique_ptr<SpscRing> m_playback;
    // Partial-frame staging owned by the callback (preallocated in open()).
    std::vector<std::int16_t> m_inStage, m_outStage;
    std::size_t m_inFill = 0, m_outPos = 0, m_outFill = 0;
    std::atomic<float> m_inLevel { 0 }, m_outLevel { 0 };
    std::atomic<std::uint64_t> m_underruns { 0 }, m_overruns { 0 };
    std::atomic<std::uint64_t> m_heartbeat { 0 }; ///< callbacks so far
    std::atomic<bool> m_lost { false }; ///< set by the finished callback or simulateLoss()
    // Media thread only: watchdog and fallback state.
    std::uint64_t m_lastBeat = 0;
    std::int64_t m_lastBeatAtMs = 0;
    bool m_needFallback = false;
    std::int64_t m_nextRetryMs = 0;
    std::deque<DeviceEvent> m_events;
};

} // namespace iax::audio
