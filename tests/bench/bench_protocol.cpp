// Google Benchmark: the wire codec and the Engine's throughput.
//   frame encode/decode: a full NEW frame (IE area pre-encoded, and built from scratch) with the IEs a softphone sends, a 160-byte mini frame
//   IE decode: the NEW's IE area
//   call token: a CALLTOKEN issued for a peer and checked when the tokened NEW comes back (the
//               callee's and registrar's HMAC-SHA1 work per unauthenticated request)
//   Engine frames/s: two Engines in memory on an established call exchanging 20 ms voice frames
//                    (send → datagram → receive → event), clear and AES-128 (key rotation on);
//                    and with 1…2000 encrypted calls up at once (cost per frame against call count).
// Run: build-proof-rel/tests/bench/bench_protocol  (Release, -DIAXPHONE_BENCHMARKS=ON)
#include "core/protocol/call_token.h"
#include "core/protocol/engine.h"
#include "core/protocol/frame.h"

#include <benchmark/benchmark.h>

#include <cstdlib>

using namespace iax::core;

namespace {

IeList typicalNewIes()
{
    IeList ies;
    ies.addU16(IeId::Version, kProtocolVersion)
        .addString(IeId::CalledNumber, "6001")
        .addString(IeId::CalledContext, "default")
        .addString(IeId::CallingNumber, "1000")
        .addString(IeId::CallingName, "Alice Example")
        .addString(IeId::Username, "alice")
        .addU32(IeId::Capability, 0x0000000E)
        .addVersionedU64(IeId::Capability2, (1ULL << 34) | 0x0E)
        .addU32(IeId::Format, 0x4)
        .addVersionedU64(IeId::Format2, 0x4)
        .addString(IeId::CodecPrefs, "DCE")
        .addU16(IeId::Encryption, 0x8001)
        .addU32(IeId::DateTime, 0x5B2D4F3A)
        .addEmpty(IeId::CallToken);
    return ies;
}

FullFrame typicalNew()
{
    const IeList ies = typicalNewIes();
    FullFrame f;
    f.scall = 14758;
    f.timestamp = 7;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::New);
    f.payload = ies.encode();
    return f;
}

MiniFrame voiceMini()
{
    MiniFrame m;
    m.callno = 4242;
    m.timestamp = 3160;
    m.payload.assign(160, 0x7F);
    return m;
}

void BM_EncodeFullNew(benchmark::State& st)
{
    const FullFrame f = typicalNew();
    for (auto _ : st)
        benchmark::DoNotOptimize(encode(f));
    st.SetItemsProcessed(st.iterations());
    st.SetBytesProcessed(st.iterations() * std::int64_t(encode(f).size()));
}
BENCHMARK(BM_EncodeFullNew);

// The whole NEW as the Engine builds it: 14 IEs into an IeList, the IE area, then the frame.
void BM_EncodeFullNewWithIes(benchmark::State& st)
{
    FullFrame f = typicalNew();
    for (auto _ : st) {
        f.payload = typicalNewIes().encode();
        benchmark::DoNotOptimize(encode(f));
    }
    st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_EncodeFullNewWithIes);

void BM_DecodeFullNew(benchmark::State& st)
{
    const auto bytes = encode(typicalNew());
    for (auto _ : st) {
        auto d = decodeDatagram(bytes);
        auto ies = std::get<FullFrame>(*d).ies();
        benchmark::DoNotOptimize(ies);
    }
    st.SetItemsProcessed(st.iterations());
    st.SetBytesProcessed(st.iterations() * std::int64_t(bytes.size()));
}
BENCHMARK(BM_DecodeFullNew);

void BM_EncodeMini160(benchmark::State& st)
{
    const MiniFrame m = voiceMini();
    for (auto _ : st)
        benchmark::DoNotOptimize(encode(m));
    st.SetItemsProcessed(st.iterations());
    st.SetBytesProcessed(st.iterations() * 164);
}
BENCHMARK(BM_EncodeMini160);

