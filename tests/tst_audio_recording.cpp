// Call recording (issue 18): MediaSession with a CallRecorder writes a stereo WAV whose left
// channel is what we send and whose right channel is what we hear. Two sessions talk with known
// tones (we send 600 Hz, the peer 1100 Hz) on a virtual clock; the file is read back with
// libsndfile and each channel must carry its own tone and not the other.
#include "audio/call_recorder.h"
#include "audio/file_source.h"
#include "audio/media_session.h"
#include "core/protocol/constants.h"
#include "support/tone_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

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
        QTest::newRow("alaw") << quint64(Codec::Alaw);
        QTest::newRow("opus") << quint64(Codec::Opus);
    }
    void recordsEachDirectionOnItsChannel()
    {
        QFETCH(quint64, format);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("call.wav"));
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
