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
        return findDevice("pulse", input); // opened through ALSA's pulse plugin (usePulseDevice)
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
    if (findDevice(id, input) == paNoDevice)
        return false;
    return pulseDeviceName(id).empty() || std::any_of(pulse.begin(), pulse.end(), [&](const PulseDevice& d) {
        return d.id == id && d.input == input;
    });
}

void usePulseDevice(const std::string& id, PaStreamParameters& p, PaAlsaStreamInfo& info, std::string& pcm)
{
    const std::string name = pulseDeviceName(id);
    if (name.empty() || p.device == paNoDevice)
        return;
    pcm = "pulse:\"" + name + "\"";
    PaAlsa_InitializeStreamInfo(&info);
    info.deviceString = pcm.c_str();
    p.device = paUseHostApiSpecificDeviceSpecification;
    p.hostApiSpecificStreamInfo = &info;
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
