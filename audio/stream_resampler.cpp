#include "audio/stream_resampler.h"

#include <speex/speex_resampler.h>

namespace iax::audio {

StreamResampler::StreamResampler(int fromRate, int toRate, int quality)
    : m_from(fromRate)
    , m_to(toRate)
{
    if (fromRate != toRate && fromRate > 0 && toRate > 0) {
        int err = 0;
        m_state = speex_resampler_init(
            1, static_cast<spx_uint32_t>(fromRate), static_cast<spx_uint32_t>(toRate), quality, &err);
        // No speex_resampler_skip_zeros(): it would shorten the first block by the filter delay,
        // and that shortfall stays in every 20 ms FIFO behind the resampler as a partial frame —
        // a whole-frame wait (~15 ms) on each side instead of the filter's ~5 ms of leading zeros.
    }
}

StreamResampler::~StreamResampler()
{
    if (m_state)
        speex_resampler_destroy(m_state);
}

std::vector<std::int16_t> StreamResampler::process(std::span<const std::int16_t> in)
{
    std::vector<std::int16_t> out;
    processAppend(in, out);
    return out;
}

void StreamResampler::processAppend(std::span<const std::int16_t> in, std::vector<std::int16_t>& out)
{
    if (!m_state) {
        out.insert(out.end(), in.begin(), in.end());
        return;
    }
    const std::size_t at = out.size();
    out.resize(at + in.size() * static_cast<std::size_t>(m_to) / static_cast<std::size_t>(m_from) + 16);
    spx_uint32_t inLen = static_cast<spx_uint32_t>(in.size());
    spx_uint32_t outLen = static_cast<spx_uint32_t>(out.size() - at);
    speex_resampler_process_int(m_state, 0, in.data(), &inLen, out.data() + at, &outLen);
    out.resize(at + outLen);
}

int StreamResampler::inputLatency() const
{
    return m_state ? speex_resampler_get_input_latency(m_state) : 0;
}

} // namespace iax::audio
