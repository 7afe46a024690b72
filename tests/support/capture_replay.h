#pragma once
// Helpers for tests that replay a peer's side of a recorded capture into an Engine.
#include <cstdint>
#include <vector>

namespace iax::test {

/// Rewrites the destination call number of a recorded peer's full frame to `ourCallno` (call
/// numbers are random, so ours differs from the recorded client's); mini frames pass unchanged.
inline std::vector<std::uint8_t> toUs(std::vector<std::uint8_t> bytes, std::uint16_t ourCallno)
{
    if (bytes.size() >= 4 && (bytes[0] & 0x80)) {
        bytes[2] = static_cast<std::uint8_t>((bytes[2] & 0x80) | (ourCallno >> 8));
        bytes[3] = static_cast<std::uint8_t>(ourCallno & 0xFF);
    }
    return bytes;
}

} // namespace iax::test
