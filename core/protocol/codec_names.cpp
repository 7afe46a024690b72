#include "core/protocol/codec_names.h"

#include <array>
#include <bit>
#include <utility>

namespace iax::core {

namespace {
// Indexed by format bit (RFC 5456 §8.7 and Asterisk's additions); nullptr = no name.
constexpr std::array<const char*, 35> kBitNames
    = { "g723", "gsm", "ulaw", "alaw", "g726", "adpcm", "slin", "lpc10", "g729", "speex", "ilbc", "g726aal2", "g722",
          "siren7", "siren14", "slin16", "jpeg", "png", "h261", "h263", "h263p", "h264", "mpeg4", "vp8", nullptr,
          nullptr, "red", "t140", nullptr, nullptr, nullptr, nullptr, "g719", "speex16", "opus" };

// Other names users and other software use for a format.
constexpr std::pair<std::string_view, unsigned> kAliases[] = {
    { "pcmu", 2 },
    { "g711u", 2 },
    { "pcma", 3 },
    { "g711a", 3 },
};
} // namespace

const char* codecNameOfBit(unsigned bit)
{
    return bit < kBitNames.size() ? kBitNames[bit] : nullptr;
}

std::string codecName(std::uint64_t format)
{
    if (std::popcount(format) != 1)
        return {};
    const char* n = codecNameOfBit(unsigned(std::countr_zero(format)));
    return n ? n : "";
}

std::uint64_t codecFromName(std::string_view name)
{
    for (unsigned bit = 0; bit < kBitNames.size(); ++bit)
        if (kBitNames[bit] && name == kBitNames[bit])
            return std::uint64_t(1) << bit;
    for (const auto& [alias, bit] : kAliases)
        if (name == alias)
            return std::uint64_t(1) << bit;
    return 0;
}

} // namespace iax::core
