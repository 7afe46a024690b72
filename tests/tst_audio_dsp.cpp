// DSP pieces: resampler quality on a tone (48k→8k→48k and 44.1k↔48k: SNR and Goertzel purity),
// tone generator frequencies and cadences (every DTMF digit, ringback, busy, congestion,
// ringing), echo cancellation removing a synthetic echo (ERLE), noise suppression lowering a
// noise floor, and the WAV FileSink → FileSource round trip at a different file rate.
#include "audio/echo_canceller.h"
#include "audio/file_sink.h"
#include "audio/file_source.h"
#include "audio/g711.h"
#include "audio/stream_resampler.h"
#include "audio/tone_generator.h"
#include "audio/wav_file.h"
#include "support/tone_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numbers>
#include <random>

using namespace iax::audio;
using iax::test::energy;
using iax::test::goertzel;
using iax::test::tone;

namespace {
// Best SNR of `got` against a sine of `f` Hz (any phase/amplitude fit by least squares).
double sineSnrDb(std::span<const std::int16_t> got, double f, int rate)
{
    double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
    for (size_t i = 0; i < got.size(); ++i) {
        const double s = std::sin(2 * std::numbers::pi * f * double(i) / rate);
        const double c = std::cos(2 * std::numbers::pi * f * double(i) / rate);
        ss += s * s;
        sc += s * c;
        cc += c * c;
        ys += got[i] * s;
        yc += got[i] * c;
    }
    const double det = ss * cc - sc * sc;
    const double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
    double sig = 0, err = 0;
    for (size_t i = 0; i < got.size(); ++i) {
        const double fit = a * std::sin(2 * std::numbers::pi * f * double(i) / rate)
            + b * std::cos(2 * std::numbers::pi * f * double(i) / rate);
        sig += fit * fit;
        err += (got[i] - fit) * (got[i] - fit);
    }
    return 10 * std::log10(sig / std::max(err, 1.0));
}
// Resample a whole signal in 20 ms blocks through a streaming resampler.
std::vector<std::int16_t> blocks(StreamResampler& r, const std::vector<std::int16_t>& in, int rate)
{
    std::vector<std::int16_t> out;
    const size_t n = size_t(rate / 50);
    for (size_t i = 0; i + n <= in.size(); i += n)
        r.processAppend(std::span(in).subspan(i, n), out);
    return out;
}
} // namespace

class TestAudioDsp : public QObject {
    Q_OBJECT
private slots:
    void resamplerDownAndUp()
    {
        // 1 kHz at 48 kHz → 8 kHz → 48 kHz in 20 ms blocks: still a clean 1 kHz sine (> 30 dB),
        // the right length, and (Goertzel) 3 kHz (aliasing region) far below.
        const auto in = tone(48000, 1000, 48000);
        StreamResampler down(48000, 8000), up(8000, 48000);
        const auto mid = blocks(down, in, 48000);
        QVERIFY2(mid.size() <= 8000 && mid.size() >= 7900,
            qPrintable(QString::number(mid.size()))); // minus the filter delay
        QVERIFY2(sineSnrDb(std::span(mid).subspan(400, 7000), 1000, 8000) > 30, "48k->8k");
        const auto out = blocks(up, mid, 8000);
        QVERIFY2(out.size() <= 48000 && out.size() >= 46000, qPrintable(QString::number(out.size())));
        const auto w = std::span(out).subspan(4800, 38400);
        const double snr = sineSnrDb(w, 1000, 48000);
        qInfo("48k->8k->48k 1 kHz SNR %.1f dB", snr);
        QVERIFY2(snr > 30, qPrintable(QString::number(snr)));
        const std::vector<std::int16_t> wv(w.begin(), w.end());
        QVERIFY(goertzel(wv, 1000, 48000) > 1e4 * goertzel(wv, 3000, 48000));
    }

    void resamplerBlocksOutOfBand()
    {
        // 6 kHz cannot exist at 8 kHz: the anti-alias filter must remove it (not fold it to 2 kHz).
        const auto in = tone(48000, 6000, 48000);
        StreamResampler down(48000, 8000);
        const auto mid = blocks(down, in, 48000);
        QVERIFY2(energy(std::span(mid).subspan(400)) < 1e-3 * energy(in) / 6, "aliasing energy left");
    }

    void resampler441()
    {
        const auto in = tone(44100, 1000, 44100);
        StreamResampler r(44100, 48000), back(48000, 44100);
        StreamResampler& rr = r;
        std::vector<std::int16_t> out;
        for (size_t i = 0; i + 882 <= in.size(); i += 882)
            rr.processAppend(std::span(in).subspan(i, 882), out);
        QVERIFY2(out.size() <= 48000 && out.size() >= 47500, qPrintable(QString::number(out.size())));
        QVERIFY(sineSnrDb(std::span(out).subspan(4800, 38400), 1000, 48000) > 40);
        QVERIFY(r.inputLatency() > 0);
        StreamResampler same(8000, 8000);
        QCOMPARE(same.process(in).size(), in.size());
    }

