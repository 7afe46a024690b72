#pragma once
// Streaming mono resampler (speexdsp, quality 5) that keeps its filter state across frames.
// Media thread only.
#include <cstdint>
#include <span>
#include <vector>

struct SpeexResamplerState_;

namespace iax::audio {

class StreamResampler {
public:
    StreamResampler(int fromRate, int toRate);
    ~StreamResampler();
    StreamResampler(const StreamResampler&) = delete;
    StreamResampler& operator=(const StreamResampler&) = delete;
    /// Resamples one block; the output length follows the rate ratio (± 1 sample).
    std::vector<std::int16_t> process(std::span<const std::int16_t> in);

private:
    int m_from;
    int m_to;
    SpeexResamplerState_* m_state = nullptr;
};

} // namespace iax::audio
