#include "ui/account_editor.h"

#include "core/keys/key_files.h"
#include "core/keys/public_key_store.h"
#include "core/phone/engine_config_builder.h"
#include "core/protocol/auth.h"
#include "core/protocol/rsa_keygen.h"
#include "ui/account_calls_box.h"
#include "ui/elided_label.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QThreadPool>
#include <QVBoxLayout>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <mutex>

namespace iax::ui {

namespace {

template<typename T> T* named(T* w, const char* name)
{
    w->setObjectName(QLatin1String(name));
    return w;
}

/// 32 bytes from OpenSSL's CSPRNG as unpadded base64url (43 characters); "" if the CSPRNG fails.
QString randomPassphrase()
{
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return {};
    QByteArray bytes(reinterpret_cast<const char*>(raw), sizeof raw);
    OPENSSL_cleanse(raw, sizeof raw);
    const QString out
        = QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    return out;
}

} // namespace

/// One run of the key generation, shared by the editor (GUI thread) and the worker.
struct AccountEditor::KeyJob {
    std::mutex mutex;
    AccountEditor* receiver = nullptr; ///< guarded by mutex; nullptr once abandoned
    // Set before the worker starts, then read by the worker only:
    int bits = 0;
    AccountEditor::KeyGenerator generate;
    std::string workerPassphrase; ///< wiped by the worker after use
    // GUI thread only:
    QString passphrase;
    QString stem; ///< file name stem (the account's user name)
};

/// What the worker produced; the private key PEM is wiped however the result ends.
struct AccountEditor::GeneratedKey {
    core::Result<core::RsaKeyPairPem> pair = core::makeError("not-run", "the key generation did not run");
    ~GeneratedKey()
    {
        if (pair)
            OPENSSL_cleanse(pair->privatePem.data(), pair->privatePem.size());
    }
};

QString AccountEditor::defaultPrivateKeyDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/private-keys");
}

