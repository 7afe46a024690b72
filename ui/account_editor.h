#pragma once
// The form for one account (part of the Accounts settings page), with the account's own RSA key:
// generate a key pair (private key file mode 0600 in the private-key directory, its random
// passphrase in the form and so, on OK, in the SecretStore), export the public key as NAME.pub,
// show its SHA-256 fingerprint. GUI thread.
#include "ui/settings.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace iax::ui {

class AccountEditor : public QWidget {
    Q_OBJECT
public:
    explicit AccountEditor(QWidget* parent = nullptr);
    /// Shows `account` (its secrets included: they are edited here, stored by the SecretStore).
    void load(const AccountSettings& account);
    /// Writes the form into `account` (keeps `account.id`).
    void save(AccountSettings& account) const;

    /// Where generated private keys are written (created on demand). Default: defaultPrivateKeyDirectory().
    void setPrivateKeyDirectory(const QString& directory) { m_keyDir = directory; }
    /// <app data dir>/private-keys (QStandardPaths::AppDataLocation).
    static QString defaultPrivateKeyDirectory();

    /// Generates an RSA key pair of `bits` (1024, 2048, 3072) with a random passphrase (CSPRNG),
    /// writes the encrypted private key (mode 0600) and puts its path and passphrase into the form;
    /// keyGenerated() follows. Blocks while OpenSSL generates. False with the reason shown in the
    /// form (keyStatus label) and returned in *error; the form is unchanged then.
    bool generateKeyPair(int bits, QString* error = nullptr);
    /// Writes the public key of the form's private key (with its passphrase) to `path` in the PEM
    /// form Asterisk's inkeys accept (".pub" is appended when missing). False with the reason shown
    /// and in *error (no key, wrong passphrase, not writable).
    bool exportPublicKey(const QString& path, QString* error = nullptr);
    /// The SHA-256 fingerprint of the form's private key ("" when it does not load).
    QString keyFingerprint() const { return m_fingerprint; }

Q_SIGNALS:
    /// The account name was edited (the page list follows).
    void nameEdited(const QString& name);
    /// generateKeyPair() wrote a new private key file (removed again if the dialog is cancelled).
    void keyGenerated(const QString& path);

private:
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
    QComboBox* m_keyBits;
    QLabel* m_keySizeWarning;
    QPushButton* m_generateKey;
    QPushButton* m_exportKey;
    QLabel* m_fingerprintLabel;
    QLabel* m_keyStatus;
    QString m_keyDir;
    QString m_fingerprint;
};

} // namespace iax::ui
