// Google Benchmark: the end-to-end mode's frame cipher (issue 20).
//   Gcm/*     seal + open of one datagram through GcmSealer / GcmOpener (sequence field, nonce,
//             AAD, tag, replay window, allocation): a 20 ms µ-law mini frame (2 + 2 + 160 bytes)
//             and an ACK full frame (12 bytes).
//   RawGcm/*  the same bytes through plain OpenSSL EVP AES-128-GCM: one encrypt and one decrypt
//             context keyed once, per frame the 12-byte IV set, the clear header as AAD, Update,
//             Final, tag out / tag in — the least EVP GCM costs per frame.
// At the end the program prints Gcm / RawGcm (target ≤ 1.3×) and the bytes on the wire per frame:
// clear, today's AES-128-CBC framing (FrameEncryptor) and the GCM framing.
// Run: build/bench/tests/bench/bench_e2e   (Release, -DIAXPHONE_BENCHMARKS=ON)
#include "bench_frames.h"
#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/gcm_frame_cipher.h"

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <tuple>

using namespace iax::core;
using iax::bench::ackFrame;
using iax::bench::voiceMini;

namespace {

Secret32 chain()
{
    Secret32 s;
    s.bytes.fill(0x2A);
    return s;
}

std::size_t header(FrameKind k)
{
    return k == FrameKind::Full ? 4 : 2;
}

void gcm(benchmark::State& st, const std::vector<std::uint8_t>& dg, FrameKind kind)
{
    GcmSealer sealer(chain());
    GcmOpener opener(chain());
    std::vector<std::uint8_t> plain;
    for (auto _ : st) {
        auto wire = sealer.seal(dg, {}, kind);
        if (opener.open(wire, kind, plain) != GcmDrop::None)
            std::abort();
        benchmark::DoNotOptimize(plain.data());
    }
    st.SetBytesProcessed(std::int64_t(st.iterations()) * std::int64_t(dg.size()));
}

void rawGcm(benchmark::State& st, const std::vector<std::uint8_t>& dg, FrameKind kind)
{
    const unsigned char key[16] = { 1, 2, 3 };
    unsigned char iv[12] = {};
    EVP_CIPHER_CTX* e = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX* d = EVP_CIPHER_CTX_new();
    if (EVP_EncryptInit_ex(e, EVP_aes_128_gcm(), nullptr, key, nullptr) != 1
        || EVP_DecryptInit_ex(d, EVP_aes_128_gcm(), nullptr, key, nullptr) != 1)
        std::abort();
    const std::size_t hdr = header(kind), n = dg.size() - hdr;
    std::vector<unsigned char> ct(n), back(n);
    unsigned char tag[16];
    std::uint64_t counter = 0;
    for (auto _ : st) {
        ++counter;
        std::memcpy(iv + 4, &counter, 8);
        int a = 0, b = 0;
        EVP_EncryptInit_ex(e, nullptr, nullptr, nullptr, iv);
        EVP_EncryptUpdate(e, nullptr, &a, dg.data(), int(hdr));
        EVP_EncryptUpdate(e, ct.data(), &a, dg.data() + hdr, int(n));
        EVP_EncryptFinal_ex(e, ct.data() + a, &b);
        EVP_CIPHER_CTX_ctrl(e, EVP_CTRL_GCM_GET_TAG, 16, tag);
        EVP_DecryptInit_ex(d, nullptr, nullptr, nullptr, iv);
        EVP_DecryptUpdate(d, nullptr, &a, dg.data(), int(hdr));
        EVP_DecryptUpdate(d, back.data(), &a, ct.data(), int(n));
        EVP_CIPHER_CTX_ctrl(d, EVP_CTRL_GCM_SET_TAG, 16, tag);
        if (EVP_DecryptFinal_ex(d, back.data() + a, &b) != 1)
            std::abort();
        benchmark::DoNotOptimize(back.data());
    }
    EVP_CIPHER_CTX_free(e);
    EVP_CIPHER_CTX_free(d);
    st.SetBytesProcessed(std::int64_t(st.iterations()) * std::int64_t(dg.size()));
}

void BM_Gcm_VoiceMini(benchmark::State& st)
{
    gcm(st, voiceMini(), FrameKind::Mini);
}
void BM_RawGcm_VoiceMini(benchmark::State& st)
{
    rawGcm(st, voiceMini(), FrameKind::Mini);
}
void BM_Gcm_AckFull(benchmark::State& st)
{
    gcm(st, ackFrame(), FrameKind::Full);
}
void BM_RawGcm_AckFull(benchmark::State& st)
{
    rawGcm(st, ackFrame(), FrameKind::Full);
}

BENCHMARK(BM_Gcm_VoiceMini);
BENCHMARK(BM_RawGcm_VoiceMini);
BENCHMARK(BM_Gcm_AckFull);
BENCHMARK(BM_RawGcm_AckFull);

// Collects the CPU time of each run (the mean when repeated) for the ratio table.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& r : runs) {
            const std::string name = r.run_name.function_name;
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "mean")
                continue;
            m_cpu[name] = r.GetAdjustedCPUTime();
        }
    }
    void print() const
    {
        std::printf("\nGCM frame cipher / raw EVP AES-128-GCM, CPU time (target <= 1.3x):\n");
        for (const char* f : { "VoiceMini", "AckFull" }) {
            const auto g = m_cpu.find(std::string("BM_Gcm_") + f), r = m_cpu.find(std::string("BM_RawGcm_") + f);
            if (g != m_cpu.end() && r != m_cpu.end())
                std::printf("  %-10s %8.0f ns / %8.0f ns = %.2fx\n", f, g->second, r->second, g->second / r->second);
        }
        std::printf("\nBytes on the wire per frame (clear / AES-128-CBC as Asterisk / AES-128-GCM end-to-end):\n");
        SeededRandom rng(1);
        FrameEncryptor cbc(deriveAesKey("211749830", "Aes128Secret-A"));
        GcmSealer sealer(chain());
        for (auto [name, dg, kind] : { std::tuple { "VoiceMini", voiceMini(), FrameKind::Mini },
                 std::tuple { "AckFull", ackFrame(), FrameKind::Full } }) {
            const auto c = cbc.encrypt(dg, kind, rng).size();
            const auto g = sealer.seal(dg, {}, kind).size();
            std::printf(
                "  %-10s %4zu / %4zu (+%zu) / %4zu (+%zu)\n", name, dg.size(), c, c - dg.size(), g, g - dg.size());
        }
    }

private:
    std::map<std::string, double> m_cpu;
};

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print();
    benchmark::Shutdown();
    return 0;
}
