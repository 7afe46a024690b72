// Google Benchmark: the audio engine's CPU per 20 ms frame and its capture→playout latency.
//   Opus/*        encode, decode, PLC and FEC recovery of one 20 ms frame (48 kHz mono, 32 kbit/s,
//                 VOIP, in-band FEC on: what a call uses), on a speech-like signal; EncodeAt/N the
//                 same encoder (libopus directly) at complexity N — the numbers behind
//                 OpusComplexityGovernor's start value and budget
//   G711/*        µ-law and A-law encode / decode of one 20 ms frame (160 samples)
//   Resample/*    one 20 ms block through StreamResampler (speexdsp quality 5): device rate ↔
//                 codec rate, the conversions a call makes (48k↔8k, 44.1k↔48k, 44.1k↔8k)
//   Aec/*         EchoCanceller::playback + capture of one frame at 8 and 48 kHz: echo
//                 cancellation + noise suppression, each alone, and both; FarEndSilent: both
//                 while the far end is silent (the far-end-silence gate skips the canceller)
//   Jitter/*      JitterBuffer put + get of one frame
//   Session/*     one call's whole 20 ms of media work on the media thread (MediaSession::tick on a
//                 FakeDevice at 48 kHz: capture → resample → AEC+NS → encode, and jitter buffer →
//                 decode → resample → playout), per codec
//   Latency/*     capture → playout at zero network jitter: a click on A's fake microphone, through
//                 encode → network (0 ms) → B's jitter buffer → decode → B's fake speaker, in
//                 virtual time. The counter latency_ms is the measured latency (deterministic),
//                 counted from the click to B's speaker in absolute time (B's tick phase included;
//                 before issue 19 the phase was left out); est_ms is B's own estimate
//                 (MediaStats::latencyMs). The time column is the CPU cost of simulating 1.5 s of
//                 call. `card` rows model a sound card with a 20 ms block, kept as many frames
//                 queued as PortAudioDevice asks for such a card (playoutFramesFor): `card2` on
//                 20 ms ring frames refilled every 20 ms (2 queued); `card20_ring10` on 10 ms
//                 ring frames refilled every 10 ms (2 queued: a refill always comes within the
//                 block's 20 ms). `10ms` rows: 10 ms Opus frames on devices with 10 ms frames,
//                 both sessions ticking every 10 ms.
// At the end the program prints a table: µs per 20 ms frame and % of one core per call.
// Run: scripts/bench.sh audio   (or build/…/tests/bench/bench_audio, Release, -DIAXPHONE_BENCHMARKS=ON)
#include "audio/echo_canceller.h"
#include "audio/fake_device.h"
#include "audio/g711_codec.h"
#include "audio/jitter_buffer.h"
#include "audio/media_session.h"
#include "audio/opus_codec.h"
#include "audio/playout_sizing.h"
#include "audio/stream_resampler.h"
#include "core/protocol/constants.h"

#include <benchmark/benchmark.h>
#include <opus.h>

#include <cmath>
#include <cstdio>
#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif
#include <cstdlib>
#include <map>
#include <numbers>
#include <random>
#include <string>

using namespace iax::audio;
namespace Codec = iax::core::Codec;

namespace {

// A speech-like test signal: a 140 Hz voiced source with harmonics, syllable-rate amplitude
// modulation (4 Hz), and a little seeded noise, `seconds` long at `rate`.
std::vector<std::int16_t> speechLike(int rate, double seconds)
{
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0, 150);
    std::vector<std::int16_t> out(std::size_t(rate * seconds));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = double(i) / rate;
        double v = 0;
        for (int h = 1; h <= 12; ++h)
            v += std::sin(2 * std::numbers::pi * 140.0 * h * t) / h;
        const double envelope = 0.55 + 0.45 * std::sin(2 * std::numbers::pi * 4.0 * t);
        out[i] = std::int16_t(std::clamp(5000 * envelope * v + noise(rng), -32767.0, 32767.0));
    }
    return out;
}

// The frames of a 2 s signal, cycled by the benchmarks so that the codec sees changing input.
struct Frames {
    Frames(int rate, double seconds = 2.0)
        : pcm(speechLike(rate, seconds))
        , samples(std::size_t(rate / 50))
    { }
    std::span<const std::int16_t> at(std::size_t i) const
    {
        const std::size_t n = pcm.size() / samples;
        return std::span(pcm).subspan((i % n) * samples, samples);
    }
    std::size_t count() const { return pcm.size() / samples; }
    std::vector<std::int16_t> pcm;
    std::size_t samples;
};

