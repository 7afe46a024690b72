// The capture decoder against the independent decode of every interop capture: every packet's
// fields and IEs, the derived and rotated keys, DTMF, and the voice — compared byte for byte
// with the decrypted voice files and with a µ-law encoding of testtones.wav made by libsndfile.
#include "core/analysis/capture_decoder.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/frame_cipher.h"
#include "support/interop_frames.h"
#include "support/tone_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

#include <cmath>
#include <map>

using namespace iax::core;
using iax::test::goertzel;
using iax::test::ulawOfTestTones;

namespace {
QString dataPath(const QString& rel)
{
    return iax::test::interopPath(rel);
}

QJsonObject loadJson(const QString& capture)
{
    QFile f(dataPath(capture + "/decoded.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

struct Decoded {
    std::vector<DecodedPacket> packets;
    CaptureSummary summary;
};

Decoded decodeCapture(const QString& capture, std::vector<std::string> secrets)
{
    Decoded out;
    auto dgs = readUdpCapture(dataPath(capture + "/" + capture + ".pcap").toStdString());
    if (!dgs)
        return out;
    CaptureDecoder dec(std::move(secrets));
    for (const auto& dg : *dgs)
        out.packets.push_back(dec.feed(dg));
    out.summary = dec.summary();
    return out;
}

// Independent µ-law decode (ITU G.711) for the tone check.
int ulawToLinear(std::uint8_t u)
{
    u = ~u;
    int t = ((u & 0x0F) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return (u & 0x80) ? (0x84 - t) : (t - 0x84);
}
} // namespace

class TestCaptureDecoder : public QObject {
    Q_OBJECT
private slots:
    void matchesIndependentDecode_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("secret");
        QTest::newRow("md5-aes128-dtmf") << "md5-aes128-dtmf"
                                         << "Aes128Secret-A";
        QTest::newRow("rsa-aes128") << "rsa-aes128"
                                    << "RsaAes-Secret-C";
        QTest::newRow("md5-plain") << "md5-plain"
                                   << "PlainMd5-Secret-D";
        QTest::newRow("register-md5") << "register-md5"
                                      << "SoftphoneMd5Secret";
    }
    void matchesIndependentDecode()
    {
        QFETCH(QString, capture);
        QFETCH(QString, secret);
        const QJsonObject json = loadJson(capture);
        const QJsonArray frames = json.value("frames").toArray();
        // A wrong secret first: the decoder must pick the right one by itself.
        const auto d = decodeCapture(capture, { "not-the-secret", secret.toStdString() });
        QCOMPARE(qsizetype(d.packets.size()), frames.size());
        int compared = 0;
        for (int i = 0; i < frames.size(); ++i) {
            const QJsonObject e = frames[i].toObject();
            const DecodedPacket& p = d.packets[size_t(i)];
            const QString where = QString("pkt %1").arg(p.pkt);
            QCOMPARE(int(p.pkt), e.value("pkt").toInt());
            QCOMPARE(QString::fromStdString(p.src), e.value("src").toString());
            QCOMPARE(QString::fromStdString(p.dst), e.value("dst").toString());
            QCOMPARE(int(p.udpLen), e.value("udp_len").toInt());
            QCOMPARE(p.encrypted, e.value("enc").toBool());
            QVERIFY2(p.decrypted, qPrintable(where + ": " + QString::fromStdString(p.error)));
            if (e.value("pad").isNull())
                QVERIFY(!p.padding);
            else
                QCOMPARE(p.padding.value_or(-1), e.value("pad").toInt());
            if (e.value("kind").toString() == "full") {
                QVERIFY2(p.full, qPrintable(where));
                const FullFrame& f = *p.full;
                QCOMPARE(int(f.scall), e.value("scall").toInt());
                QCOMPARE(int(f.dcall), e.value("dcall").toInt());
                QCOMPARE(f.retransmission, e.value("retrans").toBool());
                QCOMPARE(qint64(f.timestamp), qint64(e.value("ts").toDouble()));
                QCOMPARE(int(f.oseqno), e.value("oseq").toInt());
                QCOMPARE(int(f.iseqno), e.value("iseq").toInt());
                QCOMPARE(QString::fromStdString(frameTypeName(f.type)), e.value("type").toString());
                QCOMPARE(QString::fromStdString(subclassName(f.type, f.subclass)), e.value("subclass").toString());
                if (e.contains("ies")) {
                    auto ies = f.ies();
                    QVERIFY(ies.ok());
                    QStringList got;
                    for (const auto& ie : ies->items())
                        got << QString::fromStdString(formatIe(ie));
                    QStringList want;
                    for (const auto& v : e.value("ies").toArray())
                        want << v.toString();
                    QCOMPARE(got, want);
                }
            } else {
                QCOMPARE(e.value("kind").toString(), QString("mini"));
                QVERIFY2(p.mini, qPrintable(where));
                QCOMPARE(int(p.mini->callno), e.value("callno").toInt());
                QCOMPARE(int(p.mini->timestamp), e.value("ts16").toInt());
                QCOMPARE(int(p.mini->payload.size()), e.value("payload_len").toInt());
            }
            ++compared;
        }
        QCOMPARE(compared, frames.size());

        // Keys and rotations.
        const QJsonArray keys = json.value("keys").toArray();
        QCOMPARE(qsizetype(d.summary.keys.size()), keys.size());
        for (int i = 0; i < keys.size(); ++i) {
            QCOMPARE(QString::fromStdString(byte_io::toHex(d.summary.keys[size_t(i)].key)),
                keys[i].toObject().value("aes_key").toString());
            QCOMPARE(QString::fromStdString(d.summary.keys[size_t(i)].secret), secret);
            QCOMPARE(int(d.summary.keys[size_t(i)].pkt), keys[i].toObject().value("pkt").toInt());
        }
        const QJsonArray rtkeys = json.value("rtkeys").toArray();
        QCOMPARE(qsizetype(d.summary.rtkeys.size()), rtkeys.size());
        for (int i = 0; i < rtkeys.size(); ++i) {
            const QJsonObject r = rtkeys[i].toObject();
            QCOMPARE(int(d.summary.rtkeys[size_t(i)].pkt), r.value("pkt").toInt());
            QCOMPARE(QString::fromStdString(d.summary.rtkeys[size_t(i)].from), r.value("from").toString());
            QCOMPARE(
                QString::fromStdString(byte_io::toHex(d.summary.rtkeys[size_t(i)].key)), r.value("new_key").toString());
        }
        // DTMF.
        const QJsonObject dtmf = json.value("dtmf").toObject();
        QCOMPARE(qsizetype(d.summary.dtmf.size()), dtmf.size());
        for (auto it = dtmf.begin(); it != dtmf.end(); ++it) {
            const auto& got = d.summary.dtmf.at(it.key().toStdString());
            const QJsonArray want = it.value().toArray();
            QCOMPARE(qsizetype(got.size()), want.size());
            QString digits;
            for (int i = 0; i < want.size(); ++i) {
                QCOMPARE(QString::fromStdString(got[size_t(i)].first), want[i].toArray()[0].toString());
                QCOMPARE(QString::fromStdString(got[size_t(i)].second), want[i].toArray()[1].toString());
                if (got[size_t(i)].first == "DTMF_END")
                    digits += QString::fromStdString(got[size_t(i)].second);
            }
            QCOMPARE(digits, QString("12345#"));
        }
        // Voice: byte-identical to the independently decrypted voice files.
        const QJsonObject voice = json.value("voice_bytes").toObject();
        QCOMPARE(qsizetype(d.summary.voice.size()), voice.size());
        for (auto it = voice.begin(); it != voice.end(); ++it) {
            const auto& got = d.summary.voice.at(it.key().toStdString());
            QCOMPARE(int(got.size()), it.value().toInt());
            QString file = it.key();
            file.replace(':', '_');
            QFile vf(dataPath(capture + "/decrypted-voice/voice-from-" + file + ".ulaw"));
            QVERIFY(vf.open(QIODevice::ReadOnly));
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(got.data()), qsizetype(got.size())), vf.readAll());
        }
    }

    // The recovered voice is the test tones: ≥ 99 % identical to libsndfile's µ-law encoding
    // (aligned at the best offset), and each second carries its tone.
    void voiceIsTheTestTones_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("secret");
        QTest::newRow("md5-aes128-dtmf") << "md5-aes128-dtmf"
                                         << "Aes128Secret-A";
        QTest::newRow("rsa-aes128") << "rsa-aes128"
                                    << "RsaAes-Secret-C";
        QTest::newRow("md5-plain") << "md5-plain"
                                   << "PlainMd5-Secret-D";
    }
    void voiceIsTheTestTones()
    {
        QFETCH(QString, capture);
        QFETCH(QString, secret);
        const QByteArray ref = ulawOfTestTones();
        QCOMPARE(ref.size(), 24000);
        const auto d = decodeCapture(capture, { secret.toStdString() });
        QCOMPARE(d.summary.voice.size(), size_t(2));
        for (const auto& [src, bytes] : d.summary.voice) {
            double best = 0;
            int bestOffset = 0;
            for (int off = -400; off <= 400; off += 1) {
                int same = 0, n = 0;
                for (size_t i = 0; i < bytes.size(); ++i) {
                    const long j = long(i) + off;
                    if (j < 0 || j >= ref.size())
                        continue;
                    ++n;
                    same += std::uint8_t(ref[int(j)]) == bytes[i] ? 1 : 0;
                }
                if (n > 20000 && double(same) / n > best) {
                    best = double(same) / n;
                    bestOffset = off;
                }
            }
            QVERIFY2(best >= 0.99, qPrintable(QString("%1: %2 identical").arg(src.c_str()).arg(best)));
            // Tone per second of the reference timeline.
            const double tones[3] = { 440, 880, 1320 };
            int secondsChecked = 0;
            for (int sec = 0; sec < 3; ++sec) {
                std::vector<double> x;
                for (int i = sec * 8000 + 1000; i < sec * 8000 + 7000; ++i) {
                    const long k = long(i) - bestOffset;
                    if (k >= 0 && size_t(k) < bytes.size())
                        x.push_back(ulawToLinear(bytes[size_t(k)]));
                }
                if (x.size() < 4000)
                    continue; // the caller's direction is 2.76 s long
                ++secondsChecked;
                double power[3];
                for (int t = 0; t < 3; ++t)
                    power[t] = goertzel(x, tones[t], 8000);
                const int strongest = int(std::max_element(power, power + 3) - power);
                QCOMPARE(strongest, sec);
            }
            QCOMPARE(secondsChecked, 3);
        }
    }

