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
class CsprngRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override;
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
