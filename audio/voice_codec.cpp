#include "audio/voice_codec.h"

#include "audio/g711.h"
#include "core/protocol/constants.h"

#include <opus.h>

namespace iax::audio {

namespace {
class G711Codec final : public VoiceCodec {
public:
    explicit G711Codec(bool ulaw)
        : m_ulaw(ulaw)
    { }
    int sampleRate() const override { return 8000; }
    std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm) override
    {
        std::vector<std::uint8_t> out(pcm.size());
        for (std::size_t i = 0; i < pcm.size(); ++i)
            out[i] = m_ulaw ? linearToUlaw(pcm[i]) : linearToAlaw(pcm[i]);
        return out;
    }
    std::vector<std::int16_t> decode(std::span<const std::uint8_t> payload) override
    {
        if (payload.empty()) {
            // Concealment: repeat the last frame, fading.
            for (auto& s : m_last)
                s = static_cast<std::int16_t>(s / 2);
            return m_last.empty() ? std::vector<std::int16_t>(160, 0) : m_last;
        }
        std::vector<std::int16_t> out(payload.size());
        for (std::size_t i = 0; i < payload.size(); ++i)
            out[i] = m_ulaw ? ulawToLinear(payload[i]) : alawToLinear(payload[i]);
        m_last = out;
        return out;
    }
    std::string name() const override { return m_ulaw ? "ulaw" : "alaw"; }

private:
    bool m_ulaw;
    std::vector<std::int16_t> m_last;
};

class OpusCodec final : public VoiceCodec {
public:
    explicit OpusCodec(int bitrate)
    {
        int err = 0;
        m_enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
        m_dec = opus_decoder_create(48000, 1, &err);
        if (m_enc) {
            opus_encoder_ctl(m_enc, OPUS_SET_BITRATE(bitrate));
            opus_encoder_ctl(m_enc, OPUS_SET_INBAND_FEC(1));
            opus_encoder_ctl(m_enc, OPUS_SET_PACKET_LOSS_PERC(10));
        }
    }
    ~OpusCodec() override
    {
        opus_encoder_destroy(m_enc);
        opus_decoder_destroy(m_dec);
    }
    int sampleRate() const override { return 48000; }
    std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm) override
    {
        std::vector<std::uint8_t> out(1275);
        const int n = m_enc ? opus_encode(m_enc, pcm.data(), static_cast<int>(pcm.size()), out.data(), 1275) : -1;
        out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        return out;
    }
    std::vector<std::int16_t> decode(std::span<const std::uint8_t> payload) override
    {
        std::vector<std::int16_t> out(960);
        const int n = m_dec ? opus_decode(m_dec, payload.empty() ? nullptr : payload.data(),
                          static_cast<opus_int32>(payload.size()), out.data(), 960, 0)
                            : -1;
        out.resize(n > 0 ? static_cast<std::size_t>(n) : 960, 0);
        return out;
    }
    std::string name() const override { return "opus"; }

private:
    OpusEncoder* m_enc = nullptr;
    OpusDecoder* m_dec = nullptr;
};
} // namespace

std::unique_ptr<VoiceCodec> makeVoiceCodec(std::uint64_t format, int opusBitrate)
{
    if (format == core::Codec::Ulaw)
        return std::make_unique<G711Codec>(true);
    if (format == core::Codec::Alaw)
        return std::make_unique<G711Codec>(false);
    if (format == core::Codec::Opus)
        return std::make_unique<OpusCodec>(opusBitrate);
    return nullptr;
}

std::uint64_t formatFromName(const std::string& name)
{
    if (name == "ulaw" || name == "pcmu" || name == "g711u")
        return core::Codec::Ulaw;
    if (name == "alaw" || name == "pcma" || name == "g711a")
        return core::Codec::Alaw;
    if (name == "opus")
        return core::Codec::Opus;
    return 0;
}

std::string formatName(std::uint64_t format)
{
    if (format == core::Codec::Ulaw)
        return "ulaw";
    if (format == core::Codec::Alaw)
        return "alaw";
    if (format == core::Codec::Opus)
        return "opus";
    return "unknown";
}

} // namespace iax::audio
