// The exit status of `iaxphone-cli call` for a call that was answered and then ended, over
// loopback UDP against a peer in this process (the Engine on a QUdpSocket): the peer answers, the
// call gets encrypted, then the peer hangs up with a Q.850 cause. A cause of the normal class
// (16 normal clearing, 31 normal unspecified) exits 0; a failure cause (38 network out of order,
// 41 temporary failure) exits 1 and no longer 0 (README "Exit status").
#include "support/cli_test_support.h"
#include "support/udp_engine.h"

#include <QtTest>

using namespace iax;
using namespace iax::test;

class TestCliExitAfterAnswer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hangupCauseAfterTheAnswer_data()
    {
        QTest::addColumn<int>("cause");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("16 normal clearing") << 16 << QStringLiteral("Normal Clearing") << 0;
        QTest::newRow("31 normal, unspecified") << 31 << QStringLiteral("Normal, unspecified") << 0;
        QTest::newRow("38 network out of order") << 38 << QStringLiteral("Network out of order") << 1;
        QTest::newRow("41 temporary failure") << 41 << QStringLiteral("Temporary failure") << 1;
    }
    void hangupCauseAfterTheAnswer()
    {
        QFETCH(int, cause);
        QFETCH(QString, text);
        QFETCH(int, exitCode);
        UdpEngine peer(registrarOf("alice", "e2e-secret"));
        Proc call({ "call", QStringLiteral("iax2:alice@127.0.0.1:%1/600").arg(peer.port()), "--encryption", "required",
            "--duration", "60", "--json" });
        const auto incoming = [&]() -> core::CallId {
            for (const auto& ev : peer.events)
                if (const auto* in = std::get_if<core::IncomingCall>(&ev))
                    return in->call;
            return 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(incoming() != 0, 15000);
        const core::CallId id = incoming();
        QVERIFY(peer.engine().answer(id, peer.now()));
        peer.pump();
        // The CLI's call is answered and encrypted both ways: only then does it count as a success.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                call.m_out += call.p.readAllStandardOutput();
                return call.m_out.contains("\"state\":\"encrypted\"");
            }(),
            15000);
        QVERIFY(peer.engine().hangup(id, text.toStdString(), peer.now(), cause));
        peer.pump();
        QTRY_VERIFY_WITH_TIMEOUT(call.p.state() == QProcess::NotRunning, 15000);
        QCOMPARE(call.finish(), exitCode);
        QVERIFY2(call.m_out.contains(text.toUtf8()), call.m_out.constData()); // the peer's cause is said
    }
};

QTEST_GUILESS_MAIN(TestCliExitAfterAnswer)
#include "tst_cli_exit_after_answer.moc"