AccountEditor::AccountEditor(QWidget* parent)
    : QWidget(parent)
    , m_name(named(new QLineEdit, "name"))
    , m_host(named(new QLineEdit, "host"))
    , m_port(named(new QSpinBox, "port"))
    , m_username(named(new QLineEdit, "username"))
    , m_secret(named(new QLineEdit, "secret"))
    , m_auth(named(new QComboBox, "auth"))
    , m_privateKey(named(new QLineEdit, "privateKeyFile"))
    , m_privateKeyBrowse(new QPushButton(tr("Browse…")))
    , m_passphrase(named(new QLineEdit, "keyPassphrase"))
    , m_publicKeys(named(new QListWidget, "trustedPublicKeys"))
    , m_policy(named(new QComboBox, "encryptionPolicy"))
    , m_rotation(named(new QCheckBox(tr("Rotate keys")), "keyRotation"))
    , m_rotationInterval(named(new QSpinBox, "keyRotationInterval"))
    , m_codecs(named(new QListWidget, "codecs"))
    , m_secureDial(named(new QCheckBox(tr("Dial through the secure dial extension")), "secureDial"))
    , m_secureExt(named(new QLineEdit, "secureDialExtension"))
    , m_terminator(named(new QComboBox, "secureDialTerminator"))
    , m_pause(named(new QSpinBox, "secureDialPause"))
    , m_keyServer(named(new QLineEdit, "keyServerUrl"))
    , m_md5Fallback(named(new QCheckBox(tr("Allow MD5+AES when RSA is unavailable")), "allowMd5Fallback"))
    , m_generateKey(named(new QPushButton(tr("Generate 1024-bit key pair…")), "generateKey"))
    , m_exportKey(named(new QPushButton(tr("Export public key…")), "exportPublicKey"))
    , m_fingerprintLabel(named(new ElidedLabel, "keyFingerprint"))
    , m_keyStatus(named(new QLabel, "keyStatus"))
    , m_keyBusy(named(new QProgressBar, "keyGenerationBusy"))
    , m_keyDir(defaultPrivateKeyDirectory())
{
    m_keyBusy->setRange(0, 0); // busy: no known progress
    m_keyBusy->setTextVisible(false);
    m_keyBusy->setMaximumWidth(120);
    m_keyBusy->setToolTip(tr("Generating the key pair…"));
    m_keyBusy->setVisible(false);
    m_port->setRange(1, 65535);
    m_secret->setEchoMode(QLineEdit::Password);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_host->setPlaceholderText(tr("pbx.example.net"));
    m_auth->addItem(tr("MD5 challenge"), toString(AuthMethod::Md5));
    m_auth->addItem(tr("RSA signature"), toString(AuthMethod::Rsa));
    m_policy->addItem(tr("Off — never encrypt"), toString(EncryptionPolicy::Off));
    m_policy->addItem(tr("Opportunistic — encrypt when the peer agrees"), toString(EncryptionPolicy::Opportunistic));
    m_policy->addItem(tr("Required — refuse unencrypted calls"), toString(EncryptionPolicy::Required));
    m_rotationInterval->setRange(0, 86400);
    m_rotationInterval->setSuffix(tr(" s"));
    m_rotationInterval->setSpecialValueText(tr("Automatic (as Asterisk)"));
    m_terminator->addItem(QStringLiteral("#"), QStringLiteral("#"));
    m_terminator->addItem(QStringLiteral("*"), QStringLiteral("*"));
    m_terminator->addItem(tr("none"), QString());
    m_pause->setRange(50, 5000);
    m_pause->setSuffix(tr(" ms"));
    m_keyServer->setPlaceholderText(QStringLiteral("https://keys.example.net/{name}.pub"));
    // One size only: a larger key's signature does not fit one IAX2 IE (2048 bits: 344 characters),
    // and 1024 is what Asterisk's res_crypto uses.
    m_generateKey->setToolTip(tr("IAX2 carries an RSA signature in one 255-byte field: 1024 bits is the only "
                                 "size that works (and the one Asterisk uses)."));
    m_fingerprintLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // 64 hex digits cannot wrap: in a narrow dialog both ends show, the whole on hover.
    m_fingerprintLabel->setElideMode(Qt::ElideMiddle);
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setVisible(false);
    m_publicKeys->setMaximumHeight(70);
    m_codecs->setMaximumHeight(80);
    m_publicKeys->setAccessibleName(tr("Trusted public keys of the server"));
    m_codecs->setAccessibleName(tr("Codecs in order of preference"));

    m_keepalive = named(new QSpinBox, "keepalive");
    m_keepalive->setRange(0, 3600);
    m_keepalive->setSuffix(tr(" s"));
    m_keepalive->setSpecialValueText(tr("Off (refresh only)"));
    m_keepalive->setToolTip(tr("Re-register at least this often, so that a NAT router keeps the way in open "
                               "and a changed public address is noticed at once (25 s: below typical NAT timeouts)."));

    auto* server = new QGroupBox(tr("Server"));
    auto* f1 = new QFormLayout(server);
    f1->addRow(tr("Account name:"), m_name);
    auto* hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    hostRow->addWidget(m_port);
    f1->addRow(tr("Host and port:"), hostRow);
    f1->addRow(tr("User name:"), m_username);
    f1->addRow(tr("Secret:"), m_secret);
    f1->addRow(tr("Keepalive:"), m_keepalive);

    auto* security = new QGroupBox(tr("Security"));
    auto* f2 = new QFormLayout(security);
    f2->addRow(tr("Encryption:"), m_policy);
    f2->addRow(tr("Authentication:"), m_auth);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_privateKey, 1);
    keyRow->addWidget(m_privateKeyBrowse);
    f2->addRow(tr("Private key:"), keyRow);
    f2->addRow(tr("Key passphrase:"), m_passphrase);
    auto* genRow = new QHBoxLayout;
    genRow->addWidget(m_generateKey);
    genRow->addWidget(m_exportKey);
    genRow->addWidget(m_keyBusy);
    genRow->addStretch();
    f2->addRow(tr("Own key pair:"), genRow);
    f2->addRow(tr("Key fingerprint:"), m_fingerprintLabel);
    f2->addRow(QString(), m_keyStatus);
    auto* pubRow = new QHBoxLayout;
    pubRow->addWidget(m_publicKeys, 1);
    auto* pubButtons = new QVBoxLayout;
    auto* addPub = new QPushButton(tr("Add…"));
    auto* removePub = new QPushButton(tr("Remove"));
    pubButtons->addWidget(addPub);
    pubButtons->addWidget(removePub);
    pubButtons->addStretch();
    pubRow->addLayout(pubButtons);
    f2->addRow(tr("Trusted public keys:"), pubRow);
    auto* rotRow = new QHBoxLayout;
    rotRow->addWidget(m_rotation);
    rotRow->addWidget(m_rotationInterval, 1);
    f2->addRow(tr("Key rotation:"), rotRow);
    f2->addRow(tr("Key server URL:"), m_keyServer);
    f2->addRow(QString(), m_md5Fallback);

    auto* media = new QGroupBox(tr("Codecs and secure dial"));
    auto* f3 = new QFormLayout(media);
    auto* codecRow = new QHBoxLayout;
    codecRow->addWidget(m_codecs, 1);
    auto* codecButtons = new QVBoxLayout;
    auto* up = new QPushButton(tr("Up"));
    auto* down = new QPushButton(tr("Down"));
    codecButtons->addWidget(up);
    codecButtons->addWidget(down);
    codecButtons->addStretch();
    codecRow->addLayout(codecButtons);
    f3->addRow(tr("Codecs (preferred first):"), codecRow);
    f3->addRow(QString(), m_secureDial);
    f3->addRow(tr("Secure dial extension:"), m_secureExt);
    auto* sdRow = new QHBoxLayout;
    sdRow->addWidget(m_terminator);
    sdRow->addWidget(m_pause);
    sdRow->addStretch();
    f3->addRow(tr("Terminator, pause:"), sdRow);

    // A narrow dialog (an 800×600 screen) puts a wide field under its label instead of scrolling.
    for (QFormLayout* form : { f1, f2, f3 })
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(server);
    layout->addWidget(security);
    layout->addWidget(media);
    m_calls = new AccountCallsBox;
    layout->addWidget(m_calls);
    layout->addStretch();

    // Long choices ("Opportunistic — encrypt when the peer agrees") are shown whole: in a narrow
    // dialog their row puts the combo under its label (WrapLongRows) instead of cutting the text.
    for (auto* combo : findChildren<QComboBox*>())
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    connect(m_name, &QLineEdit::textEdited, this, &AccountEditor::nameEdited);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &AccountEditor::updateEnabled);
    connect(m_rotation, &QCheckBox::toggled, this, &AccountEditor::updateEnabled);
    connect(m_secureDial, &QCheckBox::toggled, this, &AccountEditor::updateEnabled);
    connect(m_policy, &QComboBox::currentIndexChanged, this, &AccountEditor::updateEnabled);
    connect(m_privateKeyBrowse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Private key"), QString(), tr("PEM keys (*.key *.pem);;All files (*)"));
        if (!f.isEmpty()) {
            m_privateKey->setText(f);
            updateKeyInfo();
        }
    });
    connect(m_privateKey, &QLineEdit::editingFinished, this, &AccountEditor::updateKeyInfo);
    connect(m_passphrase, &QLineEdit::editingFinished, this, &AccountEditor::updateKeyInfo);
    connect(m_generateKey, &QPushButton::clicked, this, [this] {
        if (!m_privateKey->text().trimmed().isEmpty()
            && QMessageBox::question(this, tr("Replace the key pair?"),
                   tr("This account already uses the private key %1. A new key pair replaces it for this account "
                      "(the old file stays on disk); peers and key servers then need the new public key.")
                       .arg(m_privateKey->text().trimmed()),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
                != QMessageBox::Yes)
            return;
        generateKeyPair(core::kRsaDefaultBits);
    });
    connect(m_exportKey, &QPushButton::clicked, this, [this] {
        const QString user = m_username->text().trimmed();
        const QString suggested = QDir::homePath() + QLatin1Char('/')
            + (core::PublicKeyStore::isValidName(user) ? user : QStringLiteral("iaxphone")) + QStringLiteral(".pub");
        const QString f = QFileDialog::getSaveFileName(
            this, tr("Export public key"), suggested, tr("Public keys (*.pub);;All files (*)"));
        if (!f.isEmpty())
            exportPublicKey(f);
    });
    connect(addPub, &QPushButton::clicked, this, [this] {
        for (const auto& f : QFileDialog::getOpenFileNames(
                 this, tr("Trusted public keys"), QString(), tr("Public keys (*.pub *.pem);;All files (*)")))
            m_publicKeys->addItem(f);
    });
    connect(removePub, &QPushButton::clicked, this, [this] { delete m_publicKeys->currentItem(); });
    connect(up, &QPushButton::clicked, this, [this] { moveCodec(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveCodec(1); });
}

AccountEditor::~AccountEditor()
{
    // Abandon a running generation without touching widgets or emitting: the worker finishes on
    // its own and its result (only in memory until the GUI thread writes it) is dropped.
    if (m_keyJob) {
        const std::lock_guard lock(m_keyJob->mutex);
        m_keyJob->receiver = nullptr;
    }
}

void AccountEditor::moveCodec(int delta)
{
    const int row = m_codecs->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_codecs->count())
        return;
    QListWidgetItem* item = m_codecs->takeItem(row);
    m_codecs->insertItem(to, item);
    m_codecs->setCurrentRow(to);
}

