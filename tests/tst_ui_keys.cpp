// The GUI's RSA key lifecycle (issue 8), offscreen with real widgets:
//  - the account editor generates a key pair in a worker thread (the dialog stays responsive, the
//    button is disabled and a busy indicator shows; cancelling or closing the dialog meanwhile
//    writes nothing): private key file mode 0600, its random passphrase
//    in the SecretStore after OK and never in the INI; the key loads with that passphrase and its
//    signature over a challenge verifies with the exported NAME.pub (plain OpenSSL); only 1024-bit
//    keys are generated (a larger key's signature does not fit one IAX2 IE) and a chosen key file
//    that is larger is refused in the form and by the settings validator; Cancel deletes it;
//  - the Trusted keys page imports pasted and file keys into core::PublicKeyStore with the
//    fingerprint OpenSSL computes (SHA-256 of i2d_PUBKEY); bad PEM, EC keys, private keys and bad
//    names are refused with a message and the list stays as it was; remove works;
//  - the call details show the engine's authDetails.
// The key server lookup of EnginePhoneController is tst_ui_key_server.cpp.
#include "core/keys/public_key_store.h"
#include "core/phone/call_tracker.h"
#include "core/phone/memory_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_validator.h"
#include "core/protocol/auth.h"
#include "support/https_key_server.h"
#include "support/rsa_test_keys.h"
#include "support/ui_test_support.h"
#include "ui/account_editor.h"
#include "ui/accounts_page.h"
#include "ui/encryption_details_dialog.h"
#include "ui/settings_dialog.h"
#include "ui/trusted_keys_page.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QTreeWidget>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <sys/stat.h>

#include <condition_variable>
#include <memory>
#include <mutex>

using namespace iax;

namespace {

// Holds a key generation in its worker until the test opens it (no timing: the busy state is seen
// for certain). The generator keeps the gate alive, so a worker outliving the test is safe.
struct Gate : std::enable_shared_from_this<Gate> {
    std::mutex mutex;
    std::condition_variable cv;
    bool opened = false;
    void open()
    {
        const std::lock_guard lock(mutex);
        opened = true;
        cv.notify_all();
    }
    ui::AccountEditor::KeyGenerator generator()
    {
        return [self = shared_from_this()](int bits, std::string_view passphrase) {
            std::unique_lock lock(self->mutex);
            self->cv.wait(lock, [&] { return self->opened; });
            lock.unlock();
            return core::generateRsaKeyPair(bits, passphrase);
        };
    }
};

} // namespace
using namespace iax::ui;

namespace {

using test::child;
using test::fileBytes;
using test::rsaAccount;

/// SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex, computed with OpenSSL alone.
QString opensslFingerprint(EVP_PKEY* key)
{
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    if (len <= 0)
        return {};
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, size_t(len), digest);
    OPENSSL_free(der);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), sizeof digest).toHex());
}

EVP_PKEY* readPublic(const QByteArray& pem)
{
    BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY* k = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return k;
}

EVP_PKEY* readPrivate(const QByteArray& pem, const QByteArray& passphrase)
{
    BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, const_cast<char*>(passphrase.constData()));
    BIO_free(bio);
    return k;
}

/// RSA_RESULT verification as Asterisk does it: SHA-1 PKCS#1 v1.5 over the challenge, base64.
bool opensslVerify(EVP_PKEY* pub, const QByteArray& challenge, const QByteArray& base64Signature)
{
    const QByteArray sig = QByteArray::fromBase64(base64Signature);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha1(), nullptr, pub) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.constData()), size_t(sig.size()),
               reinterpret_cast<const unsigned char*>(challenge.constData()), size_t(challenge.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

int fileMode(const QString& path)
{
    struct stat st { };
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

QStringList listedNames(QTreeWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        out << list->topLevelItem(i)->text(0);
    return out;
}

QString listedFingerprint(QTreeWidget* list, const QString& name)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(0) == name)
            return list->topLevelItem(i)->text(1);
    }
    return {};
}

