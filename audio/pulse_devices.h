#pragma once
// The sinks and sources of the PulseAudio server (or PipeWire's pulse server) the process would
// play to, asked through libpulse (issue 19): PortAudio on Linux reaches them only through ALSA's
// "pulse" device and never lists them, and its own list is frozen until re-initialised, while
// this list is fresh on every call — how a call finds a headset plugged in during it. A device id
// is "PulseAudio:<sink or source name>"; PortAudioDevice opens it with libpulse (pulse_stream.h).
// Any thread; no state is kept between calls.
#include <string>
#include <vector>

namespace iax::audio {

/// One sink (output) or source (input) of the sound server.
struct PulseDevice {
    std::string id; ///< "PulseAudio:<name>"
    std::string name; ///< the server's name of the sink or source (e.g. "alsa_output.usb-…")
    std::string description; ///< what the server shows the user
    bool input = false; ///< a source (true) or a sink (false)
};

/// The prefix of the ids of sound-server devices.
inline constexpr const char* kPulseIdPrefix = "PulseAudio:";
/// The id of the server's default sink or source as opened (a stream on it follows the server's
/// default device); never listed by listPulseDevices().
inline constexpr const char* kPulseDefaultId = "PulseAudio:default";

/// The server's sinks and sources; empty when no server answers within `timeoutMs` (blocks up to
/// that long; typically a few ms). Never throws.
std::vector<PulseDevice> listPulseDevices(int timeoutMs = 1000);

/// The server's name inside a "PulseAudio:<name>" id, or "" when `id` is not one.
std::string pulseDeviceName(const std::string& id);
/// The sink or source name to connect a stream to for `id`: "" (the server's default) for "" and
/// kPulseDefaultId, else pulseDeviceName(id).
std::string pulseStreamTarget(const std::string& id);

} // namespace iax::audio
