// `--audio` with real sound devices (PortAudio → PulseAudio null sink, run under
// tests/scripts/with-pulse.sh): the callee plays testtones.wav; the caller plays what it receives
// on its speaker and its microphone (the sink's monitor) hears it and sends it back, encrypted;
// the callee's recording must carry the tones in order.
#include "support/cli_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace iax::test;

class TestCliAudio : public QObject {
    Q_OBJECT
private slots:
    void devicesAreListed()
    {
        Proc p({ "devices", "--json" });
        QCOMPARE(p.finish(), 0);
        QVERIFY2(p.m_out.contains(R"("default_output":true)"), p.m_out.constData());
    }

    void soundCardLoopCarriesTheTones()
    {
        QTemporaryDir dir;
        const quint16 port = freePort();
        const QString rec = dir.path() + "/loop.wav";
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "a", "--answer",
            "play:" + kTones, "--record", rec, "--max-calls", "1", "--json", "--encryption", "required" });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:a@127.0.0.1:%1/1").arg(port), "--audio", "--duration", "5", "--json",
            "--encryption", "required" });
        QCOMPARE(call.finish(), 0);
        QCOMPARE(listen.finish(), 0);
        // The loop adds latency: collapse 250 ms windows into runs; 440, 880, 1320 Hz must follow
        // each other in that order, each lasting at least half a second.
        QList<int> runs;
        int last = -2, length = 0;
        QStringList trace;
        for (int t : tonesPerWindow(rec, 250)) {
            trace << QString::number(t);
            length = t == last ? length + 1 : 1;
            last = t;
            if (length == 2 && t >= 0 && (runs.isEmpty() || runs.last() != t))
                runs << t;
        }
        QVERIFY2(runs.mid(0, 3) == (QList<int> { 0, 1, 2 }), qPrintable("windows: " + trace.join(',')));
    }

    void badDeviceIsAClearError()
    {
        Proc p({ "call", "iax2:a@127.0.0.1:9/1", "--audio", "--input-device", "no such device" });
        QCOMPARE(p.finish(), 1);
        QVERIFY(p.m_err.contains("no input device"));
    }
};

QTEST_GUILESS_MAIN(TestCliAudio)
#include "tst_cli_audio.moc"
