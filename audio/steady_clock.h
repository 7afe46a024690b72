#pragma once
// The steady clock as plain integers, for the audio threads: vDSO reads, no system call, so a
// real-time callback or libpulse's mainloop may call them. Any thread.
#include <chrono>
#include <cstdint>

namespace iax::audio {

/// The steady clock in ms (the watchdog and retry timers; the card runs on its own clock).
inline std::int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// The steady clock in µs.
inline std::int64_t steadyUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace iax::audio
