#include "audio/stream_resampler.h"

#include <speex/speex_resampler.h>

namespace iax::audio {

StreamResampler::StreamResampler(int fromRate, int toRate)
    : m_from(fromRate)
    , m_to(toRate)
{
    if (fromRate != toRate) {
        int err = 0;
        m_state
            = speex_resampler_init(1, static_cast<spx_uint32_t>(fromRate), static_cast<spx_uint32_t>(toRate), 5, &err);
    }
}

StreamResampler::~StreamResampler()
{
    if (m_state)
        speex_resampler_destroy(m_state);
}

std::vector<std::int16_t> StreamResampler::process(std::span<const std::int16_t> in)
{
    if (!m_state)
        return { in.begin(), in.end() };
    std::vector<std::int16_t> out(in.size() * static_cast<std::size_t>(m_to) / static_cast<std::size_t>(m_from) + 16);
    spx_uint32_t inLen = static_cast<spx_uint32_t>(in.size());
    spx_uint32_t outLen = static_cast<spx_uint32_t>(out.size());
    speex_resampler_process_int(m_state, 0, in.data(), &inLen, out.data(), &outLen);
    out.resize(outLen);
    return out;
}

} // namespace iax::audio
