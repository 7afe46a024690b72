// Google Benchmark: the cost of IAX2 encryption.
//   FrameCipher/*  encrypt + decrypt (with validation) of one datagram through FrameEncryptor /
//                  FrameDecryptor: a 20 ms µ-law mini frame (2 + 2 + 160 bytes) and an ACK (12 bytes).
//                  Padding from SeededRandom (cipher cost) and from CsprngRandom (production cost).
//   RawEvp/*       the same number of bytes (padding + plaintext) through plain OpenSSL EVP
//                  AES-128-CBC, one encrypt and one decrypt context reused, IV reset per frame
//                  (EVP_CipherInit_ex with the zero IV, Update, Final): the textbook EVP use.
//   RawEvpChained/* the same bytes through EVP_CipherUpdate alone, the context chaining across
//                  frames and the chaining value XORed out of block 0 (the trick FrameEncryptor
//                  uses): the least EVP can cost per frame, so the second ratio is our framing
//                  overhead alone (allocation, copies, padding, validation).
//   RandBytes      one RAND_bytes call of 30 bytes (what CsprngRandom costs per frame).
//   Auth/*         MD5 challenge response, RSA-1024 SHA-1 sign and verify (the interop key).
// At the end the program prints FrameCipher / RawEvp time ratios (target ≤ 1.3×).
// Run: build-crypto-rel/tests/bench/bench_crypto   (Release, -DIAXPHONE_BENCHMARKS=ON)
#include "bench_frames.h"
#include "core/protocol/auth.h"
#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

using namespace iax::core;
using iax::bench::ackFrame;
using iax::bench::voiceMini;

