// PortAudioDevice, the part that opens off the media thread (split from portaudio_device.cpp by
// concept): background opens, the fallback after a loss, following a preferred device that
// appears, reopening after a PortAudio re-initialisation, and a chosen device missing at the
// start of a call. What each runs on is said in portaudio_device.h.
#include "audio/device_preference.h"
#include "audio/portaudio_device.h"
#include "audio/portaudio_lookup.h"
#include "audio/portaudio_stream.h"
#include "audio/pulse_devices.h"

#include <functional>
#include <future>
#include <mutex>

namespace iax::audio {

using namespace portaudio_lookup;

namespace {
constexpr std::int64_t kRetryMs = 2000; // fallback retry period while no device works
// How often a call that is not on its first preference looks for a better device (a list from
// the sound server and an open within a second of the plug-in, issue 19).
constexpr std::int64_t kFollowCheckMs = 300;

std::mutex g_hookMutex;
std::function<void()> g_backgroundOpenHook; // tests only

/// Runs the test hook, if any, on a background open's helper thread.
void runBackgroundOpenHook()
{
    std::function<void()> hook;
    {
        const std::lock_guard lock(g_hookMutex);
        hook = g_backgroundOpenHook;
    }
    if (hook)
        hook();
}

/// `first` ahead of `rest` (where it is not there already): the chosen device, then its preferences.
std::vector<std::string> withFirst(const std::string& first, const std::vector<std::string>& rest)
{
    std::vector<std::string> out { first };
    for (const std::string& id : rest)
        if (id != first)
            out.push_back(id);
    return out;
}
} // namespace

void PortAudioDevice::setBackgroundOpenHookForTest(std::function<void()> hook)
{
    const std::lock_guard lock(g_hookMutex);
    g_backgroundOpenHook = std::move(hook);
}

void PortAudioDevice::startBackgroundOpen(const std::string& inputId, const std::string& outputId, Purpose purpose)
{
    m_pendingPurpose = purpose;
    // At the start of a call a chosen device that is missing is no reason for silence: the rest of
    // its direction's preference list, then the default (issue 19), as after a loss.
    const bool fallBack = purpose == Purpose::Open;
    m_pending = std::async(std::launch::async,
        [init = m_paInitialized, inputId, outputId, rate = m_requestedRate, frameMs = m_frameMs, counters = &m_counters,
            fallBack, prefsIn = withFirst(inputId, m_preferredInputs),
            prefsOut = withFirst(outputId, m_preferredOutputs)] {
            runBackgroundOpenHook();
            Opened st = openStream(init, inputId, outputId, rate, frameMs, counters);
            if (st || !fallBack || st.error().code != "no-device")
                return st;
            return openPreferred(init, prefsIn, prefsOut, rate, frameMs, counters);
        });
}

void PortAudioDevice::takeBackgroundOpen(bool wait)
{
    if (!m_pending.valid())
        return;
    if (!wait && m_pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    Opened st = m_pending.get();
    if (st) {
        std::string note = std::move(st.value()->fallbackNote);
        if (m_pendingPurpose == Purpose::Follow && m_s)
            m_s->stop(); // the call leaves a working device for a preferred one
        adopt(std::move(st).value());
        if (m_pendingPurpose == Purpose::Follow) {
            m_needFallback = false; // a loss seen meanwhile is over: the new stream runs
            m_events.push_back({ DeviceEvent::Kind::Switched, std::move(note) });
        }
        if (m_pendingPurpose == Purpose::Fallback
            || (m_pendingPurpose == Purpose::Open && !note.empty())) { // Open: the chosen device was missing
            m_needFallback = false;
            m_events.push_back({ DeviceEvent::Kind::FellBack, std::move(note) });
        }
        return;
    }
    if (m_pendingPurpose == Purpose::Follow) { // nothing better; or the server moved the stream
        if (st.error().code == "gone" && !m_openGone)
            m_events.push_back({ DeviceEvent::Kind::FellBack,
                st.error().reason + " is gone: the sound server plays the call on its default device" });
        m_openGone = m_openGone || st.error().code == "gone";
        return;
    }
    if (m_pendingPurpose == Purpose::Resume) { // the devices went away while PortAudio re-initialised
        m_events.push_back(
            { DeviceEvent::Kind::Lost, "the sound device cannot be reopened (" + st.error().reason + ")" });
        m_needFallback = true;
        m_fallbackFailedReported = false;
        m_nextRetryMs = 0;
        return;
    }
    if (m_pendingPurpose == Purpose::Open) { // nothing in the preference list, nor the default, opens
        m_events.push_back(
            { DeviceEvent::Kind::OpenFailed, "the sound device cannot be opened (" + st.error().reason + ")" });
        return;
    }
    if (!m_fallbackFailedReported)
        m_events.push_back(
            { DeviceEvent::Kind::FallbackFailed, "the default sound device failed too: " + st.error().reason });
    m_fallbackFailedReported = true;
    m_nextRetryMs = steadyMs() + kRetryMs;
}

void PortAudioDevice::followPreferences()
{
    // A sound-server device is watched even as the first choice: when it goes away the server moves
    // the stream to its default device without a word to us (the stream does not always die), and
    // only the server's list tells (a fresh-clone run missed the notice 1 time in 2 without this).
    const bool followIn = m_hasInput && !m_inputId.empty() && m_inputId != "none"
        && (m_openGone || preferenceRank(m_preferredInputs, m_openInputId) > 0
            || !pulseDeviceName(m_openInputId).empty());
    const bool followOut = m_hasOutput && !m_outputId.empty() && m_outputId != "none"
        && (m_openGone || preferenceRank(m_preferredOutputs, m_openOutputId) > 0
            || !pulseDeviceName(m_openOutputId).empty());
    if ((!followIn && !followOut) || steadyMs() < m_nextFollowMs)
        return;
    m_nextFollowMs = steadyMs() + kFollowCheckMs;
    m_pendingPurpose = Purpose::Follow;
    m_pending = std::async(std::launch::async,
        [init = m_paInitialized, prefsIn = followIn ? m_preferredInputs : std::vector<std::string> {},
            prefsOut = followOut ? m_preferredOutputs : std::vector<std::string> {},
            openIn = m_hasInput ? m_openInputId : std::string("none"),
            openOut = m_hasOutput ? m_openOutputId : std::string("none"), gone = m_openGone, rate = m_requestedRate,
            frameMs = m_frameMs, counters = &m_counters]() -> Opened {
            const std::vector<PulseDevice> pulse = listPulseDevices(500);
            const std::lock_guard guard(portaudio::lock());
            // A sound-server device the stream is on that the server no longer lists: the server
            // moved the stream to its default device, so any preference is better.
            auto goneNow = [&](const std::string& id, bool input) {
                return !pulse.empty() && !pulseDeviceName(id).empty() && !available(id, input, pulse);
            };
            const bool inGone = goneNow(openIn, true), outGone = goneNow(openOut, false);
            const std::string in = betterPreference(
                prefsIn, openIn, gone || inGone, [&](const std::string& id) { return available(id, true, pulse); });
            const std::string out = betterPreference(
                prefsOut, openOut, gone || outGone, [&](const std::string& id) { return available(id, false, pulse); });
            if (in.empty() && out.empty())
                return core::makeError(inGone || outGone ? "gone" : "none",
                    describe(inGone ? openIn : std::string(), outGone ? openOut : std::string()));
            Opened st
                = openStream(init, in.empty() ? openIn : in, out.empty() ? openOut : out, rate, frameMs, counters);
            if (st)
                st.value()->fallbackNote = "switched to "
                    + describe(in.empty() ? std::string() : st.value()->inputId,
                        out.empty() ? std::string() : st.value()->outputId)
                    + ", preferred and available again";
            return st;
        });
}

void PortAudioDevice::resumeAfterReinit()
{
    const std::string in = m_hasInput ? m_openInputId : "none";
    const std::string out = m_hasOutput ? m_openOutputId : "none";
    m_s->stop(); // PortAudio closed it already; its rings stay until the reopened stream
    startBackgroundOpen(in, out, Purpose::Resume);
}

void PortAudioDevice::setFallbackPreferences(std::vector<std::string> inputs, std::vector<std::string> outputs)
{
    m_preferredInputs = std::move(inputs);
    m_preferredOutputs = std::move(outputs);
}

void PortAudioDevice::startFallback()
{
    // For the directions we had: the preferences, then the default device, off this thread.
    m_pendingPurpose = Purpose::Fallback;
    m_pending = std::async(std::launch::async,
        [init = m_paInitialized, in = m_hasInput ? m_preferredInputs : std::vector<std::string> { "none" },
            out = m_hasOutput ? m_preferredOutputs : std::vector<std::string> { "none" }, rate = m_requestedRate,
            frameMs = m_frameMs, counters = &m_counters]() -> Opened {
            runBackgroundOpenHook();
            return openPreferred(init, in, out, rate, frameMs, counters);
        });
}

PortAudioDevice::Opened PortAudioDevice::openPreferred(bool paInitialized, const std::vector<std::string>& inputs,
    const std::vector<std::string>& outputs, int rate, int frameMs, Counters* counters)
{
    const std::vector<PulseDevice> pulse = listPulseDevices();
    // Re-enumerate: PortAudio sees devices plugged in since only after a re-initialisation
    // (other users' streams, e.g. the ringer, are closed around it and reopen by themselves).
    if (paInitialized && !portaudio::reinitialize())
        return core::makeError("open-failed", "PortAudio could not be re-initialised");
    std::string note;
    const std::lock_guard guard(portaudio::lock());
    const std::string inputId = firstAvailable(inputs, true, pulse, &note);
    const std::string outputId = firstAvailable(outputs, false, pulse, &note);
    Opened st = openStream(paInitialized, inputId, outputId, rate, frameMs, counters);
    if (st) {
        const bool byDefault = (inputId.empty() || inputId == "none") && (outputId.empty() || outputId == "none");
        const std::string opened = describe(st.value()->inputId, st.value()->outputId);
        st.value()->fallbackNote = "switched to " + (byDefault ? "the default device (" + opened + ")" : opened)
            + (note.empty() ? "" : " (" + note + ")");
    }
    return st;
}

} // namespace iax::audio
