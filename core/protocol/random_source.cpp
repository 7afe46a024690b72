#include "core/protocol/random_source.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace iax::core {

std::uint32_t RandomSource::uniform(std::uint32_t lo, std::uint32_t hi)
{
    if (hi <= lo)
        return lo;
    const std::uint64_t span = std::uint64_t(hi) - lo + 1;
    // Rejection sampling: no modulo bias.
    const std::uint64_t limit = (std::uint64_t(1) << 32) - ((std::uint64_t(1) << 32) % span);
    for (;;) {
        std::uint8_t b[4];
        fill(b);
        const std::uint64_t v
            = (std::uint64_t(b[0]) << 24) | (std::uint64_t(b[1]) << 16) | (std::uint64_t(b[2]) << 8) | b[3];
        if (v < limit)
            return static_cast<std::uint32_t>(lo + v % span);
    }
}

namespace {
void drawOrAbort(std::uint8_t* out, std::size_t n)
{
    if (RAND_bytes(out, static_cast<int>(n)) != 1) {
        std::fputs("iaxphone: the system CSPRNG failed; refusing to continue\n", stderr);
        std::abort();
    }
}
} // namespace

CsprngRandom::~CsprngRandom()
{
    OPENSSL_cleanse(m_block, sizeof m_block);
}

void CsprngRandom::fill(std::span<std::uint8_t> out)
{
    if (out.empty())
        return;
    if (out.size() >= kDirect) {
        drawOrAbort(out.data(), out.size());
        return;
    }
    std::size_t done = 0;
    while (done < out.size()) {
        if (m_used == kBlock) {
            drawOrAbort(m_block, kBlock);
            m_used = 0;
        }
        const std::size_t n = std::min(out.size() - done, kBlock - m_used);
        std::memcpy(out.data() + done, m_block + m_used, n);
        OPENSSL_cleanse(m_block + m_used, n);
        m_used += n;
        done += n;
    }
}

static std::uint64_t splitmix64(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

SeededRandom::SeededRandom(std::uint64_t seed)
{
    for (auto& s : m_s)
        s = splitmix64(seed);
}

static inline std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

std::uint64_t SeededRandom::next()
{
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

void SeededRandom::fill(std::span<std::uint8_t> out)
{
    std::size_t i = 0;
    while (i < out.size()) {
        const std::uint64_t v = next();
        const std::size_t n = std::min<std::size_t>(8, out.size() - i);
        std::memcpy(out.data() + i, &v, n);
        i += n;
    }
}

} // namespace iax::core