    // Asterisk with trunk=yes sends its voice in IAX2 trunk frames, in the clear although the call is
    // encrypted (data/interop/asterisk-trunk): the decoder collects it as that sender's voice, with
    // or without the secret, and says it crossed unencrypted.
    void trunkVoiceIsCollectedAndFlagged_data()
    {
        QTest::addColumn<bool>("withSecret");
        QTest::newRow("with the secret") << true;
        QTest::newRow("without") << false;
    }
    void trunkVoiceIsCollectedAndFlagged()
    {
        QFETCH(bool, withSecret);
        const auto d = decodeCapture("asterisk-trunk",
            withSecret ? std::vector<std::string> { "DevTrunkPass-7" } : std::vector<std::string> {});
        const std::string asterisk = "127.0.0.30:4569";
        QCOMPARE(d.summary.trunkVoice.size(), std::size_t(1));
        QCOMPARE(d.summary.trunkVoice.at(asterisk), std::size_t(23818));
        QVERIFY(d.summary.voice.at(asterisk).size() >= 23818);
        // The tones in their order, 1 s each (the kit's tone@dev-in), from the trunk entries alone.
        const auto& v = d.summary.voice.at(asterisk);
        const std::size_t start = v.size() - 23818;
        const double tones[3] = { 440, 880, 1320 };
        for (int sec = 0; sec < 2; ++sec) {
            std::vector<double> x;
            for (std::size_t i = start + std::size_t(sec) * 8000 + 1000; i < start + std::size_t(sec) * 8000 + 7000; ++i)
                x.push_back(ulawToLinear(v[i]));
            double power[3];
            for (int t = 0; t < 3; ++t)
                power[t] = goertzel(x, tones[t], 8000);
            QCOMPARE(int(std::max_element(power, power + 3) - power), sec);
        }
        const std::string text = formatSummary(d.summary);
        QVERIFY2(text.find("warning: 23818 bytes of the voice from 127.0.0.30:4569 came in IAX2 trunk frames, "
                           "which are never encrypted")
                != std::string::npos,
            text.c_str());
    }

