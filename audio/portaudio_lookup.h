#pragma once
// Finding a device by its stable id in PortAudio's list (and the sound server's, for
// "PulseAudio:<name>" ids), for PortAudioDevice. Call with portaudio::lock() held (PortAudio's
// list may be re-initialised by another thread otherwise). Never throws.
#include "audio/pulse_devices.h"

#include <portaudio.h>

#include <string>
#include <vector>

namespace iax::audio::portaudio_lookup {

/// The stable id "<host API>:<device name>" of PortAudio device `i`.
std::string deviceId(PaDeviceIndex i);
/// The PortAudio device of `id` (an id, a bare name, "" = the default) with channels in the
/// direction; paNoDevice if none (always for a "PulseAudio:" id: those are opened with libpulse).
PaDeviceIndex findDevice(const std::string& id, bool input);
/// True when PortAudio or, for a "PulseAudio:" id, the sound server (`pulse`, as listed by
/// listPulseDevices; kPulseDefaultId whenever it lists a device of the direction) has the device.
bool available(const std::string& id, bool input, const std::vector<PulseDevice>& pulse);
/// The first of `preferences` available for the direction ("" = the default device when none is)
/// and, when that is not the first choice, a note in *note naming the preferred device missing.
std::string firstAvailable(
    const std::vector<std::string>& preferences, bool input, const std::vector<PulseDevice>& pulse, std::string* note);

} // namespace iax::audio::portaudio_lookup
