// Issue 20, `--identity FILE` with real processes over loopback UDP: each iaxphone-cli generates its
// Ed25519 identity into its file (mode 0600) on first use, and each side's `encryption` event names
// the other's fingerprint as "peer_identity"; a side with `--identity off` signs nothing, and a
// file that is not an identity is a usage error (exit 2) naming the file.
#include "core/keys/identity_key.h"
#include "support/cli_test_support.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::test;

namespace {

// The peer_identity of the "encrypted" encryption event ("" when absent).
QString peerIdentity(const QList<QJsonObject>& events)
{
    QString id;
    for (const auto& e : events)
        if (e.value("event") == "encryption" && e.value("state") == "encrypted")
            id = e.value("peer_identity").toString();
    return id;
}

// The fingerprint of the identity stored in `path`, read with the library (not the CLI).
QString fingerprintOf(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto id = iax::core::identityFromText(QString::fromLatin1(f.readAll()));
    return id ? QString::fromStdString(iax::core::identityFingerprint(id->pub)) : QString();
}

} // namespace

class TestCliE2eIdentity : public QObject {
    Q_OBJECT
private slots:
    void eachSideReportsTheOthersIdentity_data()
    {
        QTest::addColumn<bool>("calleeHas");
        QTest::newRow("both") << true;
        QTest::newRow("callee --identity off") << false;
    }
    void eachSideReportsTheOthersIdentity()
    {
        QFETCH(bool, calleeHas);
        QTemporaryDir dir;
        const QString fa = dir.filePath("a.id"), fb = dir.filePath("b.id");
        const quint16 port = freePort();
        Proc listen({ "listen", "--bind", QString("127.0.0.1:%1").arg(port), "--user", "alice", "--answer", "echo",
            "--encryption", "required", "--codecs", "ulaw", "--json", "--max-calls", "1", "--identity",
            calleeHas ? fb : QString("off") });
        QVERIFY(listen.waitFor("listening"));
        Proc call({ "call", QString("iax2:alice@127.0.0.1:%1/600").arg(port), "--dtmf", "1", "--duration", "1",
            "--encryption", "required", "--codecs", "ulaw", "--json", "--identity", fa });
        QCOMPARE(call.finish(), 0);
        listen.finish();
        QVERIFY(QFile::exists(fa));
        QCOMPARE(QFile::exists(fb), calleeHas);
        QCOMPARE(QFile::permissions(fa) & 0x0077, QFileDevice::Permissions()); // no group/other bits
        const QString a = fingerprintOf(fa);
        QCOMPARE(a.split(' ').size(), 8);
        QCOMPARE(peerIdentity(listen.events()), a);
        QCOMPARE(peerIdentity(call.events()), calleeHas ? fingerprintOf(fb) : QString());
        // The private key never shows in the output.
        QFile f(fa);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray seed = f.readAll().trimmed();
        QVERIFY(!call.m_out.contains(seed) && !listen.m_out.contains(seed));
    }

    void aFileThatIsNotAnIdentityIsAUsageError()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.id");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a key\n");
        f.close();
        Proc call({ "call", "iax2:alice@127.0.0.1:1/600", "--identity", bad });
        QCOMPARE(call.finish(), 2);
        QVERIFY2(call.m_err.contains("bad.id") || call.m_out.contains("bad.id"), call.m_err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliE2eIdentity)
#include "tst_cli_e2e_identity.moc"
