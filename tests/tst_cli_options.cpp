// iaxphone-cli's option validation, run as the real binary: every bad argument exits 2 with a
// sentence on stderr that names the problem, before anything touches the network; --help
// documents every option of the contract, the events and the exit codes.
#include "support/rsa_test_keys.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace {
const QString kCli = QStringLiteral(IAX_BINARY_DIR "/app/iaxphone-cli");

struct Run {
    int code = -1;
    QString out, err;
};

Run run(const QStringList& args, const QString& secretEnv = QStringLiteral("s3cret"))
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.remove("IAXPHONE_SECRET");
    if (!secretEnv.isEmpty())
        env.insert("IAXPHONE_SECRET", secretEnv);
    p.setProcessEnvironment(env);
    p.start(kCli, args);
    p.waitForFinished(30000);
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
// The "dumpable N" / "core-limit N" lines of `iaxphone-cli --hardening-status`.
QMap<QString, int> hardeningStatus(const QStringList& extraEnv = {})
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.remove("IAXPHONE_CORE_DUMPS");
    for (const QString& kv : extraEnv)
        env.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(env);
    p.start(kCli, { "--hardening-status" });
    p.waitForFinished(30000);
    QMap<QString, int> out;
    for (const QString& line : QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts))
        out.insert(line.section(' ', 0, 0), line.section(' ', 1).toInt());
    return out;
}
} // namespace

