#include "audio/voice_codec.h"

#include "audio/g711_codec.h"
#include "audio/opus_codec.h"
#include "core/protocol/constants.h"

namespace iax::audio {

std::unique_ptr<VoiceCodec> makeVoiceCodec(std::uint64_t format, int opusBitrate)
{
    if (format & core::Codec::Opus)
        return std::make_unique<OpusCodec>(opusBitrate);
    if (format & core::Codec::Alaw)
        return std::make_unique<G711Codec>(G711Codec::Law::A);
    if (format & core::Codec::Ulaw)
        return std::make_unique<G711Codec>(G711Codec::Law::Mu);
    return nullptr;
}

std::uint64_t formatFromName(const std::string& name)
{
    if (name == "ulaw" || name == "pcmu" || name == "g711u")
        return core::Codec::Ulaw;
    if (name == "alaw" || name == "pcma" || name == "g711a")
        return core::Codec::Alaw;
    if (name == "opus")
        return core::Codec::Opus;
    return 0;
}

std::string formatName(std::uint64_t format)
{
    if (format == core::Codec::Ulaw)
        return "ulaw";
    if (format == core::Codec::Alaw)
        return "alaw";
    if (format == core::Codec::Opus)
        return "opus";
    return "unknown";
}

} // namespace iax::audio