void BM_DecodeMini160(benchmark::State& st)
{
    const auto bytes = encode(voiceMini());
    for (auto _ : st)
        benchmark::DoNotOptimize(decodeDatagram(bytes));
    st.SetItemsProcessed(st.iterations());
    st.SetBytesProcessed(st.iterations() * std::int64_t(bytes.size()));
}
BENCHMARK(BM_DecodeMini160);

void BM_IeDecodeNew(benchmark::State& st)
{
    const auto area = typicalNew().payload;
    for (auto _ : st)
        benchmark::DoNotOptimize(IeList::decode(area));
    st.SetItemsProcessed(st.iterations());
    st.SetBytesProcessed(st.iterations() * std::int64_t(area.size()));
}
BENCHMARK(BM_IeDecodeNew);

void BM_CallTokenIssueCheck(benchmark::State& st)
{
    SeededRandom rng(1);
    const CallTokenIssuer tokens(rng, Millis(10000));
    const PeerAddress peer { "192.0.2.1", 4569 };
    Millis now(1795345670123);
    for (auto _ : st) {
        const std::string token = tokens.issue(peer, now);
        if (tokens.check(token, peer, now) != CallTokenIssuer::Check::Valid)
            std::abort();
        now += Millis(1);
    }
    st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_CallTokenIssueCheck);

// Two Engines joined in memory with zero delay: datagrams are handed over directly.
struct EnginePair {
    const PeerAddress addrA { "10.0.0.1", 4569 };
    const PeerAddress addrB { "10.0.0.2", 4569 };
    SeededRandom rngA { 1 }, rngB { 2 };
    Engine a;
    Engine b;
    Millis now { 0 };
    std::optional<CallId> callA, callB;
    std::uint64_t voiceA = 0, voiceB = 0;
    bool answeredA = false, answeredB = false;

    static UserConfig user(EncryptionPolicy p)
    {
        UserConfig u;
        u.username = "alice";
        u.secret = "bench-secret";
        u.encryption = p;
        return u;
    }
    explicit EnginePair(EncryptionPolicy p)
        : a(EngineConfig {}, rngA)
        , b(EngineConfig { { user(p) } }, rngB)
    {
        DialRequest d;
        d.peer = addrB;
        d.username = "alice";
        d.secret = "bench-secret";
        d.calledNumber = "600";
        d.encryption = p;
        callA = a.dial(d, now);
        for (int i = 0; i < 200 && !(answeredA && answeredB); ++i)
            step(Millis(10));
        if (!answeredA || !answeredB || (p == EncryptionPolicy::Required && !a.callEncrypted(*callA)))
            std::abort();
    }
    void drainEvents(Engine& e, bool isA)
    {
        while (auto ev = e.pollEvent()) {
            if (auto* in = std::get_if<IncomingCall>(&*ev)) {
                callB = in->call;
                b.answer(in->call, now);
            } else if (auto* s = std::get_if<CallStateChanged>(&*ev)) {
                (isA ? answeredA : answeredB) = s->state == CallState::Answered;
            } else if (std::holds_alternative<VoiceReceived>(*ev)) {
                ++(isA ? voiceA : voiceB);
            }
        }
    }
    // Delivers everything queued, both ways, until quiet; then advances time by `dt`.
    void step(Millis dt)
    {
        bool more = true;
        while (more) {
            more = false;
            while (auto t = a.pollTransmit()) {
                more = true;
                b.receive(t->bytes, addrA, now);
            }
            while (auto t = b.pollTransmit()) {
                more = true;
                a.receive(t->bytes, addrB, now);
            }
            drainEvents(a, true);
            drainEvents(b, false);
        }
        now += dt;
        if (auto d = a.nextDeadline(); d && *d <= now)
            a.handleTimeout(now);
        if (auto d = b.nextDeadline(); d && *d <= now)
            b.handleTimeout(now);
    }
};