void BM_Opus_Encode(benchmark::State& st)
{
    OpusCodec codec(int(st.range(0)));
    const Frames frames(48000);
    std::size_t i = 0, bytes = 0;
    for (auto _ : st) {
        auto p = codec.encode(frames.at(i++));
        if (p.empty())
            std::abort();
        bytes += p.size();
        benchmark::DoNotOptimize(p.data());
    }
    st.counters["bytes_per_frame"] = double(bytes) / double(st.iterations());
}

void BM_Opus_EncodeAt(benchmark::State& st)
{
    int err = 0;
    OpusEncoder* enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
    if (!enc)
        std::abort();
    opus_encoder_ctl(enc, OPUS_SET_BITRATE(32000));
    opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(1));
    opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(10));
    opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(int(st.range(0))));
    const Frames frames(48000);
    std::vector<std::uint8_t> out(1275);
    std::size_t i = 0, bytes = 0;
    for (auto _ : st) {
        const int n = opus_encode(enc, frames.at(i++).data(), 960, out.data(), int(out.size()));
        if (n <= 0)
            std::abort();
        bytes += std::size_t(n);
        benchmark::DoNotOptimize(out.data());
    }
    opus_encoder_destroy(enc);
    st.counters["bytes_per_frame"] = double(bytes) / double(st.iterations());
}

// Encoded frames of the test signal (for the decoder benchmarks).
std::vector<std::vector<std::uint8_t>> opusPackets(int bitrate)
{
    OpusCodec codec(bitrate);
    const Frames frames(48000);
    std::vector<std::vector<std::uint8_t>> out;
    for (std::size_t i = 0; i < frames.count(); ++i)
        out.push_back(codec.encode(frames.at(i)));
    return out;
}

void BM_Opus_Decode(benchmark::State& st)
{
    const auto packets = opusPackets(int(st.range(0)));
    OpusCodec codec(int(st.range(0)));
    std::size_t i = 0;
    for (auto _ : st) {
        auto pcm = codec.decode(packets[i++ % packets.size()]);
        if (pcm.size() != 960)
            std::abort();
        benchmark::DoNotOptimize(pcm.data());
    }
}

void BM_Opus_Conceal(benchmark::State& st)
{
    const auto packets = opusPackets(32000);
    OpusCodec codec(32000);
    std::size_t i = 0;
    for (auto _ : st) {
        // PLC after a real frame each time (a long PLC run fades to cheap silence).
        st.PauseTiming();
        codec.decode(packets[i++ % packets.size()]);
        st.ResumeTiming();
        auto pcm = codec.conceal();
        benchmark::DoNotOptimize(pcm.data());
    }
}

void BM_Opus_RecoverFec(benchmark::State& st)
{
    const auto packets = opusPackets(32000);
    OpusCodec codec(32000);
    std::size_t i = 0;
    for (auto _ : st) {
        st.PauseTiming();
        codec.decode(packets[i % packets.size()]);
        st.ResumeTiming();
        auto pcm = codec.recover(packets[(i + 2) % packets.size()]); // frame i+1 lost
        benchmark::DoNotOptimize(pcm.data());
        i += 2;
    }
}

template<G711Codec::Law law> void BM_G711_Encode(benchmark::State& st)
{
    G711Codec codec(law);
    const Frames frames(8000);
    std::size_t i = 0;
    for (auto _ : st) {
        auto p = codec.encode(frames.at(i++));
        benchmark::DoNotOptimize(p.data());
    }
}

template<G711Codec::Law law> void BM_G711_Decode(benchmark::State& st)
{
    G711Codec codec(law);
    const Frames frames(8000);
    std::vector<std::vector<std::uint8_t>> packets;
    for (std::size_t i = 0; i < frames.count(); ++i)
        packets.push_back(codec.encode(frames.at(i)));
    std::size_t i = 0;
    for (auto _ : st) {
        auto pcm = codec.decode(packets[i++ % packets.size()]);
        benchmark::DoNotOptimize(pcm.data());
    }
}

