#include "core/protocol/call_token.h"

#include "core/protocol/byte_io.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace iax::core {

CallTokenIssuer::CallTokenIssuer(RandomSource& rng, Millis validity)
    : m_validity(validity)
{
    rng.fill(m_key);
}

std::string CallTokenIssuer::mac(const PeerAddress& peer, std::int64_t seconds) const
{
    const std::string data = peer.toString() + "|" + std::to_string(seconds);
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, m_key.data(), m_key.size(),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out, &len))
        return {};
    return byte_io::toHex(std::span<const std::uint8_t>(out, len));
}

std::string CallTokenIssuer::issue(const PeerAddress& peer, Millis now) const
{
    const std::int64_t seconds = now.count() / 1000;
    return std::to_string(seconds) + "?" + mac(peer, seconds);
}

CallTokenIssuer::Check CallTokenIssuer::check(std::string_view token, const PeerAddress& peer, Millis now) const
{
    const auto q = token.find('?');
    if (q == std::string_view::npos || q == 0 || q > 15 || token.size() - q - 1 != 40)
        return Check::Malformed;
    std::int64_t seconds = 0;
    for (std::size_t i = 0; i < q; ++i) {
        if (token[i] < '0' || token[i] > '9')
            return Check::Malformed;
        seconds = seconds * 10 + (token[i] - '0');
    }
    const std::string expected = mac(peer, seconds);
    if (expected.size() != token.size() - q - 1
        || CRYPTO_memcmp(expected.data(), token.data() + q + 1, expected.size()) != 0)
        return Check::Forged;
    const std::int64_t ageMs = now.count() - seconds * 1000;
    if (ageMs < 0 || ageMs > m_validity.count() + 999)
        return Check::Expired;
    return Check::Valid;
}

} // namespace iax::core
