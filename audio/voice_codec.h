#pragma once
// Codecs behind one interface, selected from the negotiated IAX2 format bit (iax::core::Codec):
// G.711 µ-law and A-law (8 kHz) and Opus (48 kHz clock, mono, 20 ms, in-band FEC on, PLC).
// One instance per direction per call (encoder and decoder keep state); media thread only.
// Payloads come from the network: malformed ones never throw — decode() conceals instead.
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
    /// Duration of the frames encode() takes and conceal() makes, ms: 20 unless setFrameMs()
    /// changed it (Opus: 10 or 20; G.711 stays 20).
    virtual int frameMs() const { return 20; }
    /// Sets the frame duration of encode() and conceal(); false (unchanged) when the codec does not
    /// support `ms`. Media thread, before or between frames.
    virtual bool setFrameMs(int ms) { return ms == frameMs(); }
    /// Samples in one frame of frameMs().
    int frameSamples() const { return sampleRate() * frameMs() / 1000; }
    /// The IAX2 format bit (iax::core::Codec::…).
    virtual std::uint64_t format() const = 0;
    /// Encodes exactly frameSamples() samples into one payload (empty on encoder failure).
    virtual std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm) = 0;
    /// Decodes one payload (any whole number of frames); an empty or undecodable payload yields
    /// conceal() instead.
    virtual std::vector<std::int16_t> decode(std::span<const std::uint8_t> payload) = 0;
    /// Packet loss concealment for one missing frame (Opus PLC of frameMs(), G.711 repeat-and-fade
    /// of 20 ms).
    virtual std::vector<std::int16_t> conceal() = 0;
    /// One missing frame (as long as `next`) rebuilt from the *next* packet's in-band FEC (Opus); codecs
    /// without FEC (or a next packet without it) fall back to conceal(). `next` is not consumed:
    /// decode it normally afterwards.
    virtual std::vector<std::int16_t> recover(std::span<const std::uint8_t> next)
    {
        (void)next;
        return conceal();
    }
    /// Duration in ms of a payload (0 when it cannot be parsed).
    virtual int durationMs(std::span<const std::uint8_t> payload) const = 0;
    /// Encoder bitrate in bit/s; false when the codec has a fixed rate or refuses the value.
    virtual bool setBitrate(int bitsPerSecond)
    {
        (void)bitsPerSecond;
        return false;
    }
    /// The encoder's look-ahead plus the decoder's delay in ms (Opus 6.5, G.711 0); for the
    /// latency estimate.
    virtual double codecDelayMs() const { return 0; }
    /// "ulaw", "alaw", "opus".
    virtual std::string name() const = 0;
};

/// A codec for an IAX2 format (one iax::core::Codec bit; of several bits the best supported one:
/// Opus, then A-law, then µ-law), or nullptr if none is supported.
std::unique_ptr<VoiceCodec> makeVoiceCodec(std::uint64_t format, int opusBitrate = 32000);
/// "ulaw"/"pcmu"/"g711u", "alaw"/"pcma"/"g711a", "opus" → format bit (0 when unknown or without a
/// codec here); the names are core::codecFromName()'s.
std::uint64_t formatFromName(const std::string& name);
/// The codec's short name for a format bit with a codec here (core::codecName), "unknown" otherwise.
std::string formatName(std::uint64_t format);

} // namespace iax::audio
