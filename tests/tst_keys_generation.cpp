// core/keys key generation into files (what `iaxphone-cli keygen` presents): NAME.key with mode
// 0600 that loads (with its passphrase only, when it has one) and NAME.pub of the same key, the
// directory created 0700, existing files and symlinks kept unless replacing, the passphrase wiped,
// and errors that name the path. No CLI involved.
#include "core/keys/key_generation.h"
#include "core/protocol/auth.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace iax;

namespace {

int modeOf(const QString& path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

QByteArray contentOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TstKeysGeneration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writesAMatchingPairIntoANewPrivateDirectory()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/new/keys";
        std::string pass;
        const auto files = core::generateKeyPairFiles(dir, QStringLiteral("alice"), core::kRsaDefaultBits, pass, false);
        QVERIFY2(files, files ? "" : files.error().reason.c_str());
        QCOMPARE(files->privateKeyPath, dir + "/alice.key");
        QCOMPARE(files->publicKeyPath, dir + "/alice.pub");
        QCOMPARE(files->bits, 1024);
        QCOMPARE(modeOf(files->privateKeyPath), 0600);
        QCOMPARE(modeOf(dir), 0700);
        QCOMPARE(modeOf(tmp.path() + "/new"), 0700);
        const auto priv = core::RsaKey::privateFromFile(files->privateKeyPath.toStdString());
        const auto pub = core::RsaKey::publicFromFile(files->publicKeyPath.toStdString());
        QVERIFY(priv && pub);
        QCOMPARE(pub->fingerprint(), files->fingerprint);
        QCOMPARE(priv->fingerprint(), files->fingerprint);
    }

    void aPassphraseEncryptsThePrivateKeyAndIsWiped()
    {
        QTemporaryDir tmp;
        std::string pass = "correct horse battery";
        const std::size_t length = pass.size();
        const auto files = core::generateKeyPairFiles(tmp.path(), QStringLiteral("bob"), 1024, pass, false);
        QVERIFY(files);
        QCOMPARE(pass.size(), length);
        QCOMPARE(pass, std::string(length, '\0')); // OPENSSL_cleanse zeroes
        QVERIFY(contentOf(files->privateKeyPath).contains("ENCRYPTED PRIVATE KEY"));
        QVERIFY(!core::RsaKey::privateFromFile(files->privateKeyPath.toStdString()));
        QVERIFY(!core::RsaKey::privateFromFile(files->privateKeyPath.toStdString(), "wrong"));
        const auto k = core::RsaKey::privateFromFile(files->privateKeyPath.toStdString(), "correct horse battery");
        QVERIFY(k);
        QCOMPARE(k->fingerprint(), files->fingerprint);
    }

    void existingFilesAreKeptUnlessReplacing()
    {
        QTemporaryDir tmp;
        std::string pass;
        const auto first = core::generateKeyPairFiles(tmp.path(), QStringLiteral("carol"), 1024, pass, false);
        QVERIFY(first);
        const QByteArray key = contentOf(first->privateKeyPath);
        const QByteArray pub = contentOf(first->publicKeyPath);

        const auto again = core::generateKeyPairFiles(tmp.path(), QStringLiteral("carol"), 1024, pass, false);
        QVERIFY(!again);
        QCOMPARE(again.error().code, std::string("exists"));
        QVERIFY2(
            QString::fromStdString(again.error().reason).contains(first->privateKeyPath), again.error().reason.c_str());
        QCOMPARE(contentOf(first->privateKeyPath), key);
        QCOMPARE(contentOf(first->publicKeyPath), pub);

        // Only the .pub there: still refused, and the .key is not created.
        QVERIFY(QFile::remove(first->privateKeyPath));
        const auto pubOnly = core::generateKeyPairFiles(tmp.path(), QStringLiteral("carol"), 1024, pass, false);
        QVERIFY(!pubOnly);
        QCOMPARE(pubOnly.error().code, std::string("exists"));
        QVERIFY(!QFileInfo::exists(first->privateKeyPath));

        const auto replaced = core::generateKeyPairFiles(tmp.path(), QStringLiteral("carol"), 1024, pass, true);
        QVERIFY(replaced);
        QVERIFY(replaced->fingerprint != first->fingerprint);
        QVERIFY(contentOf(replaced->publicKeyPath) != pub);
        QCOMPARE(modeOf(replaced->privateKeyPath), 0600);
    }

    void aSymlinkIsNeverFollowed()
    {
        QTemporaryDir tmp;
        const QString target = tmp.path() + "/elsewhere";
        QVERIFY(QFile::link(target, tmp.path() + "/dave.key")); // dangling
        std::string pass;
        const auto r = core::generateKeyPairFiles(tmp.path(), QStringLiteral("dave"), 1024, pass, false);
        QVERIFY(!r);
        QCOMPARE(r.error().code, std::string("exists"));
        QVERIFY(!QFileInfo::exists(target));
        QVERIFY(!QFileInfo::exists(tmp.path() + "/dave.pub"));
    }

    void failuresWriteNothing()
    {
        QTemporaryDir tmp;
        std::string pass = "secret";
        const auto bits = core::generateKeyPairFiles(tmp.path(), QStringLiteral("erin"), 2048, pass, false);
        QVERIFY(!bits);
        QCOMPARE(bits.error().code, std::string("bad-bits"));
        QCOMPARE(pass, std::string(6, '\0'));
        QVERIFY(QDir(tmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());

        QFile plain(tmp.path() + "/file");
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const auto dir
            = core::generateKeyPairFiles(tmp.path() + "/file/keys", QStringLiteral("erin"), 1024, pass, false);
        QVERIFY(!dir);
        QCOMPARE(dir.error().code, std::string("dir"));
        QVERIFY2(
            QString::fromStdString(dir.error().reason).contains(tmp.path() + "/file/keys"), dir.error().reason.c_str());
    }
};

QTEST_GUILESS_MAIN(TstKeysGeneration)
#include "tst_keys_generation.moc"
