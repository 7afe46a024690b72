// G.711 against the ITU table values, codec round trips (G.711 and Opus SNR on a tone), and the
// lock-free ring under a producer and a consumer thread.
#include "audio/g711.h"
#include "audio/spsc_ring.h"
#include "audio/voice_codec.h"
#include "core/protocol/constants.h"

#include <QtTest>

#include <cmath>
#include <numbers>
#include <thread>

using namespace iax::audio;

namespace {
std::vector<std::int16_t> tone(int rate, double f, int n, double amp = 8000)
{
    std::vector<std::int16_t> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        out[size_t(i)] = std::int16_t(amp * std::sin(2 * std::numbers::pi * f * i / rate));
    return out;
}
double snrDb(const std::vector<std::int16_t>& ref, const std::vector<std::int16_t>& got, int delay)
{
    double s = 0, e = 0;
    for (size_t i = size_t(std::max(delay, 0)) + 2000; i < ref.size() && i - size_t(delay) < got.size(); ++i) {
        s += double(ref[i - size_t(delay)]) * ref[i - size_t(delay)];
        const double d = double(ref[i - size_t(delay)]) - got[i];
        e += d * d;
    }
    return 10 * std::log10(s / std::max(e, 1.0));
}
} // namespace

class TestAudioCodecs : public QObject {
    Q_OBJECT
private slots:
    void g711KnownAnswers()
    {
        // ITU-T G.711 values (also in Sun's g711.c): silence and full scale.
        QCOMPARE(int(linearToUlaw(0)), 0xFF);
        QCOMPARE(int(linearToUlaw(-1)), 0x7F);
        QCOMPARE(int(linearToUlaw(32767)), 0x80);
        QCOMPARE(int(linearToUlaw(-32768)), 0x00);
        QCOMPARE(int(ulawToLinear(0xFF)), 0);
        QCOMPARE(int(ulawToLinear(0x80)), 32124);
        QCOMPARE(int(ulawToLinear(0x00)), -32124);
        QCOMPARE(int(linearToAlaw(0)), 0xD5);
        QCOMPARE(int(linearToAlaw(-1)), 0x55);
        QCOMPARE(int(linearToAlaw(32767)), 0xAA);
        QCOMPARE(int(linearToAlaw(-32768)), 0x2A);
        QCOMPARE(int(alawToLinear(0xD5)), 8);
        QCOMPARE(int(alawToLinear(0xAA)), 32256);
        QCOMPARE(int(alawToLinear(0x2A)), -32256);
        // Every code decodes and re-encodes to itself (the tables are consistent).
        for (int c = 0; c < 256; ++c) {
            if (c != 0x7F) // µ-law has two zeros (0x7F and 0xFF); 0 encodes as 0xFF
                QCOMPARE(int(linearToUlaw(ulawToLinear(std::uint8_t(c)))), c);
            QCOMPARE(int(linearToAlaw(alawToLinear(std::uint8_t(c)))), c);
        }
    }

    void roundTripSnr_data()
    {
        QTest::addColumn<QString>("codec");
        QTest::addColumn<double>("minSnr");
        QTest::newRow("ulaw") << "ulaw" << 30.0;
        QTest::newRow("alaw") << "alaw" << 30.0;
        QTest::newRow("opus") << "opus" << 15.0;
    }
    void roundTripSnr()
    {
        QFETCH(QString, codec);
        QFETCH(double, minSnr);
        auto enc = makeVoiceCodec(formatFromName(codec.toStdString()));
        auto dec = makeVoiceCodec(formatFromName(codec.toStdString()));
        QVERIFY(enc && dec);
        const int rate = enc->sampleRate();
        const auto in = tone(rate, 440, rate * 2);
        std::vector<std::int16_t> out;
        for (size_t i = 0; i + size_t(enc->frameSamples()) <= in.size(); i += size_t(enc->frameSamples())) {
            const auto payload = enc->encode(std::span(in).subspan(i, size_t(enc->frameSamples())));
            QVERIFY(!payload.empty());
            const auto pcm = dec->decode(payload);
            QCOMPARE(int(pcm.size()), enc->frameSamples());
            out.insert(out.end(), pcm.begin(), pcm.end());
        }
        // Opus has an algorithmic delay: find it.
        double best = -100;
        for (int d = 0; d < 1000; d += 1)
            best = std::max(best, snrDb(in, out, d));
        QVERIFY2(best >= minSnr, qPrintable(QString("%1: SNR %2 dB").arg(codec).arg(best)));
        QCOMPARE(QString::fromStdString(enc->name()), codec);
        // Concealment (empty payload) yields one frame.
        QCOMPARE(int(dec->decode({}).size()), enc->frameSamples());
    }

    void unknownFormatHasNoCodec() { QVERIFY(!makeVoiceCodec(iax::core::Codec::G729)); }

    void ringUnderTwoThreads()
    {
        SpscRing ring(8, 160);
        constexpr int kFrames = 20000;
        std::thread producer([&] {
            std::vector<std::int16_t> f(160);
            for (int i = 0; i < kFrames;) {
                std::fill(f.begin(), f.end(), std::int16_t(i));
                if (ring.push(f.data()))
                    ++i;
                else
                    std::this_thread::yield();
            }
        });
        std::vector<std::int16_t> f(160);
        int expected = 0;
        bool ordered = true;
        while (expected < kFrames) {
            if (ring.pop(f.data())) {
                ordered &= f.front() == std::int16_t(expected) && f.back() == std::int16_t(expected);
                ++expected;
            } else {
                std::this_thread::yield();
            }
        }
        producer.join();
        QVERIFY(ordered);
        QCOMPARE(ring.size(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestAudioCodecs)
#include "tst_audio_codecs.moc"
