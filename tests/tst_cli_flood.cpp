// Issue 16's "Done when", end to end over loopback UDP: `iaxphone-cli listen` takes 300 half-open
// calls plus a flood of tokened REGREQs for a real user from ONE address (tests/support/iax_flood),
// while a legitimate client (`iaxphone-cli register`, refresh 10 s so it re-registers during the
// flood) stays registered and legitimate callers (`iaxphone-cli call`) get through; the listener's
// peak resident memory (VmHWM) stays under 100 MB. Scale: IAX_FLOOD_REGREQ REGREQs (default
// 40,000, the number) over IAX_FLOOD_SECONDS (default 15).
// With the per-address limit on unauthenticated calls (issue 16 item 1) some of the 300 are
// refused at once; either way every NEW is answered and none may block the legitimate caller.
// That the half-open calls end by the authentication deadline is tst_cli_halfopen's part.
#include "support/cli_test_support.h"

#include <QtTest>

#include <unistd.h>

using namespace iax::test;

namespace {
const QString kFlood = QStringLiteral(IAX_BINARY_DIR "/tests/iax-flood");
// The attacker's one address: not the legitimate processes' 127.0.0.1 (limits are per address).
const QString kAttacker = QStringLiteral("127.0.0.3");

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

// A /proc/PID/status field in kB (VmRSS = now, VmHWM = the peak so far); -1 when unreadable.
qint64 procKb(qint64 pid, const QByteArray& field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// CPU seconds (user + system) a process has used so far; -1 when unreadable.
double procCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return fields.size() > 12 ? double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK))
                              : -1;
}

QJsonObject lastEvent(const Proc& p, const QString& name)
{
    QJsonObject out;
    for (const auto& e : p.events())
        if (e["event"].toString() == name)
            out = e;
    return out;
}

int countEvents(const Proc& p, const QString& name, const QString& state)
{
    int n = 0;
    for (const auto& e : p.events())
        n += e["event"].toString() == name && e["state"].toString() == state;
    return n;
}

// Reads what `procs` printed so far, for `ms`, sampling `pid`'s resident memory.
void pump(const QList<Proc*>& procs, int ms, qint64 pid, qint64* maxRssKb)
{
    QElapsedTimer t;
    t.start();
    do {
        for (Proc* p : procs) {
            p->p.waitForReadyRead(10);
            p->m_out += p->p.readAllStandardOutput();
            p->m_err += p->p.readAllStandardError();
        }
        *maxRssKb = std::max(*maxRssKb, procKb(pid, "VmRSS"));
    } while (t.elapsed() < ms);
}

QStringList listenArgs(quint16 port)
{
    return { "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo", "--json",
        "--encryption", "required" };
}

QStringList callArgs(quint16 port)
{
    return { "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--duration", "2", "--timeout", "15",
        "--encryption", "required", "--bind", "127.0.0.1:0", "--json" };
}
} // namespace

class TestCliFlood : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listenSurvivesFloodFromOneAddress()
    {
        const int regreqs = envInt("IAX_FLOOD_REGREQ", 40000);
        const int seconds = envInt("IAX_FLOOD_SECONDS", 15);
        const quint16 port = freePort();
        Proc listener(listenArgs(port));
        QVERIFY(listener.waitFor("\"listening\""));
        const qint64 pid = listener.p.processId();
        const double cpuBefore = procCpuSeconds(pid);
        Proc client({ "register", QString("iax2:alice@127.0.0.1:%1").arg(port), "--refresh", "10", "--bind",
            "127.0.0.1:0", "--answer", "echo", "--json" });
        QVERIFY2(client.waitFor("\"registered\""), client.m_out.constData());
        const int registeredBefore = countEvents(client, "registration", "registered");

        Proc flood(kFlood,
            { "--target", QString("127.0.0.1:%1").arg(port), "--bind", kAttacker, "--user", "alice", "--half-open",
                "300", "--regreq", QString::number(regreqs), "--over", QString::number(seconds), "--linger", "1" });
        QVERIFY2(flood.p.state() == QProcess::Running, qPrintable(flood.p.errorString()));
        qint64 maxRss = 0;
        QList<Proc*> all { &listener, &client, &flood };
        // Three legitimate calls: at a third, at two thirds and at the end of the flood (when, before
        // the fix, its transactions held every call number).
        std::vector<std::unique_ptr<Proc>> calls;
        for (int i = 0; i < 3; ++i) {
            pump(all, seconds * 1000 / 3, pid, &maxRss);
            calls.push_back(std::make_unique<Proc>(callArgs(port)));
            all << calls.back().get();
        }
        QElapsedTimer t;
        t.start();
        while (flood.p.state() != QProcess::NotRunning && t.elapsed() < 60000)
            pump(all, 200, pid, &maxRss);
        // Then the client's next round, after the flood (its transactions linger 10 s), and the calls' end.
        const int registeredDuring = countEvents(client, "registration", "registered");
        t.restart();
        while (t.elapsed() < 30000
            && (countEvents(client, "registration", "registered") == registeredDuring
                || std::any_of(
                    calls.begin(), calls.end(), [](auto& c) { return c->p.state() != QProcess::NotRunning; })))
            pump(all, 200, pid, &maxRss);
        const qint64 peak = procKb(pid, "VmHWM");
        QCOMPARE(flood.finish(1000), 0);
        const QJsonObject summary = lastEvent(flood, "flood-summary");
        QVERIFY2(!summary.isEmpty(), flood.m_out.constData());
        qInfo("flood: %s", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());
        qInfo("listener resident memory: peak %lld kB (VmHWM), highest sample %lld kB; CPU %.1f s", peak, maxRss,
            procCpuSeconds(pid) - cpuBefore);

        // The listener lived through it, under 100 MB resident at its peak.
        QCOMPARE(listener.p.state(), QProcess::Running);
        QVERIFY(peak > 0);
#if !defined(__SANITIZE_ADDRESS__)
        QVERIFY2(peak < 100 * 1024, QByteArray::number(peak).constData());
#endif // (ASan's shadow memory and quarantine are not the listener's)
       // Legitimate callers got through, encrypted, during the flood and at its end.
        for (auto& c : calls) {
            QCOMPARE(c->finish(1000), 0);
            QVERIFY2(countEvents(*c, "call", "answered") == 1, c->m_out.constData());
        }
        // The legitimate client re-registered every 7.5 s throughout and after, and never failed.
        QVERIFY2(registeredDuring - registeredBefore >= seconds * 1000 / 7500, client.m_out.constData());
        QVERIFY2(countEvents(client, "registration", "registered") > registeredDuring, client.m_out.constData());
        QCOMPARE(countEvents(client, "registration", "failed"), 0);
        // And the flood did reach the listener's engine (not a vacuous pass): every REGREQ sent and at
        // least half answered (REGAUTH or REGREJ; a loaded machine may drop some in the socket
        // buffer), every half-open NEW answered with AUTHREQ (then left half-open) or refused.
        QCOMPARE(summary["regreq_sent"].toInt(), regreqs);
        QVERIFY2(
            summary["regauth"].toInteger() + summary["regrej"].toInteger() >= regreqs / 2, flood.m_out.constData());
        QCOMPARE(summary["half_open_sent"].toInt(), 300);
        QCOMPARE(summary["half_open_opened"].toInt() + summary["half_open_rejected"].toInt(), 300);
    }
};

QTEST_GUILESS_MAIN(TestCliFlood)
#include "tst_cli_flood.moc"
