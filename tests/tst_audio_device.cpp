// Real sound devices: PortAudio → ALSA's pulse plugin → a private PulseAudio whose only sink is
// the null sink "spk" (default source: its monitor). Run under tests/scripts/with-pulse.sh
// (CTest does). Checks:
//  - devices are listed with stable "<host API>:<name>" ids and defaults;
//  - the full pipeline: an injector plays a DTMF 'A' burst into spk; a MediaSession captures it
//    from spk.monitor, encodes it, and its payloads come back to the same session 2 s later
//    (an echo peer), are decoded and played to spk — a recorder on the monitor hears the burst,
//    then again: the copy went capture → encode → decode → playout;
//  - switching the output device during a call keeps the audio going (Switched event);
//  - the card disappearing (the null sink unloaded with pactl, as on unplug) is detected, and
//    once a card is back the default device is reopened (Lost … FellBack) and audio heard again;
//  - that reopen, and openInBackground(), open on a helper thread: held there, clock() returns;
//  - the reopen takes the first fallback preference that exists (a missing one is named);
//  - a call on the default device follows a second sink that becomes the default, and comes
//    back when it is unloaded;
//  - on request (IAXPHONE_MEASURE_LATENCY=1), the click-in → click-out loop latency (issue 19).
#include "audio/media_session.h"
#include "audio/portaudio_device.h"
#include "audio/tone_generator.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <numbers>
#include <optional>
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
// Waits until the device's stream really flows (ALSA's pulse plugin can take seconds to start
// on a loaded machine): a captured frame arrives, and/or queued playback is consumed. The device
// is clocked as in a call, so a stream whose callback never comes (seen under load: a duplex
// stream stuck from the start) is reopened by the device's own watchdog after 4 s; what that
// reports is logged and taken, not left for the session. The 30 s only bound a device that
// never runs.
bool warmUp(PortAudioDevice& d, int timeoutMs = 30000)
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

