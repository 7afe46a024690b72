#include "core/protocol/call_token.h"

#include "core/protocol/byte_io.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>

namespace iax::core {

void MacContextDeleter::operator()(EVP_MAC_CTX* ctx) const
{
    EVP_MAC_CTX_free(ctx); // HMAC clears its key schedule
}

namespace {

// A copy of `keyed` (no fetch: the copy shares the fetched HMAC and SHA-1 implementations).
EVP_MAC_CTX* dupOrAbort(const EVP_MAC_CTX* keyed)
{
    EVP_MAC_CTX* copy = EVP_MAC_CTX_dup(keyed);
    if (!copy)
        std::abort(); // out of memory inside OpenSSL: not a peer's doing
    return copy;
}

} // namespace

CallTokenIssuer::CallTokenIssuer(RandomSource& rng, Millis validity)
    : m_validity(validity)
{
    struct MacDeleter {
        void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
    };
    // Fetched once (thread-safe static init); each issuer keys its own context with it.
    static const std::unique_ptr<EVP_MAC, MacDeleter> hmac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    std::array<std::uint8_t, 32> key {};
    rng.fill(key);
    char digest[] = "SHA1";
    const OSSL_PARAM params[]
        = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end() };
    m_keyed.reset(hmac ? EVP_MAC_CTX_new(hmac.get()) : nullptr);
    const bool ok = m_keyed && EVP_MAC_init(m_keyed.get(), key.data(), key.size(), params) == 1;
    OPENSSL_cleanse(key.data(), key.size());
    if (!ok)
        std::abort(); // HMAC-SHA1 is always present in OpenSSL's default provider
}

CallTokenIssuer::CallTokenIssuer(const CallTokenIssuer& other)
    : m_keyed(dupOrAbort(other.m_keyed.get()))
    , m_validity(other.m_validity)
{ }

std::string CallTokenIssuer::mac(const PeerAddress& peer, std::int64_t seconds) const
{
    const std::string data = peer.toString() + "|" + std::to_string(seconds);
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len = 0;
    const std::unique_ptr<EVP_MAC_CTX, MacContextDeleter> ctx(dupOrAbort(m_keyed.get()));
    if (EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1
        || EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1)
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
