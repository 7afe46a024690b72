// A real sound device: a tone goes through µ-law encode → decode → PortAudio playout into a
// PulseAudio null sink, and PortAudio capture from its monitor must hear it. Run under
// tests/scripts/with-pulse.sh (CTest does).
#include "audio/portaudio_device.h"
#include "audio/stream_resampler.h"
#include "audio/voice_codec.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QtTest>

#include <cmath>
#include <numbers>
#include <thread>

using namespace iax::audio;
using iax::test::goertzel;

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
            in |= d.isDefaultInput;
            out |= d.isDefaultOutput;
        }
        QVERIFY(in && out);
    }

    void toneThroughThePipelineIsHeardOnTheMonitor()
    {
        PortAudioDevice dev;
        const auto st = dev.open("", "", 48000);
        QVERIFY2(st.ok(), st.ok() ? "" : st.error().reason.c_str());
        const int rate = dev.rate();
        auto enc = makeVoiceCodec(iax::core::Codec::Ulaw);
        auto dec = makeVoiceCodec(iax::core::Codec::Ulaw);
        StreamResampler up(8000, rate);
        std::vector<std::int16_t> pending, captured;
        std::vector<std::int16_t> frame(size_t(dev.frameSamples()));
        int n = 0;
        // 3 s of a 1 kHz tone at 8 kHz, 20 ms at a time, paced by the device's own clock.
        for (int tick = 0; tick < 400; ++tick) {
            if (n < 150) {
                std::vector<std::int16_t> pcm(160);
                for (int i = 0; i < 160; ++i)
                    pcm[size_t(i)]
                        = std::int16_t(9000 * std::sin(2 * std::numbers::pi * 1000 * (n * 160 + i) / 8000.0));
                ++n;
                const auto decoded = dec->decode(enc->encode(pcm));
                const auto dev48 = up.process(decoded);
                pending.insert(pending.end(), dev48.begin(), dev48.end());
            }
            while (pending.size() >= frame.size() && dev.playbackQueued() < 6) {
                dev.writeFrame(pending.data());
                pending.erase(pending.begin(), pending.begin() + long(frame.size()));
            }
            while (dev.readFrame(frame.data()))
                captured.insert(captured.end(), frame.begin(), frame.end());
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        dev.close();
        QVERIFY2(captured.size() > size_t(rate), "the device captured less than a second");
        // Somewhere in the capture there is a strong 1 kHz tone (and not 440 Hz).
        double best = 0, other = 0;
        for (size_t at = 0; at + size_t(rate / 10) < captured.size(); at += size_t(rate / 10)) {
            std::vector<std::int16_t> w(captured.begin() + long(at), captured.begin() + long(at + size_t(rate / 10)));
            const double p = goertzel(w, 1000, rate);
            if (p > best) {
                best = p;
                other = goertzel(w, 440, rate);
            }
        }
        QVERIFY2(best > 100 * std::max(other, 1.0), qPrintable(QString("1 kHz %1 vs 440 Hz %2").arg(best).arg(other)));
        QVERIFY(best > 1e10);
    }
};

QTEST_GUILESS_MAIN(TestAudioDevice)
#include "tst_audio_device.moc"
