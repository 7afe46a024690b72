#include "audio/opus_codec.h"

#include "core/protocol/constants.h"

#include <opus.h>

#include <chrono>
#include <ctime>

namespace iax::audio {

namespace {
constexpr int kMaxFrame = 5760; // 120 ms, the longest Opus packet
constexpr int kMaxPacket = 1275;

// CPU time of the calling thread in µs (wall time where there is no thread clock): what an
// encode costs, not how long the scheduler kept the thread waiting.
double threadCpuUs()
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec t {};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0)
        return double(t.tv_sec) * 1e6 + double(t.tv_nsec) / 1e3;
#endif
    using namespace std::chrono;
    return double(duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count()) / 1e3;
}
} // namespace

OpusCodec::OpusCodec(int bitrate)
{
    int err = 0;
    m_enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
    m_dec = opus_decoder_create(48000, 1, &err);
    if (m_enc) {
        opus_encoder_ctl(m_enc, OPUS_SET_BITRATE(bitrate));
        opus_encoder_ctl(m_enc, OPUS_SET_INBAND_FEC(1));
        opus_encoder_ctl(m_enc, OPUS_SET_PACKET_LOSS_PERC(10));
        opus_encoder_ctl(m_enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
        opus_encoder_ctl(m_enc, OPUS_SET_COMPLEXITY(m_governor.complexity()));
    }
}

OpusCodec::~OpusCodec()
{
    opus_encoder_destroy(m_enc);
    opus_decoder_destroy(m_dec);
}

std::uint64_t OpusCodec::format() const
{
    return core::Codec::Opus;
}

bool OpusCodec::setFrameMs(int ms)
{
    if (ms != 10 && ms != 20)
        return false;
    m_frameMs = ms;
    return true;
}

bool OpusCodec::setBitrate(int bitsPerSecond)
{
    return m_enc && bitsPerSecond >= 6000 && bitsPerSecond <= 510000
        && opus_encoder_ctl(m_enc, OPUS_SET_BITRATE(bitsPerSecond)) == OPUS_OK;
}

double OpusCodec::codecDelayMs() const
{
    opus_int32 samples = 0;
    if (!m_enc || opus_encoder_ctl(m_enc, OPUS_GET_LOOKAHEAD(&samples)) != OPUS_OK)
        return 0;
    return double(samples) / 48.0;
}

std::vector<std::uint8_t> OpusCodec::encode(std::span<const std::int16_t> pcm)
{
    const int frame = frameSamples();
    if (!m_enc || pcm.size() != std::size_t(frame))
        return {};
    std::vector<std::uint8_t> out(kMaxPacket);
    const double start = threadCpuUs();
    const int n = opus_encode(m_enc, pcm.data(), frame, out.data(), kMaxPacket);
    // The governor's bounds are per 20 ms frame: a 10 ms frame's cost counts twice.
    if (m_governor.record((threadCpuUs() - start) * 20.0 / m_frameMs))
        opus_encoder_ctl(m_enc, OPUS_SET_COMPLEXITY(m_governor.complexity()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

std::vector<std::int16_t> OpusCodec::decode(std::span<const std::uint8_t> payload)
{
    if (payload.empty() || !m_dec)
        return conceal();
    std::vector<std::int16_t> out(kMaxFrame);
    const int n = opus_decode(m_dec, payload.data(), static_cast<opus_int32>(payload.size()), out.data(), kMaxFrame, 0);
    if (n <= 0)
        return conceal(); // malformed payload: conceal, never throw
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::vector<std::int16_t> OpusCodec::conceal()
{
    const int frame = frameSamples();
    std::vector<std::int16_t> out(std::size_t(frame), 0);
    if (m_dec)
        (void)!opus_decode(m_dec, nullptr, 0, out.data(), frame, 0);
    return out;
}

std::vector<std::int16_t> OpusCodec::recover(std::span<const std::uint8_t> next)
{
    if (next.empty() || !m_dec)
        return conceal();
    // The lost frame is taken to be as long as the next one (any size a peer sends).
    const int frame = durationMs(next) * 48;
    if (frame <= 0 || frame > kMaxFrame)
        return conceal();
    std::vector<std::int16_t> out(std::size_t(frame), 0);
    const int n = opus_decode(m_dec, next.data(), static_cast<opus_int32>(next.size()), out.data(), frame, 1);
    if (n != frame)
        return conceal();
    return out;
}

int OpusCodec::durationMs(std::span<const std::uint8_t> payload) const
{
    if (payload.empty())
        return 0;
    const int n = opus_packet_get_nb_samples(payload.data(), static_cast<opus_int32>(payload.size()), 48000);
    return n > 0 ? n / 48 : 0;
}

} // namespace iax::audio