void AccountEditor::updateEnabled()
{
    const bool rsa = m_auth->currentData().toString() == toString(AuthMethod::Rsa);
    const bool idle = !m_keyJob; // a running generation will fill the key fields
    m_privateKey->setEnabled(rsa && idle);
    m_privateKeyBrowse->setEnabled(rsa && idle);
    m_passphrase->setEnabled(rsa && idle);
    m_md5Fallback->setEnabled(rsa);
    m_generateKey->setEnabled(rsa && idle);
    m_exportKey->setEnabled(rsa && idle && !m_fingerprint.isEmpty());
    const bool encrypt = m_policy->currentData().toString() != toString(EncryptionPolicy::Off);
    m_rotation->setEnabled(encrypt);
    m_rotationInterval->setEnabled(encrypt && m_rotation->isChecked());
    m_secureExt->setEnabled(m_secureDial->isChecked());
    m_terminator->setEnabled(m_secureDial->isChecked());
    m_pause->setEnabled(m_secureDial->isChecked());
}

void AccountEditor::showKeyStatus(const QString& text, bool error)
{
    m_keyStatus->setText(text);
    m_keyStatus->setStyleSheet(
        error ? QStringLiteral("QLabel { color: #9b2c2c; }") : QStringLiteral("QLabel { color: #2e6b3f; }"));
    m_keyStatus->setVisible(!text.isEmpty());
}

