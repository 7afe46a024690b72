#pragma once
// Stateless call tokens (Asterisk's CALLTOKEN anti-spoofing, as the callee/registrar side):
// a token is `<seconds>?<hex HMAC-SHA1(key, peer address | seconds)>`, the same shape Asterisk
// sends. The key is drawn once from the injected RandomSource; the seconds come from the Engine's
// `now`. Nothing is stored per token, so a flood of requests without tokens allocates nothing.
// HMAC and SHA-1 are fetched from OpenSSL once per issuer (its keyed context), not per token.
// Used on the engine thread.
#include "core/protocol/engine_types.h"
#include "core/protocol/random_source.h"

#include <array>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace iax::core {

struct MacContextDeleter {
    void operator()(EVP_MAC_CTX* ctx) const;
};

class CallTokenIssuer {
public:
    /// Draws the 32-byte HMAC key from `rng`. `validity`: how long an issued token is accepted.
    /// Aborts if OpenSSL's default provider has no HMAC-SHA1 (a broken installation).
    CallTokenIssuer(RandomSource& rng, Millis validity);
    /// The same key and validity (Engine's cloning constructor): tokens of either are valid at both.
    CallTokenIssuer(const CallTokenIssuer& other);
    CallTokenIssuer& operator=(const CallTokenIssuer&) = delete;

    /// A token for `peer`, stamped with `now` (whole seconds).
    std::string issue(const PeerAddress& peer, Millis now) const;

    enum class Check { Valid, Malformed, Expired, Forged };
    /// Validates a token received from `peer` at `now`: well formed, issued for this address by this
    /// issuer (constant-time compare), and not older than the validity nor from the future.
    Check check(std::string_view token, const PeerAddress& peer, Millis now) const;

private:
    std::string mac(const PeerAddress& peer, std::int64_t seconds) const;

    // HMAC-SHA1 keyed with the issuer's 32 random bytes and never fed: each MAC runs on a copy.
    std::unique_ptr<EVP_MAC_CTX, MacContextDeleter> m_keyed;
    Millis m_validity;
};

} // namespace iax::core
