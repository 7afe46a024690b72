#include "audio/echo_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace iax::audio {

namespace {
bool contains(const std::string& haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string::npos;
}
} // namespace

bool looksLikeHeadset(std::string_view outputName)
{
    std::string n(outputName);
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    // A speaker in the name wins: "Headset speakerphone", "Speaker/Headphone" jacks, car kits.
    if (contains(n, "speaker"))
        return false;
    constexpr std::array<std::string_view, 7> kWorn { "headset", "headphone", "earphone", "earbud", "earpiece",
        "airpods", "head_unit" };
    return std::any_of(kWorn.begin(), kWorn.end(), [&](std::string_view w) { return contains(n, w); });
}

bool echoCancellerWanted(EchoCancellerMode mode, std::string_view outputName)
{
    switch (mode) {
    case EchoCancellerMode::Off:
        return false;
    case EchoCancellerMode::On:
        return true;
    case EchoCancellerMode::Auto:
        break;
    }
    return !looksLikeHeadset(outputName);
}

EchoCancellerMode echoCancellerMode(bool echoCancellation, bool onHeadsetsToo)
{
    if (!echoCancellation)
        return EchoCancellerMode::Off;
    return onHeadsetsToo ? EchoCancellerMode::On : EchoCancellerMode::Auto;
}

} // namespace iax::audio
