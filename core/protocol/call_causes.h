#pragma once
// ISDN/Q.850 cause codes the engine puts in CAUSECODE IEs and CallEnd::code (the values Asterisk
// uses for the same situations).
namespace iax::core::cause {
constexpr int kNormal = 16; ///< normal clearing
constexpr int kBusy = 17; ///< user busy
constexpr int kNoAnswer = 19; ///< no answer from user
constexpr int kRejected = 21; ///< call rejected
constexpr int kFacilityRejected = 29; ///< Asterisk's cause for authentication failures
constexpr int kCongestion = 34; ///< no circuit/channel available
constexpr int kIncompatible = 58; ///< bearer capability (codec) not available
} // namespace iax::core::cause
