#pragma once
// Where the echo canceller runs (issue 19, CPU): only where an acoustic echo path may exist.
// Speakers (and any device we cannot tell) may feed the far end's voice back into the
// microphone; a headset or headphones do not, so there the canceller only costs CPU (and may
// clip the near end in double talk). Pure functions of the device name and the user's setting;
// any thread.
#include <string_view>

namespace iax::audio {

/// The user's echo-cancellation setting.
enum class EchoCancellerMode {
    Off, ///< never
    Auto, ///< wherever the output may be heard by the microphone (not on headsets/headphones)
    On, ///< always, also on headsets
};

/// True when an output device's name says it is worn on the head (headset, headphones,
/// earphones, earbuds, AirPods…) and not a speaker or speakerphone. Case-insensitive; "" false.
bool looksLikeHeadset(std::string_view outputName);

/// Whether the canceller should run for this output device under `mode` (Auto: unless the
/// output looks like a headset; an unknown or default device counts as a speaker).
bool echoCancellerWanted(EchoCancellerMode mode, std::string_view outputName);

/// The mode for the user's two settings: echo cancellation off → Off; on → Auto (speakers only),
/// or On when "Echo cancellation on headsets too" is set (some "headsets" are speakerphones or
/// leak into the microphone). Any thread.
EchoCancellerMode echoCancellerMode(bool echoCancellation, bool onHeadsetsToo);

} // namespace iax::audio
