// Codecs: G.711 against ITU-T G.711 table values (A-law and µ-law, both directions) and round
// trips, Opus encode/decode SNR on a tone (threshold stated below), Opus FEC rebuilding a lost
// frame better than plain PLC, G.711 repeat-and-fade concealment, the factory from IAX2 format
// bits, and malformed payloads (concealed, never a crash).
#include "audio/g711.h"
#include "audio/g711_codec.h"
#include "audio/opus_codec.h"
#include "audio/voice_codec.h"
#include "core/protocol/codec_names.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace iax::audio;
using iax::test::tone;

namespace {
// A voiced, speech-like signal: 200 Hz fundamental with harmonics, amplitude-modulated at 3 Hz.
std::vector<std::int16_t> voiced(int rate, int n)
{
    std::vector<std::int16_t> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double t = double(i) / rate;
        double v = 0;
        for (int h = 1; h <= 8; ++h)
            v += std::sin(2 * std::numbers::pi * 200 * h * t) / h;
        out[size_t(i)] = std::int16_t(3000 * (0.6 + 0.4 * std::sin(2 * std::numbers::pi * 3 * t)) * v);
    }
    return out;
}
// SNR (dB) of `got` against `ref` delayed by `delay` samples, over [from, to) of `got`.
double snrDb(
    const std::vector<std::int16_t>& ref, const std::vector<std::int16_t>& got, int delay, size_t from, size_t to)
{
    double s = 0, e = 0;
    for (size_t i = std::max(from, size_t(delay)); i < to && i < got.size(); ++i) {
        const double r = ref[i - size_t(delay)];
        s += r * r;
        e += (r - got[i]) * (r - got[i]);
    }
    return 10 * std::log10(std::max(s, 1.0) / std::max(e, 1.0));
}
int bestDelay(const std::vector<std::int16_t>& ref, const std::vector<std::int16_t>& got)
{
    int best = 0;
    double bestSnr = -1e9;
    for (int d = 0; d < 1000; ++d) {
        const double v = snrDb(ref, got, d, 4000, got.size());
        if (v > bestSnr) {
            bestSnr = v;
            best = d;
        }
    }
    return best;
}
} // namespace

class TestAudioCodecs : public QObject {
    Q_OBJECT
private slots:
    void ulawKnownAnswers()
    {
        // ITU-T G.711 µ-law: a code (bits inverted on the line) is sign S, segment s (3 bits),
        // step m (4 bits); its decoder output is ±(((2m + 33) << s) - 33) in 14-bit units, i.e.
        // 4× that in 16-bit PCM (full scale 8031 → 32124). All 256 codes against that formula.
        for (int code = 0; code < 256; ++code) {
            const int u = ~code & 0xFF;
            const int s = (u >> 4) & 7, m = u & 15;
            const int mag = 4 * (((2 * m + 33) << s) - 33);
            QCOMPARE(int(ulawToLinear(std::uint8_t(code))), (u & 0x80) ? -mag : mag);
        }
        // Table values quoted in implementations (Sun/CCITT g711.c, Asterisk's ulaw tables).
        QCOMPARE(int(ulawToLinear(0x80)), 32124);
        QCOMPARE(int(ulawToLinear(0x00)), -32124);
        QCOMPARE(int(ulawToLinear(0xFF)), 0);
        QCOMPARE(int(ulawToLinear(0xFE)), 8);
        // Encoder: decision intervals of width 8 << s (biased by 132); silence and clipping.
        QCOMPARE(int(linearToUlaw(0)), 0xFF);
        QCOMPARE(int(linearToUlaw(-1)), 0x7F);
        QCOMPARE(int(linearToUlaw(32767)), 0x80);
        QCOMPARE(int(linearToUlaw(-32768)), 0x00);
        QCOMPARE(int(linearToUlaw(1000)), 0xCE);
        QCOMPARE(int(linearToUlaw(-1000)), 0x4E);
    }

    void alawKnownAnswers()
    {
        // ITU-T G.711 A-law: even bits inverted on the line (XOR 0x55); sign bit set = positive.
        // Decoder output: segment 0: 2m + 1, segment s ≥ 1: (2m + 33) << (s - 1), in 13-bit
        // units; 8× in 16-bit PCM (full scale 4032 → 32256). All 256 codes against that formula.
        for (int code = 0; code < 256; ++code) {
            const int a = code ^ 0x55;
            const int s = (a >> 4) & 7, m = a & 15;
            const int mag = 8 * (s == 0 ? 2 * m + 1 : (2 * m + 33) << (s - 1));
            QCOMPARE(int(alawToLinear(std::uint8_t(code))), (a & 0x80) ? mag : -mag);
        }
        QCOMPARE(int(alawToLinear(0xD5)), 8);
        QCOMPARE(int(alawToLinear(0x55)), -8);
        QCOMPARE(int(alawToLinear(0xAA)), 32256);
        QCOMPARE(int(alawToLinear(0x2A)), -32256);
        QCOMPARE(int(linearToAlaw(0)), 0xD5);
        QCOMPARE(int(linearToAlaw(-1)), 0x55);
        QCOMPARE(int(linearToAlaw(32767)), 0xAA);
        QCOMPARE(int(linearToAlaw(-32768)), 0x2A);
        QCOMPARE(int(linearToAlaw(1000)), 0xFA);
        QCOMPARE(int(linearToAlaw(-1000)), 0x7A);
    }

