// End to end with real processes over loopback UDP: `iaxphone-cli listen` answers,
// `iaxphone-cli call` plays testtones.wav and records the far end; the recording must carry
// the three tones in order. Plus RSA, wrong secret, secure dial through a gateway, and a wire
// check with tshark that nothing of the encrypted call is readable on the wire.
#include "core/analysis/capture_decoder.h"
#include "support/cli_test_support.h"
#include "support/tone_support.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

#include <sndfile.h>

#include <cmath>
#include <set>

using namespace iax::test;

namespace {
// tshark on loopback for one UDP port, for wire checks.
struct Capture {
    QProcess p;
    QString file;
    Capture(const QString& path, quint16 port)
        : file(path)
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", QFileInfo(path).absolutePath());
        p.setProcessEnvironment(env);
        p.start("tshark", { "-i", "lo", "-f", QString("udp port %1").arg(port), "-w", path });
        QElapsedTimer t;
        t.start();
        QByteArray err;
        while (t.elapsed() < 15000 && !err.contains("Capturing on")) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
        }
        QTest::qWait(300);
    }
    void stop()
    {
        QTest::qWait(500);
        p.terminate();
        p.waitForFinished(10000);
    }
};
} // namespace

class TestCliE2e : public QObject {
    Q_OBJECT
private slots:
    void echoCallCarriesTheTones_data()
    {
        QTest::addColumn<QString>("codec");
        QTest::addColumn<QString>("callFrameMs"); // --frame-ms of the caller / the echo (issue 19)
        QTest::addColumn<QString>("echoFrameMs");
        QTest::addColumn<QString>("file"); // --record's file: WAV, or Ogg Opus for *.opus
        QTest::newRow("ulaw") << "ulaw" << "20" << "20" << "out.wav";
        QTest::newRow("ulaw, --frame-ms 10 (G.711 stays 20)") << "ulaw" << "10" << "10" << "out.wav";
        QTest::newRow("alaw") << "alaw" << "20" << "20" << "out.wav";
        QTest::newRow("opus") << "opus" << "20" << "20" << "out.wav";
        QTest::newRow("opus 10 ms both ways") << "opus" << "10" << "10" << "out.wav";
        QTest::newRow("opus 10 ms to a 20 ms echo") << "opus" << "10" << "20" << "out.wav";
        QTest::newRow("ulaw, recorded to Ogg Opus") << "ulaw" << "20" << "20" << "out.opus";
    }
    void echoCallCarriesTheTones()
    {
        QFETCH(QString, codec);
        QFETCH(QString, callFrameMs);
        QFETCH(QString, echoFrameMs);
        QFETCH(QString, file);
        QTemporaryDir dir;
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--encryption", "required", "--codecs", codec, "--json", "--max-calls", "1", "--frame-ms", echoFrameMs });
        QVERIFY(listen.waitFor("listening"));
        const QString rec = dir.path() + "/" + file;
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--play", kTones, "--record", rec,
            "--encryption", "required", "--codecs", codec, "--json", "--frame-ms", callFrameMs });
        QCOMPARE(call.finish(), 0);
        QCOMPARE(listen.finish(), 0);
        bool encrypted = false;
        for (const auto& e : call.events())
            encrypted |= e.value("event") == "encryption" && e.value("state") == "encrypted";
        QVERIFY2(encrypted, call.m_out.constData());
        const QList<int> tones = tonesPerSecond(rec);
        QVERIFY2(tones.size() >= 3, qPrintable(QString("recording too short: %1 s").arg(tones.size())));
        QCOMPARE(tones.mid(0, 3), (QList<int> { 0, 1, 2 }));
        SF_INFO info {};
        SNDFILE* f = sf_open(rec.toLocal8Bit().constData(), SFM_READ, &info);
        QVERIFY(f);
        sf_close(f);
        QCOMPARE(info.format & SF_FORMAT_TYPEMASK, file.endsWith(".opus") ? SF_FORMAT_OGG : SF_FORMAT_WAV);
    }

    void ipv6Call()
    {
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("[::1]:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--json", "--max-calls", "1", "--encryption", "required" });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@[::1]:%1/600").arg(port), "--duration", "1", "--encryption", "required",
            "--json" });
        QCOMPARE(call.finish(), 0);
        QVERIFY(listen.finish() == 0);
        QVERIFY(listen.m_out.contains("[::1]"));
    }

    void rsaAuthentication()
    {
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--auth", "rsa",
            "--inkey", kKeys + "iaxA.pub", "--encryption", "required", "--json", "--max-calls", "1" });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--outkey", kKeys + "iaxA.key",
            "--encryption", "required", "--duration", "1", "--json" });
        QCOMPARE(call.finish(), 0);
        bool rsa = false;
        for (const auto& e : call.events())
            rsa |= e.value("event") == "encryption" && e.value("state") == "encrypted" && e.value("auth") == "rsa";
        QVERIFY2(rsa, call.m_out.constData());
    }

    void wrongSecretIsAClearError()
    {
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--json",
            "--encryption", "required" });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--encryption", "required", "--json" },
            "not-the-secret");
        QCOMPARE(call.finish(), 4);
        QVERIFY2(call.m_out.toLower().contains("authentication failed"), call.m_out.constData());
    }

    void secureDialSendsDigitsOnlyEncrypted()
    {
        const quint16 port = freePort();
        Proc gw({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "gateway",
            "--encryption", "required", "--json", "--max-calls", "1" });
        QVERIFY(gw.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/5551234").arg(port), "--secure-dial", "700",
            "--encryption", "required", "--json" });
        QCOMPARE(call.finish(), 0);
        QCOMPARE(gw.finish(), 0);
        QJsonObject digits;
        QString called;
        for (const auto& e : gw.events()) {
            if (e.value("event") == "digits")
                digits = e;
            if (e.value("event") == "incoming")
                called = e.value("called").toString();
        }
        QCOMPARE(called, QString("700")); // the NEW carried only the gateway's extension
        QCOMPARE(digits.value("digits").toString(), QString("5551234"));
        QCOMPARE(digits.value("encrypted").toBool(), true);
    }

    void secureDialRefusesAnUnencryptedGateway()
    {
        QTemporaryDir dir;
        const quint16 port = freePort();
        Capture cap(dir.path() + "/sd.pcap", port);
        Proc gw({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "gateway",
            "--encryption", "off", "--json", "--max-calls", "1" });
        QVERIFY(gw.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/5551234").arg(port), "--secure-dial", "700", "--json" });
        const int rc = call.finish();
        cap.stop();
        QCOMPARE(rc, 6);
        QVERIFY2(call.m_out.contains("no digit was sent"), call.m_out.constData());
        // The wire (all clear here, so tshark decodes every frame): no DTMF frame at all.
        QProcess ts;
        ts.start("tshark", { "-r", cap.file, "-T", "fields", "-e", "iax2.type" });
        QVERIFY(ts.waitForFinished(30000));
        const QList<QByteArray> types = ts.readAllStandardOutput().split('\n');
        QVERIFY2(types.size() > 5, "the capture holds the call");
        for (const QByteArray& t : types)
            QVERIFY2(t.trimmed() != "12" && t.trimmed() != "1", "a DTMF frame was on the wire");
    }

    void wireShowsNothingOfAnEncryptedCall()
    {
        QTemporaryDir dir;
        const quint16 port = freePort();
        Capture cap(dir.path() + "/enc.pcap", port);
        // Hop-by-hop AES-128 (what every Asterisk speaks): the secret decrypts the capture.
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--encryption", "required", "--codecs", "ulaw", "--json", "--max-calls", "1", "--e2e", "off" });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--play", kTones, "--dtmf", "4242",
            "--encryption", "required", "--codecs", "ulaw", "--json", "--e2e", "off" });
        QCOMPARE(call.finish(), 0);
        listen.finish();
        cap.stop();
        QFile f(cap.file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray wire = f.readAll();
        QVERIFY(wire.size() > 30000);
        // No 12-byte run of the µ-law audio appears anywhere on the wire.
        const QByteArray ulaw = ulawOfTestTones();
        std::set<QByteArray> windows;
        for (int i = 0; i + 12 <= ulaw.size(); i += 3)
            windows.insert(ulaw.mid(i, 12));
        int found = 0;
        for (int i = 0; i + 12 <= wire.size(); ++i)
            found += windows.count(wire.mid(i, 12)) ? 1 : 0;
        QCOMPARE(found, 0);
        QVERIFY(!wire.contains("4242")); // the digits sent never appear as such
        // Without the secret nothing after AUTHREQ is readable; with it everything is, DTMF included.
        for (const bool withSecret : { false, true }) {
            auto dgs = iax::core::readUdpCapture(cap.file.toStdString(), port);
            QVERIFY(dgs.ok());
            iax::core::CaptureDecoder dec(
                withSecret ? std::vector<std::string> { "e2e-secret" } : std::vector<std::string> {});
            bool afterAuthreq = false;
            int unreadable = 0, readable = 0;
            for (const auto& dg : *dgs) {
                const auto p = dec.feed(dg);
                if (p.full && p.full->isIax(iax::core::IaxCommand::AuthReq)) {
                    afterAuthreq = true;
                    continue;
                }
                if (!afterAuthreq)
                    continue;
                QVERIFY(p.encrypted);
                (p.decrypted ? readable : unreadable)++;
            }
            if (withSecret) {
                QCOMPARE(unreadable, 0);
                QVERIFY(readable > 200);
                QString digits;
                for (const auto& [src, list] : dec.summary().dtmf)
                    for (const auto& [what, d] : list)
                        if (what == "DTMF_END")
                            digits += QString::fromStdString(d);
                QCOMPARE(digits, QString("4242"));
            } else {
                QCOMPARE(readable, 0);
                QVERIFY(unreadable > 200);
                QVERIFY(dec.summary().dtmf.empty()); // no DTMF frame can be read off the wire
            }
        }
    }

    void endToEndCallSameSasAndSecretDoesNotDecrypt()
    {
        // Issue 20: two IAXPhones (the end-to-end mode is the default) show the same SAS words, and
        // the shared secret no longer reads the call off the wire: no DTMF digit decodes.
        QTemporaryDir dir;
        const quint16 port = freePort();
        Capture cap(dir.path() + "/e2e.pcap", port);
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--encryption", "required", "--codecs", "ulaw", "--json", "--max-calls", "1" });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--play", kTones, "--dtmf", "4242",
            "--encryption", "required", "--codecs", "ulaw", "--json" });
        QCOMPARE(call.finish(), 0);
        listen.finish();
        cap.stop();
        auto sasOf = [](const QList<QJsonObject>& events) {
            QString sas, mode;
            for (const auto& e : events)
                if (e.value("event") == "encryption" && e.value("state") == "encrypted") {
                    sas = e.value("sas").toString();
                    mode = e.value("mode").toString();
                }
            return mode + ":" + sas;
        };
        const QString a = sasOf(call.events()), b = sasOf(listen.events());
        QVERIFY2(a.startsWith("e2e:") && a.split(' ').size() == 4, qPrintable(a));
        QCOMPARE(a, b);
        QString digits;
        bool dtmfRx = false;
        for (const auto& e : listen.events())
            if (e.value("event") == "dtmf" && e.value("direction") == "rx") {
                dtmfRx = true;
                digits += e.value("digit").toString();
            }
        QVERIFY(dtmfRx);
        QCOMPARE(digits, QString("4242"));
        auto dgs = iax::core::readUdpCapture(cap.file.toStdString(), port);
        QVERIFY(dgs.ok() && dgs->size() > 200);
        iax::core::CaptureDecoder dec(std::vector<std::string> { "e2e-secret" });
        for (const auto& dg : *dgs)
            dec.feed(dg);
        QVERIFY(dec.summary().dtmf.empty());
    }

    void e2eRequireExitsSixWithoutTheMode_data()
    {
        QTest::addColumn<QString>("callerE2e");
        QTest::addColumn<QString>("calleeE2e");
        QTest::addColumn<int>("exitCode");
        // A callee with --e2e off answers like Asterisk: AES-128-CBC, no E2E_KEY in AUTHREQ.
        QTest::newRow("caller requires, hop-by-hop callee") << "require"
                                                            << "off" << 6;
        QTest::newRow("callee requires, caller without the mode") << "off"
                                                                  << "require" << 6;
        QTest::newRow("both require") << "require"
                                      << "require" << 0;
        QTest::newRow("caller requires, callee prefers") << "require"
                                                         << "prefer" << 0;
    }
    void e2eRequireExitsSixWithoutTheMode()
    {
        QFETCH(QString, callerE2e);
        QFETCH(QString, calleeE2e);
        QFETCH(int, exitCode);
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--json", "--max-calls", "1", "--e2e", calleeE2e });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--play", kTones, "--dtmf", "42",
            "--text", "hello", "--duration", "1", "--json", "--e2e", callerE2e });
        QCOMPARE(call.finish(), exitCode);
        listen.finish(exitCode ? 3000 : 60000);
        QString mode;
        bool answered = false;
        for (const auto& e : call.events()) {
            if (e.value("event") == "encryption" && e.value("state") == "encrypted")
                mode = e.value("mode").toString();
            answered |= e.value("event") == "state" && e.value("state") == "answered";
        }
        if (exitCode) {
            QVERIFY2(call.m_out.toLower().contains("end-to-end encryption required"), call.m_out.constData());
            QVERIFY(!answered);
            // Nothing of the call reached the callee: no DTMF, no text, no voice.
            for (const auto& e : listen.events())
                QVERIFY2(e.value("event") != "dtmf" && e.value("event") != "text", listen.m_out.constData());
        } else {
            QCOMPARE(mode, QString("e2e"));
        }
    }

    void registerToListenAsRegistrar()
    {
        // The registrar runs until this test ends (not for a fixed time a loaded machine may
        // outlast), and each register binds a free port of its own: register's default,
        // 0.0.0.0:4569, may be taken (a PBX or another phone on this host). The waits only
        // bound a process that never says it.
        const quint16 port = freePort();
        Proc registrar({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "bob", "--json" });
        QVERIFY2(registrar.waitFor("listening", 60000), registrar.m_out.constData());
        Proc reg({ "register", QString("iax2:bob@127.0.0.1:%1").arg(port), "--bind",
            QString("127.0.0.1:%1").arg(freePort()), "--duration", "2", "--json" });
        QCOMPARE(reg.finish(), 0);
        QStringList states;
        for (const auto& e : reg.events())
            if (e.value("event") == "registration")
                states << e.value("state").toString();
        QVERIFY2(states == (QStringList { "registered", "unregistered" }), reg.m_out.constData());
        QVERIFY2(registrar.waitFor("\"state\":\"unregistered\"", 60000), registrar.m_out.constData());
        // A wrong secret is refused with the auth-failed exit code.
        Proc bad({ "register", QString("iax2:bob@127.0.0.1:%1").arg(port), "--bind",
                     QString("127.0.0.1:%1").arg(freePort()), "--json" },
            "wrong");
        QCOMPARE(bad.finish(), 4);
        QVERIFY2(bad.m_out.contains("rejected"), bad.m_out.constData());
    }

    // The gateway reports the digits when '#' ends the input, at once: the caller here hangs up
    // 4 s after answer, before the 5 s silence rule could end it. A digit after '#' (sent 250 ms
    // later, during the confirmation tone) is shown as ignored.
    void gatewayReportsAtHashBeforeTheCallerHangsUp()
    {
        const quint16 port = freePort();
        Proc gw({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "gateway",
            "--encryption", "required", "--json", "--max-calls", "1" });
        QVERIFY(gw.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/700").arg(port), "--dtmf", "42#9", "--duration", "4",
            "--encryption", "required", "--json" });
        QCOMPARE(call.finish(), 0);
        QCOMPARE(gw.finish(), 0);
        QList<QJsonObject> digits;
        int digitsAt = -1, hungupAt = -1;
        QJsonObject late;
        const auto events = gw.events();
        for (int i = 0; i < events.size(); ++i) {
            if (events[i].value("event") == "digits") {
                digits << events[i];
                digitsAt = i;
            }
            if (events[i].value("event") == "dtmf" && events[i].value("digit") == "9")
                late = events[i];
            if (events[i].value("event") == "call" && events[i].value("state") == "hungup")
                hungupAt = i;
        }
        QVERIFY2(digits.size() == 1, gw.m_out.constData());
        QCOMPARE(digits[0].value("digits").toString(), QString("42"));
        QCOMPARE(digits[0].value("complete").toBool(false), true);
        QCOMPARE(digits[0].value("encrypted").toBool(), true);
        QVERIFY2(hungupAt > digitsAt, gw.m_out.constData());
        QVERIFY2(late.value("ignored").toBool(), gw.m_out.constData());
    }

    // A caller who hangs up within 5 s without '#': the digits collected are reported at the
    // hang-up, marked incomplete.
    void gatewayReportsDigitsAtHangupWithoutHash()
    {
        const quint16 port = freePort();
        Proc gw({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "gateway",
            "--encryption", "required", "--json", "--max-calls", "1" });
        QVERIFY(gw.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/700").arg(port), "--dtmf", "42", "--duration", "3",
            "--encryption", "required", "--json" });
        QCOMPARE(call.finish(), 0);
        QCOMPARE(gw.finish(), 0);
        QList<QJsonObject> digits;
        for (const auto& e : gw.events())
            if (e.value("event") == "digits")
                digits << e;
        QVERIFY2(digits.size() == 1, gw.m_out.constData());
        QCOMPARE(digits[0].value("digits").toString(), QString("42"));
        QCOMPARE(digits[0].value("complete").toBool(true), false);
    }

    // register's exit status: 0 only when the registration held for --duration; 4 when refused
    // (also with --duration); 3 when the registrar never answers (within --timeout, or --duration).
    void registerExitStatus()
    {
        const quint16 port = freePort();
        // register binds 0.0.0.0:4569 by default, taken whenever anything uses port 4569 here.
        const QStringList bind { "--bind", QString("127.0.0.1:%1").arg(freePort()) };
        Proc registrar(
            { "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "bob", "--json", "--duration", "30" });
        QVERIFY(registrar.waitFor("listening"));
        Proc good(
            QStringList { "register", QString("iax2:bob@127.0.0.1:%1").arg(port), "--duration", "2", "--json" } + bind);
        QCOMPARE(good.finish(), 0);
        QVERIFY2(good.m_out.contains("\"state\":\"registered\""), good.m_out.constData());

        Proc bad(
            QStringList { "register", QString("iax2:bob@127.0.0.1:%1").arg(port), "--duration", "5", "--json" } + bind,
            "wrong");
        QCOMPARE(bad.finish(), 4);
        QVERIFY2(bad.m_out.contains("\"state\":\"failed\""), bad.m_out.constData());
        QVERIFY2(!bad.m_out.contains("\"state\":\"registered\""), bad.m_out.constData());

        const quint16 deaf = freePort(); // nobody listens there
        for (const QStringList& limits :
            { QStringList { "--timeout", "1", "--duration", "5" }, QStringList { "--duration", "1" } }) {
            Proc lost(QStringList { "register", QString("iax2:bob@127.0.0.1:%1").arg(deaf), "--json" } + limits + bind);
            QCOMPARE(lost.finish(), 3);
            QJsonObject failed;
            for (const auto& e : lost.events())
                if (e.value("event") == "registration" && e.value("state") == "failed")
                    failed = e;
            QVERIFY2(failed.value("reason").toString().contains("never acknowledged"), lost.m_out.constData());
        }
    }

    void unansweredCallTimesOut()
    {
        const quint16 port = freePort(); // nobody listens there
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--timeout", "2", "--json" });
        QCOMPARE(call.finish(), 7);
        QVERIFY2(call.m_out.contains("timeout"), call.m_out.constData());
    }

    void badArgumentsExitTwo()
    {
        for (const QStringList& args : { QStringList { "call" }, QStringList { "call", "sip:x" },
                 QStringList { "call", "iax2:h", "--encryption", "maybe" },
                 QStringList { "listen", "--bind", "nonsense" }, QStringList { "call", "iax2:h", "--codecs", "g729" },
                 QStringList { "call", "iax2:h", "--dtmf", "12x" }, QStringList { "call", "iax2:h", "--e2e", "maybe" },
                 QStringList { "call", "iax2:h", "--e2e", "require", "--encryption", "off" } }) {
            Proc p(args);
            QCOMPARE(p.finish(), 2);
            QVERIFY(!p.m_err.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliE2e)
#include "tst_cli_e2e.moc"