    // Frames sent under a sender's old key that arrive after its RTKEY (reordering) still decrypt,
    // with the previous key; the decrypted timestamp tells which key is right.
    void framesInFlightAcrossRtkey()
    {
        auto dgs = readUdpCapture(dataPath("rsa-aes128/rsa-aes128.pcap").toStdString());
        QVERIFY(dgs.ok());
        const AesKey initial = deriveAesKey("171265672", "RsaAes-Secret-C");
        SeededRandom rng(2024);
        FrameEncryptor oldKey(initial);
        auto indexOf = [&](std::size_t pkt) {
            for (std::size_t i = 0; i < dgs->size(); ++i)
                if ((*dgs)[i].packetNumber == pkt)
                    return i;
            return dgs->size();
        };
        // B's ACK (pkt 35, old key) delivered after B's RTKEY (36) and first minis (40).
        std::vector<CapturedDatagram> order(*dgs);
        CapturedDatagram lateAck = order[indexOf(35)];
        order.erase(order.begin() + long(indexOf(35)));
        order.insert(order.begin() + long(indexOf(40)), lateAck);
        // Voice frames encrypted under the old keys, delivered after each side's RTKEY:
        // B (RTKEY 36) after pkt 46, A (RTKEY 52) after pkt 59.
        struct Late {
            std::string src, dst;
            std::uint16_t callno;
            std::uint16_t ts16;
            std::size_t after;
            std::uint8_t fill;
        };
        const std::vector<Late> late = { { "127.0.0.2:4569", "127.0.0.1:4569", 12342, 3140, 46, 0x11 },
            { "127.0.0.2:4569", "127.0.0.1:4569", 12342, 3160, 47, 0x22 },
            { "127.0.0.1:4569", "127.0.0.2:4569", 13187, 3260, 59, 0x33 },
            { "127.0.0.1:4569", "127.0.0.2:4569", 13187, 3280, 59, 0x44 } };
        for (const auto& l : late) {
            MiniFrame m;
            m.callno = l.callno;
            m.timestamp = l.ts16;
            m.payload.assign(160, l.fill);
            CapturedDatagram dg;
            dg.packetNumber = 1000 + l.fill;
            dg.src = l.src;
            dg.dst = l.dst;
            dg.payload = oldKey.encrypt(encode(m), FrameKind::Mini, rng);
            std::size_t at = 0;
            while (at < order.size() && order[at].packetNumber != l.after)
                ++at;
            order.insert(order.begin() + long(at + 1), dg);
        }
        CaptureDecoder dec({ "RsaAes-Secret-C" });
        int checked = 0;
        for (const auto& dg : order) {
            const DecodedPacket p = dec.feed(dg);
            QVERIFY2(p.decrypted, qPrintable(QString("pkt %1: %2").arg(p.pkt).arg(p.error.c_str())));
            if (p.pkt == 35) {
                QVERIFY(p.full && p.full->isIax(IaxCommand::Ack));
                QCOMPARE(int(p.full->timestamp), 2891);
                ++checked;
            }
            if (p.pkt >= 1000) {
                QVERIFY(p.mini);
                QCOMPARE(int(p.mini->payload.size()), 160);
                QCOMPARE(int(p.mini->payload[0]), int(p.pkt - 1000));
                ++checked;
            }
        }
        QCOMPARE(checked, 1 + int(late.size()));
        QCOMPARE(dec.summary().rtkeys.size(), size_t(2));
        QVERIFY(dec.summary().errors.empty());
    }

