#include "audio/opus_complexity.h"

#include <algorithm>

namespace iax::audio {

int OpusComplexityGovernor::next(int current, double meanUs, double budgetUs)
{
    if (meanUs > budgetUs)
        return std::max(kMinComplexity, current - 1);
    if (meanUs < budgetUs / 2)
        return std::min(kMaxComplexity, current + 1);
    return std::clamp(current, kMinComplexity, kMaxComplexity);
}

bool OpusComplexityGovernor::record(double encodeUs)
{
    m_sumUs += std::max(encodeUs, 0.0);
    if (++m_frames < kWindowFrames)
        return false;
    const int was = m_complexity;
    m_complexity = next(m_complexity, m_sumUs / m_frames, m_budgetUs);
    m_frames = 0;
    m_sumUs = 0;
    return m_complexity != was;
}

} // namespace iax::audio
