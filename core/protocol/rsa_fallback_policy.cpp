#include "core/protocol/rsa_fallback_policy.h"

namespace iax::core {

std::string RsaFallbackPolicy::md5FallbackDetails(const std::string& reason)
{
    return "authenticated by MD5 (RSA unavailable: " + (reason.empty() ? std::string("unknown reason") : reason) + ")";
}

//  outcome        | allowMd5Fallback && hasSecret | otherwise
//  Verified       | UseRsa                        | UseRsa
//  KeyAvailable   | UseRsa                        | UseRsa
//  KeyUnknown     | FallbackMd5                   | Reject
//  FetchFailed    | FallbackMd5                   | Reject
//  KeyRefused     | FallbackMd5                   | Reject
//  VerifyFailed   | Reject                        | Reject
RsaFallbackDecision RsaFallbackPolicy::decide(const RsaFallbackSettings& settings, const RsaAttempt& attempt)
{
    using O = RsaAttempt::Outcome;
    using A = RsaFallbackDecision::Action;
    RsaFallbackDecision d;
    switch (attempt.outcome) {
    case O::Verified:
    case O::KeyAvailable:
        d.action = A::UseRsa;
        d.callDetails = "authenticated by RSA";
        return d;
    case O::VerifyFailed:
        d.action = A::Reject;
        d.rejectReason = "RSA authentication failed: "
            + (attempt.reason.empty() ? std::string("signature did not verify") : attempt.reason);
        return d;
    case O::KeyUnknown:
    case O::FetchFailed:
    case O::KeyRefused:
        break;
    }
    const std::string reason = attempt.reason.empty() ? std::string("caller's public key unknown") : attempt.reason;
    if (settings.allowMd5Fallback && settings.hasSecret) {
        d.action = A::FallbackMd5;
        d.callDetails = md5FallbackDetails(reason);
        return d;
    }
    d.action = A::Reject;
    d.rejectReason = "RSA unavailable (" + reason + ") and "
        + (settings.allowMd5Fallback ? std::string("no shared secret is configured for MD5")
                                     : std::string("MD5 fallback is not allowed for this account"));
    return d;
}

} // namespace iax::core
