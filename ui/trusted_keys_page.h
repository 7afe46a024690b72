#pragma once
// Settings page "Trusted keys": the public keys of peers accepted for incoming RSA calls, kept in
// core::PublicKeyStore — the same directory (NAME.pub + pins.json) the incoming-call key lookup
// reads and pins key-server fetches into. Import from a file or pasted PEM, list with SHA-256
// fingerprints and pins, remove. Unlike the other pages these actions apply at once (the store is
// a directory, not part of Settings); load()/save() touch no Settings field. GUI thread.
#include "core/keys/public_key_store.h"
#include "ui/settings_page.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTreeWidget;

namespace iax::ui {

class TrustedKeysPage : public SettingsPage {
    Q_OBJECT
public:
    /// Shows the store in `directory` (created on the first import).
    explicit TrustedKeysPage(const QString& directory, QWidget* parent = nullptr);
    QString title() const override;
    QIcon icon() const override;
    void load(const Settings& settings) override;
    void save(Settings& settings) override;

    /// Imports the PEM file `path` under `name` ("" = the file's base name). False with the reason
    /// shown on the page (and in *error); the store is unchanged then.
    bool importFile(const QString& path, const QString& name = {}, QString* error = nullptr);
    /// Imports the text of the paste box under the name of the name field (source "paste"). On
    /// success the box is cleared. False with the reason shown (and in *error); nothing changes.
    bool importPasted(QString* error = nullptr);
    /// Removes the selected key and its pin. False with the reason shown when nothing is selected
    /// or the file cannot be deleted.
    bool removeSelected(QString* error = nullptr);
    /// Re-reads the store into the list.
    void refresh();
    const core::PublicKeyStore& store() const { return m_store; }

protected:
    /// Re-reads the store: the engine's key lookup or `iaxphone-cli keys` may have changed it.
    void showEvent(QShowEvent* event) override;

private:
    bool report(const core::Result<core::PublicKeyInfo>& r, QString* error);
    void showMessage(const QString& text, bool error);

    core::PublicKeyStore m_store;
    QTreeWidget* m_list;
    QLineEdit* m_pasteName;
    QPlainTextEdit* m_paste;
    QCheckBox* m_replace;
    QLabel* m_message;
};

} // namespace iax::ui
