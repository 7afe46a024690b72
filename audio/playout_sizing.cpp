#include "audio/playout_sizing.h"

#include <algorithm>
#include <cmath>

namespace iax::audio {

int playoutFramesFor(double blockMs, int tickMs, int frameMs)
{
    const double block = std::max(blockMs, 1.0);
    const double refillWithin = 1.5 * tickMs; // a tick, and up to half a tick late
    const double queuedMs = std::ceil(refillWithin / block) * block;
    return std::clamp(int(std::ceil(queuedMs / frameMs - 1e-9)), 2, std::max(2, 80 / frameMs));
}

} // namespace iax::audio
