// `iaxphone-cli load` against our own `listen --answer echo` over loopback: N concurrent
// encrypted calls come up, voice flows both ways at real time, and the summary reports the
// contract's numbers (calls up, frames/s, decrypt failures, lost, retransmits, CPU).
// Correctness only; the capacity measurement is a manual run (README / BENCHMARKS).
#include "support/cli_test_support.h"

#include <QtTest>

using namespace iax::test;

class TestCliLoad : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encryptedCallsComeUpAndStream()
    {
        const quint16 port = freePort();
        Proc listener({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--answer", "echo", "--json",
            "--encryption", "required" });
        QVERIFY(listener.waitFor("\"listening\""));
        Proc load({ "load", QString("iax2:127.0.0.1:%1/600").arg(port), "--calls", "20", "--duration", "3", "--rate",
            "20", "--encryption", "required", "--json" });
        QCOMPARE(load.finish(120000), 0);
        QJsonObject summary;
        int progress = 0;
        for (const auto& e : load.events()) {
            if (e["event"] == "load-summary")
                summary = e;
            if (e["event"] == "load")
                ++progress;
        }
        QVERIFY2(!summary.isEmpty(), load.m_out.constData());
        QVERIFY(progress >= 2);
        QCOMPARE(summary["dialed"].toInt(), 20);
        QCOMPARE(summary["answered"].toInt(), 20);
        QCOMPARE(summary["encrypted"].toInt(), 20);
        QCOMPARE(summary["failed"].toInt(), 0);
        QCOMPARE(summary["peak_calls_up"].toInt() > 1, true);
        QCOMPARE(summary["decrypt_failures"].toInt(), 0);
        // 20 calls x 3 s x 50 frames/s, each way; the echo returns (nearly) all of it.
        QVERIFY2(summary["voice_sent"].toInteger() >= 20 * 3 * 50 * 9 / 10, load.m_out.constData());
        QVERIFY2(summary["voice_received"].toInteger() >= 20 * 3 * 50 * 8 / 10, load.m_out.constData());
        for (const char* k : { "lost", "retransmits", "cpu_seconds", "peak_tx_fps", "peak_rx_fps", "peak_cpu_percent" })
            QVERIFY2(summary.contains(k), k);
    }

    void unreachablePeerIsReportedNotHung()
    {
        // No listener: every call fails (retransmissions give up) and load exits 1 with the cause.
        QUdpSocket silent;
        QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
        Proc load({ "load", QString("iax2:127.0.0.1:%1").arg(silent.localPort()), "--calls", "2", "--duration", "1",
            "--json" });
        QCOMPARE(load.finish(120000), 1);
        QVERIFY2(load.m_out.contains("\"load-summary\""), load.m_out.constData());
        QVERIFY2(load.m_out.contains("\"failed\":2"), load.m_out.constData());
    }

    void unansweredCallsTimeOut()
    {
        // A peer that acknowledges every full frame and does nothing else: the NEW is ACKed, so
        // the Engine waits (no retransmission gives up), and only load's --timeout ends the calls.
        QUdpSocket peer;
        QVERIFY(peer.bind(QHostAddress::LocalHost, 0));
        Proc load({ "load", QString("iax2:127.0.0.1:%1/600").arg(peer.localPort()), "--calls", "2", "--duration", "1",
            "--timeout", "2", "--json" });
        QElapsedTimer t;
        t.start();
        int acked = 0;
        while (!load.p.waitForFinished(20) && t.elapsed() < 60000) {
            while (peer.hasPendingDatagrams()) {
                QHostAddress from;
                quint16 port = 0;
                QByteArray d(int(peer.pendingDatagramSize()), 0);
                d.resize(int(peer.readDatagram(d.data(), d.size(), &from, &port)));
                if (d.size() < 12 || !(quint8(d[0]) & 0x80) || (quint8(d[10]) == 6 && quint8(d[11]) == 4))
                    continue; // mini frames and ACKs are not acknowledged
                QByteArray ack(12, 0);
                ack[0] = char(0x80);
                ack[1] = char(100);
                ack[2] = char(quint8(d[0]) & 0x7F); // dcall = the sender's source call number
                ack[3] = d[1];
                for (int i = 4; i < 8; ++i)
                    ack[i] = d[i]; // the acknowledged frame's timestamp
                ack[8] = 0;
                ack[9] = char(quint8(d[8]) + 1); // iseq: the next frame we expect
                ack[10] = 6; // IAX
                ack[11] = 4; // ACK
                peer.writeDatagram(ack, from, port);
                ++acked;
            }
        }
        QVERIFY2(t.elapsed() < 30000, "the timeout did not end the calls");
        QCOMPARE(load.finish(5000), 1);
        QVERIFY(acked >= 2);
        QJsonObject summary;
        for (const auto& e : load.events())
            if (e["event"] == "load-summary")
                summary = e;
        QVERIFY2(!summary.isEmpty(), load.m_out.constData());
        QCOMPARE(summary["dialed"].toInt(), 2);
        QCOMPARE(summary["answered"].toInt(), 0);
        QCOMPARE(summary["failed"].toInt(), 2);
        QVERIFY2(summary["failures"].toArray().first().toString().startsWith("not answered within 2 s"),
            load.m_out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliLoad)
#include "tst_cli_load.moc"
