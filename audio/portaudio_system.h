#pragma once
// The one owner of PortAudio's global state (issue 19): Pa_Initialize/Pa_Terminate, and every
// PortAudio call that is not the real-time callback, run under one process-wide lock, so the
// ringer, the settings dialog's sounds and a call's device (each on its own thread) never race
// each other or a re-initialisation. A re-initialisation (PortAudio's device list is frozen until
// then: how a device plugged in later is found) closes every open stream first and marks it
// suspended; each stream's owner reopens it on its own thread (PortAudioDevice::clock()).
// Any thread; nothing here is called from the real-time callback.
#include <cstdint>
#include <functional>
#include <mutex>

namespace iax::audio::portaudio {

/// The lock around PortAudio's global state and every stream call (recursive: an open under it
/// may enumerate). Hold it for each Pa_* call outside the real-time callback.
std::recursive_mutex& lock();

/// Counts one user of PortAudio; the first one initialises it (under lock()). False when
/// PortAudio cannot be initialised (then the user must not call release()).
bool acquire();
/// Ends one acquire(); the last one terminates PortAudio.
void release();

/// Registers the closer of an open stream: re-initialisation calls it (under lock()) to close
/// the stream before PortAudio terminates. Returns a token for unregisterStream().
std::uint64_t registerStream(std::function<void()> closeForReinit);
/// Forgets a stream (it was closed by its owner); unknown tokens are ignored.
void unregisterStream(std::uint64_t token);

/// Closes every registered stream (each is told through its closer), then terminates and
/// initialises PortAudio again so its device list is fresh. Blocks while streams are open
/// elsewhere in lock(); no-op when nobody uses PortAudio. False when PortAudio could not be
/// initialised again (its users' opens then fail with that reason).
bool reinitialize();
/// How many re-initialisations really happened in this process (tests).
int reinitializations();

} // namespace iax::audio::portaudio
