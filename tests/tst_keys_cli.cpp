// `iaxphone-cli keygen` and `keys`: files, file mode 0600 (also under a permissive umask),
// the >1024-bit warning, refusing to overwrite, passphrase files, and the key directory commands.
#include "app/cli/cmd_keygen.h"
#include "app/cli/exit_codes.h"
#include "core/keys/public_key_store.h"
#include "core/protocol/auth.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace iax;

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

Run runCommand(
    int (*command)(const QStringList&, QTextStream&, QTextStream&), const char* name, const QStringList& args)
{
    Run r;
    QTextStream out(&r.out), err(&r.err);
    r.code = command(QStringList { "iaxphone-cli", name } + args, out, err);
    out.flush();
    err.flush();
    return r;
}

Run keygen(const QStringList& args)
{
    return runCommand(cli::runKeygen, "keygen", args);
}

Run keys(const QStringList& args)
{
    return runCommand(cli::runKeys, "keys", args);
}

int modeOf(const QString& path)
{
#ifdef Q_OS_UNIX
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
#else
    Q_UNUSED(path);
    return 0600;
#endif
}

} // namespace

class TstKeysCli : public QObject {
    Q_OBJECT
private slots:
    void keygenWritesPrivateKey0600AndPublicPem()
    {
        QTemporaryDir dir;
#ifdef Q_OS_UNIX
        const mode_t old = ::umask(0); // a permissive umask must not widen the private key's mode
#endif
        const Run r = keygen({ "alice", "--out", dir.path() });
#ifdef Q_OS_UNIX
        ::umask(old);
#endif
        QVERIFY2(r.code == cli::ExitOk, qPrintable(r.err));
        const QString key = dir.path() + "/alice.key", pub = dir.path() + "/alice.pub";
        QCOMPARE(modeOf(key), 0600);
        QVERIFY(QFile::exists(pub));
        auto priv = core::RsaKey::privateFromFile(key.toStdString());
        QVERIFY(priv.ok());
        QCOMPARE(priv->bits(), 1024);
        auto pubKey = core::RsaKey::publicFromFile(pub.toStdString());
        QVERIFY(pubKey.ok());
        QCOMPARE(pubKey->fingerprint(), priv->fingerprint());
        QVERIFY(r.out.contains(QString::fromStdString(priv->fingerprint())));
        QVERIFY(r.out.contains(QStringLiteral("NOT encrypted")));
        QVERIFY(!r.err.contains(QStringLiteral("WARNING")));
        auto sig = core::rsaSignChallenge(*priv, "171265672");
        QVERIFY(sig.ok());
        QVERIFY(core::rsaVerifyChallenge(*pubKey, "171265672", *sig));
    }

    void largerKeysRefused()
    {
        // A 2048-bit key's signature is 344 base64 characters: RSA_RESULT (one IE) cannot carry it.
        for (const char* bits : { "2048", "3072" }) {
            QTemporaryDir dir;
            const Run r = keygen({ "bob", "--bits", bits, "--out", dir.path() });
            QCOMPARE(r.code, int(cli::ExitBadArguments));
            QVERIFY2(r.err.contains(QStringLiteral("--bits %1: a %1-bit RSA key cannot be used for IAX2").arg(bits)),
                qPrintable(r.err));
            QVERIFY2(r.err.contains(QLatin1String("at most 255")), qPrintable(r.err));
            QVERIFY(!QFileInfo::exists(dir.path() + "/bob.key"));
            QVERIFY(!QFileInfo::exists(dir.path() + "/bob.pub"));
        }
        const Run odd = keygen({ "bob", "--bits", "1000" });
        QCOMPARE(odd.code, int(cli::ExitBadArguments));
        QVERIFY2(odd.err.contains(QLatin1String("--bits must be 1024")), qPrintable(odd.err));
    }

    void refusesOverwriteUnlessForced()
    {
        QTemporaryDir dir;
        QCOMPARE(keygen({ "carol", "--out", dir.path() }).code, int(cli::ExitOk));
        const auto fp1 = core::RsaKey::publicFromFile((dir.path() + "/carol.pub").toStdString())->fingerprint();
        const Run again = keygen({ "carol", "--out", dir.path() });
        QCOMPARE(again.code, int(cli::ExitFailure));
        QVERIFY(again.err.contains(QStringLiteral("--force")));
        QCOMPARE(core::RsaKey::publicFromFile((dir.path() + "/carol.pub").toStdString())->fingerprint(), fp1);
        QFile::setPermissions(dir.path() + "/carol.key", QFileDevice::Permissions(0x7777)); // widen, then force
        QCOMPARE(keygen({ "carol", "--out", dir.path(), "--force" }).code, int(cli::ExitOk));
        QCOMPARE(modeOf(dir.path() + "/carol.key"), 0600);
        QVERIFY(core::RsaKey::publicFromFile((dir.path() + "/carol.pub").toStdString())->fingerprint() != fp1);
    }

