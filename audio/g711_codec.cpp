#include "audio/g711_codec.h"

#include "audio/g711.h"
#include "core/protocol/constants.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace iax::audio {

namespace {
// Per law: each byte decoded, and each byte decoded and encoded again.
struct Tables {
    std::array<std::int16_t, 256> linear {};
    std::array<std::uint8_t, 256> echo {};
};

Tables makeTables(bool mu)
{
    Tables t;
    for (std::size_t b = 0; b < 256; ++b) {
        t.linear[b] = mu ? ulawToLinear(std::uint8_t(b)) : alawToLinear(std::uint8_t(b));
        t.echo[b] = mu ? linearToUlaw(t.linear[b]) : linearToAlaw(t.linear[b]);
    }
    return t;
}

const Tables& tablesOf(G711Codec::Law law)
{
    static const Tables mu = makeTables(true), a = makeTables(false);
    return law == G711Codec::Law::Mu ? mu : a;
}
} // namespace

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

int G711Codec::echoInPlace(std::span<std::uint8_t> payload)
{
    if (payload.empty())
        return 0;
    const Tables& t = tablesOf(m_law);
    // As decode(): the last 160 samples become the concealment history.
    const std::size_t historyFrom = payload.size() >= m_last.size() ? payload.size() - m_last.size() : payload.size();
    int peak = 0;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        const std::int16_t s = t.linear[payload[i]];
        peak = std::max(peak, std::abs(int(s)));
        if (i >= historyFrom)
            m_last[i - historyFrom] = s;
        payload[i] = t.echo[payload[i]];
    }
    m_concealed = 0;
    return peak;
}

std::uint8_t G711Codec::silence() const
{
    return m_law == Law::Mu ? linearToUlaw(0) : linearToAlaw(0);
}

std::int16_t G711Codec::linear(std::uint8_t byte) const
{
    return tablesOf(m_law).linear[byte];
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