    void dtmfDigits()
    {
        const std::string digits = "0123456789*#ABCD";
        for (char d : digits) {
            const auto p = dtmfFrequencies(d);
            ToneGenerator g(8000);
            QVERIFY(g.startDtmf(d, 100));
            std::vector<std::int16_t> buf(800); // 100 ms
            g.generate(buf);
            const double lo = goertzel(buf, p.low, 8000), hi = goertzel(buf, p.high, 8000);
            for (int other : { 697, 770, 852, 941, 1209, 1336, 1477, 1633 }) {
                if (other == p.low || other == p.high)
                    continue;
                QVERIFY2(goertzel(buf, other, 8000) < lo / 50 && goertzel(buf, other, 8000) < hi / 50,
                    qPrintable(QString("digit %1 leaks %2 Hz").arg(d).arg(other)));
            }
            std::vector<std::int16_t> after(160);
            g.generate(after);
            QCOMPARE(energy(after), 0.0); // the burst ended
            QVERIFY(!g.active());
        }
        QCOMPARE(dtmfFrequencies('5').low, 770);
        QCOMPARE(dtmfFrequencies('5').high, 1336);
        QCOMPARE(dtmfFrequencies('x').low, 0);
        ToneGenerator g(8000);
        QVERIFY(!g.startDtmf('x'));
    }

    void callProgressTones_data()
    {
        QTest::addColumn<int>("tone");
        QTest::addColumn<int>("f1");
        QTest::addColumn<int>("f2");
        QTest::addColumn<int>("onMs");
        QTest::addColumn<int>("offMs");
        QTest::newRow("ringback") << int(Tone::Ringback) << 440 << 480 << 2000 << 4000;
        QTest::newRow("busy") << int(Tone::Busy) << 480 << 620 << 500 << 500;
        QTest::newRow("congestion") << int(Tone::Congestion) << 480 << 620 << 250 << 250;
        QTest::newRow("ringing") << int(Tone::Ringing) << 400 << 450 << 400 << 200;
    }
    void callProgressTones()
    {
        QFETCH(int, tone);
        QFETCH(int, f1);
        QFETCH(int, f2);
        QFETCH(int, onMs);
        QFETCH(int, offMs);
        const int rate = 48000;
        ToneGenerator g(rate);
        g.start(Tone(tone));
        std::vector<std::int16_t> buf(size_t(rate) * 8);
        for (size_t i = 0; i < buf.size(); i += 960) // generated frame by frame, as in a call
            g.generate(std::span(buf).subspan(i, 960));
        // Frequencies in the first "on" segment; another frequency absent.
        const std::vector<std::int16_t> on(buf.begin(), buf.begin() + rate * onMs / 1000 - 480);
        const double p1 = goertzel(on, f1, rate), p2 = goertzel(on, f2, rate);
        QVERIFY(p1 > 1e12 && p2 > 1e12);
        QVERIFY(goertzel(on, 1000, rate) < p1 / 1000);
        // Cadence: silence right after the first "on", sound again after the off period.
        const auto offAt = std::span(buf).subspan(size_t(rate * onMs / 1000) + 48, size_t(rate * offMs / 1000) - 96);
        QCOMPARE(energy(offAt), 0.0);
        const auto again = std::span(buf).subspan(size_t(rate * (onMs + offMs) / 1000) + 48, 480);
        QVERIFY(energy(again) > 0);
    }

    void echoCancellerRemovesEcho()
    {
        // Far end: white noise (fast convergence). Echo path: 30 ms delay, gain 0.5, a small
        // reflection at 45 ms. The microphone hears only the echo. After 3 s the residual must be
        // at least 15 dB below the echo (ERLE), with AEC on; ~0 dB with it off.
        for (const bool on : { true, false }) {
            const int rate = 16000, n = rate / 50;
            EchoCanceller aec(rate, 200, 0);
            aec.setEchoCancellation(on);
            aec.setNoiseSuppression(false);
            std::mt19937 rng(5);
            std::normal_distribution<double> noise(0, 3000);
            std::vector<std::int16_t> farHistory;
            double echoE = 0, outE = 0;
            for (int f = 0; f < 250; ++f) { // 5 s
                std::vector<std::int16_t> far(static_cast<size_t>(n)), mic(static_cast<size_t>(n));
                for (auto& s : far)
                    s = std::int16_t(std::clamp(noise(rng), -32000.0, 32000.0));
                aec.playback(far);
                farHistory.insert(farHistory.end(), far.begin(), far.end());
                for (int i = 0; i < n; ++i) {
                    const long at = long(farHistory.size()) - n + i;
                    const double d1 = at - rate * 30 / 1000 >= 0 ? farHistory[size_t(at - rate * 30 / 1000)] : 0;
                    const double d2 = at - rate * 45 / 1000 >= 0 ? farHistory[size_t(at - rate * 45 / 1000)] : 0;
                    mic[size_t(i)] = std::int16_t(0.5 * d1 + 0.2 * d2);
                }
                const double e = energy(mic);
                aec.capture(mic);
                if (f >= 150) {
                    echoE += e;
                    outE += energy(mic);
                }
            }
            const double erle = 10 * std::log10(echoE / std::max(outE, 1.0));
            qInfo("AEC %s: ERLE %.1f dB", on ? "on" : "off", erle);
            if (on)
                QVERIFY2(erle > 15, qPrintable(QString::number(erle)));
            else
                QVERIFY2(std::abs(erle) < 1, qPrintable(QString::number(erle)));
        }
    }

