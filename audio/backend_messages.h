// What the sound system's libraries print on their own (ALSA's "ALSA lib confmisc.c:…" lines,
// JACK's "jack server is not running…"), routed away from stderr into a sink of ours.
#pragma once

#include <string_view>

namespace iax::audio {

/// Receives one message of ALSA or JACK, without a trailing newline. Called on whatever thread
/// the library reports from (PortAudio's initialisation, a device's thread); must not block.
using BackendMessageSink = void (*)(std::string_view message);

/// Sets where ALSA's and JACK's messages go from now on (nullptr: they are dropped). Any thread;
/// the front ends set a sink that logs at debug level, so a user sees only our own messages.
void setBackendMessageSink(BackendMessageSink sink);

/// Installs our handlers into ALSA and JACK if the process has them loaded (PortAudio links them
/// on Linux; elsewhere this does nothing). Idempotent and thread-safe; PortAudioDevice calls it
/// before initialising PortAudio. Returns how many of the three handlers were installed
/// (ALSA errors, JACK errors, JACK info).
int routeBackendMessages();

} // namespace iax::audio
