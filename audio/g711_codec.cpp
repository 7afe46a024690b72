#include "audio/g711_codec.h"

#include "audio/g711.h"
#include "core/protocol/constants.h"

#include <algorithm>

namespace iax::audio {

G711Codec::G711Codec(Law law)
    : m_law(law)
    , m_last(160, 0)
{ }

std::uint64_t G711Codec::format() const
{
    return m_law == Law::Mu ? core::Codec::Ulaw : core::Codec::Alaw;
}

std::vector<std::uint8_t> G711Codec::encode(std::span<const std::int16_t> pcm)
{
    std::vector<std::uint8_t> out(pcm.size());
    for (std::size_t i = 0; i < pcm.size(); ++i)
        out[i] = m_law == Law::Mu ? linearToUlaw(pcm[i]) : linearToAlaw(pcm[i]);
    return out;
}

std::vector<std::int16_t> G711Codec::decode(std::span<const std::uint8_t> payload)
{
    if (payload.empty())
        return conceal();
    std::vector<std::int16_t> out(payload.size());
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[i] = m_law == Law::Mu ? ulawToLinear(payload[i]) : alawToLinear(payload[i]);
    if (out.size() >= 160)
        std::copy(out.end() - 160, out.end(), m_last.begin());
    m_concealed = 0;
    return out;
}

std::vector<std::int16_t> G711Codec::conceal()
{
    // Gain ramps from 1 - 0.2k to 1 - 0.2(k+1) over the k-th concealed frame.
    std::vector<std::int16_t> out(160);
    const double g0 = std::max(0.0, 1.0 - 0.2 * m_concealed);
    const double g1 = std::max(0.0, 1.0 - 0.2 * (m_concealed + 1));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double g = g0 + (g1 - g0) * double(i) / double(out.size());
        out[i] = static_cast<std::int16_t>(m_last[i] * g);
    }
    ++m_concealed;
    return out;
}

} // namespace iax::audio