namespace {

const AesKey kKey = deriveAesKey("211749830", "Aes128Secret-A");

template<typename Rng> void frameCipher(benchmark::State& st, const std::vector<std::uint8_t>& dg, FrameKind kind)
{
    Rng rng = [] {
        if constexpr (std::is_same_v<Rng, SeededRandom>)
            return SeededRandom(1);
        else
            return CsprngRandom();
    }();
    FrameEncryptor enc(kKey);
    FrameDecryptor dec(kKey);
    for (auto _ : st) {
        auto ct = enc.encrypt(dg, kind, rng);
        auto pt = dec.decrypt(ct, kind);
        if (!pt.ok())
            std::abort();
        benchmark::DoNotOptimize(pt->datagram.data());
    }
    st.SetBytesProcessed(std::int64_t(st.iterations()) * std::int64_t(dg.size()));
}

// One AES-128-CBC encrypt and one decrypt context under kKey, zero IV, no padding.
struct RawContexts {
    EVP_CIPHER_CTX* e = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX* d = EVP_CIPHER_CTX_new();
    RawContexts()
    {
        const unsigned char iv[16] = {};
        if (!e || !d || EVP_EncryptInit_ex(e, EVP_aes_128_cbc(), nullptr, kKey.data(), iv) != 1
            || EVP_DecryptInit_ex(d, EVP_aes_128_cbc(), nullptr, kKey.data(), iv) != 1
            || EVP_CIPHER_CTX_set_padding(e, 0) != 1 || EVP_CIPHER_CTX_set_padding(d, 0) != 1)
            std::abort();
    }
    ~RawContexts()
    {
        EVP_CIPHER_CTX_free(e);
        EVP_CIPHER_CTX_free(d);
    }
    RawContexts(const RawContexts&) = delete;
    RawContexts& operator=(const RawContexts&) = delete;
};

// Plain EVP over `n` bytes (the padded, encrypted part of the frame): encrypt then decrypt.
void rawEvp(benchmark::State& st, std::size_t n, std::size_t frameBytes)
{
    const unsigned char iv[16] = {};
    RawContexts ctx;
    EVP_CIPHER_CTX* const e = ctx.e;
    EVP_CIPHER_CTX* const d = ctx.d;
    std::vector<unsigned char> plain(n, 0x5A), ct(n), back(n);
    for (auto _ : st) {
        int a = 0, b = 0;
        EVP_EncryptInit_ex(e, nullptr, nullptr, nullptr, iv);
        EVP_EncryptUpdate(e, ct.data(), &a, plain.data(), int(n));
        EVP_EncryptFinal_ex(e, ct.data() + a, &b);
        EVP_DecryptInit_ex(d, nullptr, nullptr, nullptr, iv);
        EVP_DecryptUpdate(d, back.data(), &a, ct.data(), int(n));
        EVP_DecryptFinal_ex(d, back.data() + a, &b);
        benchmark::DoNotOptimize(back.data());
    }
    st.SetBytesProcessed(std::int64_t(st.iterations()) * std::int64_t(frameBytes));
}

// The same bytes with the IV never re-set: block 0 pre-XORed (encrypt) / post-XORed (decrypt)
// with the context's chaining value, Update only. Equal output to rawEvp, frame by frame.
void rawEvpChained(benchmark::State& st, std::size_t n, std::size_t frameBytes)
{
    RawContexts ctx;
    EVP_CIPHER_CTX* const e = ctx.e;
    EVP_CIPHER_CTX* const d = ctx.d;
    std::vector<unsigned char> plain(n, 0x5A), ct(n), back(n);
    unsigned char ce[16] = {}, cd[16] = {}, first[16];
    for (auto _ : st) {
        int a = 0;
        for (int i = 0; i < 16; ++i)
            first[i] = plain[std::size_t(i)] ^ ce[i];
        EVP_EncryptUpdate(e, ct.data(), &a, first, 16);
        EVP_EncryptUpdate(e, ct.data() + 16, &a, plain.data() + 16, int(n - 16));
        std::memcpy(ce, ct.data() + n - 16, 16);
        EVP_DecryptUpdate(d, back.data(), &a, ct.data(), int(n));
        for (int i = 0; i < 16; ++i)
            back[std::size_t(i)] ^= cd[i];
        std::memcpy(cd, ct.data() + n - 16, 16);
        benchmark::DoNotOptimize(back.data());
    }
    if (back != plain)
        std::abort(); // the chaining was not cancelled: the baseline would be measuring nonsense
    st.SetBytesProcessed(std::int64_t(st.iterations()) * std::int64_t(frameBytes));
}

// Bytes the cipher runs over: clear header excluded, 16..31 bytes of padding added.
std::size_t paddedLength(std::size_t datagram, FrameKind kind)
{
    const std::size_t plain = datagram - (kind == FrameKind::Full ? 4 : 2);
    return plain + 16 + ((16 - plain % 16) & 0x0F);
}

void BM_FrameCipher_VoiceMini_Seeded(benchmark::State& st)
{
    frameCipher<SeededRandom>(st, voiceMini(), FrameKind::Mini);
}
void BM_FrameCipher_VoiceMini_Csprng(benchmark::State& st)
{
    frameCipher<CsprngRandom>(st, voiceMini(), FrameKind::Mini);
}
void BM_RawEvp_VoiceMini(benchmark::State& st)
{
    rawEvp(st, paddedLength(voiceMini().size(), FrameKind::Mini), voiceMini().size());
}
void BM_RawEvpChained_VoiceMini(benchmark::State& st)
{
    rawEvpChained(st, paddedLength(voiceMini().size(), FrameKind::Mini), voiceMini().size());
}
void BM_FrameCipher_Ack_Seeded(benchmark::State& st)
{
    frameCipher<SeededRandom>(st, ackFrame(), FrameKind::Full);
}
void BM_FrameCipher_Ack_Csprng(benchmark::State& st)
{
    frameCipher<CsprngRandom>(st, ackFrame(), FrameKind::Full);
}
void BM_RawEvp_Ack(benchmark::State& st)
{
    rawEvp(st, paddedLength(ackFrame().size(), FrameKind::Full), ackFrame().size());
}

void BM_RawEvpChained_Ack(benchmark::State& st)
{
    rawEvpChained(st, paddedLength(ackFrame().size(), FrameKind::Full), ackFrame().size());
}

void BM_Auth_Md5Response(benchmark::State& st)
{
    for (auto _ : st)
        benchmark::DoNotOptimize(md5Response("211749830", "Aes128Secret-A"));
}

RsaKey loadKey(bool priv)
{
    const std::string base = IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.";
    auto k = priv ? RsaKey::privateFromFile(base + "key") : RsaKey::publicFromFile(base + "pub");
    if (!k)
        std::abort();
    return std::move(k).value();
}

void BM_Auth_RsaSign(benchmark::State& st)
{
    const RsaKey key = loadKey(true);
    for (auto _ : st) {
        auto sig = rsaSignChallenge(key, "171265672");
        if (!sig)
            std::abort();
        benchmark::DoNotOptimize(sig->data());
    }
}

void BM_Auth_RsaVerify(benchmark::State& st)
{
    const RsaKey priv = loadKey(true);
    const RsaKey pub = loadKey(false);
    const std::string sig = rsaSignChallenge(priv, "171265672").value();
    for (auto _ : st) {
        if (!rsaVerifyChallenge(pub, "171265672", sig))
            std::abort();
    }
}

// Where the CSPRNG variants spend their time: one RAND_bytes call for a frame's padding.
void BM_RandBytes_Padding(benchmark::State& st)
{
    std::uint8_t pad[31];
    for (auto _ : st) {
        if (RAND_bytes(pad, 30) != 1)
            std::abort();
        benchmark::DoNotOptimize(pad);
    }
}

BENCHMARK(BM_FrameCipher_VoiceMini_Seeded);
BENCHMARK(BM_FrameCipher_VoiceMini_Csprng);
BENCHMARK(BM_RawEvp_VoiceMini);
BENCHMARK(BM_RawEvpChained_VoiceMini);
BENCHMARK(BM_FrameCipher_Ack_Seeded);
BENCHMARK(BM_FrameCipher_Ack_Csprng);
BENCHMARK(BM_RawEvp_Ack);
BENCHMARK(BM_RawEvpChained_Ack);
BENCHMARK(BM_RandBytes_Padding);
BENCHMARK(BM_Auth_Md5Response);
BENCHMARK(BM_Auth_RsaSign);
BENCHMARK(BM_Auth_RsaVerify);

// Console output as usual, plus the per-iteration times kept for the ratio table.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    // Colours only on a terminal (a custom reporter ignores --benchmark_color).
    RatioReporter()
        : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular)
    { }
    void ReportRuns(const std::vector<Run>& runs) override
    {
        // Single runs by name; with --benchmark_repetitions the mean stands for the benchmark.
        for (const auto& r : runs) {
            if (r.error_occurred)
                continue;
            if (r.run_type == Run::RT_Iteration && !times.count(r.run_name.function_name))
                times[r.run_name.function_name] = r.GetAdjustedCPUTime();
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "mean")
                times[r.run_name.function_name] = r.GetAdjustedCPUTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }
    std::map<std::string, double> times;
};

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    const auto& t = reporter.times;
    for (const char* base : { "RawEvp", "RawEvpChained" }) {
        std::printf(std::string(base) == "RawEvp"
                ? "\nFrameCipher (encrypt+decrypt) / raw EVP AES-128-CBC, IV reset per frame (same bytes), CPU "
                  "time; target <= 1.3x\n"
                : "\nFrameCipher (encrypt+decrypt) / raw EVP, Update only, chaining cancelled (same bytes): our "
                  "framing overhead\n");
        for (const char* frame : { "VoiceMini", "Ack" }) {
            const auto raw = t.find(std::string("BM_") + base + "_" + frame);
            if (raw == t.end() || raw->second <= 0)
                continue;
            for (const char* rng : { "Seeded", "Csprng" }) {
                const auto ours = t.find(std::string("BM_FrameCipher_") + frame + "_" + rng);
                if (ours != t.end())
                    std::printf("  %-10s padding from %-6s  %8.1f ns vs %8.1f ns raw  = %.2fx\n", frame, rng,
                        ours->second, raw->second, ours->second / raw->second);
            }
        }
    }
    return 0;
}
