// Real sound devices: PortAudio → ALSA's pulse plugin → a private PulseAudio whose only sink is
// the null sink "spk" (default source: its monitor). Run under tests/scripts/with-pulse.sh
// (CTest does). Checks:
//  - devices are listed with stable "<host API>:<name>" ids and defaults;
//  - the full pipeline: an injector plays a 1 kHz burst into spk; a MediaSession captures it
//    from spk.monitor, encodes it, and its payloads come back to the same session 2 s later
//    (an echo peer), are decoded and played to spk — a recorder on the monitor hears the burst
//    twice, with silence between: the second copy went capture → encode → decode → playout;
//  - switching the output device during a call keeps the audio going (Switched event);
//  - the card disappearing (the null sink unloaded with pactl, as on unplug) is detected, and
//    once a card is back the default device is reopened (Lost … FellBack) and audio heard again.
#include "audio/media_session.h"
#include "audio/portaudio_device.h"
#include "audio/tone_generator.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QProcess>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <deque>
#include <numbers>
#include <thread>

using namespace iax::audio;
using iax::test::goertzel;

namespace {
std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
// Power of `f` in consecutive 100 ms windows.
std::vector<double> profile(const std::vector<std::int16_t>& x, double f, int rate)
{
    std::vector<double> out;
    const size_t w = size_t(rate / 10);
    for (size_t at = 0; at + w <= x.size(); at += w)
        out.push_back(goertzel(std::vector<std::int16_t>(x.begin() + long(at), x.begin() + long(at + w)), f, rate));
    return out;
}
QString profileText(const std::vector<double>& p)
{
    QString s;
    for (double v : p)
        s += QString::number(v > 0 ? int(std::log10(std::max(v, 1.0))) : 0);
    return s;
}
// Drains a capture-only device into `into`.
void drain(PortAudioDevice& rec, std::vector<std::int16_t>& into)
{
    std::vector<std::int16_t> f(size_t(rec.frameSamples()));
    while (rec.readFrame(f.data()))
        into.insert(into.end(), f.begin(), f.end());
}
// Waits until the device's stream really flows (ALSA's pulse plugin can take a second or two
// to start under load): a captured frame arrives, and/or queued playback is consumed.
bool warmUp(PortAudioDevice& d, int timeoutMs = 8000)
{
    std::vector<std::int16_t> f(size_t(d.frameSamples()), 0);
    bool in = !d.hasInput(), out = !d.hasOutput();
    const std::int64_t start = nowMs();
    while (!(in && out) && nowMs() - start < timeoutMs) {
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
    return in && out;
}
QString pactl(const QStringList& args)
{
    QProcess p;
    p.start("pactl", args);
    p.waitForFinished(5000);
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}
} // namespace

class TestAudioDevice : public QObject {
    Q_OBJECT
private slots:
    void listsDevices()
    {
        const auto devices = PortAudioDevice::list();
        QVERIFY2(!devices.empty(), "PortAudio sees no device: is PulseAudio running (tests/scripts/with-pulse.sh)?");
        bool in = false, out = false;
        for (const auto& d : devices) {
            QVERIFY(d.id.find(':') != std::string::npos);
            QVERIFY(d.id.ends_with(d.name));
            in |= d.isDefaultInput;
            out |= d.isDefaultOutput;
        }
        QVERIFY(in && out);
        // Ids are stable: listing again gives the same ids.
        const auto again = PortAudioDevice::list();
        QCOMPARE(again.size(), devices.size());
        for (size_t i = 0; i < devices.size(); ++i)
            QCOMPARE(again[i].id, devices[i].id);
        PortAudioDevice dev;
        const auto st = dev.open("no such device", "");
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, std::string("no-device"));
    }

