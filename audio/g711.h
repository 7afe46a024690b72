#pragma once
// G.711 A-law and µ-law (ITU-T G.711), sample by sample. Pure functions; any thread.
#include <cstdint>

namespace iax::audio {

std::uint8_t linearToUlaw(std::int16_t pcm);
std::int16_t ulawToLinear(std::uint8_t u);
std::uint8_t linearToAlaw(std::int16_t pcm);
std::int16_t alawToLinear(std::uint8_t a);

} // namespace iax::audio
