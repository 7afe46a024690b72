// Encoding and decoding of E2E_OFFER and E2E_KEY (docs/E2E.md, "Messages").
#include "core/protocol/e2e_ies.h"

#include <algorithm>
#include <string>

namespace iax::core {

namespace {
constexpr std::size_t kIeSize = 34;

Error badLength(const char* name, std::size_t n)
{
    return Error { "e2e-ie-length", std::string(name) + " is " + std::to_string(n) + " bytes; it must be 34" };
}
} // namespace

std::vector<std::uint8_t> E2eOffer::encode() const
{
    std::vector<std::uint8_t> v { version, suites };
    v.insert(v.end(), commitment.begin(), commitment.end());
    return v;
}

Result<E2eOffer> E2eOffer::decode(std::span<const std::uint8_t> value)
{
    if (value.size() != kIeSize)
        return badLength("E2E_OFFER", value.size());
    E2eOffer o;
    o.version = value[0];
    o.suites = value[1];
    std::copy(value.begin() + 2, value.end(), o.commitment.begin());
    return o;
}

std::vector<std::uint8_t> E2eKeyIe::encode() const
{
    std::vector<std::uint8_t> v { version, suite };
    v.insert(v.end(), key.begin(), key.end());
    return v;
}

Result<E2eKeyIe> E2eKeyIe::decode(std::span<const std::uint8_t> value)
{
    if (value.size() != kIeSize)
        return badLength("E2E_KEY", value.size());
    E2eKeyIe k;
    k.version = value[0];
    k.suite = value[1];
    std::copy(value.begin() + 2, value.end(), k.key.begin());
    return k;
}

} // namespace iax::core
