#pragma once
// Stateless call tokens (Asterisk's CALLTOKEN anti-spoofing, as the callee/registrar side):
// a token is `<seconds>?<hex HMAC-SHA1(key, peer address | seconds)>`, the same shape Asterisk
// sends. The key is drawn once from the injected RandomSource; the seconds come from the Engine's
// `now`. Nothing is stored per token, so a flood of requests without tokens allocates nothing.
// Used on the engine thread.
#include "core/protocol/engine_types.h"
#include "core/protocol/random_source.h"

#include <array>
#include <string>
#include <string_view>

namespace iax::core {

class CallTokenIssuer {
public:
    /// Draws the 32-byte HMAC key from `rng`. `validity`: how long an issued token is accepted.
    CallTokenIssuer(RandomSource& rng, Millis validity);

    /// A token for `peer`, stamped with `now` (whole seconds).
    std::string issue(const PeerAddress& peer, Millis now) const;

    enum class Check { Valid, Malformed, Expired, Forged };
    /// Validates a token received from `peer` at `now`: well formed, issued for this address by this
    /// issuer (constant-time compare), and not older than the validity nor from the future.
    Check check(std::string_view token, const PeerAddress& peer, Millis now) const;

private:
    std::string mac(const PeerAddress& peer, std::int64_t seconds) const;

    std::array<std::uint8_t, 32> m_key {};
    Millis m_validity;
};

} // namespace iax::core