void BM_Resample(benchmark::State& st)
{
    const int from = int(st.range(0)), to = int(st.range(1));
    StreamResampler r(from, to);
    if (!r.valid())
        std::abort();
    const Frames frames(from);
    std::vector<std::int16_t> out;
    out.reserve(std::size_t(to / 50 + 8));
    std::size_t i = 0;
    for (auto _ : st) {
        out.clear();
        r.processAppend(frames.at(i++), out);
        benchmark::DoNotOptimize(out.data());
    }
}

// Far end = the signal; microphone = the far end 40 ms later at half level, plus the near end
// talking a little (so the canceller adapts and the preprocessor has work).
void aec(benchmark::State& st, bool echo, bool ns)
{
    const int rate = int(st.range(0));
    EchoCanceller c(rate, 200);
    c.setEchoCancellation(echo);
    c.setNoiseSuppression(ns);
    const Frames far(rate), near(rate, 2.2);
    std::vector<std::int16_t> mic(far.samples);
    std::size_t i = 0;
    for (auto _ : st) {
        st.PauseTiming();
        const auto e = far.at(i + far.count() - 2);
        const auto n = near.at(i + 17);
        for (std::size_t k = 0; k < mic.size(); ++k)
            mic[k] = std::int16_t(e[k] / 2 + n[k] / 8);
        st.ResumeTiming();
        c.playback(far.at(i));
        c.capture(mic);
        benchmark::DoNotOptimize(mic.data());
        ++i;
    }
}
void BM_Aec_EchoAndNoise(benchmark::State& st)
{
    aec(st, true, true);
}
void BM_Aec_EchoOnly(benchmark::State& st)
{
    aec(st, true, false);
}
void BM_Aec_NoiseOnly(benchmark::State& st)
{
    aec(st, false, true);
}
// Echo cancellation + noise suppression while the far end is silent and the near end talks.
void BM_Aec_FarEndSilent(benchmark::State& st)
{
    const int rate = int(st.range(0));
    EchoCanceller c(rate, 200);
    const Frames near(rate, 2.2);
    const std::vector<std::int16_t> silence(near.samples, 0);
    std::vector<std::int16_t> mic(near.samples);
    std::size_t i = 0;
    for (; i < 20; ++i) { // more than the 200 ms tail of silence: the gate is closed from here on
        c.playback(silence);
        c.capture(mic);
    }
    for (auto _ : st) {
        st.PauseTiming();
        const auto n = near.at(i + 17);
        std::copy(n.begin(), n.end(), mic.begin());
        st.ResumeTiming();
        c.playback(silence);
        c.capture(mic);
        benchmark::DoNotOptimize(mic.data());
        ++i;
    }
    if (c.gatedFrames() == 0)
        st.SkipWithError("the gate never closed");
}

void BM_Jitter_PutGet(benchmark::State& st)
{
    JitterBuffer jb;
    const std::vector<std::uint8_t> payload(160, 0x55);
    std::uint32_t ts = 0;
    std::int64_t now = 1000;
    for (auto _ : st) {
        jb.put(payload, ts, now);
        auto f = jb.get(now + 20);
        benchmark::DoNotOptimize(f.payload.data());
        ts += 20;
        now += 20;
    }
}

// One call's 20 ms of media work: A and B both tick once (each captures, encodes, decodes and
// plays one frame), A's frames delivered to B and B's to A with no delay. The time per
// iteration is two sessions' work; the reported per-call cost halves it (see the table).
struct Call {
    Call(std::uint64_t format, bool dsp)
        : devA(48000)
        , devB(48000)
    {
        devA.setInput(speechLike(48000, 2.0), true);
        devB.setInput(speechLike(48000, 2.2), true);
        MediaSession::Options o;
        o.echoCancellation = dsp;
        o.noiseSuppression = dsp;
        a = MediaSession::create(format, o);
        b = MediaSession::create(format, o);
        if (!a || !b)
            std::abort();
        a->setDevice(&devA);
        b->setDevice(&devB);
    }
    FakeDevice devA, devB;
    std::unique_ptr<MediaSession> a, b;
};

