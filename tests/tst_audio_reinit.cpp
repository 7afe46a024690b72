// PortAudio's re-initialisation against other users of PortAudio (issue 19), on a real sound
// device (PortAudio → ALSA's pulse plugin → the private PulseAudio of tests/scripts/with-pulse.sh):
//  - a call's fallback after a loss re-enumerates even while the ringer plays (PortAudio's list is
//    only fresh after a real re-initialisation), finds a device that appeared since (an ALSA PCM
//    written to ~/.asoundrc, as a plugged-in card appears), and the ringer goes on playing;
//  - re-initialisations from another thread while the ringer is clocked and fed on this one
//    leave the ringer playing (the ASan build of this test checks the memory side).
#include "audio/portaudio_device.h"
#include "audio/portaudio_system.h"
#include "support/pulse_device_support.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <thread>

using namespace iax::audio;
using namespace iax::test; // nowMs, warmUp

namespace {
/// Clocks `d` and keeps two frames queued, as the ringer's timer does; collects its events.
void ringTick(PortAudioDevice& d, std::vector<std::int16_t>& frame, std::vector<DeviceEvent>* events)
{
    d.clock(nowMs());
    while (auto e = d.pollEvent()) {
        qInfo("ringer event %d: %s", int(e->kind), e->detail.c_str());
        if (events)
            events->push_back(*e);
    }
    while (d.playbackQueued() < 2 && d.writeFrame(frame.data())) { }
}

/// Goes on ringing until the ringer's stream, closed by a re-initialisation, is open again (30 s
/// at most) and flows; true then.
bool resumed(PortAudioDevice& ringer, std::vector<std::int16_t>& frame, std::vector<DeviceEvent>& events)
{
    const std::int64_t start = nowMs();
    while ((ringer.opening() || !ringer.isOpen()) && nowMs() - start < 30000) {
        ringTick(ringer, frame, &events);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return ringer.isOpen() && warmUp(ringer);
}

/// Defines the ALSA PCM `name` (PulseAudio's default sink) in ~/.asoundrc (HOME is with-pulse.sh's).
bool addAlsaDevice(const QString& name)
{
    QFile f(QDir::homePath() + "/.asoundrc");
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    f.write(
        QString("pcm.%1 {\n  type pulse\n  hint { show on\n description \"test headset\" }\n}\n").arg(name).toUtf8());
    return true;
}
} // namespace

class TestAudioReinit : public QObject {
    Q_OBJECT
private slots:
    void fallbackFindsANewDeviceWhileTheRingerPlays()
    {
        PortAudioDevice ringer, call;
        QVERIFY(ringer.open("none", "", 48000).ok());
        QVERIFY(call.open("none", "", 48000).ok());
        QVERIFY(warmUp(ringer) && warmUp(call));
        QVERIFY(addAlsaDevice("iaxtestheadset"));
        call.setFallbackPreferences({}, { "ALSA:iaxtestheadset" });
        call.simulateLoss();
        std::vector<std::int16_t> frame(std::size_t(ringer.frameSamples()), 1000);
        std::vector<DeviceEvent> callEvents, ringerEvents;
        const std::int64_t start = nowMs();
        auto ended = [&] {
            return std::any_of(callEvents.begin(), callEvents.end(), [](const DeviceEvent& e) {
                return e.kind == DeviceEvent::Kind::FellBack || e.kind == DeviceEvent::Kind::FallbackFailed;
            });
        };
        while (!ended() && nowMs() - start < 30000) {
            ringTick(ringer, frame, &ringerEvents);
            call.clock(nowMs());
            while (auto e = call.pollEvent()) {
                qInfo("call event %d: %s", int(e->kind), e->detail.c_str());
                callEvents.push_back(*e);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY(ended());
        QCOMPARE(callEvents.back().kind, DeviceEvent::Kind::FellBack);
        QCOMPARE(QString::fromStdString(call.outputDeviceId()), QString("ALSA:iaxtestheadset"));
        // The ringer was closed around the re-initialisation and reopened by itself, silently.
        QVERIFY(resumed(ringer, frame, ringerEvents));
        QVERIFY(warmUp(call));
        QVERIFY2(ringerEvents.empty(), ringerEvents.empty() ? "" : ringerEvents.front().detail.c_str());
    }

    void reinitialisationsWhileTheRingerPlays()
    {
        PortAudioDevice ringer;
        QVERIFY(ringer.open("none", "", 48000).ok());
        QVERIFY(warmUp(ringer));
        const int before = portaudio::reinitializations();
        std::atomic<bool> done { false };
        std::thread other([&] {
            for (int i = 0; i < 5; ++i) {
                portaudio::reinitialize();
                std::this_thread::sleep_for(std::chrono::milliseconds(150));
            }
            done = true;
        });
        std::vector<std::int16_t> frame(std::size_t(ringer.frameSamples()), 1000);
        std::vector<DeviceEvent> events;
        while (!done) {
            ringTick(ringer, frame, &events);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        other.join();
        QCOMPARE(portaudio::reinitializations() - before, 5);
        QVERIFY(resumed(ringer, frame, events));
        QVERIFY2(events.empty(), events.empty() ? "" : events.front().detail.c_str());
    }
};

QTEST_GUILESS_MAIN(TestAudioReinit)
#include "tst_audio_reinit.moc"
