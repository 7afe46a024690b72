#pragma once
// Which container and encoding a recording file gets, chosen by its name: "*.opus" and "*.ogg"
// are Ogg Opus (libsndfile encodes with libopus into Ogg pages with libogg), anything else a 16-bit
// PCM WAV. One rule for the GUI's call recorder and the CLI's --record. Pure; any thread.
#include <string>

namespace iax::audio {

/// True when `path` names an Ogg Opus file: it ends in ".opus" or ".ogg" (any case).
bool isOggOpusPath(const std::string& path);

/// True when Ogg Opus can be written at `rate` Hz as it is (Opus takes 8, 12, 16, 24 or 48 kHz).
bool isOpusRate(int rate);

/// libsndfile's SF_FORMAT_* value for a 16-bit recording at `path`: SF_FORMAT_OGG | SF_FORMAT_OPUS
/// or SF_FORMAT_WAV | SF_FORMAT_PCM_16 (isOggOpusPath()).
int soundFileFormat(const std::string& path);

/// The sentence to add to libsndfile's own reason when writing `path` failed ("" when nothing is
/// worth adding): for Ogg Opus, that this libsndfile may be built without Ogg/Opus.
std::string soundFileHint(const std::string& path);

} // namespace iax::audio