void BM_Session_Tick(benchmark::State& st, std::uint64_t format, bool dsp)
{
    std::unique_ptr<Call> call;
    std::int64_t now = 0;
    auto step = [&] {
        call->a->tick(now);
        call->b->tick(now);
        while (auto f = call->a->pullToSend())
            call->b->pushReceived(f->payload, f->timestampMs, now);
        while (auto f = call->b->pullToSend())
            call->a->pushReceived(f->payload, f->timestampMs, now);
        now += 20;
    };
    // A call in its steady state: 1 s of media before the clock starts, and again whenever a fresh
    // call replaces it (the fake speakers record everything, so one call lasts a minute at most).
    auto freshCall = [&] {
        call = std::make_unique<Call>(format, dsp);
        now = 0;
        for (int i = 0; i < 50; ++i)
            step();
    };
    freshCall();
    std::uint64_t played = 0;
    for (auto _ : st) {
        step();
        if (now >= 60000) {
            st.PauseTiming();
            played += call->b->stats().jitter.played;
            freshCall();
            st.ResumeTiming();
        }
    }
    const auto s = call->b->stats();
    if (played + s.jitter.played == 0 || s.framesReceived == 0)
        st.SkipWithError("no voice reached B");
    st.SetLabel(s.codec + (dsp ? " AEC+NS" : " no DSP"));
}

// One echo call (the CLI's --answer echo) per 20 ms tick: a 160-byte G.711 packet in, the tick, the
// echoed frame out — through MediaSession's byte fast path or its PCM path.
void BM_Session_Echo(benchmark::State& st, std::uint64_t format, bool fastPath)
{
    MediaSession::Options o;
    o.echoCancellation = o.noiseSuppression = false;
    o.g711EchoFastPath = fastPath;
    auto s = MediaSession::create(format, o);
    s->setEcho(true);
    std::vector<std::uint8_t> packet(160);
    for (std::size_t i = 0; i < packet.size(); ++i)
        packet[i] = std::uint8_t(i * 37);
    std::int64_t now = 0;
    std::uint32_t ts = 0;
    std::uint64_t sent = 0;
    auto step = [&] {
        s->pushReceived(packet, ts, now);
        s->tick(now);
        while (auto f = s->pullToSend()) {
            benchmark::DoNotOptimize(f->payload.data());
            ++sent;
        }
        now += 20;
        ts += 20;
    };
    for (int i = 0; i < 50; ++i)
        step(); // 1 s into the call: the jitter buffer plays
    for (auto _ : st)
        step();
    if (sent == 0 || s->echoFastPath() != fastPath)
        st.SkipWithError("not the path asked for");
    st.SetLabel(s->stats().codec + (fastPath ? " byte fast path" : " PCM path"));
}

// capture → playout at zero jitter, as tst_audio_session's latencyAtZeroJitter measures it: a
// 20 ms 1 kHz click at 0.5 s on A's microphone; the first loud sample on B's speaker. Both fake
// devices run at `rate` (48 kHz as most headsets; 8 kHz = no resampling for G.711).
// `frameMs`: the sessions' frame; `ringMs`: the devices' frame (0: frameMs), `blockFrames` of them
// moved at once by B's card. Each session ticks every min(frameMs, ringMs), B `tickPhaseMs` later.
struct ClickSetup {
    int frameMs = 20;
    int ringMs = 0;
    int blockFrames = 1;
};
// `cardFrames`: the playback frames B's card asks to keep queued; kCardRule = what a sound card
// with that block asks for (playoutFramesFor, as PortAudioDevice computes it), written back.
constexpr int kCardRule = 0;
double clickLatencyMs(
    std::uint64_t format, int tickPhaseMs, int rate, int& cardFrames, int* estimateMs, ClickSetup setup = {})
{
    const int ringMs = setup.ringMs ? setup.ringMs : setup.frameMs;
    const int tickMs = std::min(setup.frameMs, ringMs);
    if (cardFrames == kCardRule)
        cardFrames = playoutFramesFor(double(ringMs * setup.blockFrames), ringMs, ringMs);
    FakeDevice devA(rate, true, true, ringMs), devB(rate, true, true, ringMs);
    devB.setSuggestedPlayoutFrames(cardFrames);
    devB.setBlockFrames(setup.blockFrames);
    std::vector<std::int16_t> in(std::size_t(rate), 0);
    const int at = rate / 2, len = rate / 50;
    for (int i = at; i < at + len; ++i)
        in[std::size_t(i)] = std::int16_t(12000 * std::sin(2 * std::numbers::pi * 1000 * i / double(rate)));
    devA.setInput(in);
    auto a = MediaSession::create(
        format, { .frameMs = setup.frameMs, .echoCancellation = false, .noiseSuppression = false });
    auto b = MediaSession::create(format, { .frameMs = setup.frameMs });
    a->setDevice(&devA);
    b->setDevice(&devB);
    for (std::int64_t now = 0; now < 1500; ++now) {
        if (now % tickMs == 0) {
            a->tick(now);
            while (auto f = a->pullToSend())
                b->pushReceived(f->payload, f->timestampMs, now);
        }
        if (now % tickMs == tickPhaseMs % tickMs)
            b->tick(now);
    }
    if (b->stats().playoutUnderruns != 0)
        return -1; // not a fair measurement: B's card ran dry
    *estimateMs = b->stats().latencyMs;
    // B's speaker started at B's first tick (tickPhaseMs): its sample 0 plays then.
    const auto& out = devB.played();
    for (std::size_t i = 0; i < out.size(); ++i)
        if (std::abs(out[i]) > 3000)
            return (double(i) - at) * 1000.0 / rate + tickPhaseMs % tickMs;
    return -1;
}