    void noiseSuppressionLowersNoise()
    {
        const int rate = 16000, n = rate / 50;
        EchoCanceller ns(rate, 100, 0);
        ns.setEchoCancellation(false);
        ns.setNoiseSuppression(true);
        std::mt19937 rng(9);
        std::normal_distribution<double> noise(0, 500);
        double in = 0, out = 0;
        for (int f = 0; f < 200; ++f) {
            std::vector<std::int16_t> mic(static_cast<size_t>(n));
            for (auto& s : mic)
                s = std::int16_t(noise(rng));
            const double e = energy(mic);
            ns.capture(mic);
            if (f >= 100) {
                in += e;
                out += energy(mic);
            }
        }
        const double db = 10 * std::log10(in / std::max(out, 1.0));
        qInfo("noise suppression: %.1f dB on stationary noise", db);
        QVERIFY2(db > 6, qPrintable(QString::number(db)));
    }

    void wavRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/t.wav").toStdString();
        // 1 s of 700 Hz at the 48 kHz session rate, written as a 16 kHz file.
        const auto in = tone(48000, 700, 48000);
        {
            auto sink = FileSink::create(path, 48000, 16000);
            QVERIFY(sink.ok());
            for (size_t i = 0; i < in.size(); i += 960)
                QVERIFY((*sink)->write(std::span(in).subspan(i, 960)));
        }
        auto back = readWavMono(path, 16000);
        QVERIFY(back.ok());
        QVERIFY(std::abs(int(back->size()) - 16000) < 100);
        auto src = FileSource::open(path, 8000);
        QVERIFY(src.ok());
        QCOMPARE(src->rate(), 8000);
        QVERIFY(std::abs(int(src->totalSamples()) - 8000) < 100);
        std::vector<std::int16_t> got(8000);
        for (size_t i = 0; i + 160 <= got.size(); i += 160)
            src->read(std::span(got).subspan(i, 160));
        QVERIFY(src->atEnd() || src->totalSamples() > 7840);
        QVERIFY(sineSnrDb(std::span(got).subspan(400, 7000), 700, 8000) > 30);
        std::vector<std::int16_t> tail(160, 1);
        while (src->read(tail)) { }
        QVERIFY(!src->read(tail));
        QCOMPARE(energy(tail), 0.0); // silence after the end
        QVERIFY(!FileSource::open(dir.path().toStdString() + "/missing.wav", 8000).ok());
        QVERIFY(!FileSink::create("/nonexistent-dir/x.wav", 8000, 8000).ok());
        // Looping source wraps around.
        FileSource loop(std::vector<std::int16_t>(100, 7), 8000, true);
        std::vector<std::int16_t> f(160);
        QVERIFY(loop.read(f));
        QCOMPARE(f[150], std::int16_t(7));
    }

    void g711WavKeepsTheBytes()
    {
        // `decode --voice-dir` stores a call's G.711 bytes as they are in a µ-law/A-law WAV;
        // libsndfile reads them back as the law's samples, and writeWavMono's 16-bit WAV as written.
        QTemporaryDir dir;
        std::vector<std::uint8_t> bytes(256);
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = std::uint8_t(i);
        for (const bool mu : { true, false }) {
            const std::string path = (dir.path() + (mu ? "/u.wav" : "/a.wav")).toStdString();
            {
                auto sink = FileSink::create(path, 8000, 8000, mu ? WavEncoding::Ulaw : WavEncoding::Alaw);
                QVERIFY(sink.ok());
                QVERIFY((*sink)->writeEncoded(bytes));
            }
            auto back = readWavMono(path, 8000);
            QVERIFY(back.ok());
            QCOMPARE(back->size(), bytes.size());
            for (std::size_t i = 0; i < bytes.size(); ++i)
                QCOMPARE((*back)[i], mu ? ulawToLinear(bytes[i]) : alawToLinear(bytes[i]));
        }
        auto pcmSink = FileSink::create((dir.path() + "/p.wav").toStdString(), 8000, 8000);
        QVERIFY(pcmSink.ok());
        QVERIFY(!(*pcmSink)->writeEncoded(bytes)); // not a G.711 file
        const auto pcm = tone(8000, 440, 800);
        QVERIFY(writeWavMono((dir.path() + "/w.wav").toStdString(), pcm, 8000).ok());
        auto w = readWavMono((dir.path() + "/w.wav").toStdString(), 8000);
        QVERIFY(w.ok());
        QVERIFY(*w == pcm);
        QVERIFY(!writeWavMono("/nonexistent-dir/w.wav", pcm, 8000).ok());
    }
};

QTEST_GUILESS_MAIN(TestAudioDsp)
#include "tst_audio_dsp.moc"