    // A voice frame B sent under its old key just before its RTKEY, delivered after it, whose
    // reading under B's new key lands far from B's clock: feedAll()'s split probe and feed() both
    // ask B's CallCipher, so the frame is neither split nor misread.
    void lateFrameReadAlikeBySplitProbeAndFeed()
    {
        auto dgs = readUdpCapture(dataPath("rsa-aes128/rsa-aes128.pcap").toStdString());
        QVERIFY(dgs.ok());
        const std::string b = "127.0.0.2:4569";
        AesKey bNew {};
        {
            CaptureDecoder probe({ "RsaAes-Secret-C" });
            for (const auto& dg : *dgs)
                probe.feed(dg);
            for (const auto& r : probe.summary().rtkeys)
                if (r.from == b)
                    bNew = r.key;
        }
        QVERIFY(bNew != AesKey {});
        const std::uint16_t ts16 = 3140; // on B's clock after pkt 46 (see framesInFlightAcrossRtkey)
        std::vector<std::uint8_t> late;
        for (std::uint64_t seed = 1; seed < 100'000 && late.empty(); ++seed) {
            MiniFrame m { 12342, ts16, std::vector<std::uint8_t>(160, 0x77) };
            SeededRandom rng(seed);
            FrameEncryptor oldKey(deriveAesKey("171265672", "RsaAes-Secret-C"));
            auto bytes = oldKey.encrypt(encode(m), FrameKind::Mini, rng);
            FrameDecryptor underNew(bNew);
            auto wrong = underNew.decrypt(bytes, FrameKind::Mini);
            if (!wrong)
                continue;
            const int d = std::abs(int(std::int16_t(std::uint16_t(byte_io::readU16(wrong->datagram, 2) - ts16))));
            if (d > 2000)
                late = std::move(bytes);
        }
        QVERIFY(!late.empty());
        CaptureDecoder dec({ "RsaAes-Secret-C" });
        bool seen = false;
        for (const auto& dg : *dgs) {
            for (const auto& p : dec.feedAll(dg))
                QVERIFY2(p.decrypted, qPrintable(QString("pkt %1: %2").arg(p.pkt).arg(p.error.c_str())));
            if (dg.packetNumber != 46)
                continue;
            CapturedDatagram in = dg;
            in.packetNumber = 1000;
            in.src = b;
            in.dst = "127.0.0.1:4569";
            in.payload = late;
            const auto out = dec.feedAll(in);
            QCOMPARE(out.size(), std::size_t(1));
            QVERIFY2(out[0].decrypted && out[0].mini, out[0].error.c_str());
            QCOMPARE(int(out[0].mini->timestamp), int(ts16));
            QCOMPARE(int(out[0].mini->payload.at(0)), 0x77);
            seen = true;
        }
        QVERIFY(seen);
        QVERIFY(dec.summary().errors.empty());
    }

