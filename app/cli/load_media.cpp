#include "app/cli/load_media.h"

#include "audio/voice_codec.h"

#include <cmath>
#include <numbers>

namespace iax::cli {

std::unique_ptr<LoadMedia> LoadMedia::create(std::uint64_t format)
{
    auto codec = audio::makeVoiceCodec(format);
    if (!codec)
        return nullptr;
    std::vector<std::int16_t> pcm(std::size_t(codec->frameSamples()));
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = std::int16_t(8000 * std::sin(2 * std::numbers::pi * 440.0 * double(i) / codec->sampleRate()));
    auto m = std::make_unique<LoadMedia>();
    m->m_frame = codec->encode(pcm);
    return m;
}

void LoadMedia::pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out)
{
    for (int i = 0; i < framesDue; ++i)
        out.push_back(m_frame);
}

} // namespace iax::cli
