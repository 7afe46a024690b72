#pragma once
// G.711 A-law or µ-law at 8 kHz as a VoiceCodec, with repeat-and-fade concealment: a lost frame
// repeats the last good one, fading 20 % per frame (per-sample ramp) to silence after five.
// Media thread only.
#include "audio/voice_codec.h"

namespace iax::audio {

class G711Codec final : public VoiceCodec {
public:
    enum class Law { A, Mu };
    explicit G711Codec(Law law);
    int sampleRate() const override { return 8000; }
    std::uint64_t format() const override;
    std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm) override;
    std::vector<std::int16_t> decode(std::span<const std::uint8_t> payload) override;
    std::vector<std::int16_t> conceal() override;
    int durationMs(std::span<const std::uint8_t> payload) const override { return int(payload.size() / 8); }
    std::string name() const override { return m_law == Law::Mu ? "ulaw" : "alaw"; }

    /// MediaSession's G.711 echo fast path: rewrites a non-empty `payload` in place to what
    /// encode(decode(payload)) returns (one table lookup a byte, no PCM vector) and keeps the
    /// concealment history exactly as decode() would. Returns the peak |sample| of the decoded
    /// PCM. An empty payload is left alone (decode() would conceal: the caller does that).
    int echoInPlace(std::span<std::uint8_t> payload);
    /// The byte encode() makes of a zero sample (a silent frame is frameSamples() of them).
    std::uint8_t silence() const;
    /// One byte decoded without touching the concealment history (converting echoed bytes back).
    std::int16_t linear(std::uint8_t byte) const;

private:
    Law m_law;
    std::vector<std::int16_t> m_last; ///< last good 20 ms
    int m_concealed = 0; ///< consecutive concealed frames
};

} // namespace iax::audio
