#pragma once
// The one WAV writer (libsndfile): records mono PCM to a 16-bit WAV file as it arrives, resampling
// from the session rate to the file's rate (speexdsp), or stores G.711 bytes as they are in a
// µ-law/A-law WAV. For --record, writeWavMono(), `decode --voice-dir` and tests; one thread at a
// time (the media thread for --record; buffered file I/O).
#include "audio/stream_resampler.h"
#include "core/protocol/result.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

struct sf_private_tag;

namespace iax::audio {

/// How a FileSink's WAV stores its samples.
enum class WavEncoding {
    Pcm16, ///< 16-bit linear; write() PCM
    Ulaw, ///< G.711 µ-law; writeEncoded() bytes
    Alaw, ///< G.711 A-law; writeEncoded() bytes
};

class FileSink {
public:
    /// Creates/truncates `path` as a mono WAV at `fileRate` in `encoding`; PCM given to write()
    /// arrives at `inputRate`. A Pcm16 sink named *.opus/*.ogg writes Ogg Opus instead
    /// (sound_file_format.h; at 48 kHz when `fileRate` is not one Opus takes). Error "unwritable"
    /// with libsndfile's reason.
    static core::Result<std::unique_ptr<FileSink>> create(
        const std::string& path, int inputRate, int fileRate, WavEncoding encoding = WavEncoding::Pcm16);
    ~FileSink();
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    /// Appends samples at inputRate. False when the disk write failed (the sink stays open).
    bool write(std::span<const std::int16_t> pcm);
    /// Appends G.711 bytes as they are (a Ulaw/Alaw sink at its own rate). False when the disk
    /// write failed or the sink is not a G.711 one.
    bool writeEncoded(std::span<const std::uint8_t> bytes);
    /// Flushes and closes the file (also done by the destructor).
    void close();
    std::int64_t samplesWritten() const { return m_written; }

private:
    FileSink(sf_private_tag* file, int inputRate, int fileRate, WavEncoding encoding);
    sf_private_tag* m_file;
    WavEncoding m_encoding;
    StreamResampler m_resampler;
    std::int64_t m_written = 0;
};

} // namespace iax::audio