void BM_Latency_ZeroJitter(
    benchmark::State& st, std::uint64_t format, int phase, int rate, int cardFramesAsked, ClickSetup setup = {})
{
    int cardFrames = cardFramesAsked;
    double latency = 0;
    int estimate = 0;
    for (auto _ : st) {
        cardFrames = cardFramesAsked;
        latency = clickLatencyMs(format, phase, rate, cardFrames, &estimate, setup);
    }
    if (latency <= 0)
        st.SkipWithError("the click never reached B's speaker");
    st.counters["latency_ms"] = latency;
    st.counters["est_ms"] = estimate;
    st.SetLabel(formatName(format) + ", devices at " + std::to_string(rate) + " Hz, B ticks " + std::to_string(phase)
        + " ms after A, " + std::to_string(setup.frameMs) + " ms frames, "
        + std::to_string(setup.ringMs ? setup.ringMs : setup.frameMs) + " ms device frames x"
        + std::to_string(setup.blockFrames) + " per block, " + std::to_string(cardFrames) + " queued");
}

BENCHMARK(BM_Opus_Encode)->Arg(32000)->Arg(64000);
BENCHMARK(BM_Opus_EncodeAt)->DenseRange(0, 10);
BENCHMARK(BM_Opus_Decode)->Arg(32000)->Arg(64000);
BENCHMARK(BM_Opus_Conceal);
BENCHMARK(BM_Opus_RecoverFec);
BENCHMARK(BM_G711_Encode<G711Codec::Law::Mu>)->Name("BM_G711_Encode/ulaw");
BENCHMARK(BM_G711_Decode<G711Codec::Law::Mu>)->Name("BM_G711_Decode/ulaw");
BENCHMARK(BM_G711_Encode<G711Codec::Law::A>)->Name("BM_G711_Encode/alaw");
BENCHMARK(BM_G711_Decode<G711Codec::Law::A>)->Name("BM_G711_Decode/alaw");
BENCHMARK(BM_Resample)
    ->Args({ 48000, 8000 })
    ->Args({ 8000, 48000 })
    ->Args({ 44100, 48000 })
    ->Args({ 48000, 44100 })
    ->Args({ 44100, 8000 })
    ->Args({ 8000, 44100 });