private:
    // One pass of the pipeline test below: what the recorder heard of the copy, measured.
    struct PipelineResult {
        double at697 = 0;
        std::vector<std::pair<int, double>> neighbours; // (Hz, power) around 697 Hz
        unsigned long long recorderOverruns = 0; // frames the test's own recorder dropped
        bool isTheBurst() const
        {
            return std::all_of(
                neighbours.begin(), neighbours.end(), [&](const auto& n) { return at697 > 3 * n.second; });
        }
        QString text() const
        {
            QString t = QString("697 Hz %1").arg(at697, 0, 'g', 3);
            for (const auto& [hz, power] : neighbours)
                t += QString(", %1 Hz %2").arg(hz).arg(power, 0, 'g', 3);
            return t;
        }
    };
    void pipelineAttempt(PipelineResult& result)
    {
        PortAudioDevice dev, injector, recorder;
        auto st = dev.open("", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        st = injector.open("none", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        st = recorder.open("", "none", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        QVERIFY2(warmUp(dev), "the session's device does not run");
        QVERIFY2(warmUp(injector), "the injector does not run");
        QVERIFY2(warmUp(recorder), "the recorder does not run");
        // Buffers for a loaded machine, where the streams stall and catch up in lumps: 200 ms of
        // playback queued on the device (a late turn of this loop is no underrun) and at least
        // 300 ms in the jitter buffer (a lump of playout does not outrun the frames). This test is
        // about the path the audio takes, not about its latency.
        auto s = MediaSession::create(iax::core::Codec::Opus,
            { .echoCancellation = false,
                .noiseSuppression = false,
                .playoutQueueFrames = 10,
                .jitter = { .minDelayMs = 300, .maxDelayMs = 1000 } });
        s->setDevice(&dev);
        ToneGenerator burst(injector.rate(), 6000);
        // 697 + 1633 Hz for 0.28 s: with what warm-up left queued it fits the injector's playback
        // ring at once, so a late turn of this loop cannot cut it into pieces.
        burst.startDtmf('A', 280);
        std::vector<std::int16_t> f(size_t(injector.frameSamples())), heard;
        std::deque<std::pair<std::int64_t, OutgoingFrame>> echoLine; // the "peer": back after 2 s
        // The recorder hears the burst, then (the line holds it 2 s) its copy. The copy is what
        // is recorded once the line has given something back and the injector has played all of
        // the burst (on a loaded machine the burst itself may come in pieces over a second or
        // more): nothing before can have gone capture → encode → line → decode → playout. Run
        // until the recorder has heard the copy and then 1.5 s of audio without it (the streams'
        // latency under load is seconds, and pieces may come late). Counted in audio, not in
        // wall-clock time; 60 s is only the bound of a broken pipeline.
        const std::size_t window = size_t(recorder.rate() / 10);
        std::size_t scanned = 0; // 100 ms windows of `heard` looked at
        bool echoed = false; // the line has given a frame back
        std::optional<std::size_t> copyFrom; // the first window that can hold the copy
        std::optional<std::size_t> firstLoud, lastLoud; // windows with 1633 Hz: the first, the copy's last
        std::optional<std::int64_t> lineStart; // wall-clock time of media time 0
        const std::int64_t start = nowMs();
        for (std::int64_t t = start; t - start < 60000; t = nowMs()) {
            while (burst.active() && injector.playbackQueued() < injector.playbackCapacity()) {
                burst.generate(f);
                injector.writeFrame(f.data());
            }
            // What the line delivered by now goes in before the tick plays out, stamped with when
            // it arrived: a turn of this loop that comes late must not hold back frames that were
            // due meanwhile, or playout takes them for missing (and then drops them as late).
            while (!echoLine.empty() && echoLine.front().first <= t) {
                const OutgoingFrame& o = echoLine.front().second;
                s->pushReceived(o.payload, o.timestampMs, echoLine.front().first);
                echoLine.pop_front();
                echoed = true;
            }
            s->tick(t);
            // The line is a clean network: each frame arrives 2 s after its own media time (so
            // frames the capture handed over in one late lump arrive spread out, as sent).
            while (auto o = s->pullToSend()) {
                if (!lineStart)
                    lineStart = t - std::int64_t(o->timestampMs);
                echoLine.emplace_back(std::max(t, *lineStart + std::int64_t(o->timestampMs)) + 2000, std::move(*o));
            }
            drain(recorder, heard);
            if (!copyFrom && echoed && !burst.active() && injector.playbackQueued() == 0)
                copyFrom = heard.size() / window + 1;
            for (; (scanned + 1) * window <= heard.size(); ++scanned)
                if (goertzel(std::vector<std::int16_t>(
                                 heard.begin() + long(scanned * window), heard.begin() + long((scanned + 1) * window)),
                        1633, recorder.rate())
                    > 1e11) {
                    if (!firstLoud)
                        firstLoud = scanned;
                    if (copyFrom && scanned >= *copyFrom)
                        lastLoud = scanned;
                }
            if (lastLoud && scanned >= *lastLoud + 15)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto p = profile(heard, 1633, recorder.rate());
        const auto stats = s->stats();
        qInfo("1633 Hz per 100 ms (log10): %s", qPrintable(profileText(p)));
        qInfo("%lld ms; sent %llu, received %llu, lost %llu, late %llu, concealed %llu, delay %d ms; device "
              "underruns %llu overruns %llu; recorder overruns %llu",
            static_cast<long long>(nowMs() - start), static_cast<unsigned long long>(stats.framesSent),
            static_cast<unsigned long long>(stats.framesReceived), static_cast<unsigned long long>(stats.jitter.lost),
            static_cast<unsigned long long>(stats.jitter.late), static_cast<unsigned long long>(stats.jitter.concealed),
            stats.jitter.currentDelayMs, static_cast<unsigned long long>(stats.deviceUnderruns),
            static_cast<unsigned long long>(stats.deviceOverruns),
            static_cast<unsigned long long>(recorder.overruns()));
        QVERIFY2(firstLoud.has_value(), "the injected burst was not heard");
        QVERIFY2(lastLoud.has_value(), "the burst did not come back through the pipeline within 60 s");
        QVERIFY(*firstLoud < *copyFrom);
        const double peak = *std::max_element(p.begin() + long(*copyFrom), p.end());
        // The copy: the windows from where it can start that hold the burst's upper tone.
        std::size_t from = *copyFrom;
        while (p[from] < peak / 100)
            ++from;
        std::vector<std::int16_t> copy;
        for (std::size_t w = from; w < p.size(); ++w)
            if (p[w] >= peak / 100)
                copy.insert(copy.end(), heard.begin() + long(w * window), heard.begin() + long((w + 1) * window));
        result.at697 = goertzel(copy, 697, recorder.rate());
        for (int hz : { 600, 770, 852, 1000 })
            result.neighbours.emplace_back(hz, goertzel(copy, hz, recorder.rate()));
        result.recorderOverruns = recorder.overruns();
        qInfo("burst at %.1f s, the copy from %.1f s: %zu ms; %s", double(*firstLoud) / 10, double(from) / 10,
            copy.size() * 1000 / size_t(recorder.rate()), qPrintable(result.text()));
        QVERIFY(peak > 1e11);
    }

private slots:
    void fullPipelineThroughTheMonitor()
    {
        // The copy really is the burst: 697 Hz there too, at least 3 times (5 dB) the power at each
        // of its neighbours 600, 770, 852 and 1000 Hz. A wrong codec or rate moves the tone away
        // from 697 Hz (44.1 vs 48 kHz: 640 or 758 Hz; 8 vs 16 kHz: 348 or 1394 Hz), which takes
        // its power there down by orders of magnitude. (Not more than 3 times: on a loaded machine
        // the copy comes in pieces, concealment fills the gaps and the clicks at their edges
        // spread a little everywhere; seen: 4.8 to 6.5 times at 1000 Hz.)
        // The recorder is the test's instrument, not the product: when the test's own thread was
        // starved so long that the recorder's ring overflowed (seen with two busy loops on both
        // cores: 91 frames dropped, the copy in shreds), that measurement says nothing about the
        // pipeline and is taken again, at most three times. A wrong copy heard whole fails at once.
        for (int attempt = 1;; ++attempt) {
            PipelineResult r;
            pipelineAttempt(r);
            if (QTest::currentTestFailed())
                return;
            if (r.isTheBurst())
                return;
            if (r.recorderOverruns == 0 || attempt == 3)
                QVERIFY2(r.isTheBurst(),
                    qPrintable(QString("the copy is not the burst: %1, recorder overruns %2 (attempt %3)")
                                   .arg(r.text())
                                   .arg(r.recorderOverruns)
                                   .arg(attempt)));
            qWarning("attempt %d: the recorder dropped %llu frames (the test thread was starved); measuring again",
                attempt, r.recorderOverruns);
        }
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
        // Switch once the recorder has heard 1 s, then play until it has heard the tone in 1.5 s
        // of audio from 0.5 s after the switch on: counted in audio, as a loaded machine runs the
        // streams late; 60 s is only the bound of a switch that silences the call.
        const std::int64_t start = nowMs();
        const auto rate = size_t(recorder.rate());
        std::optional<size_t> switchedAt;
        const auto toneAfter = [&] { // in the last 1.5 s, all of it 0.5 s or more after the switch
            if (!switchedAt || heard.size() < *switchedAt + rate / 2 + rate * 3 / 2)
                return false;
            const std::vector<std::int16_t> after(heard.end() - long(rate * 3 / 2), heard.end());
            return goertzel(after, 620, recorder.rate()) > 1e12;
        };
        for (std::int64_t t = start; t - start < 60000 && !toneAfter(); t = nowMs()) {
            if (!switchedAt && heard.size() >= rate) {
                const auto st = dev.switchTo("none", other);
                QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
                switchedAt = heard.size();
            }
            s->tick(t);
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        // The switch is reported; on a loaded machine the device's watchdog may report a stream
        // it reopened as well (before or after), so the switch is looked for among the events.
        bool switched = false;
        while (auto e = s->pollDeviceEvent()) {
            qInfo("device event %d: %s (%s)", int(e->kind), e->detail.c_str(), dev.outputDeviceId().c_str());
            switched |= e->kind == DeviceEvent::Kind::Switched;
        }
        QVERIFY2(switched, "the switch was not reported");
        QVERIFY2(toneAfter(), "no tone after the switch");
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
        // Until the busy tone is heard in the last 1.5 s of audio (60 s bound a silent fallback).
        std::vector<std::int16_t> heard;
        const auto toneHeard = [&] {
            const auto span = size_t(recorder.rate()) * 3 / 2;
            return heard.size() >= span
                && goertzel(std::vector<std::int16_t>(heard.end() - long(span), heard.end()), 480, recorder.rate())
                > 1e12;
        };
        const std::int64_t start = nowMs();
        while (nowMs() - start < 60000 && !toneHeard()) {
            s->tick(nowMs());
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY2(toneHeard(), "no audio after the fallback");
    }

    void clickLoopLatencyOnTheNullSink_data()
    {
        QTest::addColumn<std::uint64_t>("format");
        QTest::addColumn<bool>("before"); // the sizing before issue 19: 60 ms queue, 20 ms jitter minimum
        QTest::newRow("opus") << std::uint64_t(iax::core::Codec::Opus) << false;
        QTest::newRow("opus-before") << std::uint64_t(iax::core::Codec::Opus) << true;
        QTest::newRow("ulaw") << std::uint64_t(iax::core::Codec::Ulaw) << false;
        QTest::newRow("ulaw-before") << std::uint64_t(iax::core::Codec::Ulaw) << true;
    }
    void clickLoopLatencyOnTheNullSink()
    {
        // Issue 19's real-device loop: a click is played into spk; a session with default
        // options (device queue from the device, jitter buffer from zero) captures spk.monitor,
        // its frames come straight back to it (a 0 ms network) and it plays them to spk — so the
        // monitor hears the click again, and again: each interval between two onsets is one pass
        // capture → encode → decode → playout through PulseAudio, what the peer would add to
        // ours. Printed with the session's own estimate and underruns (BENCHMARKS.md); the test
        // itself only requires that the click comes back (the machine's load decides the rest).
        // A measurement, run on request: IAXPHONE_MEASURE_LATENCY=1 (see BENCHMARKS.md).
        if (qEnvironmentVariableIsEmpty("IAXPHONE_MEASURE_LATENCY"))
            QSKIP("a measurement: set IAXPHONE_MEASURE_LATENCY=1 to run it");
        QFETCH(std::uint64_t, format);
        QFETCH(bool, before);
        PortAudioDevice dev, injector, recorder;
        QVERIFY(dev.open("", "", 48000).ok());
        QVERIFY(injector.open("none", "", 48000).ok());
        QVERIFY(recorder.open("", "none", 48000).ok());
        QVERIFY2(warmUp(dev) && warmUp(injector) && warmUp(recorder), "a stream does not run");
        MediaSession::Options o { .echoCancellation = false, .noiseSuppression = false };
        if (before) {
            o.playoutQueueFrames = 3;
            o.jitter.minDelayMs = 20;
        }
        auto s = MediaSession::create(format, o);
        s->setDevice(&dev);
        std::vector<std::int16_t> f(size_t(injector.frameSamples()), 0), heard;
        const std::int64_t start = nowMs();
        std::int64_t next = start;
        bool clicked = false;
        while (nowMs() - start < 4000) {
            const std::int64_t t = nowMs();
            if (!clicked && t - start >= 1000) {
                for (size_t i = 0; i < f.size(); ++i)
                    f[i] = std::int16_t(12000 * std::sin(2 * std::numbers::pi * 1000 * double(i) / injector.rate()));
                injector.writeFrame(f.data());
                clicked = true;
            }
            if (t >= next) {
                s->tick(t);
                while (auto o = s->pullToSend())
                    s->pushReceived(o->payload, o->timestampMs, t);
                next += 20;
                if (next < t - 100)
                    next = t; // the loop was starved: no burst of catch-up ticks
            }
            drain(recorder, heard);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        // Onsets: a loud sample after at least 15 ms of quiet.
        std::vector<std::size_t> onsets;
        const std::size_t quiet = size_t(recorder.rate() * 15 / 1000);
        std::size_t lastLoud = 0;
        bool any = false;
        for (std::size_t i = 0; i < heard.size(); ++i) {
            if (std::abs(int(heard[i])) < 3000)
                continue;
            if (!any || i - lastLoud > quiet)
                onsets.push_back(i);
            any = true;
            lastLoud = i;
        }
        QString intervals;
        for (std::size_t k = 1; k < onsets.size() && k <= 6; ++k)
            intervals += QString::number(double(onsets[k] - onsets[k - 1]) * 1000.0 / recorder.rate(), 'f', 1) + " ";
        const auto st = s->stats();
        qInfo("%s%s: click-to-click intervals (ms, first 6): %s; estimate %d ms (device latency %d ms, queue %d "
              "frames); playout underruns %llu, device underruns %llu",
            formatName(format).c_str(), before ? " (before)" : "", qPrintable(intervals), st.latencyMs,
            dev.hardwareLatencyMs(), st.playoutQueueFrames, static_cast<unsigned long long>(st.playoutUnderruns),
            static_cast<unsigned long long>(st.deviceUnderruns));
        QVERIFY2(onsets.size() >= 2, "the click did not come back through the session");
    }

    void callFollowsASecondSinkComingAndGoing()
    {
        // Hot-plug on Linux (issue 19): a call plays on the default device (ALSA's pulse plugin,
        // i.e. PulseAudio's default sink). A second card appears (null sink spk2) and becomes the
        // default: the call moves to it; the card is removed during the call: the call moves back
        // to spk — without dropping: no FallbackFailed, and the tone is heard on each card in
        // turn. Waits are bounded generously and end on what is observed, not on a timer; how
        // long the move back took is printed (goal: under 1 s).
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(warmUp(dev));
        auto s = MediaSession::create(iax::core::Codec::Ulaw);
        s->setDevice(&dev);
        s->playTone(Tone::Busy);
        std::vector<DeviceEvent> events;
        auto tick = [&] {
            s->tick(nowMs());
            while (auto e = s->pollDeviceEvent()) {
                qInfo("device event %d: %s", int(e->kind), e->detail.c_str());
                events.push_back(*e);
            }
        };
        auto runUntil = [&](auto done, int boundMs) {
            const std::int64_t start = nowMs();
            while (!done() && nowMs() - start < boundMs) {
                tick();
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            return done();
        };
        // The sink our stream (the only playback stream of this private server) plays to.
        auto sinkOfOurStream = [] {
            const QString sinks = pactl({ "list", "sinks", "short" });
            const QString inputs = pactl({ "list", "sink-inputs", "short" }).trimmed();
            const QStringList in = inputs.split('\t');
            if (inputs.isEmpty() || in.size() < 2)
                return QString();
            for (const QString& line : sinks.split('\n')) {
                const QStringList f = line.split('\t');
                if (f.size() >= 2 && f[0] == in[1])
                    return f[1];
            }
            return QString();
        };
        // 1.5 s of what a sink's monitor hears, recorded by parec while the call goes on.
        auto toneOn = [&](const QString& sink) {
            QProcess rec;
            rec.start("parec", { "-d", sink + ".monitor", "--format=s16le", "--rate=48000", "--channels=1", "--raw" });
            QByteArray pcm;
            const qsizetype want = 48000 * 2 * 3 / 2;
            runUntil(
                [&] {
                    rec.waitForReadyRead(0);
                    pcm += rec.readAllStandardOutput();
                    return pcm.size() >= want;
                },
                20000);
            rec.kill();
            rec.waitForFinished(2000);
            std::vector<std::int16_t> x(std::size_t(pcm.size() / 2));
            std::memcpy(x.data(), pcm.constData(), x.size() * 2);
            const double p = x.empty() ? 0 : goertzel(x, 480, 48000);
            qInfo("%s: %zu samples, 480 Hz power %.3g", qPrintable(sink), x.size(), p);
            return p > 1e12;
        };
        runUntil([] { return false; }, 300);
        QCOMPARE(sinkOfOurStream(), QString("spk"));
        QVERIFY(toneOn("spk"));

        const QString module = pactl({ "load-module", "module-null-sink", "sink_name=spk2", "rate=48000" }).trimmed();
        QVERIFY2(!module.isEmpty(), "pactl load-module failed");
        pactl({ "set-default-sink", "spk2" });
        QVERIFY2(runUntil([&] { return sinkOfOurStream() == "spk2"; }, 15000), "the call did not follow the new card");
        QVERIFY(toneOn("spk2"));

        const std::int64_t unplugged = nowMs();
        pactl({ "unload-module", module });
        const bool back = runUntil(
            [&] {
                return sinkOfOurStream() == "spk"
                    && !std::any_of(events.begin(), events.end(),
                        [](const DeviceEvent& e) { return e.kind == DeviceEvent::Kind::Lost; })
                    || std::any_of(events.begin(), events.end(),
                        [](const DeviceEvent& e) { return e.kind == DeviceEvent::Kind::FellBack; });
            },
            15000);
        qInfo("back on spk %lld ms after the unplug (%zu device events)", static_cast<long long>(nowMs() - unplugged),
            events.size());
        QVERIFY2(back, "the call did not move back to the remaining card");
        pactl({ "set-default-sink", "spk" });
        QVERIFY(toneOn("spk"));
        QVERIFY(std::none_of(events.begin(), events.end(),
            [](const DeviceEvent& e) { return e.kind == DeviceEvent::Kind::FallbackFailed; }));
    }

    void fallbackTakesTheFirstAvailablePreference()
    {
        // After a loss the device reopens the first preference that exists after re-enumerating
        // (a missing headset is skipped, with a notice naming it), not blindly the default.
        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok());
        QVERIFY(warmUp(dev));
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), QString("ALSA:default"));
        dev.setFallbackPreferences({}, { "ALSA:headset that was unplugged", "ALSA:pulse" });
        dev.simulateLoss();
        std::vector<DeviceEvent> events;
        const std::int64_t start = nowMs();
        while (nowMs() - start < 30000 && std::none_of(events.begin(), events.end(), [](const DeviceEvent& e) {
            return e.kind == DeviceEvent::Kind::FellBack || e.kind == DeviceEvent::Kind::FallbackFailed;
        })) {
            dev.clock(nowMs());
            while (auto e = dev.pollEvent()) {
                qInfo("device event %d: %s", int(e->kind), e->detail.c_str());
                events.push_back(*e);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY(!events.empty());
        QCOMPARE(events.back().kind, DeviceEvent::Kind::FellBack);
        QCOMPARE(QString::fromStdString(dev.outputDeviceId()), QString("ALSA:pulse"));
        QVERIFY2(events.back().detail.find("'ALSA:headset that was unplugged' is not available") != std::string::npos,
            events.back().detail.c_str());
        QVERIFY(warmUp(dev));
    }

    void reopenRunsOffTheMediaThread()
    {
        // The fallback reopen after a loss and openInBackground() open the stream on a helper
        // thread: while that open is held there, the media thread's clock() keeps returning and
        // the device stays closed; once it is let go, a later clock() takes the stream over.
        struct Gate {
            std::mutex m;
            std::condition_variable cv;
            bool open = false;
            std::vector<std::thread::id> openers;
            void enter()
            {
                std::unique_lock l(m);
                openers.push_back(std::this_thread::get_id());
                cv.notify_all();
                cv.wait(l, [this] { return open; });
            }
            bool waitEntered(std::size_t n)
            {
                std::unique_lock l(m);
                return cv.wait_for(l, std::chrono::seconds(30), [&] { return openers.size() >= n; });
            }
            void release(bool on)
            {
                const std::lock_guard l(m);
                open = on;
                cv.notify_all();
            }
            ~Gate() { release(true); }
        } gate;
        PortAudioDevice::setBackgroundOpenHookForTest([&gate] { gate.enter(); });
        struct Unhook {
            ~Unhook() { PortAudioDevice::setBackgroundOpenHookForTest({}); }
        } unhook;
        auto eventsOf = [](PortAudioDevice& d) {
            std::vector<DeviceEvent::Kind> out;
            while (auto e = d.pollEvent()) {
                qInfo("event %d: %s", int(e->kind), e->detail.c_str());
                out.push_back(e->kind);
            }
            return out;
        };
        auto clockUntilOpen = [](PortAudioDevice& d) {
            const std::int64_t start = nowMs();
            while (!d.isOpen() && nowMs() - start < 30000) {
                d.clock(nowMs());
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return d.isOpen();
        };

        PortAudioDevice dev;
        QVERIFY(dev.open("none", "", 48000).ok()); // open() itself is synchronous
        QVERIFY(gate.openers.empty());
        dev.simulateLoss();
        dev.clock(nowMs());
        QVERIFY(gate.waitEntered(1));
        QVERIFY(gate.openers[0] != std::this_thread::get_id());
        for (int i = 0; i < 20; ++i)
            dev.clock(nowMs()); // returns although the reopen is held
        QVERIFY(dev.opening());
        QVERIFY(!dev.isOpen());
        QCOMPARE(eventsOf(dev), std::vector<DeviceEvent::Kind> { DeviceEvent::Kind::Lost });
        gate.release(true);
        QVERIFY(clockUntilOpen(dev));
        QCOMPARE(eventsOf(dev), std::vector<DeviceEvent::Kind> { DeviceEvent::Kind::FellBack });
        QVERIFY(dev.hasOutput() && !dev.hasInput());
        QVERIFY(warmUp(dev));

        gate.release(false);
        dev.openInBackground("", "none", 48000);
        QVERIFY(gate.waitEntered(2));
        QVERIFY(gate.openers[1] != std::this_thread::get_id());
        dev.clock(nowMs());
        QVERIFY(!dev.isOpen() && dev.opening());
        gate.release(true);
        QVERIFY(clockUntilOpen(dev));
        QVERIFY(eventsOf(dev).empty()); // a background open that works is silent
        QVERIFY(dev.hasInput() && !dev.hasOutput());
        QVERIFY(warmUp(dev));

        dev.openInBackground("no-such-device", "none", 48000);
        const std::int64_t start = nowMs();
        std::vector<DeviceEvent::Kind> failed;
        while (failed.empty() && nowMs() - start < 30000) {
            dev.clock(nowMs());
            failed = eventsOf(dev);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        QCOMPARE(failed, std::vector<DeviceEvent::Kind> { DeviceEvent::Kind::OpenFailed });
        QVERIFY(!dev.isOpen() && !dev.opening());
    }
};

QTEST_GUILESS_MAIN(TestAudioDevice)
#include "tst_audio_device.moc"