void AccountEditor::updateKeyInfo()
{
    m_fingerprint.clear();
    const QString path = m_privateKey->text().trimmed();
    if (path.isEmpty()) {
        m_fingerprintLabel->setText(tr("no private key"));
    } else {
        std::string pass = m_passphrase->text().toStdString();
        const auto k = loadSigningKey(path, pass);
        OPENSSL_cleanse(pass.data(), pass.size());
        if (!k && k.error().code == "rsa-key-too-large") {
            m_fingerprintLabel->setText(
                tr("this key cannot be used: %1").arg(QString::fromStdString(k.error().reason)));
        } else if (k) {
            m_fingerprint = QString::fromStdString(k.value()->fingerprint());
            m_fingerprintLabel->setText(tr("SHA-256 %1 (%2-bit RSA)").arg(m_fingerprint).arg(k.value()->bits()));
        } else {
            m_fingerprintLabel->setText(
                tr("the private key cannot be loaded: %1").arg(QString::fromStdString(k.error().reason)));
        }
    }
    updateEnabled();
}

bool AccountEditor::generateKeyPair(int bits, QString* error)
{
    const auto fail = [&](const QString& why) {
        showKeyStatus(why, true);
        if (error)
            *error = why;
        return false;
    };
    if (m_keyJob)
        return fail(tr("A key pair is already being generated; wait until it is done."));
    if (!core::isSupportedRsaKeyBits(bits)) {
        const core::Status fits = core::checkRsaSigningKeyBits(bits);
        return fail(fits ? tr("Only 1024-bit keys can be generated.")
                         : tr("Not generated: %1.").arg(QString::fromStdString(fits.error().reason)));
    }
    if (!core::makePrivateDirs(m_keyDir)) // 0700, and so are the parents it creates
        return fail(tr("The key directory \"%1\" cannot be created.").arg(m_keyDir));
    QFile::setPermissions(m_keyDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QString passphrase = randomPassphrase();
    if (passphrase.isEmpty())
        return fail(tr("The system's random number generator failed; no key was generated."));
    auto job = std::make_shared<KeyJob>();
    job->receiver = this;
    job->bits = bits;
    job->generate = m_keyGenerator;
    job->workerPassphrase = passphrase.toStdString();
    job->passphrase = passphrase;
    passphrase.fill(QLatin1Char('0'));
    const QString user = m_username->text().trimmed();
    job->stem = core::PublicKeyStore::isValidName(user) ? user : QStringLiteral("account");
    m_keyJob = job;
    m_keyBusy->show();
    showKeyStatus(tr("Generating a %1-bit RSA key pair…").arg(bits), false);
    updateEnabled();
    Q_EMIT keyGenerationRunning(true);
    // OpenSSL takes milliseconds to a second (1024 bits, a loaded machine): not on this thread.
    // The worker writes nothing; the GUI thread writes the file if the job is still wanted.
    QThreadPool::globalInstance()->start([job] {
        auto result = std::make_shared<GeneratedKey>();
        result->pair = job->generate(job->bits, job->workerPassphrase);
        OPENSSL_cleanse(job->workerPassphrase.data(), job->workerPassphrase.size());
        OPENSSL_thread_stop(); // the pool thread lives on: release OpenSSL's per-thread state now
        const std::lock_guard lock(job->mutex);
        if (AccountEditor* editor = job->receiver)
            QMetaObject::invokeMethod(
                editor, [editor, job, result] { editor->finishKeyGeneration(job, result); }, Qt::QueuedConnection);
    });
    return true;
}

void AccountEditor::cancelKeyGeneration()
{
    if (!m_keyJob)
        return;
    {
        const std::lock_guard lock(m_keyJob->mutex);
        m_keyJob->receiver = nullptr;
    }
    m_keyJob->passphrase.fill(QLatin1Char('0'));
    m_keyJob.reset();
    showKeyStatus(tr("Key generation cancelled; no key was saved."), false);
    endKeyGeneration();
}

void AccountEditor::endKeyGeneration()
{
    m_keyBusy->hide();
    updateEnabled();
    Q_EMIT keyGenerationRunning(false);
}

void AccountEditor::finishKeyGeneration(const std::shared_ptr<KeyJob>& job, const std::shared_ptr<GeneratedKey>& result)
{
    if (job != m_keyJob)
        return; // abandoned (another account shown, dialog cancelled): dropped, nothing written
    QString passphrase = job->passphrase;
    job->passphrase.fill(QLatin1Char('0'));
    m_keyJob.reset();
    endKeyGeneration();
    const auto fail = [&](const QString& why) {
        passphrase.fill(QLatin1Char('0'));
        showKeyStatus(why, true);
        Q_EMIT keyGenerationFailed(why);
    };
    const auto& pair = result->pair;
    if (!pair)
        return fail(tr("The key pair could not be generated: %1").arg(QString::fromStdString(pair.error().reason)));
    const QString path
        = QStringLiteral("%1/%2-%3-%4.key")
              .arg(m_keyDir, job->stem, QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss")),
                  randomPassphrase().left(6));
    if (!QDir().mkpath(m_keyDir))
        return fail(tr("The key directory \"%1\" cannot be created.").arg(m_keyDir));
    const core::Status wrote = core::writePrivateKeyFile(path, pair->privatePem);
    if (!wrote)
        return fail(tr("The private key could not be saved: %1").arg(QString::fromStdString(wrote.error().reason)));
    m_privateKey->setText(path);
    m_passphrase->setText(passphrase);
    passphrase.fill(QLatin1Char('0'));
    updateKeyInfo();
    showKeyStatus(tr("Generated a %1-bit RSA key pair. Its passphrase is kept in the system keychain when you press "
                     "OK. Export the public key and give it to your peers.")
                      .arg(pair->bits),
        false);
    Q_EMIT keyGenerated(path);
}

bool AccountEditor::exportPublicKey(const QString& target, QString* error)
{
    const auto fail = [&](const QString& why) {
        showKeyStatus(why, true);
        if (error)
            *error = why;
        return false;
    };
    const QString keyPath = m_privateKey->text().trimmed();
    if (keyPath.isEmpty())
        return fail(tr("There is no private key to export the public key of: generate one or choose a key file."));
    std::string pass = m_passphrase->text().toStdString();
    const auto k = core::RsaKey::privateFromFile(keyPath.toStdString(), pass);
    OPENSSL_cleanse(pass.data(), pass.size());
    if (!k)
        return fail(tr("The private key cannot be loaded: %1").arg(QString::fromStdString(k.error().reason)));
    QString path = target;
    if (!path.endsWith(QLatin1String(".pub")))
        path += QStringLiteral(".pub");
    if (const core::Status st = core::writePublicKeyFile(path, k->publicPem()); !st)
        return fail(tr("The public key could not be written: %1").arg(QString::fromStdString(st.error().reason)));
    showKeyStatus(
        tr("Public key written to %1 (SHA-256 %2).").arg(path, QString::fromStdString(k->fingerprint())), false);
    return true;
}

void AccountEditor::load(const AccountSettings& a)
{
    cancelKeyGeneration(); // its key was for the account shown before
    m_name->setText(a.name);
    m_host->setText(a.host);
    m_port->setValue(a.port);
    m_username->setText(a.username);
    m_secret->setText(a.secret);
    m_auth->setCurrentIndex(m_auth->findData(toString(a.auth)));
    m_privateKey->setText(a.privateKeyFile);
    m_passphrase->setText(a.keyPassphrase);
    m_publicKeys->clear();
    m_publicKeys->addItems(a.trustedPublicKeys);
    m_policy->setCurrentIndex(m_policy->findData(toString(a.encryption)));
    m_rotation->setChecked(a.keyRotation);
    m_rotationInterval->setValue(a.keyRotationIntervalSeconds);
    m_keepalive->setValue(a.keepaliveSeconds);
    m_codecs->clear();
    QStringList order = a.codecs;
    for (const auto& c : knownCodecs()) {
        if (!order.contains(c))
            order << c;
    }
    for (const auto& c : order) {
        auto* item = new QListWidgetItem(c, m_codecs);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(a.codecs.contains(c) ? Qt::Checked : Qt::Unchecked);
    }
    m_secureDial->setChecked(a.secureDialEnabled);
    m_secureExt->setText(a.secureDialExtension);
    m_terminator->setCurrentIndex(
        m_terminator->findData(a.secureDialTerminator.isNull() ? QString() : QString(a.secureDialTerminator)));
    m_pause->setValue(a.secureDialPauseMs);
    m_keyServer->setText(a.keyServerUrl);
    m_md5Fallback->setChecked(a.allowMd5Fallback);
    m_calls->load(a);
    showKeyStatus(QString(), false);
    updateKeyInfo();
}

void AccountEditor::save(AccountSettings& a) const
{
    a.name = m_name->text().trimmed();
    a.host = m_host->text().trimmed();
    a.port = m_port->value();
    a.username = m_username->text().trimmed();
    a.secret = m_secret->text();
    a.auth = authMethodFromString(m_auth->currentData().toString(), AuthMethod::Md5);
    a.privateKeyFile = m_privateKey->text().trimmed();
    a.keyPassphrase = m_passphrase->text();
    a.trustedPublicKeys.clear();
    for (int i = 0; i < m_publicKeys->count(); ++i)
        a.trustedPublicKeys << m_publicKeys->item(i)->text();
    a.encryption = encryptionPolicyFromString(m_policy->currentData().toString(), EncryptionPolicy::Opportunistic);
    a.keyRotation = m_rotation->isChecked();
    a.keyRotationIntervalSeconds = m_rotationInterval->value();
    a.keepaliveSeconds = m_keepalive->value();
    a.codecs.clear();
    for (int i = 0; i < m_codecs->count(); ++i) {
        if (m_codecs->item(i)->checkState() == Qt::Checked)
            a.codecs << m_codecs->item(i)->text();
    }
    a.secureDialEnabled = m_secureDial->isChecked();
    a.secureDialExtension = m_secureExt->text().trimmed();
    const QString term = m_terminator->currentData().toString();
    a.secureDialTerminator = term.isEmpty() ? QChar() : term.at(0);
    a.secureDialPauseMs = m_pause->value();
    a.keyServerUrl = m_keyServer->text().trimmed();
    a.allowMd5Fallback = m_md5Fallback->isChecked();
    m_calls->save(a);
}

} // namespace iax::ui