    // A call number reused by a new call after an encrypted one: its NEW (clear, dcall 0) ends
    // the old call's keys, and the new call's clear frames read as clear.
    // A capture taken on a host that sends with UDP segmentation offload (EngineHost, 20 calls
    // of `iaxphone-cli load` to one `listen`): runs of 194-byte encrypted minis appear as one
    // payload of k*194 bytes. Every segment is decoded and decrypted; the counts equal what the
    // load run reported sending (1002 voice frames) and the echo it got back.
    void offloadedCaptureIsSplit()
    {
        auto dgs = readUdpCapture(QStringLiteral(IAX_TEST_DATA "/gso/load20-offload.pcap").toStdString(), 34569);
        QVERIFY(dgs.ok());
        CaptureDecoder dec({ "gsotest" });
        std::map<std::string, int> voice; // sender -> voice frames (full VOICE + mini)
        std::map<std::pair<std::string, int>, int> perCall;
        std::size_t splitNotes = 0, packets = 0;
        for (const auto& dg : *dgs) {
            const auto out = dec.feedAll(dg);
            for (const DecodedPacket& p : out) {
                ++packets;
                QVERIFY2(p.error.empty(), (std::to_string(p.pkt) + ": " + p.error).c_str());
                QVERIFY(p.decrypted);
                QCOMPARE(p.pkt, dg.packetNumber);
                QVERIFY(p.udpLen <= 1500);
                if (out.size() > 1) {
                    QCOMPARE(p.udpLen, std::size_t(194));
                    QVERIFY(!p.notes.empty()
                        && p.notes[0].find("captured before UDP segmentation offload") != std::string::npos);
                    ++splitNotes;
                }
                const bool isVoice = p.mini || (p.full && p.full->frameType() == FrameType::Voice);
                if (isVoice) {
                    ++voice[p.src];
                    ++perCall[{ p.src, p.mini ? p.mini->callno : p.full->scall }];
                }
            }
        }
        QVERIFY(dec.summary().errors.empty());
        QCOMPARE(dec.summary().keys.size(), std::size_t(20));
        QCOMPARE(dec.summary().splitPackets.size(), std::size_t(81));
        std::size_t inSplits = 0;
        for (const auto& sp : dec.summary().splitPackets) {
            QCOMPARE(sp.size, std::size_t(194));
            QVERIFY(sp.count >= 16 && sp.count <= 27);
            inSplits += sp.count;
        }
        QCOMPARE(splitNotes, inSplits);
        QCOMPARE(packets, dgs->size() - 81 + inSplits);
        QCOMPARE(voice["127.0.0.1:59678"], 1002); // load: "voice sent 1002"
        QCOMPARE(voice["127.0.0.1:34569"], 984); // the echo, all of it in the capture
        QCOMPARE(perCall.size(), std::size_t(40)); // 20 calls, both directions
        for (const auto& [call, n] : perCall)
            QVERIFY2(n >= 46 && n <= 51,
                (call.first + " " + std::to_string(call.second) + ": " + std::to_string(n)).c_str());
    }

