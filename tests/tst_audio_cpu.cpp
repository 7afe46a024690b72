// The CPU savings of issue 19 keep the audio as it was: the echo canceller's far-end-silence gate
// skips it only where no echo can arrive (it still removes a simulated echo before, between and
// after far-end silences, and passes the microphone unchanged while skipped), the echo canceller
// runs only where an echo path may exist (speakers, unknown devices; not headsets — unless the
// user says so) and follows a device change mid-call, and the Opus complexity governor settles
// where the measured encode cost fits the budget (modelled machines, no clock).
#include "audio/echo_canceller.h"
#include "audio/echo_policy.h"
#include "audio/fake_device.h"
#include "audio/media_session.h"
#include "audio/opus_codec.h"
#include "audio/opus_complexity.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <random>

using namespace iax::audio;
namespace Codec = iax::core::Codec;
using iax::test::energy;

namespace {

// A far end that talks (white noise) and pauses, heard back by the microphone through a 30 ms +
// 45 ms echo path, plus a quiet near-end talker only while the far end pauses.
struct EchoRoom {
    static constexpr int kRate = 16000, kN = kRate / 50;
    std::mt19937 rng { 5 };
    std::normal_distribution<double> far { 0, 3000 };
    std::normal_distribution<double> near { 0, 300 };
    std::vector<std::int16_t> farHistory;

    // One 20 ms step: returns the microphone frame (echo + near end) for a far-end frame that
    // is noise (`talking`) or silence; `farOut` gets the far-end frame.
    std::vector<std::int16_t> step(bool talking, bool nearTalking, std::vector<std::int16_t>& farOut)
    {
        farOut.assign(kN, 0);
        if (talking)
            for (auto& s : farOut)
                s = std::int16_t(std::clamp(far(rng), -32000.0, 32000.0));
        farHistory.insert(farHistory.end(), farOut.begin(), farOut.end());
        std::vector<std::int16_t> mic(kN);
        for (int i = 0; i < kN; ++i) {
            const long at = long(farHistory.size()) - kN + i;
            const double d1 = at - kRate * 30 / 1000 >= 0 ? farHistory[size_t(at - kRate * 30 / 1000)] : 0;
            const double d2 = at - kRate * 45 / 1000 >= 0 ? farHistory[size_t(at - kRate * 45 / 1000)] : 0;
            mic[size_t(i)] = std::int16_t(0.5 * d1 + 0.2 * d2 + (nearTalking ? near(rng) : 0));
        }
        return mic;
    }
};

// Encode cost per frame of a modelled machine at each complexity: the reference machine's
// measurement (BENCHMARKS.md, 32 kbit/s) scaled by `speed` (2 = twice as slow).
double modelledEncodeUs(int complexity, double speed)
{
    static constexpr double kReference[11] = { 62, 66, 127, 136, 160, 165, 223, 241, 315, 316, 315 };
    return kReference[std::clamp(complexity, 0, 10)] * speed;
}

int settle(double speed)
{
    OpusComplexityGovernor g;
    for (int frame = 0; frame < 100 * OpusComplexityGovernor::kWindowFrames; ++frame)
        g.record(modelledEncodeUs(g.complexity(), speed));
    return g.complexity();
}
} // namespace

class TestAudioCpu : public QObject {
    Q_OBJECT
private slots:
    void echoGateSkipsOnlyWhereNoEchoCanArrive()
    {
        // 3 s far-end talk, 2 s pause (the near end talks), 3 s talk. 200 ms tail = 10 frames.
        EchoCanceller aec(EchoRoom::kRate, 200, 0);
        aec.setNoiseSuppression(false);
        EchoRoom room;
        std::vector<std::int16_t> far;
        double echoAfter = 0, outAfter = 0, echoFirst = 0, outFirst = 0;
        int passedUnchanged = 0, pauseFrames = 0;
        std::uint64_t gatedInTalk = 0;
        for (int f = 0; f < 400; ++f) {
            const bool talking = f < 150 || f >= 250;
            auto mic = room.step(talking, !talking, far);
            const auto in = mic;
            const std::uint64_t gatedBefore = aec.gatedFrames();
            aec.playback(far);
            aec.capture(mic);
            const bool gated = aec.gatedFrames() > gatedBefore;
            if (talking && f > 0 && gated)
                ++gatedInTalk;
            if (!talking) {
                ++pauseFrames;
                passedUnchanged += gated && mic == in ? 1 : 0;
            }
            if (f >= 100 && f < 150) {
                echoFirst += energy(in);
                outFirst += energy(mic);
            }
            if (f >= 250 && f < 275) { // the first half second after the pause
                echoAfter += energy(in);
                outAfter += energy(mic);
            }
        }
        const double erleFirst = 10 * std::log10(echoFirst / std::max(outFirst, 1.0));
        const double erleAfter = 10 * std::log10(echoAfter / std::max(outAfter, 1.0));
        qInfo("ERLE before the pause %.1f dB, in the first 0.5 s after it %.1f dB; %d of %d pause frames gated",
            erleFirst, erleAfter, passedUnchanged, pauseFrames);
        QVERIFY2(erleFirst > 15, qPrintable(QString::number(erleFirst)));
        QVERIFY2(erleAfter > 15, qPrintable(QString::number(erleAfter)));
        QCOMPARE(gatedInTalk, std::uint64_t(0));
        // Gated (and passed through untouched) from the 11th silent reference frame on; the
        // echo of the last talk frame (45 ms) lies well inside the 10 frames still cancelled.
        QCOMPARE(passedUnchanged, pauseFrames - 10);
        QCOMPARE(aec.gatedFrames(), std::uint64_t(pauseFrames - 10));
    }

