#pragma once
// Where a device preference list (most preferred first: ids "<host API>:<name>", bare names, or
// "PulseAudio:<name>") puts the device a call is on, and whether a better one is there to move
// to (issue 19: a call follows a preferred headset plugged in during it). Pure functions; any
// thread.
#include <functional>
#include <string>
#include <vector>

namespace iax::audio {

/// The index in `preferences` of the device `openId` (an id as PortAudioDevice reports it:
/// equal, or "<host API>:" + a bare preference); preferences.size() when it is not listed (the
/// system default, or a device chosen elsewhere).
std::size_t preferenceRank(const std::vector<std::string>& preferences, const std::string& openId);

/// The first preference ranked above the open device that `available` says is there; "" when
/// none. `openGone`: the open device itself is no longer there (the sound server moved the stream
/// elsewhere), so every preference counts, the open device included.
std::string betterPreference(const std::vector<std::string>& preferences, const std::string& openId, bool openGone,
    const std::function<bool(const std::string&)>& available);

} // namespace iax::audio
