#include "audio/file_sink.h"

#include "audio/sound_file_format.h"

#include <sndfile.h>

#include <vector>

namespace iax::audio {

core::Result<std::unique_ptr<FileSink>> FileSink::create(
    const std::string& path, int inputRate, int fileRate, WavEncoding encoding)
{
    SF_INFO info {};
    info.channels = 1;
    if (encoding == WavEncoding::Pcm16) {
        info.format = soundFileFormat(path);
        if (isOggOpusPath(path) && !isOpusRate(fileRate))
            fileRate = 48000; // Opus's own rate; the resampler gets there
    } else {
        info.format = SF_FORMAT_WAV | (encoding == WavEncoding::Ulaw ? SF_FORMAT_ULAW : SF_FORMAT_ALAW);
    }
    info.samplerate = fileRate;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f)
        return core::makeError(
            "unwritable", "cannot write sound file '" + path + "': " + sf_strerror(nullptr) + soundFileHint(path));
    return std::unique_ptr<FileSink>(new FileSink(f, inputRate, fileRate, encoding));
}

FileSink::FileSink(SNDFILE* file, int inputRate, int fileRate, WavEncoding encoding)
    : m_file(file)
    , m_encoding(encoding)
    , m_resampler(inputRate, fileRate, 8)
{ }

FileSink::~FileSink()
{
    close();
}

bool FileSink::write(std::span<const std::int16_t> pcm)
{
    if (!m_file)
        return false;
    const auto out = m_resampler.process(pcm);
    const sf_count_t n = sf_writef_short(m_file, out.data(), static_cast<sf_count_t>(out.size()));
    m_written += n;
    return n == static_cast<sf_count_t>(out.size());
}

bool FileSink::writeEncoded(std::span<const std::uint8_t> bytes)
{
    if (!m_file || m_encoding == WavEncoding::Pcm16)
        return false;
    const sf_count_t n = sf_write_raw(m_file, bytes.data(), static_cast<sf_count_t>(bytes.size()));
    m_written += n;
    return n == static_cast<sf_count_t>(bytes.size());
}

void FileSink::close()
{
    if (!m_file)
        return;
    sf_close(m_file);
    m_file = nullptr;
}

} // namespace iax::audio