/// A settings dialog with one RSA account, its INI, secrets and key directories in a temporary dir.
struct DialogFixture {
    QTemporaryDir dir;
    QSettingsStore store { dir.filePath(QStringLiteral("iaxphone.ini")) };
    MemorySecretStore secrets;
    KeyLocations keys { dir.filePath(QStringLiteral("trusted")), dir.filePath(QStringLiteral("private")) };
    SettingsDialog dialog { withAccount(), store, secrets, nullptr, keys };

    static Settings withAccount()
    {
        Settings s;
        s.accounts << rsaAccount(QStringLiteral("a1"), QStringLiteral("alice"));
        return s;
    }
};

} // namespace

class TstUiKeys : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void generatedKeyIsProtectedAndVerifies()
    {
        DialogFixture f;
        SettingsDialog& dialog = f.dialog;
        const QTemporaryDir& dir = f.dir;
        const KeyLocations& keys = f.keys;
        MemorySecretStore& secrets = f.secrets;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        AccountEditor* editor = dialog.accountsPage()->editor();

        // One size only, and no choice of a size that cannot work.
        QVERIFY(!editor->findChild<QComboBox*>(QStringLiteral("keyBits")));
        const QString accountShot = QStringLiteral(IAX_BINARY_DIR "/tests/ui-keys-account.png");
        QVERIFY(dialog.grab().save(accountShot)); // for a person to look at
        qInfo("screenshot: %s", qPrintable(accountShot));
        auto held = std::make_shared<Gate>(); // the generation waits until the busy state is seen
        editor->setKeyGenerator(held->generator());

        QSignalSpy generated(editor, &AccountEditor::keyGenerated);
        auto* generate = child<QPushButton>(editor, "generateKey");
        auto* busy = child<QProgressBar>(editor, "keyGenerationBusy");
        QVERIFY(!busy->isVisible());
        QTest::mouseClick(generate, Qt::LeftButton);
        // The click returns while OpenSSL works: the button is off and the busy indicator on.
        QVERIFY(editor->isGeneratingKey());
        QVERIFY(!generate->isEnabled());
        QVERIFY(busy->isVisible());
        QCOMPARE(generated.count(), 0);
        QString again;
        QVERIFY(!editor->generateKeyPair(1024, &again)); // one at a time
        QVERIFY2(again.contains(QLatin1String("already being generated")), qPrintable(again));
        held->open();
        QTRY_COMPARE_WITH_TIMEOUT(generated.count(), 1, 20000);
        QVERIFY(!editor->isGeneratingKey());
        QVERIFY(generate->isEnabled());
        QVERIFY(!busy->isVisible());
        const QString keyPath = child<QLineEdit>(editor, "privateKeyFile")->text();
        const QString passphrase = child<QLineEdit>(editor, "keyPassphrase")->text();
        QCOMPARE(generated.at(0).at(0).toString(), keyPath);
        QVERIFY2(keyPath.startsWith(keys.privateKeys + QLatin1Char('/')), qPrintable(keyPath));
        QCOMPARE(fileMode(keyPath), 0600);
        QVERIFY(passphrase.size() >= 32);
        const QByteArray keyPem = fileBytes(keyPath);
        QVERIFY(keyPem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QVERIFY(!editor->keyFingerprint().isEmpty());
        QVERIFY(child<QLabel>(editor, "keyFingerprint")->text().contains(editor->keyFingerprint()));

        // Generating again asks first; Cancel keeps the key.
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            asked = box && box->text().contains(keyPath);
            if (box)
                box->button(QMessageBox::Cancel)->click();
        });
        QTest::mouseClick(child<QPushButton>(editor, "generateKey"), Qt::LeftButton);
        QVERIFY(asked);
        QCOMPARE(generated.count(), 1);
        QCOMPARE(child<QLineEdit>(editor, "privateKeyFile")->text(), keyPath);
        QCOMPARE(QDir(keys.privateKeys).entryList(QDir::Files).size(), 1);

        // Export NAME.pub; plain OpenSSL agrees on the fingerprint and verifies a signature made
        // with the stored key and its passphrase.
        const QString pubPath = dir.filePath(QStringLiteral("alice.pub"));
        QString error;
        QVERIFY2(editor->exportPublicKey(dir.filePath(QStringLiteral("alice")), &error), qPrintable(error));
        const QByteArray pubPem = fileBytes(pubPath);
        QVERIFY(pubPem.startsWith("-----BEGIN PUBLIC KEY-----"));
        EVP_PKEY* pub = readPublic(pubPem);
        QVERIFY(pub);
        QCOMPARE(opensslFingerprint(pub), editor->keyFingerprint());
        QCOMPARE(EVP_PKEY_get_bits(pub), 1024);
        EVP_PKEY* priv = readPrivate(keyPem, passphrase.toUtf8());
        QVERIFY(priv);
        QCOMPARE(opensslFingerprint(priv), editor->keyFingerprint());
        EVP_PKEY_free(priv);
        QVERIFY(!readPrivate(keyPem, QByteArray("not-the-passphrase")));
        auto loaded = core::RsaKey::privateFromFile(keyPath.toStdString(), passphrase.toStdString());
        QVERIFY(loaded.ok());
        const QByteArray challenge("214729352");
        auto sig = core::rsaSignChallenge(*loaded, challenge.toStdString());
        QVERIFY(sig.ok());
        QVERIFY(opensslVerify(pub, challenge, QByteArray::fromStdString(*sig)));
        QVERIFY(!opensslVerify(pub, QByteArray("214729353"), QByteArray::fromStdString(*sig)));
        EVP_PKEY_free(pub);

        // A wrong passphrase: a clear error, nothing written.
        auto* passField = child<QLineEdit>(editor, "keyPassphrase");
        passField->setText(QStringLiteral("wrong"));
        const QString other = dir.filePath(QStringLiteral("other.pub"));
        QVERIFY(!editor->exportPublicKey(other, &error));
        QVERIFY2(error.contains(QLatin1String("cannot be loaded")), qPrintable(error));
        QVERIFY(child<QLabel>(editor, "keyStatus")->isVisible());
        QVERIFY(!QFile::exists(other));
        passField->setText(passphrase);

        // OK: the passphrase goes to the SecretStore, never into the INI file.
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(secrets.values().value(SecretStore::passphraseKey(QStringLiteral("a1"))), passphrase);
        const QByteArray ini = fileBytes(dir.filePath(QStringLiteral("iaxphone.ini")));
        QVERIFY(!ini.isEmpty());
        QVERIFY(!ini.contains(passphrase.toUtf8()));
        QVERIFY(ini.contains(QFile::encodeName(QFileInfo(keyPath).fileName())));
        QCOMPARE(dialog.settings().accounts.at(0).privateKeyFile, keyPath);
        QVERIFY(QFile::exists(keyPath)); // in use: kept
    }

    void cancelDeletesGeneratedKey()
    {
        DialogFixture f;
        SettingsDialog& dialog = f.dialog;
        const QTemporaryDir& dir = f.dir;
        MemorySecretStore& secrets = f.secrets;
        QString error;
        QVERIFY2(dialog.accountsPage()->editor()->generateKeyPair(1024, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.accountsPage()->editor()->isGeneratingKey(), 20000);
        const QString keyPath = dialog.accountsPage()->generatedKeys().value(0);
        QVERIFY(QFile::exists(keyPath));
        dialog.reject();
        QVERIFY(!QFile::exists(keyPath));
        QVERIFY(secrets.values().isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("iaxphone.ini"))));
    }

    void generationKeepsTheDialogResponsiveAndCancelWritesNothing()
    {
        DialogFixture f;
        f.dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.dialog));
        AccountEditor* editor = f.dialog.accountsPage()->editor();
        QSignalSpy generated(editor, &AccountEditor::keyGenerated);
        QSignalSpy failed(editor, &AccountEditor::keyGenerationFailed);
        auto* accountList = child<QListWidget>(f.dialog.accountsPage(), "accountList");
        QString error;
        auto held = std::make_shared<Gate>(); // OpenSSL "works" until the test has seen the form respond
        editor->setKeyGenerator(held->generator());
        QVERIFY2(editor->generateKeyPair(1024, &error), qPrintable(error));
        QVERIFY(editor->isGeneratingKey());
        QVERIFY(!accountList->isEnabled()); // the key is for the account shown
        // The event loop runs meanwhile: timers fire, the form takes input.
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(5);
        auto* host = child<QLineEdit>(editor, "host");
        host->clear();
        QTest::keyClicks(host, QStringLiteral("pbx.example.net"));
        QTRY_VERIFY(ticks >= 3);
        QVERIFY(editor->isGeneratingKey());
        QCOMPARE(host->text(), QStringLiteral("pbx.example.net"));
        // OK waits for the key; Cancel abandons it.
        f.dialog.accept();
        QVERIFY2(
            f.dialog.errorText().contains(QLatin1String("still being generated")), qPrintable(f.dialog.errorText()));
        QVERIFY(f.dialog.isVisible());
        f.dialog.reject();
        held->open();
        QVERIFY(!editor->isGeneratingKey());
        QVERIFY(accountList->isEnabled());
        QVERIFY(child<QPushButton>(editor, "generateKey")->isEnabled());
        QVERIFY(!child<QProgressBar>(editor, "keyGenerationBusy")->isVisible());
        QThreadPool::globalInstance()->waitForDone(); // the worker ends on its own
        QTest::qWait(50); // its (dropped) result is delivered
        QCOMPARE(generated.count(), 0);
        QCOMPARE(failed.count(), 0);
        QVERIFY(QDir(f.keys.privateKeys).entryList(QDir::Files).isEmpty());
        QVERIFY(child<QLineEdit>(editor, "privateKeyFile")->text().isEmpty());
        QVERIFY(f.secrets.values().isEmpty());
    }

    void closingTheDialogWhileGeneratingWritesNothing()
    {
        QTemporaryDir dir; // outlives the dialog
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        MemorySecretStore secrets;
        const KeyLocations keys { dir.filePath(QStringLiteral("trusted")), dir.filePath(QStringLiteral("private")) };
        auto held = std::make_shared<Gate>();
        {
            auto dialog = std::make_unique<SettingsDialog>(DialogFixture::withAccount(), store, secrets, nullptr, keys);
            dialog->show();
            QString error;
            dialog->accountsPage()->editor()->setKeyGenerator(held->generator());
            QVERIFY2(dialog->accountsPage()->editor()->generateKeyPair(1024, &error), qPrintable(error));
            QVERIFY(dialog->accountsPage()->editor()->isGeneratingKey());
            // Deleted while the worker runs (e.g. the application quits with the dialog open).
        }
        held->open();
        QThreadPool::globalInstance()->waitForDone();
        QTest::qWait(50);
        QVERIFY(QDir(keys.privateKeys).entryList(QDir::Files).isEmpty());
        QVERIFY(secrets.values().isEmpty());
    }

    void generateRefusesUnsupportedSize()
    {
        QTemporaryDir dir;
        AccountEditor editor;
        editor.setPrivateKeyDirectory(dir.filePath(QStringLiteral("private")));
        editor.load(rsaAccount(QStringLiteral("a1"), QStringLiteral("alice")));
        for (int bits : { 2048, 3072 }) {
            // A signature of 344 / 512 base64 characters cannot fit RSA_RESULT (one 255-byte IE).
            QString error;
            QVERIFY(!editor.generateKeyPair(bits, &error));
            QVERIFY2(error.contains(QStringLiteral("a %1-bit RSA key cannot be used for IAX2").arg(bits)),
                qPrintable(error));
            QVERIFY2(error.contains(QLatin1String("at most 255")), qPrintable(error));
            QCOMPARE(child<QLabel>(&editor, "keyStatus")->text(), error);
        }
        QString error;
        QVERIFY(!editor.generateKeyPair(1000, &error));
        QVERIFY2(error.contains(QLatin1String("Only 1024-bit")), qPrintable(error));
        QVERIFY(child<QLineEdit>(&editor, "privateKeyFile")->text().isEmpty());
        QVERIFY(QDir(dir.filePath(QStringLiteral("private"))).isEmpty());
    }

    void chosenKeyTooLargeIsRefused()
    {
        // A 2048-bit key file chosen by hand: the form says it cannot be used, and OK refuses it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.key"));
        QVERIFY(iax::test::writeRsaPrivateKey(path, 2048));
        AccountSettings a = rsaAccount(QStringLiteral("a1"), QStringLiteral("alice"));
        a.privateKeyFile = path;
        a.keyPassphrase.clear();
        AccountEditor editor;
        editor.load(a);
        const QString shown = child<QLabel>(&editor, "keyFingerprint")->text();
        QVERIFY2(
            shown.contains(QLatin1String("cannot be used")) && shown.contains(QLatin1String("344")), qPrintable(shown));
        QVERIFY(editor.keyFingerprint().isEmpty());
        QVERIFY(!child<QPushButton>(&editor, "exportPublicKey")->isEnabled());
        const QStringList problems = SettingsValidator::validateAccount(a);
        QVERIFY2(problems.join('\n').contains(QLatin1String("2048-bit RSA key cannot be used")),
            qPrintable(problems.join('\n')));
    }

    void trustedKeysImportListRemove()
    {
        QTemporaryDir dir;
        const QString storeDir = dir.filePath(QStringLiteral("trusted"));
        TrustedKeysPage page(storeDir);
        page.show();
        auto* list = child<QTreeWidget>(&page, "trustedKeyList");
        auto* name = child<QLineEdit>(&page, "pasteName");
        auto* paste = child<QPlainTextEdit>(&page, "pasteKey");
        auto* message = child<QLabel>(&page, "trustedKeyMessage");
        QCOMPARE(list->topLevelItemCount(), 0);

        EVP_PKEY* bob = EVP_RSA_gen(1024);
        const QByteArray bobPem = test::pemOfKey(bob, false);
        const QString bobFp = opensslFingerprint(bob);
        name->setText(QStringLiteral("bob"));
        paste->setPlainText(QString::fromLatin1(bobPem));
        QTest::mouseClick(child<QPushButton>(&page, "importPastedKey"), Qt::LeftButton);
        QCOMPARE(listedNames(list), QStringList { QStringLiteral("bob") });
        QCOMPARE(listedFingerprint(list, QStringLiteral("bob")), bobFp);
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("1024"));
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("pasted"));
        QVERIFY(!list->topLevelItem(0)->text(4).isEmpty()); // pinned date
        const QString pageShot = QStringLiteral(IAX_BINARY_DIR "/tests/ui-keys-trusted.png");
        QVERIFY(page.grab().save(pageShot));
        qInfo("screenshot: %s", qPrintable(pageShot));
        QVERIFY(paste->toPlainText().isEmpty());
        // The same store the incoming-call lookup reads.
        QVERIFY(core::PublicKeyStore(storeDir).load(QStringLiteral("bob")).ok());

        const auto refused = [&](const QString& keyName, const QByteArray& pem, const char* expected) {
            name->setText(keyName);
            paste->setPlainText(QString::fromLatin1(pem));
            QString error;
            const bool ok = page.importPasted(&error);
            if (ok || !error.contains(QLatin1String(expected)) || !message->isVisible() || message->text() != error) {
                qWarning("paste as %s: ok=%d error=%s", qPrintable(keyName), ok, qPrintable(error));
                return false;
            }
            // Nothing lost: the list, the store and the paste box are unchanged.
            return listedNames(list) == QStringList { QStringLiteral("bob") }
            && listedFingerprint(list, QStringLiteral("bob")) == bobFp
                && paste->toPlainText() == QString::fromLatin1(pem);
        };
        QVERIFY(refused(QStringLiteral("carol"), "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n",
            "could not be parsed"));
        QVERIFY(refused(QStringLiteral("carol"), test::ecPublicPem(), "not an RSA key"));
        QVERIFY(refused(QStringLiteral("carol"), test::pemOfKey(bob, true), "PRIVATE key"));
        QVERIFY(refused(QStringLiteral("../evil"), bobPem, "cannot name a key"));
        QVERIFY(refused(QString(), bobPem, "Give the pasted key a name"));
        EVP_PKEY* other = EVP_RSA_gen(1024);
        QVERIFY(refused(QStringLiteral("bob"), test::pemOfKey(other, false), "changed"));
        QCOMPARE(core::PublicKeyStore(storeDir).pin(QStringLiteral("bob"))->fingerprint, bobFp);

        // From a file (name = base name).
        const QString carolFile = dir.filePath(QStringLiteral("carol.pub"));
        {
            QFile f(carolFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(test::pemOfKey(other, false));
        }
        QString error;
        QVERIFY2(page.importFile(carolFile, QString(), &error), qPrintable(error));
        QCOMPARE(listedNames(list), (QStringList { QStringLiteral("bob"), QStringLiteral("carol") }));
        QCOMPARE(listedFingerprint(list, QStringLiteral("carol")), opensslFingerprint(other));
        QVERIFY(list->topLevelItem(1)->text(3).contains(carolFile));
        QVERIFY(!page.importFile(dir.filePath(QStringLiteral("missing.pub")), QString(), &error));
        QCOMPARE(list->topLevelItemCount(), 2);

        // Pinned by another writer of the store (the engine's key lookup, the CLI): shown when
        // the page is shown again.
        EVP_PKEY* erin = EVP_RSA_gen(1024);
        QVERIFY(core::PublicKeyStore(storeDir)
                    .importPem(QStringLiteral("erin"), test::pemOfKey(erin, false),
                        QStringLiteral("https://k.example/erin.pub"))
                    .ok());
        QCOMPARE(list->topLevelItemCount(), 2);
        page.hide();
        page.show();
        QCOMPARE(listedNames(list),
            (QStringList { QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("erin") }));
        QCOMPARE(listedFingerprint(list, QStringLiteral("erin")), opensslFingerprint(erin));
        list->setCurrentItem(list->topLevelItem(2));
        QVERIFY2(page.removeSelected(&error), qPrintable(error));
        QCOMPARE(list->topLevelItemCount(), 2);
        EVP_PKEY_free(erin);

        // Remove: nothing selected is an error; the selected key and its pin go.
        list->setCurrentItem(nullptr);
        QVERIFY(!page.removeSelected(&error));
        QVERIFY(error.contains(QLatin1String("Select")));
        list->setCurrentItem(list->topLevelItem(0));
        QTest::mouseClick(child<QPushButton>(&page, "removeKey"), Qt::LeftButton);
        QCOMPARE(listedNames(list), QStringList { QStringLiteral("carol") });
        QVERIFY(!core::PublicKeyStore(storeDir).pin(QStringLiteral("bob")));
        QVERIFY(!QFile::exists(storeDir + QStringLiteral("/bob.pub")));
        EVP_PKEY_free(other);
        EVP_PKEY_free(bob);
    }

    void detailsShowAuthDetails()
    {
        const QString text = QStringLiteral("authenticated by MD5 (RSA unavailable: the key server did not answer)");
        CallTracker tracker;
        QSignalSpy incoming(&tracker, &CallTracker::incomingCall);
        core::IncomingCall in {};
        in.call = 7;
        in.username = "alice";
        in.callingNumber = "100";
        in.format = core::Codec::Ulaw;
        in.authDetails = text.toStdString();
        tracker.apply(in);
        QCOMPARE(incoming.count(), 1);
        const auto snap = incoming.at(0).at(0).value<CallSnapshot>();
        QCOMPARE(snap.details.authDetails, text);

        core::EncryptionStateChanged enc {};
        enc.call = 7;
        enc.state = core::EncryptionState::Negotiating;
        enc.details.auth = "md5";
        enc.details.authDetails = text.toStdString();
        tracker.apply(enc);
        QCOMPARE(tracker.call(7)->details.authDetails, text);

        EncryptionDetailsDialog dlg(EncryptionState::Negotiating, tracker.call(7)->details, QStringLiteral("100"));
        QVERIFY2(dlg.plainText().contains(QStringLiteral("Peer authenticated: ") + text), qPrintable(dlg.plainText()));
    }
};

QTEST_MAIN(TstUiKeys)
#include "tst_ui_keys.moc"