void engineVoice(benchmark::State& st, EncryptionPolicy p)
{
    EnginePair pair(p);
    const std::vector<std::uint8_t> payload(160, 0x7F);
    for (auto _ : st) {
        pair.a.sendVoice(*pair.callA, payload, 20, pair.now);
        pair.b.sendVoice(*pair.callB, payload, 20, pair.now);
        pair.step(Millis(20));
    }
    // Two voice frames per iteration, each sent by one Engine and received by the other.
    st.SetItemsProcessed(std::int64_t(pair.voiceA + pair.voiceB));
    st.counters["voice_frames_delivered"] = double(pair.voiceA + pair.voiceB);
    if (pair.voiceA + pair.voiceB < std::uint64_t(st.iterations()))
        st.SkipWithError("voice frames were lost in memory");
}
void BM_EngineVoiceClear(benchmark::State& st)
{
    engineVoice(st, EncryptionPolicy::Off);
}
void BM_EngineVoiceAes128(benchmark::State& st)
{
    engineVoice(st, EncryptionPolicy::Required);
}
BENCHMARK(BM_EngineVoiceClear);
BENCHMARK(BM_EngineVoiceAes128);

// The same with N encrypted calls up between the two Engines: 20 ms of voice of every call per
// iteration (2N frames). The time per frame should not grow with N; if it does, some per-datagram
// work is proportional to the number of calls (what limits `listen`/`load` at high call counts).
void BM_EngineVoiceAes128Calls(benchmark::State& st)
{
    const auto calls = std::size_t(st.range(0));
    EnginePair pair(EncryptionPolicy::Required);
    std::vector<CallId> idsA { *pair.callA }, idsB { *pair.callB };
    // pair.step answers every call B is offered; run until all of A's calls are encrypted.
    auto allUp = [&] {
        for (auto id : idsA)
            if (!pair.a.callEncrypted(id))
                return false;
        return true;
    };
    // In batches well under B's share of unauthenticated calls per source address
    // (EngineConfig::maxUnauthenticatedPerAddress): one address opening them all at once is what
    // that limit refuses.
    const std::size_t batch = EngineConfig {}.maxUnauthenticatedPerAddress / 2;
    for (std::size_t i = 1; i < calls; ++i) {
        if (i % batch == 0)
            for (int k = 0; k < 1000 && !allUp(); ++k)
                pair.step(Millis(10));
        DialRequest d;
        d.peer = pair.addrB;
        d.username = "alice";
        d.secret = "bench-secret";
        d.calledNumber = "600";
        d.encryption = EncryptionPolicy::Required;
        const auto id = pair.a.dial(d, pair.now);
        if (!id)
            std::abort();
        idsA.push_back(*id);
    }
    for (int i = 0; i < 1000 && !allUp(); ++i)
        pair.step(Millis(10));
    // B's call ids: B numbers its calls itself, so look them up (call numbers are 15-bit).
    idsB.clear();
    for (CallId id = 1; id < 32768 && idsB.size() < calls; ++id)
        if (pair.b.callEncrypted(id))
            idsB.push_back(id);
    if (!allUp() || idsB.size() != calls) {
        st.SkipWithError("not every call came up encrypted");
        return;
    }
    const std::vector<std::uint8_t> payload(160, 0x7F);
    const std::uint64_t before = pair.voiceA + pair.voiceB;
    for (auto _ : st) {
        for (auto id : idsA)
            pair.a.sendVoice(id, payload, 20, pair.now);
        for (auto id : idsB)
            pair.b.sendVoice(id, payload, 20, pair.now);
        pair.step(Millis(20));
    }
    const auto delivered = pair.voiceA + pair.voiceB - before;
    st.SetItemsProcessed(std::int64_t(delivered));
    st.counters["per_frame"] = benchmark::Counter(double(delivered), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    if (delivered < std::uint64_t(st.iterations()) * 2 * calls * 9 / 10)
        st.SkipWithError("voice frames were lost in memory");
}
BENCHMARK(BM_EngineVoiceAes128Calls)->Arg(1)->Arg(100)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
