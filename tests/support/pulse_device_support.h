#pragma once
// Helpers of the tests on a real sound device (PortAudio → ALSA's pulse plugin → the private
// PulseAudio of tests/scripts/with-pulse.sh): the steady clock, draining a recorder, waiting for a
// stream to flow, and pactl.
#include "audio/media_session.h"
#include "audio/portaudio_device.h"
#include "audio/tone_generator.h"
#include "core/protocol/constants.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace iax::test {

/// The steady clock in ms.
inline std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Drains a capture-only device into `into`.
inline void drain(audio::PortAudioDevice& rec, std::vector<std::int16_t>& into)
{
    std::vector<std::int16_t> f(size_t(rec.frameSamples()));
    while (rec.readFrame(f.data()))
        into.insert(into.end(), f.begin(), f.end());
}

/// Waits until the device's stream really flows (ALSA's pulse plugin can take seconds to start
/// on a loaded machine): a captured frame arrives, and/or queued playback is consumed. The device
/// is clocked as in a call, so a stream whose callback never comes (seen under load: a duplex
/// stream stuck from the start) is reopened by the device's own watchdog after 4 s; what that
/// reports is logged and taken, not left for the session. The 30 s only bound a device that
/// never runs.
inline bool warmUp(audio::PortAudioDevice& d, int timeoutMs = 30000)
{
    std::vector<std::int16_t> f(size_t(d.frameSamples()), 0);
    bool in = !d.hasInput(), out = !d.hasOutput();
    const std::int64_t start = nowMs();
    while (!(in && out) && nowMs() - start < timeoutMs) {
        d.clock(nowMs());
        while (auto e = d.pollEvent())
            qInfo("warm-up: %s", e->detail.c_str());
        while (d.hasInput() && d.readFrame(f.data()))
            in = true;
        if (d.hasOutput()) {
            const size_t before = d.playbackQueued();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            out |= d.playbackQueued() < before;
            while (d.playbackQueued() < 2)
                d.writeFrame(f.data());
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    while (d.hasInput() && d.readFrame(f.data())) { }
    if (!(in && out))
        qWarning("no stream flow after %d ms: input %s, output %s", timeoutMs, in ? "flows" : "stuck",
            out ? "flows" : "stuck");
    return in && out;
}

/// Runs pactl with `args` (5 s at most) and returns what it printed.
inline QString pactl(const QStringList& args)
{
    QProcess p;
    p.start("pactl", args);
    p.waitForFinished(5000);
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}

/// A call's media on `device` playing the busy tone (µ-law), ticked on the steady clock; the
/// device events it reports are kept (and logged). Test thread only.
struct BusyToneCall {
    explicit BusyToneCall(audio::PortAudioDevice& device)
        : session(audio::MediaSession::create(core::Codec::Ulaw))
    {
        session->setDevice(&device);
        session->playTone(audio::Tone::Busy);
    }
    /// One media tick now; collects the device events.
    void tick()
    {
        session->tick(nowMs());
        while (auto e = session->pollDeviceEvent()) {
            qInfo("device event %d: %s", int(e->kind), e->detail.c_str());
            events.push_back(*e);
        }
    }
    /// Ticks every ~10 ms until `done()` or `boundMs` have passed; returns done().
    template<class Done> bool runUntil(Done done, int boundMs)
    {
        const std::int64_t start = nowMs();
        while (!done() && nowMs() - start < boundMs) {
            tick();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return done();
    }
    /// True when an event of kind `k` was reported.
    bool has(audio::DeviceEvent::Kind k) const
    {
        return std::any_of(events.begin(), events.end(), [k](const audio::DeviceEvent& e) { return e.kind == k; });
    }

    std::unique_ptr<audio::MediaSession> session;
    std::vector<audio::DeviceEvent> events;
};

} // namespace iax::test
