#pragma once
// Codecs behind one interface, selected from the negotiated IAX2 format bit: G.711 µ-law and
// A-law (8 kHz) and Opus (48 kHz clock, mono, 20 ms, in-band FEC on, PLC). One instance per
// direction per call; used on the media thread only.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace iax::audio {

class VoiceCodec {
public:
    virtual ~VoiceCodec() = default;
    /// Sample rate of the PCM this codec consumes and produces.
    virtual int sampleRate() const = 0;
    /// Samples in one 20 ms frame.
    int frameSamples() const { return sampleRate() / 50; }
    /// Encodes exactly frameSamples() samples.
    virtual std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm) = 0;
    /// Decodes one payload; an empty payload asks for concealment (PLC) of one frame.
    virtual std::vector<std::int16_t> decode(std::span<const std::uint8_t> payload) = 0;
    virtual std::string name() const = 0;
};

/// A codec for an IAX2 format bit (iax::core::Codec), or nullptr if unsupported.
std::unique_ptr<VoiceCodec> makeVoiceCodec(std::uint64_t format, int opusBitrate = 32000);
/// "ulaw", "alaw", "opus" → format bit (0 when unknown).
std::uint64_t formatFromName(const std::string& name);
std::string formatName(std::uint64_t format);

} // namespace iax::audio
