#include "audio/file_source.h"

#include "audio/wav_file.h"

#include <algorithm>

namespace iax::audio {

core::Result<FileSource> FileSource::open(const std::string& path, int rate, bool loop)
{
    auto pcm = readWavMono(path, rate);
    if (!pcm)
        return pcm.error();
    return FileSource(std::move(pcm).value(), rate, loop);
}

FileSource::FileSource(std::vector<std::int16_t> pcm, int rate, bool loop)
    : m_pcm(std::move(pcm))
    , m_rate(rate)
    , m_loop(loop && !m_pcm.empty())
{ }

bool FileSource::read(std::span<std::int16_t> frame)
{
    for (auto& s : frame) {
        if (m_loop && m_pos == m_pcm.size())
            m_pos = 0;
        s = m_pos < m_pcm.size() ? m_pcm[m_pos++] : std::int16_t(0);
    }
    return m_loop || m_pos < m_pcm.size();
}

} // namespace iax::audio