    // Equal segments that do not decode are not split: the payload gets the error feed() gives.
    void equalSegmentsThatDoNotDecodeAreNotSplit()
    {
        auto dgs = readUdpCapture(dataPath("md5-aes128-dtmf/md5-aes128-dtmf.pcap").toStdString());
        QVERIFY(dgs.ok());
        CaptureDecoder dec({ "Aes128Secret-A" });
        CaptureDecoder ref({ "Aes128Secret-A" });
        const CapturedDatagram* mini = nullptr;
        for (const auto& dg : *dgs) {
            const auto out = dec.feedAll(dg);
            QCOMPARE(out.size(), std::size_t(1));
            QVERIFY(ref.feed(dg).decrypted);
            if (out[0].mini && out[0].encrypted)
                mini = &dg;
        }
        QVERIFY(mini);
        std::uint32_t seed = 1;
        int failures = 0;
        for (const std::size_t segments : { 2u, 3u, 9u, 17u, 128u }) {
            for (const std::size_t size :
                { std::size_t(4), std::size_t(34), mini->payload.size(), std::size_t(1500) }) {
                CapturedDatagram dg = *mini;
                dg.payload.clear();
                for (std::size_t i = 0; i < segments; ++i) {
                    dg.payload.insert(dg.payload.end(), mini->payload.begin(), mini->payload.begin() + 2); // its callno
                    for (std::size_t j = 2; j < size; ++j) {
                        seed = seed * 1103515245u + 12345u;
                        dg.payload.push_back(std::uint8_t(seed >> 16));
                    }
                }
                const auto out = dec.feedAll(dg);
                const DecodedPacket expected = ref.feed(dg);
                QCOMPARE(out.size(), std::size_t(1));
                QCOMPARE(out[0].decrypted, expected.decrypted); // random bytes may pass as a mini (no checksum)
                QCOMPARE(out[0].error, expected.error);
                failures += out[0].decrypted ? 0 : 1;
                QCOMPARE(out[0].udpLen, dg.payload.size());
            }
        }
        QVERIFY(dec.summary().splitPackets.empty());
        QVERIFY(failures >= 15); // mostly the ordinary "decryption failed"
    }

