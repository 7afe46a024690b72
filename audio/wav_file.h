#pragma once
// WAV (any format libsndfile reads) in and out as mono 16-bit PCM at a chosen rate, resampled
// with speexdsp. For --play/--record and tests; file I/O, so not for the real-time callback.
#include "core/protocol/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace iax::audio {

/// Reads a whole sound file, mixes to mono, resamples to `rate`. Error "unreadable" with libsndfile's reason.
core::Result<std::vector<std::int16_t>> readWavMono(const std::string& path, int rate);
/// Writes mono 16-bit PCM WAV at `rate` (through FileSink, the one WAV writer). Error "unwritable".
core::Status writeWavMono(const std::string& path, const std::vector<std::int16_t>& pcm, int rate);
/// Resamples mono PCM (speexdsp, quality 8).
std::vector<std::int16_t> resample(const std::vector<std::int16_t>& in, int fromRate, int toRate);

} // namespace iax::audio
