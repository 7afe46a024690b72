#pragma once
// The short names of IAX2 formats (Asterisk's: "ulaw", "alaw", "opus", "g722" …) and the names a
// user may type for them ("pcmu"/"g711u" for µ-law, "pcma"/"g711a" for A-law). The one table the
// IE printer, the codec factory, the CLI and the GUI name formats by. Pure; any thread.
#include "core/protocol/constants.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace iax::core {

/// The short name of format bit number `bit` (0..63), e.g. 2 → "ulaw"; nullptr for a bit
/// without one (unassigned, or >= 64).
const char* codecNameOfBit(unsigned bit);
/// The short name of a format with exactly one bit set (Codec::Opus → "opus"); "" for 0, for
/// several bits, or for a bit without a name.
std::string codecName(std::uint64_t format);
/// The format bit for a short name or an alias ("ulaw", "pcmu", "g711u" → Codec::Ulaw;
/// "alaw", "pcma", "g711a" → Codec::Alaw; "opus" …); 0 when unknown. Exact, lower-case match.
std::uint64_t codecFromName(std::string_view name);

/// The formats IAXPhone has a voice codec for (µ-law, A-law, Opus): what it may offer and use.
/// audio::makeVoiceCodec() makes a codec for exactly these (tst_audio_codecs checks it).
inline constexpr std::uint64_t kVoiceFormats = Codec::Ulaw | Codec::Alaw | Codec::Opus;
/// Whether `format` is exactly one of kVoiceFormats.
constexpr bool hasVoiceCodec(std::uint64_t format)
{
    return format != 0 && (format & (format - 1)) == 0 && (format & kVoiceFormats) != 0;
}
/// codecFromName() restricted to kVoiceFormats: the format bit of a codec IAXPhone has, else 0.
inline std::uint64_t voiceFormatFromName(std::string_view name)
{
    const std::uint64_t f = codecFromName(name);
    return hasVoiceCodec(f) ? f : 0;
}

} // namespace iax::core
