#include "core/protocol/rtt_estimator.h"

#include <algorithm>
#include <cmath>

namespace iax::core {

namespace {
constexpr double kGranularityMs = 1.0; // G: the engine's clock counts milliseconds
constexpr int kMaxBackoff = 16; // 2^16 × min exceeds any sane max: the clamp decides long before
} // namespace

RttEstimator::RttEstimator(Millis initial, Millis min, Millis max)
    : m_initial(initial)
    , m_min(std::min(min, max))
    , m_max(max)
{ }

void RttEstimator::sample(Millis rtt)
{
    if (rtt.count() < 0)
        return;
    const double r = double(rtt.count());
    if (!m_measured) {
        m_srtt = r;
        m_rttvar = r / 2;
        m_measured = true;
    } else {
        m_rttvar = 0.75 * m_rttvar + 0.25 * std::abs(m_srtt - r);
        m_srtt = 0.875 * m_srtt + 0.125 * r;
    }
    m_backoff = 0;
    m_lastBackoff.reset();
}

void RttEstimator::backOff(Millis now)
{
    if (!m_measured || (m_lastBackoff && now - *m_lastBackoff < rto()))
        return;
    m_backoff = std::min(m_backoff + 1, kMaxBackoff);
    m_lastBackoff = now;
}

RttEstimator::Millis RttEstimator::rto() const
{
    if (!m_measured)
        return m_initial;
    const double base = m_srtt + std::max(kGranularityMs, 4 * m_rttvar);
    const double backedOff = std::ldexp(std::max(base, double(m_min.count())), m_backoff);
    const double capped = std::min(backedOff, double(m_max.count()));
    return std::clamp(Millis(std::llround(std::ceil(capped))), m_min, m_max);
}

std::optional<RttEstimator::Millis> RttEstimator::smoothed() const
{
    if (!m_measured)
        return std::nullopt;
    return Millis(std::llround(m_srtt));
}

} // namespace iax::core
