#pragma once
// Records mono PCM to a 16-bit WAV file as it arrives, resampling from the session rate to the
// file's rate (speexdsp). For --record and tests; media thread (buffered file I/O).
#include "audio/stream_resampler.h"
#include "core/protocol/result.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

struct sf_private_tag;

namespace iax::audio {

class FileSink {
public:
    /// Creates/truncates `path` as mono 16-bit WAV at `fileRate`; written samples arrive at
    /// `inputRate`. Error "unwritable" with libsndfile's reason.
    static core::Result<std::unique_ptr<FileSink>> create(const std::string& path, int inputRate, int fileRate);
    ~FileSink();
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    /// Appends samples at inputRate. False when the disk write failed (the sink stays open).
    bool write(std::span<const std::int16_t> pcm);
    /// Flushes and closes the file (also done by the destructor).
    void close();
    std::int64_t samplesWritten() const { return m_written; }

private:
    FileSink(sf_private_tag* file, int inputRate, int fileRate);
    sf_private_tag* m_file;
    StreamResampler m_resampler;
    std::int64_t m_written = 0;
};

} // namespace iax::audio