    void g711TablesAreConsistent()
    {
        // Every code decodes and re-encodes to itself, and every 16-bit value is encoded into
        // the interval whose reconstruction level is nearest: the error is at most half an
        // interval (µ-law: 4 << s; A-law: 8 << max(s - 1, 0)), beyond full scale it clips.
        for (int c = 0; c < 256; ++c) {
            if (c != 0x7F) // µ-law has two zeros (0x7F and 0xFF); 0 encodes as 0xFF
                QCOMPARE(int(linearToUlaw(ulawToLinear(std::uint8_t(c)))), c);
            QCOMPARE(int(linearToAlaw(alawToLinear(std::uint8_t(c)))), c);
        }
        for (int v = -32768; v <= 32767; ++v) {
            const std::uint8_t uc = linearToUlaw(std::int16_t(v));
            const int us = ((~uc) >> 4) & 7;
            const int u = ulawToLinear(uc);
            if (std::abs(u - std::clamp(v, -32124, 32124)) > (4 << us))
                QFAIL(qPrintable(QString("ulaw %1 -> %2").arg(v).arg(u)));
            const std::uint8_t ac = linearToAlaw(std::int16_t(v));
            const int as = ((ac ^ 0x55) >> 4) & 7;
            const int a = alawToLinear(ac);
            if (std::abs(a - std::clamp(v, -32256, 32256)) > (8 << std::max(as - 1, 0)))
                QFAIL(qPrintable(QString("alaw %1 -> %2").arg(v).arg(a)));
        }
    }

    void roundTripSnr_data()
    {
        QTest::addColumn<QString>("codec");
        QTest::addColumn<double>("minSnr");
        // G.711 is 8-bit log PCM: ~38 dB on a -12 dBFS tone. Opus at 32 kbit/s is perceptual;
        // waveform SNR on a steady 440 Hz tone is the stated threshold: 15 dB.
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
        const size_t n = size_t(enc->frameSamples());
        const auto in = tone(rate, 440, rate * 2);
        std::vector<std::int16_t> out;
        for (size_t i = 0; i + n <= in.size(); i += n) {
            const auto payload = enc->encode(std::span(in).subspan(i, n));
            QVERIFY(!payload.empty());
            QCOMPARE(dec->durationMs(payload), 20);
            const auto pcm = dec->decode(payload);
            QCOMPARE(pcm.size(), n);
            out.insert(out.end(), pcm.begin(), pcm.end());
        }
        const int d = bestDelay(in, out);
        const double snr = snrDb(in, out, d, 4000, out.size());
        qInfo("%s: SNR %.1f dB at delay %d samples", qPrintable(codec), snr, d);
        QVERIFY2(snr >= minSnr, qPrintable(QString("%1: SNR %2 dB").arg(codec).arg(snr)));
        QCOMPARE(QString::fromStdString(enc->name()), codec);
        QCOMPARE(int(dec->conceal().size()), enc->frameSamples());
        QCOMPARE(int(dec->decode({}).size()), enc->frameSamples());
    }

    void opusFecRecoversALostFrame()
    {
        // A voiced signal whose pitch jumps every 100 ms (190 ↔ 310 Hz): the decoder's PLC can
        // only extrapolate, the next packet's in-band FEC (LBRR) carries the lost frame itself.
        // For each of 20 positions, one frame is lost and rebuilt with recover(next) or conceal();
        // both are compared with the decode of the intact stream. Stated thresholds: FEC gives
        // > 8 dB SNR on average and beats PLC by > 6 dB on average.
        auto sig = [](int i) {
            const double t = i / 48000.0;
            const double f0 = (i / 4800) % 2 ? 310 : 190;
            double v = 0;
            for (int h = 1; h <= 6; ++h)
                v += std::sin(2 * std::numbers::pi * f0 * h * t) / h;
            return std::int16_t(3000 * v);
        };
        OpusCodec enc(32000);
        std::vector<std::vector<std::uint8_t>> packets;
        std::vector<std::int16_t> frame(960);
        for (int k = 0; k < 100; ++k) {
            for (int i = 0; i < 960; ++i)
                frame[size_t(i)] = sig(k * 960 + i);
            packets.push_back(enc.encode(frame));
            QVERIFY(!packets.back().empty());
        }
        double fecSum = 0, plcSum = 0;
        int better = 0;
        for (size_t lost = 40; lost < 60; ++lost) {
            OpusCodec decRef, decFec, decPlc;
            std::vector<std::int16_t> ref, fec, plc;
            for (size_t k = 0; k <= lost; ++k) {
                ref = decRef.decode(packets[k]);
                fec = k == lost ? decFec.recover(packets[k + 1]) : decFec.decode(packets[k]);
                plc = k == lost ? decPlc.conceal() : decPlc.decode(packets[k]);
            }
            QCOMPARE(fec.size(), size_t(960));
            const double f = snrDb(ref, fec, 0, 0, 960), p = snrDb(ref, plc, 0, 0, 960);
            fecSum += f;
            plcSum += p;
            better += f > p + 3;
        }
        qInfo("lost frame vs intact decode, mean over 20 positions: FEC %.1f dB, PLC %.1f dB; FEC better in %d/20",
            fecSum / 20, plcSum / 20, better);
        QVERIFY2(fecSum / 20 > 8.0, qPrintable(QString("FEC %1 dB").arg(fecSum / 20)));
        QVERIFY2(fecSum / 20 > plcSum / 20 + 6.0, qPrintable(QString("PLC %1 dB").arg(plcSum / 20)));
        QVERIFY(better >= 10);
    }

