#include "app/cli/load_media.h"

#include "audio/tone_generator.h"
#include "audio/voice_codec.h"

namespace iax::cli {

std::unique_ptr<LoadMedia> LoadMedia::create(std::uint64_t format)
{
    auto codec = audio::makeVoiceCodec(format);
    if (!codec)
        return nullptr;
    auto m = std::make_unique<LoadMedia>();
    m->m_frame = codec->encode(audio::sineWave(440.0, codec->sampleRate(), std::size_t(codec->frameSamples())));
    return m;
}

void LoadMedia::pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out)
{
    for (int i = 0; i < framesDue; ++i)
        out.push_back(m_frame);
}

} // namespace iax::cli