    void newCallReusingCallNumbers()
    {
        auto dgs = readUdpCapture(dataPath("md5-aes128-dtmf/md5-aes128-dtmf.pcap").toStdString());
        QVERIFY(dgs.ok());
        CaptureDecoder dec({ "Aes128Secret-A" });
        for (const auto& dg : *dgs)
            QVERIFY(dec.feed(dg).decrypted);
        const DecodedPacket again = dec.feed((*dgs)[0]); // the original NEW again: a fresh call
        QVERIFY2(again.decrypted && !again.encrypted && again.full, again.error.c_str());
        const FullFrame& first = *again.full;
        QVERIFY(first.isIax(IaxCommand::New));
        FullFrame ack;
        ack.scall = 10096; // the old callee's number, now in a clear call
        ack.dcall = first.scall;
        ack.timestamp = 5;
        ack.iseqno = 1;
        ack.type = std::uint8_t(FrameType::Control);
        ack.subclass = std::int64_t(ControlCommand::Ringing);
        CapturedDatagram dg;
        dg.packetNumber = 400;
        dg.src = "127.0.0.2:4569";
        dg.dst = "127.0.0.1:4569";
        dg.payload = encode(ack);
        const DecodedPacket p = dec.feed(dg);
        QVERIFY2(p.decrypted && !p.encrypted, p.error.c_str());
        QVERIFY(p.full && p.full->isControl(ControlCommand::Ringing));
    }

    void withoutTheSecretNothingAfterAuthreqIsReadable_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QStringList>("secrets");
        QTest::newRow("md5 no secret") << "md5-aes128-dtmf" << QStringList {};
        QTest::newRow("md5 wrong secret") << "md5-aes128-dtmf" << QStringList { "Aes128Secret-B" };
        QTest::newRow("rsa no secret") << "rsa-aes128" << QStringList {};
        QTest::newRow("rsa wrong secret") << "rsa-aes128" << QStringList { "wrong" };
    }
    void withoutTheSecretNothingAfterAuthreqIsReadable()
    {
        QFETCH(QString, capture);
        QFETCH(QStringList, secrets);
        std::vector<std::string> s;
        for (const auto& x : secrets)
            s.push_back(x.toStdString());
        const auto d = decodeCapture(capture, s);
        size_t authreq = 0;
        for (const auto& p : d.packets)
            if (p.full && p.full->isIax(IaxCommand::AuthReq))
                authreq = p.pkt;
        QVERIFY(authreq > 0);
        int unreadable = 0;
        for (const auto& p : d.packets) {
            if (p.pkt <= authreq)
                continue;
            QVERIFY(p.encrypted);
            QVERIFY(!p.decrypted);
            QVERIFY(!p.full && !p.mini);
            QVERIFY(!p.error.empty());
            ++unreadable;
        }
        QVERIFY(unreadable > 300);
        QVERIFY(d.summary.keys.empty());
        QVERIFY(d.summary.dtmf.empty());
        QVERIFY(d.summary.voice.empty());
        if (!secrets.isEmpty())
            QVERIFY(!d.summary.errors.empty());
        // The text output says why, and never prints a secret.
        const std::string text = formatDecodedPacket(d.packets.back()) + formatSummary(d.summary);
        QVERIFY(text.find("encrypted") != std::string::npos || text.find("secret") != std::string::npos);
        for (const auto& x : s)
            QVERIFY(text.find(x) == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCaptureDecoder)
#include "tst_capture_decoder.moc"
