// PublicKeyStore under concurrent writers of one directory (the GUI's Trusted keys page, the engine
// thread's key lookup, `iaxphone-cli keys import` and `listen` in other processes): every change is
// one read-modify-write of pins.json under the store's lock file, so no pin is ever lost:
//  - two store objects pinning different names from two threads, many times;
//  - real `iaxphone-cli keys import` processes running while this process imports;
//  - a reader during a key replacement never sees a pin mismatch, a real one is still refused;
//  - a lock held too long gives the clear "the key store is busy" error, nothing changes;
//  - a lock left behind by a crashed writer (older than 30 s) is taken over.
#include "core/keys/public_key_store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace iax::core;

namespace {

const QString kCli = QStringLiteral(IAX_BINARY_DIR "/app/iaxphone-cli");

QByteArray rsaPublicPem()
{
    EVP_PKEY* rsa = EVP_RSA_gen(1024);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, rsa);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    const QByteArray pem(data, len);
    BIO_free(bio);
    EVP_PKEY_free(rsa);
    return pem;
}

/// The names pins.json holds, read straight from the file.
QStringList pinnedNames(const QString& dir)
{
    QFile f(dir + QStringLiteral("/pins.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("keys")).toObject().keys();
}

/// The names in `expected` that pins.json or the NAME.pub files lack.
QStringList missing(const QString& dir, const QStringList& expected)
{
    const QStringList pins = pinnedNames(dir);
    QStringList out;
    for (const QString& n : expected)
        if (!pins.contains(n) || !QFile::exists(dir + QLatin1Char('/') + n + QStringLiteral(".pub")))
            out << n;
    return out;
}

// "N of M pins lost: a, b, …" (the first ten).
QString lostMessage(const QStringList& lost, const QStringList& expected)
{
    return QStringLiteral("%1 of %2 pins lost: %3")
        .arg(lost.size())
        .arg(expected.size())
        .arg(lost.mid(0, 10).join(QStringLiteral(", ")));
}

} // namespace

class TstKeysConcurrency : public QObject {
    Q_OBJECT
    std::vector<QByteArray> m_pems;

private slots:
    void initTestCase()
    {
        for (int i = 0; i < 4; ++i)
            m_pems.push_back(rsaPublicPem());
        QVERIFY(!m_pems.back().isEmpty());
    }

    void twoThreadsTwoStoresLoseNoPin()
    {
        QTemporaryDir dir;
        const QString keys = dir.filePath(QStringLiteral("trusted"));
        constexpr int kPerThread = 150;
        std::atomic<int> ready { 0 };
        QStringList errors[2];
        const auto writer = [&](int t) {
            PublicKeyStore store(keys); // one store object per thread, as the GUI and the engine have
            ++ready;
            while (ready.load() < 2) { }
            for (int i = 0; i < kPerThread; ++i) {
                const QString name = QStringLiteral("t%1-%2").arg(t).arg(i);
                auto r = store.importPem(name, m_pems[size_t((i + t) % 4)], QStringLiteral("paste"));
                if (!r)
                    errors[t] << QString::fromStdString(r.error().reason);
                if (i % 10 == 9) { // a key-server re-fetch and a removal interleave too
                    if (auto st = store.markFetched(name); !st)
                        errors[t] << QString::fromStdString(st.error().reason);
                }
            }
        };
        std::thread a(writer, 0), b(writer, 1);
        a.join();
        b.join();
        QStringList expected;
        for (int t = 0; t < 2; ++t)
            for (int i = 0; i < kPerThread; ++i)
                expected << QStringLiteral("t%1-%2").arg(t).arg(i);
        const QStringList lost = missing(keys, expected);
        QVERIFY2(lost.isEmpty(), qPrintable(lostMessage(lost, expected)));
        QVERIFY2(errors[0].isEmpty(), qPrintable(errors[0].join(QLatin1Char('\n'))));
        QVERIFY2(errors[1].isEmpty(), qPrintable(errors[1].join(QLatin1Char('\n'))));
        const PublicKeyStore check(keys);
        QCOMPARE(check.list().size(), size_t(expected.size()));
        for (const auto& info : check.list())
            QVERIFY2(info.problem.isEmpty() && info.pin, qPrintable(info.name + QStringLiteral(": ") + info.problem));
        QVERIFY(check.pin(QStringLiteral("t1-9"))->lastFetched.isValid());
        QVERIFY(!QFile::exists(check.lockFilePath())); // released
    }

    void cliProcessesAndThisProcessLoseNoPin()
    {
        if (!QFile::exists(kCli))
            QSKIP("iaxphone-cli is not built");
        QTemporaryDir dir;
        const QString keys = dir.filePath(QStringLiteral("trusted"));
        QStringList files;
        for (size_t i = 0; i < m_pems.size(); ++i) {
            files << dir.filePath(QStringLiteral("k%1.pub").arg(i));
            QFile f(files.back());
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(m_pems[i]);
        }
        // This process imports without pause (as the GUI page or the engine's key lookup would)
        // while batches of CLI processes import other names into the same directory.
        std::atomic<bool> stop { false };
        std::atomic<int> imported { 0 };
        QStringList localErrors;
        std::thread local([&] {
            PublicKeyStore store(keys);
            for (int i = 0; !stop.load() || i < 20; ++i) {
                auto r
                    = store.importPem(QStringLiteral("gui-%1").arg(i), m_pems[size_t(i % 4)], QStringLiteral("paste"));
                if (!r)
                    localErrors << QString::fromStdString(r.error().reason);
                ++imported;
            }
        });
        constexpr int kBatches = 8, kParallel = 4;
        QStringList expected, cliErrors;
        for (int b = 0; b < kBatches; ++b) {
            std::vector<std::unique_ptr<QProcess>> procs;
            for (int p = 0; p < kParallel; ++p) {
                const QString name = QStringLiteral("cli-%1-%2").arg(b).arg(p);
                expected << name;
                auto proc = std::make_unique<QProcess>();
                proc->start(kCli,
                    { QStringLiteral("keys"), QStringLiteral("import"), files[(b + p) % files.size()],
                        QStringLiteral("--name"), name, QStringLiteral("--key-dir"), keys });
                procs.push_back(std::move(proc));
            }
            for (auto& proc : procs) {
                if (!proc->waitForFinished(60000) || proc->exitStatus() != QProcess::NormalExit
                    || proc->exitCode() != 0)
                    cliErrors << QString::fromLocal8Bit(proc->readAllStandardError());
            }
        }
        stop = true;
        local.join();
        QVERIFY2(cliErrors.isEmpty(), qPrintable(cliErrors.join(QLatin1Char('\n'))));
        QVERIFY2(localErrors.isEmpty(), qPrintable(localErrors.join(QLatin1Char('\n'))));
        for (int i = 0; i < imported.load(); ++i)
            expected << QStringLiteral("gui-%1").arg(i);
        const QStringList lost = missing(keys, expected);
        QVERIFY2(lost.isEmpty(), qPrintable(lostMessage(lost, expected)));
        qInfo("%d CLI imports and %d in-process imports, all pinned", kBatches * kParallel, imported.load());
    }

    void loadDuringAReplaceIsNeverAMismatch()
    {
        // A writer replacing a key writes NAME.pub, then its pin; a reader in between must not
        // report tampering (the engine would refuse a genuine caller).
        QTemporaryDir dir;
        PublicKeyStore writerStore(dir.path());
        QVERIFY(writerStore.importPem(QStringLiteral("dave"), m_pems[0], QStringLiteral("paste")).ok());
        std::atomic<bool> stop { false };
        QStringList writerErrors;
        std::thread writer([&] {
            for (int i = 1; i <= 200; ++i) {
                auto r = writerStore.importPem(QStringLiteral("dave"), m_pems[size_t(i % 2)], QStringLiteral("paste"),
                    PublicKeyStore::OnChange::Replace);
                if (!r)
                    writerErrors << QString::fromStdString(r.error().reason);
            }
            stop = true;
        });
        const PublicKeyStore reader(dir.path());
        int loads = 0;
        QStringList readerErrors;
        while (!stop.load()) {
            auto k = reader.load(QStringLiteral("dave"));
            if (!k)
                readerErrors << QString::fromStdString(k.error().reason);
            ++loads;
        }
        writer.join();
        QVERIFY2(writerErrors.isEmpty(), qPrintable(writerErrors.join(QLatin1Char('\n'))));
        QVERIFY2(readerErrors.isEmpty(),
            qPrintable(QStringLiteral("%1 of %2 loads failed, first: %3")
                           .arg(readerErrors.size())
                           .arg(loads)
                           .arg(readerErrors.value(0))));
        // A real mismatch (the file swapped behind the store's back) is still refused.
        QFile f(reader.pathFor(QStringLiteral("dave")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_pems[3]);
        f.close();
        QCOMPARE(
            QString::fromStdString(reader.load(QStringLiteral("dave")).error().code), QStringLiteral("pin-mismatch"));
    }

    void heldLockGivesBusyError()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path());
        QVERIFY(store.importPem(QStringLiteral("alice"), m_pems[0], QStringLiteral("paste")).ok());
        QLockFile other(store.lockFilePath()); // another writer in the middle of a change
        QVERIFY(other.tryLock(0));
        store.setLockTimeout(std::chrono::milliseconds(300));
        QElapsedTimer t;
        t.start();
        auto r = store.importPem(QStringLiteral("bob"), m_pems[1], QStringLiteral("paste"));
        QVERIFY(!r);
        QVERIFY(t.elapsed() >= 250);
        QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("busy"));
        const QString why = QString::fromStdString(r.error().reason);
        QVERIFY2(why.contains(QLatin1String("the key store is busy")), qPrintable(why));
        QVERIFY2(why.contains(dir.path()), qPrintable(why));
        QCOMPARE(QString::fromStdString(store.remove(QStringLiteral("alice")).error().code), QStringLiteral("busy"));
        QCOMPARE(
            QString::fromStdString(store.markFetched(QStringLiteral("alice")).error().code), QStringLiteral("busy"));
        // Nothing changed; readers are not blocked.
        QCOMPARE(pinnedNames(dir.path()), QStringList { QStringLiteral("alice") });
        QVERIFY(!QFile::exists(store.pathFor(QStringLiteral("bob"))));
        QVERIFY(store.load(QStringLiteral("alice")).ok());
        other.unlock();
        QVERIFY(store.importPem(QStringLiteral("bob"), m_pems[1], QStringLiteral("paste")).ok());
        QCOMPARE(pinnedNames(dir.path()), (QStringList { QStringLiteral("alice"), QStringLiteral("bob") }));
    }

    void staleLockOfACrashedWriterIsTakenOver()
    {
        QTemporaryDir dir;
        PublicKeyStore store(dir.path());
        store.setLockTimeout(std::chrono::milliseconds(2000));
        {
            QFile f(store.lockFilePath()); // what a writer killed inside its change leaves behind
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("2147483000\niaxphone-cli\nsomewhere-else\n");
            f.close();
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-120), QFileDevice::FileModificationTime));
        }
        auto r = store.importPem(QStringLiteral("carol"), m_pems[2], QStringLiteral("paste"));
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().reason.c_str());
        QCOMPARE(pinnedNames(dir.path()), QStringList { QStringLiteral("carol") });
        QVERIFY(!QFile::exists(store.lockFilePath()));
    }
};

QTEST_GUILESS_MAIN(TstKeysConcurrency)
#include "tst_keys_concurrency.moc"
