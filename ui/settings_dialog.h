#pragma once
// The settings dialog: a list of pages (Accounts, Audio, General, Trusted keys) that edit a copy of the
// settings. OK validates the copy (SettingsValidator), stores the secrets in the SecretStore and
// the plain values in the SettingsStore, and only then closes; problems are listed in the dialog
// and it stays open. GUI thread.
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace iax::phone {
class SecretStore;
class SettingsStore;
} // namespace iax::phone

namespace iax::ui {

/// Where the dialog's key actions work ("" = the defaults the app uses).
struct KeyLocations {
    QString trustedKeys; ///< core::PublicKeyStore directory; "" = core::defaultKeyDirectory()
    QString privateKeys; ///< generated private keys; "" = AccountEditor::defaultPrivateKeyDirectory()
    /// The fingerprint of our end-to-end identity key (docs/E2E.md, "Identity"); "" = none. Shown
    /// under the pages (the private key stays in the keychain).
    QString identityFingerprint;
};

class AccountsPage;
class AudioDeviceProvider;
class AudioPage;
class GeneralPage;
class SettingsPage;
class TrustedKeysPage;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    /// Edits a copy of `current`. `devices` may be nullptr.
    SettingsDialog(const Settings& current, SettingsStore& store, SecretStore& secrets, AudioDeviceProvider* devices,
        const KeyLocations& keys = {}, QWidget* parent = nullptr);

    /// The settings as applied by OK (equal to `current` until then).
    const Settings& settings() const { return m_applied; }
    /// The validation/storage problems shown now (empty = none).
    QString errorText() const;
    AccountsPage* accountsPage() const { return m_accounts; }
    AudioPage* audioPage() const { return m_audio; }
    GeneralPage* generalPage() const { return m_general; }
    TrustedKeysPage* trustedKeysPage() const { return m_trustedKeys; }
    /// Shows page `index` (0 Accounts, 1 Audio, 2 General, 3 Trusted keys).
    void showPage(int index);

    /// OK: validate, store, close. Stays open with the reasons when something is wrong.
    void accept() override;
    /// Cancel: nothing is stored; private keys generated meanwhile are deleted.
    void reject() override;

private:
    void addPage(SettingsPage* page);

    Settings m_original;
    Settings m_applied;
    SettingsStore& m_store;
    SecretStore& m_secrets;
    QListWidget* m_pageList;
    QStackedWidget* m_stack;
    QLabel* m_errors;
    QList<SettingsPage*> m_pages;
    AccountsPage* m_accounts;
    TrustedKeysPage* m_trustedKeys;
    AudioPage* m_audio;
    GeneralPage* m_general;
};

} // namespace iax::ui