class TestCliOptions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QString u = QStringLiteral("iax2:alice@127.0.0.1:9/600");
        QTest::newRow("no command") << QStringList {} << "Usage";
        QTest::newRow("unknown command") << QStringList { "dial" } << "unknown command";
        QTest::newRow("call no uri") << QStringList { "call" } << "URI";
        QTest::newRow("call two uris") << QStringList { "call", u, u } << "URI";
        QTest::newRow("bad scheme") << QStringList { "call", "sip:alice@host" } << "iax2:";
        QTest::newRow("unknown option") << QStringList { "call", u, "--colour" } << "colour";
        QTest::newRow("encryption") << QStringList { "call", u, "--encryption", "maybe" } << "--encryption";
        QTest::newRow("auth") << QStringList { "call", u, "--auth", "sha1" } << "--auth";
        QTest::newRow("codec") << QStringList { "call", u, "--codecs", "g729" } << "g729";
        QTest::newRow("no codec") << QStringList { "call", u, "--codecs", "," } << "no codec";
        QTest::newRow("dtmf") << QStringList { "call", u, "--dtmf", "12x" } << "DTMF";
        QTest::newRow("terminator") << QStringList { "call", u, "--secure-dial", "700", "--secure-dial-terminator",
            "##" } << "terminator";
        QTest::newRow("timeout") << QStringList { "call", u, "--timeout", "0" } << "--timeout";
        QTest::newRow("duration") << QStringList { "call", u, "--duration", "-3" } << "--duration";
        QTest::newRow("rotate") << QStringList { "call", u, "--rotate-interval", "x" } << "--rotate-interval";
        QTest::newRow("play missing") << QStringList { "call", u, "--play", "/nonexistent.wav" } << "/nonexistent.wav";
        QTest::newRow("outkey missing") << QStringList { "call", u, "--outkey", "/nonexistent.key" } << "key file";
        QTest::newRow("secret file missing")
            << QStringList { "call", u, "--secret-file", "/nonexistent" } << "secret file";
        QTest::newRow("answer on call") << QStringList { "call", u, "--answer", "echo" } << "--answer";
        QTest::newRow("answer mode") << QStringList { "listen", "--answer", "sing" } << "--answer";
        QTest::newRow("answer play missing")
            << QStringList { "listen", "--answer", "play:/nonexistent.wav" } << "/nonexistent.wav";
        QTest::newRow("bind") << QStringList { "listen", "--bind", "nonsense" } << "--bind";
        QTest::newRow("bind port") << QStringList { "listen", "--bind", "127.0.0.1:99999" } << "port";
        QTest::newRow("listen positional") << QStringList { "listen", "extra" } << "positional";
        QTest::newRow("max-calls") << QStringList { "listen", "--max-calls", "0" } << "--max-calls";
        QTest::newRow("refresh") << QStringList { "register", "iax2:alice@127.0.0.1", "--refresh", "0" } << "--refresh";
        QTest::newRow("dtmf on listen") << QStringList { "listen", "--dtmf", "1" } << "--dtmf";
        QTest::newRow("register no user") << QStringList { "register", "iax2:127.0.0.1" } << "user";
        QTest::newRow("frame-ms 15") << QStringList { "call", u, "--frame-ms", "15" } << "--frame-ms";
        QTest::newRow("devices need audio") << QStringList { "call", u, "--input-device", "x" } << "--audio";
        QTest::newRow("load calls") << QStringList { "load", u, "--calls", "0" } << "--calls";
        QTest::newRow("load rate") << QStringList { "load", u, "--rate", "fast" } << "--rate";
        QTest::newRow("load host name") << QStringList { "load", "iax2:pbx.example.net" } << "IP address";
        QTest::newRow("decode no file") << QStringList { "decode" } << "capture";
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(mentions, Qt::CaseInsensitive), qPrintable(r.err));
    }

    void weakInkeyIsRefused()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("weak.pub"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(iax::test::rsaPublicKeyPem(512)));
        f.close();
        const Run r = run({ "listen", "--bind", "127.0.0.1:0", "--auth", "rsa", "--inkey", f.fileName() });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--inkey") && r.err.contains("512-bit RSA is too weak (minimum 1024 bits)"),
            qPrintable(r.err));
    }

    void coreDumpsAreDisabled()
    {
#ifdef Q_OS_LINUX
        // The binary's own view (prctl(PR_GET_DUMPABLE), getrlimit) through the hidden diagnostic;
        // IAXPHONE_CORE_DUMPS=1 (for debugging a crash) shows the check sees the real state.
        const auto on = hardeningStatus();
        QCOMPARE(on.value("dumpable", -1), 0);
        QCOMPARE(on.value("core-limit", -1), 0);
        QCOMPARE(hardeningStatus({ "IAXPHONE_CORE_DUMPS=1" }).value("dumpable", -1), 1);

        // A running `listen` (secrets in memory): its core size limit as the kernel reports it.
        QProcess listen;
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove("IAXPHONE_CORE_DUMPS");
        env.insert("IAXPHONE_SECRET", "s3cret");
        listen.setProcessEnvironment(env);
        listen.start(kCli, { "listen", "--bind", "127.0.0.1:0", "--json" });
        QVERIFY(listen.waitForStarted(10000));
        QByteArray out;
        QDeadlineTimer deadline(30000);
        while (!out.contains("\"listening\"") && !deadline.hasExpired() && listen.state() == QProcess::Running) {
            listen.waitForReadyRead(200);
            out += listen.readAllStandardOutput();
        }
        QVERIFY2(out.contains("\"listening\""), out.constData());
        QFile limits(QStringLiteral("/proc/%1/limits").arg(listen.processId()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(limits.readAll());
        listen.terminate();
        listen.waitForFinished(10000);
        const QString line = text.section("Max core file size", 1, 1).section('\n', 0, 0).simplified();
        QVERIFY2(line.startsWith("0 0 "), qPrintable(line)); // soft and hard limit 0
#else
        QSKIP("core dump settings are checked on Linux");
#endif
    }

    void outkeyTooLargeForIax()
    {
        // A 2048-bit key's signature (344 base64 characters) cannot fit RSA_RESULT: refused at once.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.key"));
        QVERIFY(iax::test::writeRsaPrivateKey(path, 2048));
        for (const char* cmd : { "call", "register" }) {
            const Run r = run({ cmd, "iax2:alice@127.0.0.1:9/600", "--outkey", path, "--auth", "rsa" });
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QLatin1String("--outkey: a 2048-bit RSA key cannot be used for IAX2")),
                qPrintable(r.err));
            QVERIFY2(r.err.contains(QLatin1String("344 characters")), qPrintable(r.err));
        }
    }

    void oversizeExtensionRefused()
    {
        // The URI check runs before anything is sent.
        const Run r = run({ "call", "iax2:127.0.0.1:9/" + QString(300, '5') });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("extension is 300 characters")), qPrintable(r.err));
    }

    void noSecretIsABadArgument()
    {
        const Run r = run({ "call", "iax2:127.0.0.1:9/1" }, QString());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("IAXPHONE_SECRET"), qPrintable(r.err));
    }

    void helpDocumentsTheContract()
    {
        const Run top = run({ "--help" });
        QCOMPARE(top.code, 0);
        for (const char* c : { "call", "register", "listen", "decode", "load", "Exit status" })
            QVERIFY2(top.out.contains(c), c);
        Run call = run({ "call", "--help" });
        QCOMPARE(call.code, 0);
        const QString exitTable = call.out.mid(call.out.indexOf("Exit status"));
        call.out = call.out.simplified(); // --help wraps long descriptions
        for (const char* o : { "--secret", "--secret-file", "--outkey", "--inkey", "--user", "--auth",
                 "--allow-plaintext", "--encryption", "--no-keyrotate", "--rotate-interval", "--codecs", "--bind",
                 "--play", "--record", "--audio", "--input-device", "--output-device", "--frame-ms", "--dtmf",
                 "--secure-dial", "--secure-dial-terminator", "--answer", "--duration", "--timeout", "--max-calls",
                 "--refresh", "--json", "default opportunistic", "default any", "\"event\":\"digits\"",
                 "\"event\":\"stats\"", "encryption required but refused" })
            QVERIFY2(call.out.contains(o), o);
        // Every exit code is listed with its meaning.
        for (int code = 0; code <= 8; ++code)
            QVERIFY2(exitTable.contains(QStringLiteral("\n  %1  ").arg(code)), qPrintable(QString::number(code)));
        const Run load = run({ "load", "--help" });
        for (const char* o : { "--calls", "--duration", "--rate", "--encryption" })
            QVERIFY2(load.out.contains(o), o);
    }
};

QTEST_GUILESS_MAIN(TestCliOptions)
#include "tst_cli_options.moc"
