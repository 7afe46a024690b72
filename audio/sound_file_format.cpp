#include "audio/sound_file_format.h"

#include <sndfile.h>

#include <algorithm>
#include <cctype>

namespace iax::audio {

namespace {

bool endsWithNoCase(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
}

} // namespace

bool isOggOpusPath(const std::string& path)
{
    return endsWithNoCase(path, ".opus") || endsWithNoCase(path, ".ogg");
}

bool isOpusRate(int rate)
{
    return rate == 8000 || rate == 12000 || rate == 16000 || rate == 24000 || rate == 48000;
}

int soundFileFormat(const std::string& path)
{
    return isOggOpusPath(path) ? (SF_FORMAT_OGG | SF_FORMAT_OPUS) : (SF_FORMAT_WAV | SF_FORMAT_PCM_16);
}

std::string soundFileHint(const std::string& path)
{
    return isOggOpusPath(path) ? " (Ogg Opus needs libsndfile 1.0.29 or later built with Ogg and Opus)" : "";
}

} // namespace iax::audio
