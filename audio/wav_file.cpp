#include "audio/wav_file.h"

#include "audio/file_sink.h"

#include <sndfile.h>
#include <speex/speex_resampler.h>

namespace iax::audio {

std::vector<std::int16_t> resample(const std::vector<std::int16_t>& in, int fromRate, int toRate)
{
    if (fromRate == toRate || in.empty())
        return in;
    int err = 0;
    SpeexResamplerState* st
        = speex_resampler_init(1, static_cast<spx_uint32_t>(fromRate), static_cast<spx_uint32_t>(toRate), 8, &err);
    if (!st)
        return {};
    std::vector<std::int16_t> out(
        in.size() * static_cast<std::size_t>(toRate) / static_cast<std::size_t>(fromRate) + 1024);
    spx_uint32_t inLen = static_cast<spx_uint32_t>(in.size());
    spx_uint32_t outLen = static_cast<spx_uint32_t>(out.size());
    speex_resampler_process_int(st, 0, in.data(), &inLen, out.data(), &outLen);
    out.resize(outLen);
    // Flush the filter tail with silence.
    const int latency = speex_resampler_get_input_latency(st);
    std::vector<std::int16_t> zeros(static_cast<std::size_t>(latency), 0);
    std::vector<std::int16_t> tail(
        static_cast<std::size_t>(latency) * static_cast<std::size_t>(toRate) / static_cast<std::size_t>(fromRate) + 16);
    inLen = static_cast<spx_uint32_t>(zeros.size());
    spx_uint32_t tailLen = static_cast<spx_uint32_t>(tail.size());
    speex_resampler_process_int(st, 0, zeros.data(), &inLen, tail.data(), &tailLen);
    out.insert(out.end(), tail.begin(), tail.begin() + tailLen);
    speex_resampler_destroy(st);
    return out;
}

core::Result<std::vector<std::int16_t>> readWavMono(const std::string& path, int rate)
{
    SF_INFO info {};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f)
        return core::makeError("unreadable", "cannot read sound file '" + path + "': " + sf_strerror(nullptr));
    std::vector<std::int16_t> inter(static_cast<std::size_t>(info.frames) * static_cast<std::size_t>(info.channels));
    const sf_count_t got = sf_readf_short(f, inter.data(), info.frames);
    sf_close(f);
    std::vector<std::int16_t> mono(static_cast<std::size_t>(got));
    for (sf_count_t i = 0; i < got; ++i) {
        int sum = 0;
        for (int c = 0; c < info.channels; ++c)
            sum += inter[static_cast<std::size_t>(i * info.channels + c)];
        mono[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(sum / info.channels);
    }
    return resample(mono, info.samplerate, rate);
}

core::Status writeWavMono(const std::string& path, const std::vector<std::int16_t>& pcm, int rate)
{
    auto sink = FileSink::create(path, rate, rate);
    if (!sink)
        return sink.error();
    if (!sink.value()->write(pcm))
        return core::makeError("unwritable", "cannot write sound file '" + path + "': the disk write failed");
    return core::Ok {};
}

} // namespace iax::audio
