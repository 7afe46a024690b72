// Encoding and decoding of E2E_OFFER and E2E_KEY (docs/E2E.md, "Messages").
#include "core/protocol/e2e_ies.h"

#include <algorithm>
#include <optional>
#include <string>

namespace iax::core {

namespace {

// Both IEs are one version byte, one byte of suite bits and 32 bytes.
constexpr std::size_t kIeSize = 34;

std::vector<std::uint8_t> encodeFields(std::uint8_t version, std::uint8_t bits, std::span<const std::uint8_t, 32> key)
{
    std::vector<std::uint8_t> v { version, bits };
    v.insert(v.end(), key.begin(), key.end());
    return v;
}

std::optional<Error> decodeFields(const char* name, std::span<const std::uint8_t> value, std::uint8_t& version,
    std::uint8_t& bits, std::array<std::uint8_t, 32>& key)
{
    if (value.size() != kIeSize)
        return Error { "e2e-ie-length",
            std::string(name) + " is " + std::to_string(value.size()) + " bytes; it must be 34" };
    version = value[0];
    bits = value[1];
    std::copy(value.begin() + 2, value.end(), key.begin());
    return std::nullopt;
}

} // namespace

std::vector<std::uint8_t> E2eOffer::encode() const
{
    return encodeFields(version, suites, commitment);
}

Result<E2eOffer> E2eOffer::decode(std::span<const std::uint8_t> value)
{
    E2eOffer o;
    if (auto e = decodeFields("E2E_OFFER", value, o.version, o.suites, o.commitment))
        return *e;
    return o;
}

std::vector<std::uint8_t> E2eKeyIe::encode() const
{
    return encodeFields(version, suite, key);
}

Result<E2eKeyIe> E2eKeyIe::decode(std::span<const std::uint8_t> value)
{
    E2eKeyIe k;
    if (auto e = decodeFields("E2E_KEY", value, k.version, k.suite, k.key))
        return *e;
    return k;
}

} // namespace iax::core
