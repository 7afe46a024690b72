#include "audio/portaudio_lookup.h"

#include <algorithm>

namespace iax::audio::portaudio_lookup {

std::string deviceId(PaDeviceIndex i)
{
    const PaDeviceInfo* d = Pa_GetDeviceInfo(i);
    const PaHostApiInfo* h = d ? Pa_GetHostApiInfo(d->hostApi) : nullptr;
    return std::string(h ? h->name : "?") + ":" + (d ? d->name : "?");
}

PaDeviceIndex findDevice(const std::string& id, bool input)
{
    if (!pulseDeviceName(id).empty())
        return paNoDevice; // the sound server's device: opened with libpulse, not PortAudio
    if (id.empty())
        return input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
        const PaDeviceInfo* d = Pa_GetDeviceInfo(i);
        if (d && (input ? d->maxInputChannels : d->maxOutputChannels) > 0 && (deviceId(i) == id || d->name == id))
            return i;
    }
    return paNoDevice;
}

bool available(const std::string& id, bool input, const std::vector<PulseDevice>& pulse)
{
    if (pulseDeviceName(id).empty())
        return findDevice(id, input) != paNoDevice;
    // The server's default is there whenever the server answers (it listed something).
    return std::any_of(pulse.begin(), pulse.end(),
        [&](const PulseDevice& d) { return (d.id == id || id == kPulseDefaultId) && d.input == input; });
}

std::string firstAvailable(
    const std::vector<std::string>& preferences, bool input, const std::vector<PulseDevice>& pulse, std::string* note)
{
    for (const std::string& id : preferences) {
        if (id == "none" || available(id, input, pulse))
            return id;
        if (note && note->empty())
            *note = "'" + id + "' is not available";
    }
    return {};
}

} // namespace iax::audio::portaudio_lookup
