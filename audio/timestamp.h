#pragma once
// Voice timestamp helpers for the jitter buffer. Pure functions; any thread. (A mini frame's
// 16-bit timestamp is unwrapped by the Engine: core::unwrapMiniTimestamp in frame.h.)
#include <cstdint>

namespace iax::audio {

/// Extends a 32-bit timestamp to 64 bits relative to the previous extended one (handles the
/// 49.7-day wrap of the 32-bit millisecond counter).
constexpr std::int64_t extendTimestamp(std::uint32_t ts, std::int64_t previous)
{
    const auto delta = static_cast<std::int32_t>(ts - static_cast<std::uint32_t>(previous));
    return previous + delta;
}

} // namespace iax::audio
