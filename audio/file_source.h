#pragma once
// A sound file (WAV or anything libsndfile reads, any rate and channel count) as a source of
// 20 ms mono frames at a chosen rate — mixed down and resampled with speexdsp when opened.
// For --play and tests; opened on the media thread (file I/O, never in a real-time callback).
#include "core/protocol/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace iax::audio {

class FileSource {
public:
    /// Reads the whole file now. Error "unreadable" with libsndfile's reason.
    static core::Result<FileSource> open(const std::string& path, int rate, bool loop = false);
    /// A source over PCM already at `rate` (tests, generated tones).
    FileSource(std::vector<std::int16_t> pcm, int rate, bool loop = false);

    int rate() const { return m_rate; }
    /// Fills `frame` with the next samples; past the end: silence (or from the start when
    /// looping). False once the end was reached without looping.
    bool read(std::span<std::int16_t> frame);
    bool atEnd() const { return !m_loop && m_pos >= m_pcm.size(); }
    std::size_t totalSamples() const { return m_pcm.size(); }

private:
    std::vector<std::int16_t> m_pcm;
    int m_rate;
    bool m_loop;
    std::size_t m_pos = 0;
};

} // namespace iax::audio
