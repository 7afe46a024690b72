#include "audio/portaudio_system.h"

#include <portaudio.h>

#include <map>

namespace iax::audio::portaudio {

namespace {
struct State {
    std::recursive_mutex mutex;
    int users = 0;
    bool initialized = false; // PortAudio's own count is 0 or 1: we are its only caller
    std::uint64_t nextToken = 1;
    std::map<std::uint64_t, std::function<void()>> streams;
    int reinits = 0;
};

State& state()
{
    static State s;
    return s;
}
} // namespace

std::recursive_mutex& lock()
{
    return state().mutex;
}

bool acquire()
{
    State& s = state();
    const std::lock_guard guard(s.mutex);
    if (!s.initialized)
        s.initialized = Pa_Initialize() == paNoError;
    if (!s.initialized)
        return false;
    ++s.users;
    return true;
}

void release()
{
    State& s = state();
    const std::lock_guard guard(s.mutex);
    if (s.users == 0 || --s.users > 0)
        return;
    if (s.initialized)
        Pa_Terminate();
    s.initialized = false;
}

std::uint64_t registerStream(std::function<void()> closeForReinit)
{
    State& s = state();
    const std::lock_guard guard(s.mutex);
    const std::uint64_t token = s.nextToken++;
    s.streams.emplace(token, std::move(closeForReinit));
    return token;
}

void unregisterStream(std::uint64_t token)
{
    State& s = state();
    const std::lock_guard guard(s.mutex);
    s.streams.erase(token);
}

bool reinitialize()
{
    State& s = state();
    const std::lock_guard guard(s.mutex);
    if (s.users == 0)
        return true;
    // Every stream is closed by its closer before PortAudio would close it under its owner.
    auto streams = std::move(s.streams);
    s.streams.clear();
    for (auto& [token, close] : streams)
        close();
    if (s.initialized)
        Pa_Terminate();
    s.initialized = Pa_Initialize() == paNoError;
    ++s.reinits;
    return s.initialized;
}

int reinitializations()
{
    State& s = state();
    const std::lock_guard guard(s.mutex);
    return s.reinits;
}

} // namespace iax::audio::portaudio