    void echoGateNeedsRealSilence()
    {
        // A quiet far end (peaks just above the silence threshold) is still cancelled.
        EchoCanceller aec(16000, 200, 0);
        std::vector<std::int16_t> far(320, std::int16_t(EchoCanceller::kSilentPeak + 1)), mic(320, 0);
        for (int f = 0; f < 50; ++f) {
            far[size_t(f % 320)] = std::int16_t(-far[size_t(f % 320)]);
            aec.playback(far);
            aec.capture(mic);
        }
        QCOMPARE(aec.gatedFrames(), std::uint64_t(0));
        // Off: never counted as gated.
        EchoCanceller off(16000, 200, 0);
        off.setEchoCancellation(false);
        std::vector<std::int16_t> silence(320, 0);
        for (int f = 0; f < 50; ++f) {
            off.playback(silence);
            off.capture(mic);
        }
        QCOMPARE(off.gatedFrames(), std::uint64_t(0));
    }

    void headsetNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("headset");
        QTest::newRow("usb headset") << "ALSA:Logitech USB Headset: Audio (hw:1,0)" << true;
        QTest::newRow("headphones jack") << "ALSA:HDA Intel PCH: Headphones (hw:0,0)" << true;
        QTest::newRow("bluetooth hfp") << "bluez_sink.00_1B_66.headset_head_unit" << true;
        QTest::newRow("airpods") << "Core Audio:Jane's AirPods Pro" << true;
        QTest::newRow("earbuds") << "MME:Galaxy Buds Earbuds" << true;
        QTest::newRow("case") << "HEADSET" << true;
        QTest::newRow("speakerphone") << "ALSA:Jabra Speak 510 Headset Speakerphone" << false;
        QTest::newRow("speaker/headphone jack") << "MME:Speakers/Headphones (Realtek Audio)" << false;
        QTest::newRow("laptop speakers") << "ALSA:HDA Intel PCH: ALC257 Analog (hw:0,0)" << false;
        QTest::newRow("default") << "ALSA:default" << false;
        QTest::newRow("pulse") << "ALSA:pulse" << false;
        QTest::newRow("unknown") << "" << false;
    }

    void headsetNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, headset);
        QCOMPARE(looksLikeHeadset(name.toStdString()), headset);
        QCOMPARE(echoCancellerWanted(EchoCancellerMode::Auto, name.toStdString()), !headset);
        QCOMPARE(echoCancellerWanted(EchoCancellerMode::On, name.toStdString()), true);
        QCOMPARE(echoCancellerWanted(EchoCancellerMode::Off, name.toStdString()), false);
    }

    void settingsChooseTheMode()
    {
        // The two settings of the Audio page: "Echo cancellation" and "… on headsets too".
        const std::string headset = "ALSA:Jabra EVOLVE 30 II Headset: USB Audio (hw:1,0)";
        const std::string speaker = "ALSA:HDA Intel PCH: ALC257 Analog (hw:0,0)";
        QVERIFY(echoCancellerMode(false, false) == EchoCancellerMode::Off);
        QVERIFY(echoCancellerMode(false, true) == EchoCancellerMode::Off); // off stays off
        QVERIFY(echoCancellerMode(true, false) == EchoCancellerMode::Auto);
        QVERIFY(echoCancellerMode(true, true) == EchoCancellerMode::On);
        QVERIFY(!echoCancellerWanted(echoCancellerMode(true, false), headset)); // the default: skipped
        QVERIFY(echoCancellerWanted(echoCancellerMode(true, true), headset)); // forced on
        QVERIFY(echoCancellerWanted(echoCancellerMode(true, false), speaker));
        QVERIFY(echoCancellerWanted(echoCancellerMode(true, true), speaker));
        QVERIFY(!echoCancellerWanted(echoCancellerMode(false, true), headset));
        QVERIFY(!echoCancellerWanted(echoCancellerMode(false, true), speaker));
    }

    void sessionFollowsTheOutputDevice()
    {
        FakeDevice dev(48000);
        dev.setOutputName("ALSA:HDA Intel PCH: ALC257 Analog (hw:0,0)");
        auto s = MediaSession::create(Codec::Opus);
        QVERIFY(s);
        QVERIFY(s->echoCancelling()); // no device yet: unknown counts as a speaker
        s->setDevice(&dev);
        QVERIFY(s->echoCancelling());
        std::int64_t now = 0;
        s->tick(now);
        // A headset is plugged in mid-call (the device reopens on it): the canceller stops.
        dev.setOutputName("ALSA:Plantronics Blackwire 3220 Series Headset: USB Audio (hw:2,0)");
        s->tick(now += 20);
        QVERIFY(!s->echoCancelling());
        // The user wants it on headsets too.
        s->setEchoCancellationMode(EchoCancellerMode::On);
        QVERIFY(s->echoCancelling());
        s->setEchoCancellation(true); // = Auto
        QVERIFY(!s->echoCancelling());
        // Back to the laptop's speakers.
        dev.setOutputName("ALSA:HDA Intel PCH: ALC257 Analog (hw:0,0)");
        s->tick(now += 20);
        QVERIFY(s->echoCancelling());
        s->setEchoCancellation(false);
        QVERIFY(!s->echoCancelling());
        // Options: off stays off whatever the device; On runs on a headset.
        dev.setOutputName("ALSA:USB Headset");
        auto off = MediaSession::create(Codec::Opus, { .echoCancellation = false });
        off->setDevice(&dev);
        QVERIFY(!off->echoCancelling());
        MediaSession::Options always;
        always.echoMode = EchoCancellerMode::On;
        auto on = MediaSession::create(Codec::Opus, always);
        on->setDevice(&dev);
        QVERIFY(on->echoCancelling());
    }

    void complexityDecision()
    {
        using G = OpusComplexityGovernor;
        QCOMPARE(G::next(5, 201, 200), 4); // over budget: down
        QCOMPARE(G::next(G::kMinComplexity, 900, 200), G::kMinComplexity); // not below the floor
        QCOMPARE(G::next(5, 99, 200), 6); // under half: up
        QCOMPARE(G::next(G::kMaxComplexity, 10, 200), G::kMaxComplexity);
        QCOMPARE(G::next(5, 100, 200), 5); // in between: stays
        QCOMPARE(G::next(5, 200, 200), 5);
        // record() decides once per window, on the window's mean.
        G g;
        QCOMPARE(g.complexity(), G::kStartComplexity);
        for (int i = 0; i < G::kWindowFrames - 1; ++i)
            QVERIFY(!g.record(i % 2 ? 1000 : 0));
        QVERIFY(g.record(1000)); // mean just above 500 µs
        QCOMPARE(g.complexity(), G::kStartComplexity - 1);
        for (int i = 0; i < G::kWindowFrames; ++i)
            QVERIFY(!g.record(150)); // within the band: no change
        QCOMPARE(g.complexity(), G::kStartComplexity - 1);
    }

    void complexitySettlesWithinTheBudget()
    {
        // The reference machine stays at 5 (165 µs; 6 would cost 223 > 200); one twice as fast
        // rises to 6 (111 µs; 7 would be 120 > 100, so it stops), four times as fast to 10; a
        // machine twice as slow falls to 2 (254 µs… still over, but the floor keeps the SILK
        // quality modes), and each stays within the budget where the floor allows.
        QCOMPARE(settle(1.0), 5);
        QCOMPARE(settle(0.5), 6);
        QCOMPARE(settle(0.25), 10);
        QCOMPARE(settle(2.0), OpusComplexityGovernor::kMinComplexity);
        for (double speed : { 0.25, 0.5, 1.0, 1.5 }) {
            const int c = settle(speed);
            QVERIFY2(modelledEncodeUs(c, speed) <= OpusComplexityGovernor::kDefaultBudgetUs
                    || c == OpusComplexityGovernor::kMinComplexity,
                qPrintable(QStringLiteral("speed %1: complexity %2").arg(speed).arg(c)));
        }
    }

    void opusCodecStartsAtTheGovernorsComplexity()
    {
        OpusCodec codec;
        QCOMPARE(codec.complexity(), OpusComplexityGovernor::kStartComplexity);
        std::vector<std::int16_t> pcm(960, 1000);
        QVERIFY(!codec.encode(pcm).empty());
    }
};

QTEST_APPLESS_MAIN(TestAudioCpu)
#include "tst_audio_cpu.moc"
