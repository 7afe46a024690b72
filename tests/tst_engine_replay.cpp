// The Engine against real Asterisk: fed the server's frames from the interop captures, it must
// answer with the same frame sequence Asterisk's own client sent (types, subclasses, seqnos,
// IEs; MD5 results byte-identical for the same challenge), and follow an encrypted call with
// key rotation.
#include "core/analysis/pcap_reader.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/engine.h"
#include "support/interop_frames.h"

#include <cmath>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace iax::core;
using iax::test::toUs;

namespace {
const PeerAddress kServer { "127.0.0.2", 4569 };

struct Capture {
    std::vector<CapturedDatagram> dgs;
    QJsonArray frames;
};

Capture load(const QString& name)
{
    Capture c;
    auto d = readUdpCapture((QStringLiteral(IAX_TEST_DATA "/interop/") + name + "/" + name + ".pcap").toStdString());
    if (d)
        c.dgs = std::move(d).value();
    QFile f(QStringLiteral(IAX_TEST_DATA "/interop/") + name + "/decoded.json");
    if (f.open(QIODevice::ReadOnly))
        c.frames = QJsonDocument::fromJson(f.readAll()).object().value("frames").toArray();
    return c;
}

QStringList ieStrings(const FullFrame& f)
{
    QStringList out;
    if (auto ies = f.ies())
        for (const auto& ie : ies->items())
            out << QString::fromStdString(formatIe(ie));
    return out;
}

QStringList jsonIes(const QJsonObject& o)
{
    QStringList out;
    for (const auto& v : o.value("ies").toArray())
        out << v.toString();
    return out;
}

// Compares our frame with the client's frame in the capture (all but call numbers and, unless
// it is an ACK, the timestamp).
void compareFrame(const FullFrame& ours, const QJsonObject& theirs)
{
    QCOMPARE(QString::fromStdString(frameTypeName(ours.type)), theirs.value("type").toString());
    QCOMPARE(QString::fromStdString(subclassName(ours.type, ours.subclass)), theirs.value("subclass").toString());
    QCOMPARE(int(ours.oseqno), theirs.value("oseq").toInt());
    QCOMPARE(int(ours.iseqno), theirs.value("iseq").toInt());
    if (ours.isIax(IaxCommand::Ack))
        QCOMPARE(qint64(ours.timestamp), qint64(theirs.value("ts").toDouble()));
    if (ours.type == std::uint8_t(FrameType::Iax))
        QCOMPARE(ieStrings(ours), jsonIes(theirs));
}

std::uint32_t datetimeOf(const QJsonObject& newFrame)
{
    for (const auto& v : newFrame.value("ies").toArray())
        if (v.toString().startsWith("DATETIME"))
            return v.toString().section('=', 1).section(' ', 0, 0).toUInt();
    return 0;
}

// The DialRequest Asterisk's A used in a capture (same IEs, same DATETIME).
DialRequest captureDial(const Capture& c, const char* username, const char* secret, EncryptionPolicy policy)
{
    DialRequest d;
    d.peer = kServer;
    d.username = username;
    d.secret = secret;
    d.calledNumber = "dtmf";
    d.encryption = policy;
    d.codecs = { Codec::Ulaw };
    d.datetime = datetimeOf(c.frames[0].toObject());
    return d;
}
} // namespace

class TestEngineReplay : public QObject {
    Q_OBJECT
private slots:
    void registrationLikeAsterisk()
    {
        const Capture c = load("register-md5");
        QCOMPARE(c.dgs.size(), size_t(7));
        SeededRandom rng(11);
        Engine e(EngineConfig {}, rng);
        RegistrationRequest r;
        r.server = kServer;
        r.username = "softphone-md5";
        r.secret = "SoftphoneMd5Secret";
        r.refreshSeconds = 60;
        e.registerTo(r, Millis(1000));
        std::uint16_t ours = 0;
        Millis now(1000);
        std::vector<RegistrationStateChanged> states;
        for (size_t i = 0; i < c.dgs.size(); ++i) {
            const QJsonObject exp = c.frames[int(i)].toObject();
            if (c.dgs[i].src == "127.0.0.1:4569") {
                auto t = e.pollTransmit();
                QVERIFY2(t, qPrintable(QString("no frame where Asterisk sent pkt %1").arg(i + 1)));
                QCOMPARE(t->to, kServer);
                auto f = decodeFullFrame(t->bytes);
                QVERIFY(f.ok());
                ours = f->scall;
                compareFrame(*f, exp);
            } else {
                now += Millis(2);
                e.receive(toUs(c.dgs[i].payload, ours), kServer, now);
            }
            while (auto ev = e.pollEvent())
                if (auto* s = std::get_if<RegistrationStateChanged>(&*ev))
                    states.push_back(*s);
        }
        QVERIFY(!e.pollTransmit());
        QVERIFY(!states.empty());
        QCOMPARE(int(states.back().state), int(RegistrationState::Registered));
        QCOMPARE(states.back().refresh, 60);
        QCOMPARE(QString::fromStdString(states.back().apparentAddress), QString("127.0.0.1:4569"));
        // It re-registers before the 60 s refresh expires.
        QVERIFY(e.nextDeadline() && *e.nextDeadline() < now + Millis(60000));
    }

