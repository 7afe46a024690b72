#pragma once
// Decides what an incoming call does when RSA authentication cannot complete (unknown key, key
// fetch failed): use RSA, fall back to MD5(+AES) for this call when the account allows it, or
// reject. Pure value logic (no Qt, no I/O); any thread. The callee's Call uses it before sending
// AUTHREQ (call_auth.cpp), once the application has answered PeerKeyNeeded or the wait timed out.
#include <string>

namespace iax::core {

/// What the callee knows about RSA for this call.
struct RsaAttempt {
    enum class Outcome {
        Verified, ///< a configured/pinned key verified the RSA_RESULT
        KeyAvailable, ///< a trusted key is present (before AUTHREQ): RSA can be offered
        KeyUnknown, ///< no key for the caller and no key server to ask
        FetchFailed, ///< the key server could not deliver a usable key (timeout, 404, TLS, bad PEM…)
        KeyRefused, ///< the key server offered a key that differs from the pin (refused) and no pinned key loads
        VerifyFailed ///< the caller's RSA_RESULT did not verify against any trusted key
    };
    Outcome outcome = Outcome::KeyUnknown;
    std::string reason; ///< human sentence, e.g. "key server did not answer within 5000 ms"
};

/// The account settings that matter for the decision.
struct RsaFallbackSettings {
    bool allowMd5Fallback = false; ///< the account's "allow MD5 when RSA is unavailable"
    bool hasSecret = false; ///< a shared secret is configured (MD5 and AES need it)
};

/// The decision and the texts to show.
struct RsaFallbackDecision {
    enum class Action {
        UseRsa, ///< offer / accept RSA
        FallbackMd5, ///< offer MD5 only in AUTHREQ; AES key from the secret as usual
        Reject ///< REJECT the call (CallEnd::Kind::AuthFailed) with `rejectReason`
    };
    Action action = Action::Reject;
    std::string callDetails; ///< for the call details, e.g. "authenticated by MD5 (RSA unavailable: …)"
    std::string rejectReason; ///< "" unless Reject
};

/// The decision table (see rsa_fallback_policy.cpp). Never falls back after VerifyFailed: the
/// caller already chose RSA and failed, so falling back would be a downgrade an attacker could force.
class RsaFallbackPolicy {
public:
    /// Pure function of its arguments.
    static RsaFallbackDecision decide(const RsaFallbackSettings& settings, const RsaAttempt& attempt);
    /// "authenticated by MD5 (RSA unavailable: <reason>)".
    static std::string md5FallbackDetails(const std::string& reason);
};

} // namespace iax::core