    void fullPipelineThroughTheMonitor()
    {
        PortAudioDevice dev, injector, recorder;
        auto st = dev.open("", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        st = injector.open("none", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        st = recorder.open("", "none", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        QVERIFY(warmUp(dev) && warmUp(injector) && warmUp(recorder));
        auto s = MediaSession::create(iax::core::Codec::Opus, { .echoCancellation = false, .noiseSuppression = false });
        s->setDevice(&dev);
        ToneGenerator burst(injector.rate(), 6000);
        burst.startDtmf('A', 600); // 697 + 1633 Hz for 0.6 s
        std::vector<std::int16_t> f(size_t(injector.frameSamples())), heard;
        std::deque<std::pair<std::int64_t, OutgoingFrame>> echoLine; // the "peer": back after 2 s
        const std::int64_t start = nowMs();
        for (std::int64_t t = start; t - start < 3800; t = nowMs()) {
            while (burst.active() && injector.playbackQueued() < 4) {
                burst.generate(f);
                injector.writeFrame(f.data());
            }
            s->tick(t);
            while (auto o = s->pullToSend())
                echoLine.emplace_back(t + 2000, std::move(*o));
            while (!echoLine.empty() && echoLine.front().first <= t) {
                s->pushReceived(echoLine.front().second.payload, echoLine.front().second.timestampMs, t);
                echoLine.pop_front();
            }
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto p = profile(heard, 1633, recorder.rate());
        const auto stats = s->stats();
        qInfo("1633 Hz per 100 ms (log10): %s", qPrintable(profileText(p)));
        qInfo("sent %llu, received %llu, lost %llu, late %llu, device underruns %llu overruns %llu",
            static_cast<unsigned long long>(stats.framesSent), static_cast<unsigned long long>(stats.framesReceived),
            static_cast<unsigned long long>(stats.jitter.lost), static_cast<unsigned long long>(stats.jitter.late),
            static_cast<unsigned long long>(stats.deviceUnderruns), static_cast<unsigned long long>(stats.deviceOverruns));
        QVERIFY2(heard.size() > size_t(recorder.rate() * 3), "the recorder captured less than 3 s");
        QVERIFY(stats.framesSent > 150);
        const double peak = *std::max_element(p.begin(), p.end());
        QVERIFY2(peak > 1e11, qPrintable(QString::number(peak)));
        // First burst (direct), then a quiet gap, then the burst again (through the pipeline).
        size_t first = 0;
        while (first < p.size() && p[first] < peak / 100)
            ++first;
        size_t gap = first;
        while (gap < p.size() && p[gap] >= peak / 1000)
            ++gap;
        size_t second = gap;
        while (second < p.size() && p[second] < peak / 100)
            ++second;
        QVERIFY2(gap < p.size() && second < p.size(), qPrintable(profileText(p)));
        const double spacing = double(second - first) / 10.0;
        qInfo("burst at %.1f s, again at %.1f s: %.1f s later (2 s echo delay + pipeline)", double(first) / 10,
            double(second) / 10, spacing);
        QVERIFY2(spacing >= 1.9 && spacing <= 2.8, qPrintable(QString::number(spacing)));
        // The copy really is the burst: 697 Hz there too, and not some other tone.
        const std::vector<std::int16_t> copy(heard.begin() + long((second + 2) * size_t(recorder.rate() / 10)),
            heard.begin() + long((second + 5) * size_t(recorder.rate() / 10)));
        QVERIFY(goertzel(copy, 697, recorder.rate()) > 100 * goertzel(copy, 1000, recorder.rate()));
    }

    void switchOutputDuringACall()
    {
        const auto devices = PortAudioDevice::list();
        std::string other;
        for (const auto& d : devices)
            if (d.maxOutputs > 0 && !d.isDefaultOutput && d.id.find("pulse") != std::string::npos)
                other = d.id;
        if (other.empty())
            for (const auto& d : devices)
                if (d.maxOutputs > 0 && d.isDefaultOutput)
                    other = d.id;
        PortAudioDevice dev, recorder;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(recorder.open("", "none", 48000).ok());
        QVERIFY(warmUp(dev) && warmUp(recorder));
        auto s = MediaSession::create(iax::core::Codec::Alaw);
        s->setDevice(&dev);
        s->playTone(Tone::Congestion); // 480 + 620 Hz, 250 ms on/off
        std::vector<std::int16_t> heard;
        const std::int64_t start = nowMs();
        bool switched = false;
        size_t switchedAt = 0;
        for (std::int64_t t = start; t - start < 3000; t = nowMs()) {
            if (!switched && t - start > 1000) {
                const auto st = dev.switchTo("none", other);
                QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
                switched = true;
                switchedAt = heard.size();
            }
            s->tick(t);
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        auto e = s->pollDeviceEvent();
        QVERIFY(e && e->kind == DeviceEvent::Kind::Switched);
        qInfo("%s (%s)", e->detail.c_str(), dev.outputDeviceId().c_str());
        const std::vector<std::int16_t> after(heard.begin() + long(switchedAt) + recorder.rate() / 2, heard.end());
        QVERIFY2(goertzel(after, 620, recorder.rate()) > 1e12, "no tone after the switch");
    }

    void lostDeviceFallsBackToTheDefault()
    {
        // The sound card is unplugged: the null sink (our only card) is unloaded while a call
        // plays. The loss must be reported; the default device cannot open while there is no
        // card (FallbackFailed); once a card is back (the sink reloaded), the retry reopens the
        // default device (FellBack) and the call is heard again, without touching the session.
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(warmUp(dev));
        auto s = MediaSession::create(iax::core::Codec::Ulaw);
        s->setDevice(&dev);
        s->playTone(Tone::Busy);
        std::vector<DeviceEvent> events;
        auto runUntil = [&](auto done, int ms) {
            const std::int64_t start = nowMs();
            while (!done() && nowMs() - start < ms) {
                s->tick(nowMs());
                while (auto e = s->pollDeviceEvent()) {
                    qInfo("device event %d: %s", int(e->kind), e->detail.c_str());
                    events.push_back(*e);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        };
        auto has = [&](DeviceEvent::Kind k) {
            return std::any_of(events.begin(), events.end(), [k](const DeviceEvent& e) { return e.kind == k; });
        };
        runUntil([] { return false; }, 500);
        QVERIFY(events.empty());
        pactl({ "unload-module", "module-null-sink" });
        runUntil([&] { return has(DeviceEvent::Kind::Lost); }, 8000);
        QVERIFY2(has(DeviceEvent::Kind::Lost), "the unplug was not detected");
        pactl({ "load-module", "module-null-sink", "sink_name=spk", "rate=48000" });
        pactl({ "set-default-sink", "spk" });
        pactl({ "set-default-source", "spk.monitor" });
        runUntil([&] { return has(DeviceEvent::Kind::FellBack); }, 8000);
        QVERIFY2(has(DeviceEvent::Kind::FellBack), "no fallback to the default device");
        QCOMPARE(events.front().kind, DeviceEvent::Kind::Lost);
        // The call is heard on the new card.
        PortAudioDevice recorder;
        QVERIFY(recorder.open("", "none", 48000).ok());
        QVERIFY(warmUp(recorder));
        std::vector<std::int16_t> heard;
        const std::int64_t start = nowMs();
        while (nowMs() - start < 1500) {
            s->tick(nowMs());
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY2(goertzel(heard, 480, recorder.rate()) > 1e12, "no audio after the fallback");
    }
};

QTEST_GUILESS_MAIN(TestAudioDevice)
#include "tst_audio_device.moc"
