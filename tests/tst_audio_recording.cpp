// Call recording (issue 18): MediaSession with a CallRecorder writes a stereo WAV (or Ogg Opus for
// *.opus/*.ogg) whose left channel is what we send and whose right channel is what we hear. Two
// sessions talk with known tones (we send 600 Hz, the peer 1100 Hz) on a virtual clock; the file
// is read back with libsndfile and each channel must carry its own tone and not the other. A tone
// recorded to Ogg Opus comes back at its frequency and level, in pages libogg reads as Ogg Opus.
#include "audio/call_recorder.h"
#include "audio/file_source.h"
#include "audio/media_session.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <ogg/ogg.h>
#include <sndfile.h>

#include <cmath>
#include <cstring>

using namespace iax::audio;
using iax::test::goertzel;
using iax::test::tone;
namespace Codec = iax::core::Codec;

namespace {

/// Both channels of a stereo WAV, or empty channels when it is not one.
struct Stereo {
    int rate = 0;
    std::vector<std::int16_t> left, right;
};

Stereo readStereo(const QString& path)
{
    Stereo out;
    SF_INFO info {};
    SNDFILE* f = sf_open(path.toLocal8Bit().constData(), SFM_READ, &info);
    if (!f)
        return out;
    if (info.channels == 2) {
        std::vector<std::int16_t> all(std::size_t(info.frames) * 2);
        const sf_count_t n = sf_readf_short(f, all.data(), info.frames);
        out.rate = info.samplerate;
        for (sf_count_t i = 0; i < n; ++i) {
            out.left.push_back(all[std::size_t(2 * i)]);
            out.right.push_back(all[std::size_t(2 * i + 1)]);
        }
    }
    sf_close(f);
    return out;
}

std::vector<std::int16_t> middle(const std::vector<std::int16_t>& x, int rate)
{
    // 0.5 s .. 1.5 s: past the jitter buffer's start, before the end.
    const auto a = std::min(x.size(), std::size_t(rate / 2)), b = std::min(x.size(), std::size_t(rate * 3 / 2));
    return { x.begin() + long(a), x.begin() + long(b) };
}

double rms(const std::vector<std::int16_t>& x)
{
    double sum = 0;
    for (const std::int16_t v : x)
        sum += double(v) * v;
    return x.empty() ? 0 : std::sqrt(sum / double(x.size()));
}

/// What an Ogg Opus file holds, read with libogg (independent of the writer): `problem` says
/// what is not as RFC 7845 lays it out ("" = fine).
struct OggOpusLayout {
    QString problem;
    int channels = 0;
    int inputRate = 0; ///< OpusHead's "input sample rate"
    int audioPackets = 0;
    bool endOfStream = false;
};

OggOpusLayout readOggOpus(const QString& path)
{
    OggOpusLayout out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.problem = QStringLiteral("cannot read");
        return out;
    }
    const QByteArray bytes = f.readAll();
    ogg_sync_state sync;
    ogg_sync_init(&sync);
    char* buf = ogg_sync_buffer(&sync, long(bytes.size()));
    std::memcpy(buf, bytes.constData(), std::size_t(bytes.size()));
    ogg_sync_wrote(&sync, long(bytes.size()));
    ogg_stream_state stream;
    bool started = false;
    int packets = 0;
    ogg_page page;
    while (out.problem.isEmpty() && ogg_sync_pageout(&sync, &page) == 1) {
        if (!started) {
            ogg_stream_init(&stream, ogg_page_serialno(&page));
            started = true;
        }
        if (ogg_stream_pagein(&stream, &page) != 0)
            out.problem = QStringLiteral("a page of another stream");
        out.endOfStream = ogg_page_eos(&page) != 0;
        ogg_packet p;
        while (out.problem.isEmpty() && ogg_stream_packetout(&stream, &p) == 1) {
            const QByteArray data(reinterpret_cast<const char*>(p.packet), qsizetype(p.bytes));
            if (packets == 0) {
                if (!data.startsWith("OpusHead") || data.size() < 19)
                    out.problem = QStringLiteral("the first packet is not OpusHead");
                else {
                    out.channels = std::uint8_t(data[9]);
                    out.inputRate = int(qFromLittleEndian<quint32>(data.constData() + 12));
                }
            } else if (packets == 1 && !data.startsWith("OpusTags"))
                out.problem = QStringLiteral("the second packet is not OpusTags");
            else if (packets > 1)
                ++out.audioPackets;
            ++packets;
        }
    }
    if (started)
        ogg_stream_clear(&stream);
    ogg_sync_clear(&sync);
    if (out.problem.isEmpty() && packets < 3)
        out.problem = QStringLiteral("no Ogg Opus stream (%1 packets)").arg(packets);
    return out;
}

/// A session sending a looped tone of `hz`.
std::unique_ptr<MediaSession> talking(std::uint64_t format, double hz)
{
    auto s = MediaSession::create(format);
    const int rate = s->codecRate();
    s->setSource(std::make_unique<FileSource>(tone(rate, hz, rate), rate, true));
    return s;
}

} // namespace

