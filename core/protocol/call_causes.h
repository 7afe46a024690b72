#pragma once
// ISDN/Q.850 cause codes the engine puts in CAUSECODE IEs and CallEnd::code (the values Asterisk
// uses for the same situations).
namespace iax::core::cause {
constexpr int kUnallocated = 1; ///< unallocated (unassigned) number
constexpr int kNoRoute = 3; ///< no route to destination (Asterisk: "No such context/extension")
constexpr int kNormal = 16; ///< normal clearing
constexpr int kBusy = 17; ///< user busy
constexpr int kNoAnswer = 19; ///< no answer from user
constexpr int kRejected = 21; ///< call rejected
constexpr int kFacilityRejected = 29; ///< Asterisk's cause for authentication failures
constexpr int kCongestion = 34; ///< no circuit/channel available
constexpr int kIncompatible = 58; ///< bearer capability (codec) not available

/// True for a cause outside Q.850's "normal event" class (1–31): resources unavailable (34 no
/// circuit, 38 network out of order, 41 temporary failure…), service or protocol errors, 127
/// interworking. A HANGUP with such a cause ends an answered call as a failure.
constexpr bool isFailureCause(int code)
{
    return code >= 32;
}
} // namespace iax::core::cause
