#pragma once
// Streaming mono resampler over speexdsp that keeps its filter state across frames (so 20 ms
// blocks join without clicks). Identity when both rates are equal. Media thread only.
#include <cstdint>
#include <span>
#include <vector>

struct SpeexResamplerState_;

namespace iax::audio {

class StreamResampler {
public:
    /// `quality` 0 (fast) … 10 (best); 5 is speexdsp's VoIP default. If speexdsp refuses the
    /// rates, process() passes samples through unchanged (valid() is false).
    StreamResampler(int fromRate, int toRate, int quality = 5);
    ~StreamResampler();
    StreamResampler(const StreamResampler&) = delete;
    StreamResampler& operator=(const StreamResampler&) = delete;

    int fromRate() const { return m_from; }
    int toRate() const { return m_to; }
    bool valid() const { return m_from == m_to || m_state != nullptr; }
    /// Resamples one block; the output length follows the rate ratio (± 1 sample per block).
    std::vector<std::int16_t> process(std::span<const std::int16_t> in);
    /// Same, appending to `out` (no allocation once `out` has grown).
    void processAppend(std::span<const std::int16_t> in, std::vector<std::int16_t>& out);
    /// Filter delay in input samples (0 for the identity).
    int inputLatency() const;

private:
    int m_from;
    int m_to;
    SpeexResamplerState_* m_state = nullptr;
};

} // namespace iax::audio
