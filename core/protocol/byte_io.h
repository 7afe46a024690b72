#pragma once
// Big-endian (network order) reads and writes on byte buffers. Callers check bounds before reading:
// the readers take a span and an offset and assume `offset + width <= bytes.size()`.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace iax::core::byte_io {

/// Reads a big-endian 16-bit value at `at`. Precondition: at + 2 <= bytes.size().
inline std::uint16_t readU16(std::span<const std::uint8_t> bytes, std::size_t at)
{
    return static_cast<std::uint16_t>((unsigned(bytes[at]) << 8) | bytes[at + 1]);
}

/// Reads a big-endian 32-bit value at `at`. Precondition: at + 4 <= bytes.size().
inline std::uint32_t readU32(std::span<const std::uint8_t> bytes, std::size_t at)
{
    return (std::uint32_t(bytes[at]) << 24) | (std::uint32_t(bytes[at + 1]) << 16) | (std::uint32_t(bytes[at + 2]) << 8)
        | std::uint32_t(bytes[at + 3]);
}

/// Reads a big-endian 64-bit value at `at`. Precondition: at + 8 <= bytes.size().
inline std::uint64_t readU64(std::span<const std::uint8_t> bytes, std::size_t at)
{
    return (std::uint64_t(readU32(bytes, at)) << 32) | readU32(bytes, at + 4);
}

/// Appends `v` big-endian.
inline void appendU16(std::vector<std::uint8_t>& out, std::uint16_t v)
{
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

inline void appendU32(std::vector<std::uint8_t>& out, std::uint32_t v)
{
    out.push_back(static_cast<std::uint8_t>(v >> 24));
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

inline void appendU64(std::vector<std::uint8_t>& out, std::uint64_t v)
{
    appendU32(out, static_cast<std::uint32_t>(v >> 32));
    appendU32(out, static_cast<std::uint32_t>(v));
}

/// Appends a byte span.
inline void appendBytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}

/// Lowercase hex of `bytes` ("" for an empty span).
inline std::string toHex(std::span<const std::uint8_t> bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s(bytes.size() * 2, '\0'); // sized once: no push_back per digit
    char* out = s.data();
    for (std::uint8_t b : bytes) {
        *out++ = kDigits[b >> 4];
        *out++ = kDigits[b & 0x0F];
    }
    return s;
}

} // namespace iax::core::byte_io