BENCHMARK(BM_Aec_EchoAndNoise)->Arg(8000)->Arg(48000);
BENCHMARK(BM_Aec_EchoOnly)->Arg(8000)->Arg(48000);
BENCHMARK(BM_Aec_NoiseOnly)->Arg(8000)->Arg(48000);
BENCHMARK(BM_Aec_FarEndSilent)->Arg(8000)->Arg(48000);
BENCHMARK(BM_Jitter_PutGet);
BENCHMARK_CAPTURE(BM_Session_Tick, ulaw_aec_ns, Codec::Ulaw, true);
BENCHMARK_CAPTURE(BM_Session_Tick, ulaw_no_dsp, Codec::Ulaw, false);
BENCHMARK_CAPTURE(BM_Session_Tick, opus_aec_ns, Codec::Opus, true);
BENCHMARK_CAPTURE(BM_Session_Tick, opus_no_dsp, Codec::Opus, false);
BENCHMARK_CAPTURE(BM_Session_Echo, ulaw_fast, Codec::Ulaw, true);
BENCHMARK_CAPTURE(BM_Session_Echo, ulaw_pcm, Codec::Ulaw, false);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, ulaw, Codec::Ulaw, 7, 48000, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, alaw, Codec::Alaw, 7, 48000, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, ulaw_8k_devices, Codec::Ulaw, 7, 8000, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, ulaw_44k1_devices, Codec::Ulaw, 7, 44100, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus, Codec::Opus, 7, 48000, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_phase1, Codec::Opus, 1, 48000, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_phase19, Codec::Opus, 19, 48000, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_44k1_devices, Codec::Opus, 7, 44100, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_card2, Codec::Opus, 7, 48000, kCardRule)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, ulaw_card2, Codec::Ulaw, 7, 48000, kCardRule)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_10ms, Codec::Opus, 7, 48000, 1, ClickSetup { .frameMs = 10 })
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_10ms_phase3, Codec::Opus, 3, 48000, 1, ClickSetup { .frameMs = 10 })
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_10ms_44k1_devices, Codec::Opus, 7, 44100, 1, ClickSetup { .frameMs = 10 })
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_10ms_card20, Codec::Opus, 7, 48000, kCardRule,
    ClickSetup { .frameMs = 10, .blockFrames = 2 })
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, opus_card20_ring10, Codec::Opus, 7, 48000, kCardRule,
    ClickSetup { .frameMs = 20, .ringMs = 10, .blockFrames = 2 })
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Latency_ZeroJitter, ulaw_card20_ring10, Codec::Ulaw, 7, 48000, kCardRule,
    ClickSetup { .frameMs = 20, .ringMs = 10, .blockFrames = 2 })
    ->Unit(benchmark::kMillisecond);

// Console output as usual, plus the CPU times and latencies kept for the summary table.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
    // Colours only on a terminal (a custom reporter ignores --benchmark_color).
    SummaryReporter()
        : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular)
    { }
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& r : runs) {
            if (r.error_occurred)
                continue;
            const bool single = r.run_type == Run::RT_Iteration && !cpuNs.count(r.benchmark_name());
            const bool mean = r.run_type == Run::RT_Aggregate && r.aggregate_name == "mean";
            if (!single && !mean)
                continue;
            const std::string name = mean ? r.run_name.str() : r.benchmark_name();
            cpuNs[name] = r.GetAdjustedCPUTime() * nsPerUnit(r.time_unit);
            labels[name] = r.report_label;
            if (const auto it = r.counters.find("latency_ms"); it != r.counters.end())
                latencyMs[name] = it->second.value;
        }
        ConsoleReporter::ReportRuns(runs);
    }
    static double nsPerUnit(benchmark::TimeUnit u)
    {
        switch (u) {
        case benchmark::kNanosecond:
            return 1;
        case benchmark::kMicrosecond:
            return 1e3;
        case benchmark::kMillisecond:
            return 1e6;
        default:
            return 1e9;
        }
    }
    std::map<std::string, double> cpuNs, latencyMs;
    std::map<std::string, std::string> labels;
};

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    std::printf("\nCPU per 20 ms frame (%% = share of one core for one stream in real time)\n");
    for (const auto& [name, ns] : reporter.cpuNs) {
        if (name.rfind("BM_Latency", 0) == 0)
            continue;
        // A session iteration is two sessions (A and B): one call end's work is half of it.
        const bool session = name.rfind("BM_Session", 0) == 0;
        const double perFrame = session ? ns / 2 : ns;
        std::printf("  %-34s %9.2f us  %6.3f %%%s%s\n", name.c_str(), perFrame / 1e3, 100.0 * perFrame / 20e6,
            session ? "  (one call end: " : "", session ? (reporter.labels[name] + ")").c_str() : "");
    }
    std::printf("\nCapture -> playout latency at zero jitter (virtual time, device queue from the device, B's tick "
                "phase included)\n");
    for (const auto& [name, ms] : reporter.latencyMs)
        std::printf("  %-34s %6.1f ms  (%s)\n", name.c_str(), ms, reporter.labels[name].c_str());
    return 0;
}
