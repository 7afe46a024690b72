#include "audio/voice_codec.h"

#include "audio/g711_codec.h"
#include "audio/opus_codec.h"
#include "core/protocol/codec_names.h"
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
    return core::voiceFormatFromName(name);
}

std::string formatName(std::uint64_t format)
{
    return core::hasVoiceCodec(format) ? core::codecName(format) : "unknown";
}

} // namespace iax::audio
