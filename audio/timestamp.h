#pragma once
// Voice timestamp helpers for the jitter buffer. Pure functions; any thread.
#include <cstdint>

namespace iax::audio {

/// The full 32-bit timestamp of a mini frame (which carries only the low 16 bits), given the
/// last full timestamp seen on the call: the value nearest to `lastFull` (within ±32.768 s)
/// whose low 16 bits are `mini` — as Asterisk's unwrap_timestamp() does.
constexpr std::uint32_t unwrapMiniTimestamp(std::uint16_t mini, std::uint32_t lastFull)
{
    std::uint32_t ts = (lastFull & 0xFFFF0000u) | mini;
    const std::int32_t diff = static_cast<std::int32_t>(ts - lastFull);
    if (diff > 0x8000)
        ts -= 0x10000u; // low half wrapped backwards: belongs to the previous 64 s block
    else if (diff < -0x8000)
        ts += 0x10000u; // wrapped forwards: the next block
    return ts;
}

/// Extends a 32-bit timestamp to 64 bits relative to the previous extended one (handles the
/// 49.7-day wrap of the 32-bit millisecond counter).
constexpr std::int64_t extendTimestamp(std::uint32_t ts, std::int64_t previous)
{
    const auto delta = static_cast<std::int32_t>(ts - static_cast<std::uint32_t>(previous));
    return previous + delta;
}

} // namespace iax::audio
