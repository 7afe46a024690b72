#pragma once
// Injected randomness (STYLE.md: the protocol code never draws randomness by itself).
// Production uses CsprngRandom (OpenSSL RAND_bytes); tests use SeededRandom for repeatability.
#include <cstddef>
#include <cstdint>
#include <span>

namespace iax::core {

/// Source of random bytes. Called on the engine thread only; implementations need not be thread-safe.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    /// Fills `out` with random bytes. Never fails (a CSPRNG failure aborts: it is a broken invariant).
    virtual void fill(std::span<std::uint8_t> out) = 0;

    /// Uniform integer in [lo, hi] (inclusive), drawn from fill().
    std::uint32_t uniform(std::uint32_t lo, std::uint32_t hi);
};

/// Cryptographically secure randomness from OpenSSL's RAND_bytes. Aborts if the CSPRNG fails.
/// Small requests (every frame's 16-31 bytes of padding) are served from a 4 KiB block drawn at
/// once: one RAND_bytes call costs about as much as the AES of a voice frame, so drawing per frame
/// doubled the cost of encryption. Served bytes are wiped from the block at once, so no key or
/// padding lingers in it; the rest is wiped when the source is destroyed.
class CsprngRandom final : public RandomSource {
public:
    CsprngRandom() = default;
    CsprngRandom(const CsprngRandom&) = delete;
    CsprngRandom& operator=(const CsprngRandom&) = delete;
    ~CsprngRandom() override;
    void fill(std::span<std::uint8_t> out) override;

private:
    static constexpr std::size_t kBlock = 4096;
    static constexpr std::size_t kDirect = 256; ///< requests this large bypass the block
    std::uint8_t m_block[kBlock] {};
    std::size_t m_used = kBlock; ///< bytes of m_block already served (all: empty)
};

/// Deterministic, NOT secure: xoshiro256** seeded from a 64-bit value. Tests and simulations only.
class SeededRandom final : public RandomSource {
public:
    explicit SeededRandom(std::uint64_t seed);
    void fill(std::span<std::uint8_t> out) override;
    std::uint64_t next();

private:
    std::uint64_t m_s[4];
};

} // namespace iax::core