class TstAudioRecording : public QObject {
    Q_OBJECT
private slots:
    void recordsEachDirectionOnItsChannel_data()
    {
        QTest::addColumn<quint64>("format");
        QTest::addColumn<QString>("file");
        QTest::newRow("alaw") << quint64(Codec::Alaw) << QStringLiteral("call.wav");
        QTest::newRow("opus") << quint64(Codec::Opus) << QStringLiteral("call.wav");
        QTest::newRow("alaw to Ogg Opus") << quint64(Codec::Alaw) << QStringLiteral("call.opus");
        QTest::newRow("opus to Ogg Opus") << quint64(Codec::Opus) << QStringLiteral("call.ogg");
    }
    void recordsEachDirectionOnItsChannel()
    {
        QFETCH(quint64, format);
        QFETCH(QString, file);
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        auto us = talking(format, 600);
        auto peer = talking(format, 1100);
        const int rate = us->codecRate();
        auto rec = CallRecorder::create(path.toStdString(), rate, rate / 50);
        QVERIFY(rec.ok());
        us->setRecorder(std::move(rec).value());
        QVERIFY(us->recorder());
        for (std::int64_t now = 0; now < 2000; now += 20) {
            us->tick(now);
            peer->tick(now);
            while (auto f = us->pullToSend())
                peer->pushReceived(f->payload, f->timestampMs, now);
            while (auto f = peer->pullToSend())
                us->pushReceived(f->payload, f->timestampMs, now);
        }
        QCOMPARE(us->recorder()->dropped(), std::uint64_t(0));
        us->setRecorder(nullptr); // the writer drains and closes the file

        const Stereo wav = readStereo(path);
        QCOMPARE(wav.rate, rate);
        QVERIFY2(wav.left.size() >= std::size_t(rate * 19 / 10), qPrintable(QString::number(wav.left.size())));
        const auto sent = middle(wav.left, rate), heard = middle(wav.right, rate);
        QVERIFY(goertzel(sent, 600, rate) > 1e12);
        QVERIFY2(goertzel(sent, 600, rate) > 1e3 * goertzel(sent, 1100, rate), "left is not only what we send");
        QVERIFY(goertzel(heard, 1100, rate) > 1e12);
        QVERIFY2(goertzel(heard, 1100, rate) > 1e3 * goertzel(heard, 600, rate), "right is not only what we hear");
    }

    // A known tone recorded to *.opus comes back (decoded by libopus through libsndfile) at its
    // frequency and level, and the file is an Ogg Opus stream: OpusHead (2 channels, our rate),
    // then OpusTags, then audio pages, the last one marked end of stream.
    void recordsAToneToOggOpus_data()
    {
        QTest::addColumn<int>("rate");
        QTest::newRow("8 kHz") << 8000;
        QTest::newRow("48 kHz") << 48000;
    }
    void recordsAToneToOggOpus()
    {
        QFETCH(int, rate);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tone.opus"));
        const int frame = rate / 50;
        {
            auto rec = CallRecorder::create(path.toStdString(), rate, frame);
            QVERIFY2(rec.ok(), rec.ok() ? "" : rec.error().reason.c_str());
            for (int i = 0; i < 100; ++i) { // 2 s: 1 kHz sent, 440 Hz heard, each peaking at 8000
                (*rec)->pushSent(tone(rate, 1000, frame, 8000, std::int64_t(i) * frame));
                (*rec)->pushHeard(tone(rate, 440, frame, 8000, std::int64_t(i) * frame));
            }
        } // the writer drains, libsndfile closes the Ogg stream

        const OggOpusLayout ogg = readOggOpus(path);
        QVERIFY2(ogg.problem.isEmpty(), qPrintable(ogg.problem));
        QCOMPARE(ogg.channels, 2);
        QCOMPARE(ogg.inputRate, rate);
        QVERIFY(ogg.audioPackets >= 90); // one per 20 ms or more
        QVERIFY(ogg.endOfStream);

        const Stereo back = readStereo(path);
        QVERIFY(back.rate > 0);
        QVERIFY2(back.left.size() >= std::size_t(back.rate * 19 / 10), qPrintable(QString::number(back.left.size())));
        const auto sent = middle(back.left, back.rate), heard = middle(back.right, back.rate);
        QVERIFY(goertzel(sent, 1000, back.rate) > 1e3 * goertzel(sent, 440, back.rate));
        QVERIFY(goertzel(heard, 440, back.rate) > 1e3 * goertzel(heard, 1000, back.rate));
        const double expected = 8000 / std::sqrt(2.0); // RMS of the sine
        for (const auto* side : { &sent, &heard }) {
            const double db = 20 * std::log10(rms(*side) / expected);
            QVERIFY2(std::abs(db) < 1.0, qPrintable(QStringLiteral("level off by %1 dB").arg(db)));
        }
    }

    void oggOpusRefusesARateOpusDoesNotTake()
    {
        auto rec = CallRecorder::create("/tmp/never-written.opus", 44100, 882);
        QVERIFY(!rec.ok());
        QVERIFY2(QString::fromStdString(rec.error().reason).contains(QLatin1String("8, 12, 16, 24 or 48 kHz")),
            rec.error().reason.c_str());
    }

    void mutedSendsSilenceToTheRecordingToo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("muted.wav"));
        auto us = talking(Codec::Ulaw, 600);
        auto rec = CallRecorder::create(path.toStdString(), 8000, 160);
        QVERIFY(rec.ok());
        us->setRecorder(std::move(rec).value());
        us->setMuted(true);
        for (std::int64_t now = 0; now < 1000; now += 20) {
            us->tick(now);
            while (us->pullToSend()) { }
        }
        us->setRecorder(nullptr);
        const Stereo wav = readStereo(path);
        QVERIFY(wav.left.size() >= 8000 * 9 / 10); // the peer's side is written against silence
        QVERIFY(std::all_of(wav.left.begin(), wav.left.end(), [](std::int16_t s) { return s == 0; }));
    }

    void unwritablePathIsRefusedWithAReason()
    {
        auto rec = CallRecorder::create("/nonexistent-dir/x/call.wav", 8000, 160);
        QVERIFY(!rec.ok());
        QVERIFY(QString::fromStdString(rec.error().reason).contains(QLatin1String("/nonexistent-dir/x/call.wav")));
    }
};

QTEST_GUILESS_MAIN(TstAudioRecording)
#include "tst_audio_recording.moc"