    void opusBitrateIsSettable()
    {
        OpusCodec low(12000), high(64000);
        const auto in = voiced(48000, 48000);
        size_t lowBytes = 0, highBytes = 0;
        for (size_t i = 0; i + 960 <= in.size(); i += 960) {
            lowBytes += low.encode(std::span(in).subspan(i, 960)).size();
            highBytes += high.encode(std::span(in).subspan(i, 960)).size();
        }
        QVERIFY2(highBytes > lowBytes * 3, qPrintable(QString("%1 vs %2 bytes").arg(highBytes).arg(lowBytes)));
        QVERIFY(low.setBitrate(24000));
        QVERIFY(!low.setBitrate(1));
        G711Codec g(G711Codec::Law::A);
        QVERIFY(!g.setBitrate(32000));
    }

    void g711ConcealmentRepeatsAndFades()
    {
        G711Codec c(G711Codec::Law::A);
        G711Codec enc(G711Codec::Law::A);
        const auto in = tone(8000, 400, 160, 10000);
        const auto good = c.decode(enc.encode(in));
        double prev = 1e18;
        for (int k = 0; k < 6; ++k) {
            const auto pcm = c.conceal();
            double e = 0;
            for (auto s : pcm)
                e += double(s) * s;
            if (k == 0)
                QCOMPARE(pcm[0], good[0]); // starts as a repetition at full gain
            QVERIFY(e < prev || e == 0);
            prev = e;
        }
        QCOMPARE(prev, 0.0); // silent after five frames
        const auto again = c.decode(enc.encode(in)); // a good frame resets the fade
        QCOMPARE(again, good);
    }

    void factoryFollowsFormatBits()
    {
        using namespace iax::core;
        QCOMPARE(makeVoiceCodec(Codec::Ulaw)->name(), std::string("ulaw"));
        QCOMPARE(makeVoiceCodec(Codec::Alaw)->name(), std::string("alaw"));
        QCOMPARE(makeVoiceCodec(Codec::Opus)->name(), std::string("opus"));
        QCOMPARE(makeVoiceCodec(Codec::Opus)->format(), std::uint64_t(1) << 34);
        QCOMPARE(makeVoiceCodec(Codec::Ulaw | Codec::Alaw)->name(), std::string("alaw"));
        QVERIFY(!makeVoiceCodec(Codec::G729));
        QVERIFY(!makeVoiceCodec(0));
        QCOMPARE(formatFromName("pcma"), Codec::Alaw);
        QCOMPARE(formatName(Codec::Opus), std::string("opus"));
    }

    /// The phone layer offers the formats core::kVoiceFormats names; the factory must have a codec
    /// for exactly those.
    void voiceFormatsAreTheFactorysFormats()
    {
        for (unsigned bit = 0; bit < 64; ++bit) {
            const std::uint64_t f = std::uint64_t(1) << bit;
            QVERIFY2(bool(makeVoiceCodec(f)) == iax::core::hasVoiceCodec(f), qPrintable(QString::number(bit)));
        }
    }

    void malformedOpusIsConcealed()
    {
        OpusCodec c;
        const std::vector<std::uint8_t> junk { 0xFF, 0xFF, 0xFF };
        QCOMPARE(c.durationMs(junk), 0);
        QCOMPARE(int(c.decode(junk).size()), 960);
        QCOMPARE(int(c.recover(junk).size()), 960);
        std::vector<std::int16_t> shortFrame(100);
        QVERIFY(c.encode(shortFrame).empty());
    }
};

QTEST_GUILESS_MAIN(TestAudioCodecs)
#include "tst_audio_codecs.moc"