    void plainMd5WholeCallLikeAsterisk()
    {
        // The whole caller side of md5-plain, in the capture's own timing: NEW … ANSWER, the six
        // DTMF digits, 2.76 s of voice (a full VOICE frame, then mini frames), every ACK (with the
        // acknowledged frame's timestamp) and the final ACK of B's HANGUP.
        const Capture c = load("md5-plain");
        QCOMPARE(c.dgs.size(), size_t(327));
        SeededRandom rng(21);
        Engine e(EngineConfig {}, rng);
        DialRequest d = captureDial(c, "a-md5-plain", "PlainMd5-Secret-D", EncryptionPolicy::Off);
        const double t0 = c.dgs[0].timestamp;
        const int firstTs = c.frames[0].toObject().value("ts").toInt();
        auto at
            = [&](std::size_t i) { return Millis(1000 + firstTs + std::llround((c.dgs[i].timestamp - t0) * 1000)); };
        auto id = e.dial(d, Millis(1000));
        QVERIFY(id);
        std::uint16_t ours = 0;
        int fulls = 0, minis = 0, hangups = 0;
        for (size_t i = 0; i < c.dgs.size(); ++i) {
            const QJsonObject exp = c.frames[int(i)].toObject();
            const Millis now = at(i);
            if (c.dgs[i].src != "127.0.0.1:4569") {
                e.receive(toUs(c.dgs[i].payload, ours), kServer, now);
                while (auto ev = e.pollEvent())
                    if (auto* s = std::get_if<CallStateChanged>(&*ev); s && s->state == CallState::HungUp)
                        ++hangups;
                continue;
            }
            auto dg = decodeDatagram(c.dgs[i].payload);
            QVERIFY(dg);
            if (auto* m = std::get_if<MiniFrame>(&*dg)) {
                QVERIFY(e.sendVoice(*id, m->payload, 20, now));
            } else {
                const auto& f = std::get<FullFrame>(*dg);
                if (f.type == std::uint8_t(FrameType::DtmfBegin))
                    QVERIFY(e.sendDtmf(*id, char(f.subclass), now));
                if (f.type == std::uint8_t(FrameType::Voice))
                    QVERIFY(e.sendVoice(*id, f.payload, 20, now));
            }
            auto t = e.pollTransmit();
            QVERIFY2(t, qPrintable(QString("no frame where Asterisk sent pkt %1").arg(i + 1)));
            auto ourDg = decodeDatagram(t->bytes);
            QVERIFY(ourDg);
            if (exp.value("kind").toString() == "mini") {
                QVERIFY2(std::holds_alternative<MiniFrame>(*ourDg), qPrintable(QString("pkt %1").arg(i + 1)));
                QCOMPARE(std::get<MiniFrame>(*ourDg).payload, std::get<MiniFrame>(*dg).payload);
                ++minis;
                continue;
            }
            QVERIFY2(std::holds_alternative<FullFrame>(*ourDg), qPrintable(QString("pkt %1").arg(i + 1)));
            const auto& f = std::get<FullFrame>(*ourDg);
            ours = f.scall;
            compareFrame(f, exp);
            ++fulls;
        }
        QCOMPARE(hangups, 1);
        QCOMPARE(minis, 137);
        QVERIFY(fulls >= 20);
        QVERIFY(!e.pollTransmit());
        QCOMPARE(e.callCount(), size_t(1)); // lingering to re-ACK a retransmitted HANGUP …
        e.handleTimeout(at(326) + Millis(5000));
        QCOMPARE(e.callCount(), size_t(0)); // … then gone
    }

