#pragma once
// Acoustic echo cancellation and noise suppression for one call (speexdsp MDF echo canceller +
// preprocessor with residual-echo suppression), each switchable at any time. Works on 20 ms
// frames at the codec rate. The far-end reference is every frame handed to the speaker
// (playback()); capture() pairs each microphone frame with a reference `latencyFrames` older,
// so the echo lies inside the filter tail. Far-end-silence gate: once the reference has been
// silent for longer than the tail (so the filter's whole far-end history is silence and no echo
// can reach the microphone), the canceller is skipped until the far end sounds again — the
// output is what the filter would give, at no cost; the preprocessor still runs if NS is on.
// Media thread only.
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

struct SpeexEchoState_;
struct SpeexPreprocessState_;

namespace iax::audio {

class EchoCanceller {
public:
    /// `tailMs`: longest echo path modelled (from handing a frame over to its last echo).
    /// `latencyFrames`: extra delay of the reference, up to the shortest echo lag (0 is safe).
    EchoCanceller(int rate, int tailMs = 200, int latencyFrames = 0);
    ~EchoCanceller();
    EchoCanceller(const EchoCanceller&) = delete;
    EchoCanceller& operator=(const EchoCanceller&) = delete;

    void setEchoCancellation(bool on) { m_aec = on; }
    void setNoiseSuppression(bool on);
    bool echoCancellation() const { return m_aec; }
    bool noiseSuppression() const { return m_ns; }
    int rate() const { return m_rate; }

    /// A frame (rate/50 samples) that goes to the speaker: the echo reference.
    void playback(std::span<const std::int16_t> frame);
    /// Cleans one microphone frame in place (echo removed and/or noise suppressed, as enabled).
    void capture(std::span<std::int16_t> frame);
    /// Forgets the adaptation (after a device switch: the echo path changed).
    void reset();
    /// Microphone frames for which the far-end-silence gate skipped the canceller (statistics,
    /// tests); counts only frames captured with echo cancellation on.
    std::uint64_t gatedFrames() const { return m_gated; }
    /// Peak sample value at or below which a reference frame counts as silence (-60 dBFS).
    static constexpr int kSilentPeak = 32;

private:
    int m_rate;
    int m_frame;
    int m_latencyFrames;
    bool m_aec = true;
    bool m_ns = true;
    SpeexEchoState_* m_echo = nullptr;
    SpeexPreprocessState_* m_pre = nullptr;
    int m_tailFrames;
    int m_silentRefs = 0; ///< consecutive silent reference frames paired with the microphone
    bool m_echoAttached = true; ///< the preprocessor suppresses residual echo of m_echo
    std::uint64_t m_gated = 0;
    std::deque<std::vector<std::int16_t>> m_reference;
    std::vector<std::int16_t> m_out;
    void attachEcho(bool on);
};

} // namespace iax::audio