    void passphraseFileEncryptsKey()
    {
        QTemporaryDir dir;
        QFile pf(dir.path() + "/pass.txt");
        QVERIFY(pf.open(QIODevice::WriteOnly));
        pf.write("s3cret phrase\n");
        pf.close();
        const Run r = keygen({ "dave", "--out", dir.path(), "--passphrase-file", pf.fileName() });
        QVERIFY2(r.code == cli::ExitOk, qPrintable(r.err));
        const std::string key = (dir.path() + "/dave.key").toStdString();
        QCOMPARE(
            QString::fromStdString(core::RsaKey::privateFromFile(key).error().code), QStringLiteral("bad-passphrase"));
        QVERIFY(core::RsaKey::privateFromFile(key, "s3cret phrase").ok());

        QFile empty(dir.path() + "/empty.txt");
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        QCOMPARE(keygen({ "erin", "--out", dir.path(), "--passphrase-file", empty.fileName() }).code,
            int(cli::ExitBadArguments));
        QVERIFY(!QFile::exists(dir.path() + "/erin.key"));
    }

    void badArguments()
    {
        QTemporaryDir dir;
        QCOMPARE(keygen({ "../evil", "--out", dir.path() }).code, int(cli::ExitBadArguments));
        QCOMPARE(keygen({ "x", "--bits", "4096", "--out", dir.path() }).code, int(cli::ExitBadArguments));
        QCOMPARE(keygen({ "x", "--bits", "lots", "--out", dir.path() }).code, int(cli::ExitBadArguments));
        QCOMPARE(keygen({}).code, int(cli::ExitBadArguments));
        QCOMPARE(keys({ "frobnicate" }).code, int(cli::ExitBadArguments));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void keysImportListRemove()
    {
        QTemporaryDir dir;
        const QString kd = dir.path() + "/trusted";
        QCOMPARE(keygen({ "peer", "--out", dir.path() }).code, int(cli::ExitOk));
        Run r = keys({ "import", dir.path() + "/peer.pub", "--key-dir", kd });
        QVERIFY2(r.code == cli::ExitOk, qPrintable(r.err));
        const QString fp = QString::fromStdString(
            core::RsaKey::publicFromFile((dir.path() + "/peer.pub").toStdString())->fingerprint());
        QVERIFY(r.out.contains(fp));

        r = keys({ "import", QStringLiteral(IAX_TEST_DATA "/interop/rsa-aes128/keys/iaxA.pub"), "--name", "asterisk-a",
            "--key-dir", kd });
        QCOMPARE(r.code, int(cli::ExitOk));

        // A private key is never accepted as a trusted key.
        r = keys({ "import", dir.path() + "/peer.key", "--name", "oops", "--key-dir", kd });
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY(r.err.contains(QStringLiteral("PRIVATE")));

        r = keys({ "list", "--key-dir", kd });
        QCOMPARE(r.code, int(cli::ExitOk));
        QVERIFY(r.out.contains(QStringLiteral("asterisk-a")));
        QVERIFY(r.out.contains(fp));

        r = keys({ "list", "--json", "--key-dir", kd });
        const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(arr.size(), 2);
        QCOMPARE(arr[1].toObject().value("name").toString(), QStringLiteral("peer"));
        QCOMPARE(arr[1].toObject().value("fingerprint").toString(), fp);
        QVERIFY(arr[1].toObject().value("pinned").toBool());

        QCOMPARE(keys({ "remove", "peer", "--key-dir", kd }).code, int(cli::ExitOk));
        r = keys({ "remove", "peer", "--key-dir", kd });
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY(r.err.contains(QStringLiteral("no key named")));
        QCOMPARE(core::PublicKeyStore(kd).list().size(), size_t(1));
    }

    void keysFetchNeedsHttpsTemplate()
    {
        QTemporaryDir dir;
        Run r = keys({ "fetch", "alice", "--key-dir", dir.path() });
        QCOMPARE(r.code, int(cli::ExitBadArguments));
        r = keys({ "fetch", "alice", "--key-dir", dir.path(), "--key-server", "http://127.0.0.1:1/{name}.pub" });
        QCOMPARE(r.code, int(cli::ExitBadArguments));
        QVERIFY(r.err.contains(QStringLiteral("https")));
        r = keys({ "fetch", "alice", "--key-dir", dir.path(), "--key-server", "https://127.0.0.1:1/fixed.pub" });
        QCOMPARE(r.code, int(cli::ExitBadArguments));
        QVERIFY(r.err.contains(QStringLiteral("{name}")));
    }
};

QTEST_GUILESS_MAIN(TstKeysCli)
#include "tst_keys_cli.moc"
