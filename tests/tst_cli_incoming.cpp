// End to end over loopback UDP: `iaxphone-cli register` receives a call from the PBX it is
// registered to (issue 15 item 1). The PBX is the Engine itself on a QUdpSocket in this process
// (`iaxphone-cli listen` can be a registrar but cannot originate): registrar of "desk", it calls
// the registered phone as Asterisk's Dial(IAX2/desk) does — a NEW with no USERNAME — and plays two
// tones; the recording must hold them in order, the JSON events must name the account and MD5,
// and the call must be encrypted. A caller at another address is still rejected.
#include "audio/g711.h"
#include "support/cli_test_support.h"
#include "support/udp_engine.h"

#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace iax::core;
using namespace iax::test;

namespace {
const char* const kDeskSecret = "e2e-secret"; // Proc's default IAXPHONE_SECRET

DialRequest deskCall(const PeerAddress& to, EncryptionPolicy policy)
{
    DialRequest d;
    d.peer = to;
    d.secret = kDeskSecret; // the peer's secret, as Asterisk's iax.conf [desk] secret=
    d.calledNumber = "s";
    d.callingNumber = "5551234";
    d.callingName = "Front Desk";
    d.encryption = policy;
    d.codecs = { Codec::Ulaw };
    return d;
}

// 20 ms of a sine at `hz` in G.711 µ-law, continuing the phase across frames.
std::vector<std::uint8_t> ulawTone(double hz, int frame)
{
    std::vector<std::uint8_t> out;
    for (const std::int16_t v : iax::test::tone(8000, hz, 160, 8000, std::int64_t(frame) * 160))
        out.push_back(iax::audio::linearToUlaw(v));
    return out;
}

QJsonObject firstEvent(const Proc& p, const QString& name)
{
    for (const auto& e : p.events())
        if (e.value("event") == name)
            return e;
    return {};
}
} // namespace

class TestCliIncoming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registeredPhoneAnswersItsPbx()
    {
        QTemporaryDir dir;
        UdpEngine pbx(registrarOf("desk", kDeskSecret));
        UdpEngine stranger(EngineConfig {});
        const QString rec = dir.path() + "/from-pbx.wav";
        const quint16 phonePort = freePort();
        Proc phone({ "register", QString("iax2:desk@127.0.0.1:%1").arg(pbx.port()), "--bind",
            QString("127.0.0.1:%1").arg(phonePort), "--answer", "record:" + rec, "--encryption", "required",
            "--duration", "30", "--max-calls", "1", "--json" });
        // (Proc::waitFor would block this thread's event loop, where the PBX runs.)
        QTRY_VERIFY_WITH_TIMEOUT(
            (phone.m_out += phone.p.readAllStandardOutput()).contains("\"state\":\"registered\""), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 10000);
        const PeerAddress contact = *pbx.engine().registeredContact("desk");
        QCOMPARE(contact.port, phonePort);

        // Another address, even with the account's secret and user name: not the registrar, so
        // nobody's call (register mode used to accept USERNAME=desk from anywhere).
        for (const char* name : { "", "desk" }) {
            DialRequest d = deskCall(contact, EncryptionPolicy::Required);
            d.username = name;
            const CallId sc = stranger.engine().dial(d, stranger.now()).value();
            stranger.pump();
            QTRY_VERIFY_WITH_TIMEOUT(stranger.stateOf(sc) == CallState::Rejected, 10000);
            QCOMPARE(QString::fromStdString(stranger.endOf(sc)->reason), QString("No authority found"));
        }

        // The registrar calls (no USERNAME) and plays 1 s of 440 Hz, then 1 s of 880 Hz.
        const CallId pc = pbx.engine().dial(deskCall(contact, EncryptionPolicy::Required), pbx.now()).value();
        pbx.pump();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(pc) == CallState::Answered, 10000);
        // Paced by the clock, not by the waits (which a loaded machine stretches): every frame due.
        QElapsedTimer paced;
        paced.start();
        for (int f = 0; f < 100;) {
            for (; f < 100 && f * 20 <= paced.elapsed(); ++f)
                pbx.engine().sendVoice(pc, ulawTone(f < 50 ? 440 : 880, f), 20, pbx.now());
            pbx.pump();
            QTest::qWait(5);
        }
        QTest::qWait(300);
        pbx.engine().hangup(pc, "Normal Clearing", pbx.now());
        pbx.pump();
        QTRY_VERIFY_WITH_TIMEOUT(phone.p.state() == QProcess::NotRunning, 40000); // --max-calls 1
        QCOMPARE(phone.finish(), 0);

        const QJsonObject in = firstEvent(phone, "incoming");
        QVERIFY2(!in.isEmpty(), phone.m_out.constData());
        QCOMPARE(in.value("user").toString(), QString("desk"));
        QCOMPARE(in.value("account").toString(), QString("desk@127.0.0.1:%1").arg(pbx.port()));
        QCOMPARE(in.value("auth").toString(), QString("md5"));
        QCOMPARE(in.value("calling_number").toString(), QString("5551234"));
        QCOMPARE(in.value("calling_name").toString(), QString("Front Desk"));
        bool encrypted = false;
        for (const auto& e : phone.events())
            encrypted |= e.value("event") == "encryption" && e.value("state") == "encrypted";
        QVERIFY2(encrypted, phone.m_out.constData());
        // The recording: 440 Hz, then 880 Hz (250 ms windows, edges left out).
        QList<int> tones = tonesPerWindow(rec, 250, 0.1);
        const QString seen = QString("windows (-1 silent, 0 = 440 Hz, 1 = 880 Hz): %1").arg([&] {
            QStringList l;
            for (int t : tones)
                l << QString::number(t);
            return l.join(' ');
        }());
        tones.removeAll(-1);
        QVERIFY2(tones.count(0) >= 2 && tones.count(1) >= 2, qPrintable(seen));
        QVERIFY(tones.indexOf(1) > tones.lastIndexOf(0));
    }
};

QTEST_GUILESS_MAIN(TestCliIncoming)
#include "tst_cli_incoming.moc"