    void rsaHandshakeLikeAsterisk()
    {
        // rsa-aes128: our AUTHREP (decrypted) equals Asterisk's, RSA_RESULT included: the same
        // PKCS#1 v1.5 SHA-1 signature of the challenge with keys/iaxA.key.
        const Capture c = load("rsa-aes128");
        auto key = RsaKey::privateFromFile(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.key");
        QVERIFY(key.ok());
        SeededRandom rng(14);
        Engine e(EngineConfig {}, rng);
        DialRequest d = captureDial(c, "a-rsa-aes", "RsaAes-Secret-C", EncryptionPolicy::Required);
        d.outkey = std::make_shared<RsaKey>(std::move(key).value());
        QVERIFY(e.dial(d, Millis(0)));
        FrameDecryptor ourTx(deriveAesKey("171265672", "RsaAes-Secret-C"));
        replayHandshake(c, e, &ourTx);
        bool sawRsa = false;
        for (const auto& v : c.frames[4].toObject().value("ies").toArray())
            sawRsa |= v.toString().startsWith("RSA_RESULT(17)[172]");
        QVERIFY(sawRsa); // and compareFrame() found ours identical
    }

    void encryptedCallWithAsteriskRotation()
    {
        const Capture c = load("md5-aes128-dtmf");
        SeededRandom rng(13);
        Engine e(EngineConfig {}, rng);
        DialRequest d = captureDial(c, "a-md5-aes", "Aes128Secret-A", EncryptionPolicy::Required);
        auto id = e.dial(d, Millis(0));
        QVERIFY(id);
        const AesKey key = deriveAesKey("211749830", "Aes128Secret-A");
        FrameDecryptor ourTx(key);
        replayHandshake(c, e, &ourTx);

        // Now play the rest of B's side of the call; we send voice too. We may rotate only after
        // B's RTKEY (pkt 36): B's AUTHREQ said 0x0001, its RTKEY is the proof.
        std::uint16_t ours = std::uint16_t(*id);
        std::vector<std::uint8_t> voice;
        int rekeyRx = 0, ourRtkeysBefore36 = 0, ourRtkeysAfter36 = 0;
        bool hungup = false;
        EncryptionState enc = EncryptionState::Off;
        // B's datagrams arrive when the capture saw them (the engine judges which key fits a frame by
        // the peer's clock, so the replay keeps Asterisk's timing).
        Millis now(100);
        const double t11 = c.dgs[11].timestamp;
        std::vector<std::uint8_t> payload(160, 0xFF);
        for (size_t i = 11; i < c.dgs.size(); ++i) {
            if (c.dgs[i].src != "127.0.0.2:4569")
                continue;
            now = std::max(now + Millis(1), Millis(100 + std::llround((c.dgs[i].timestamp - t11) * 1000)));
            e.receive(toUs(c.dgs[i].payload, ours), kServer, now);
            e.sendVoice(*id, payload, 20, now);
            while (auto t = e.pollTransmit()) {
                auto plain = ourTx.decrypt(t->bytes, (t->bytes[0] & 0x80) ? FrameKind::Full : FrameKind::Mini);
                if (!plain)
                    continue; // after our own rotation, our frames use our new key
                auto f = decodeFullFrame(plain->datagram);
                if (f && f->isIax(IaxCommand::RtKey))
                    (c.dgs[i].packetNumber < 36 ? ourRtkeysBefore36 : ourRtkeysAfter36)++;
            }
            while (auto ev = e.pollEvent()) {
                if (auto* v = std::get_if<VoiceReceived>(&*ev))
                    voice.insert(voice.end(), v->payload.begin(), v->payload.end());
                if (std::get_if<Rekey>(&*ev) && std::get<Rekey>(*ev).direction == KeyDirection::Rx)
                    ++rekeyRx;
                if (auto* s = std::get_if<CallStateChanged>(&*ev)) {
                    hungup |= s->state == CallState::HungUp;
                }
                if (auto* s = std::get_if<EncryptionStateChanged>(&*ev))
                    enc = s->state;
            }
        }
        QVERIFY(hungup);
        QCOMPARE(rekeyRx, 1);
        QCOMPARE(ourRtkeysBefore36, 0);
        QCOMPARE(ourRtkeysAfter36, 1);
        QCOMPARE(int(enc), int(EncryptionState::Encrypted));
        QFile vf(IAX_TEST_DATA "/interop/md5-aes128-dtmf/decrypted-voice/voice-from-127.0.0.2_4569.ulaw");
        QVERIFY(vf.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(voice.data()), qsizetype(voice.size())), vf.readAll());
    }

private:
    // Replays packets 1..11 (NEW … ANSWER and its ACKs); our frames must equal the client's.
    void replayHandshake(const Capture& c, Engine& e, FrameDecryptor* dec)
    {
        std::uint16_t ours = 0;
        Millis now(0);
        for (size_t i = 0; i < 11; ++i) {
            const QJsonObject exp = c.frames[int(i)].toObject();
            if (c.dgs[i].src == "127.0.0.1:4569") {
                auto t = e.pollTransmit();
                QVERIFY2(t, qPrintable(QString("no frame where Asterisk sent pkt %1").arg(i + 1)));
                std::vector<std::uint8_t> bytes = t->bytes;
                if (exp.value("enc").toBool()) {
                    QVERIFY(dec);
                    auto plain = dec->decrypt(bytes, FrameKind::Full);
                    QVERIFY2(plain.ok(), qPrintable(QString("pkt %1 does not decrypt").arg(i + 1)));
                    bytes = plain->datagram;
                }
                auto f = decodeFullFrame(bytes);
                QVERIFY(f.ok());
                ours = f->scall;
                compareFrame(*f, exp);
            } else {
                now += Millis(2);
                e.receive(toUs(c.dgs[i].payload, ours), kServer, now);
            }
        }
        QVERIFY(!e.pollTransmit());
    }
};

QTEST_GUILESS_MAIN(TestEngineReplay)
#include "tst_engine_replay.moc"
