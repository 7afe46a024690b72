#pragma once
// The form for one account (part of the Accounts settings page), with the account's own RSA key:
// generate a key pair (private key file mode 0600 in the private-key directory, its random
// passphrase in the form and so, on OK, in the SecretStore), export the public key as NAME.pub,
// show its SHA-256 fingerprint. GUI thread; only the key generation itself runs in a worker.
#include "core/phone/settings.h"
#include "core/protocol/rsa_keygen.h"
#include "ui/phone_names.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <string_view>

class QCheckBox;
class QLabel;
class QComboBox;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace iax::ui {

class AccountCallsBox;
class ElidedLabel;

class AccountEditor : public QWidget {
    Q_OBJECT
public:
    explicit AccountEditor(QWidget* parent = nullptr);
    ~AccountEditor() override;
    /// Shows `account` (its secrets included: they are edited here, stored by the SecretStore).
    void load(const AccountSettings& account);
    /// Writes the form into `account` (keeps `account.id`).
    void save(AccountSettings& account) const;

    /// Where generated private keys are written (created on demand). Default: defaultPrivateKeyDirectory().
    void setPrivateKeyDirectory(const QString& directory) { m_keyDir = directory; }
    /// <app data dir>/private-keys (QStandardPaths::AppDataLocation).
    static QString defaultPrivateKeyDirectory();

    /// Starts generating an RSA key pair of `bits` (1024 only: a larger key's signature does not fit
    /// one IAX2 IE, and the refusal says so) with a random passphrase
    /// (CSPRNG) in a worker thread (QThreadPool::globalInstance()): the form stays responsive, the
    /// key controls are disabled and a busy indicator shows meanwhile. When it is done, on the GUI
    /// thread, the encrypted private key is written (mode 0600), its path and passphrase go into
    /// the form and keyGenerated() follows; or keyGenerationFailed() with the reason shown in the
    /// form. False at once with the reason shown (keyStatus label) and in *error when the size is
    /// unsupported, the key directory cannot be created, the CSPRNG fails or a generation already
    /// runs; the form is unchanged then.
    bool generateKeyPair(int bits, QString* error = nullptr);
    /// True from generateKeyPair() until its result is in the form (or it is abandoned).
    bool isGeneratingKey() const { return m_keyJob != nullptr; }
    /// Abandons a running generation: the worker's result is discarded, nothing is written.
    /// Also done by load() (another account is shown) and by the destructor.
    void cancelKeyGeneration();
    /// Writes the public key of the form's private key (with its passphrase) to `path` in the PEM
    /// form Asterisk's inkeys accept (".pub" is appended when missing). False with the reason shown
    /// and in *error (no key, wrong passphrase, not writable).
    bool exportPublicKey(const QString& path, QString* error = nullptr);
    /// What generates the key pair, in the worker thread (default core::generateRsaKeyPair; tests
    /// hold it to see the form while a generation runs). Set on the GUI thread before generating.
    using KeyGenerator = std::function<core::Result<core::RsaKeyPairPem>(int bits, std::string_view passphrase)>;
    void setKeyGenerator(KeyGenerator generator) { m_keyGenerator = std::move(generator); }
    /// The SHA-256 fingerprint of the form's private key ("" when it does not load or is too large to use).
    QString keyFingerprint() const { return m_fingerprint; }

Q_SIGNALS:
    /// The account name was edited (the page list follows).
    void nameEdited(const QString& name);
    /// generateKeyPair() wrote a new private key file (removed again if the dialog is cancelled).
    void keyGenerated(const QString& path);
    /// A generation started by generateKeyPair() failed (the reason is shown in the form too).
    void keyGenerationFailed(const QString& reason);
    /// A key generation started (true) or ended, failed or was abandoned (false).
    void keyGenerationRunning(bool running);

private:
    struct KeyJob;
    struct GeneratedKey;
    void finishKeyGeneration(const std::shared_ptr<KeyJob>& job, const std::shared_ptr<GeneratedKey>& result);
    void endKeyGeneration();
    void updateEnabled();
    void moveCodec(int delta);
    void updateKeyInfo();
    void showKeyStatus(const QString& text, bool error);

    QLineEdit* m_name;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_username;
    QLineEdit* m_secret;
    QComboBox* m_auth;
    QLineEdit* m_privateKey;
    QPushButton* m_privateKeyBrowse;
    QLineEdit* m_passphrase;
    QListWidget* m_publicKeys;
    QComboBox* m_policy;
    QCheckBox* m_rotation;
    QSpinBox* m_rotationInterval;
    QListWidget* m_codecs;
    QCheckBox* m_secureDial;
    QLineEdit* m_secureExt;
    QComboBox* m_terminator;
    QSpinBox* m_pause;
    QLineEdit* m_keyServer;
    QCheckBox* m_md5Fallback;
    AccountCallsBox* m_calls; ///< DND, auto-answer, voicemail extension
    QPushButton* m_generateKey;
    QPushButton* m_exportKey;
    ElidedLabel* m_fingerprintLabel;
    QLabel* m_keyStatus;
    QProgressBar* m_keyBusy;
    QString m_keyDir;
    std::shared_ptr<KeyJob> m_keyJob; ///< the running generation (nullptr = none)
    QString m_fingerprint;
    KeyGenerator m_keyGenerator
        = [](int bits, std::string_view passphrase) { return core::generateRsaKeyPair(bits, passphrase); };
    QSpinBox* m_keepalive = nullptr; ///< AccountSettings::keepaliveSeconds (issue 19)
};

} // namespace iax::ui
