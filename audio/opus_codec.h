#pragma once
// Opus as a VoiceCodec: 48 kHz, mono, 20 ms frames (10 ms with setFrameMs), VOIP application,
// in-band FEC on (expected loss 10 %), decoder PLC and FEC recovery, settable bitrate (6–510 kbit/s),
// encoder complexity chosen by the measured CPU of its encodes (OpusComplexityGovernor). Media
// thread only.
#include "audio/opus_complexity.h"
#include "audio/voice_codec.h"

struct OpusEncoder;
struct OpusDecoder;

namespace iax::audio {

class OpusCodec final : public VoiceCodec {
public:
    /// Creates the encoder and decoder; if libopus refuses, encode() returns empty payloads
    /// and decode() silence.
    explicit OpusCodec(int bitrate = 32000);
    ~OpusCodec() override;
    OpusCodec(const OpusCodec&) = delete;
    OpusCodec& operator=(const OpusCodec&) = delete;

    int sampleRate() const override { return 48000; }
    std::uint64_t format() const override;
    int frameMs() const override { return m_frameMs; }
    /// 10 or 20 ms; other values are refused (false).
    bool setFrameMs(int ms) override;
    std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm) override;
    std::vector<std::int16_t> decode(std::span<const std::uint8_t> payload) override;
    std::vector<std::int16_t> conceal() override;
    std::vector<std::int16_t> recover(std::span<const std::uint8_t> next) override;
    int durationMs(std::span<const std::uint8_t> payload) const override;
    bool setBitrate(int bitsPerSecond) override;
    /// OPUS_GET_LOOKAHEAD of the encoder (6.5 ms at 48 kHz in VOIP mode).
    double codecDelayMs() const override;
    std::string name() const override { return "opus"; }
    /// The encoder's complexity now (0–10; see OpusComplexityGovernor).
    int complexity() const { return m_governor.complexity(); }

private:
    OpusComplexityGovernor m_governor;
    OpusEncoder* m_enc = nullptr;
    OpusDecoder* m_dec = nullptr;
    int m_frameMs = 20;
};

} // namespace iax::audio
