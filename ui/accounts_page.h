#pragma once
// Settings page "Accounts": the list of accounts and an AccountEditor for the selected one.
// GUI thread.
#include "ui/settings_page.h"

class QListWidget;

namespace iax::ui {

class AccountEditor;

class AccountsPage : public SettingsPage {
    Q_OBJECT
public:
    explicit AccountsPage(QWidget* parent = nullptr);
    QString title() const override;
    QIcon icon() const override;
    void load(const Settings& settings) override;
    void save(Settings& settings) override;

    /// Adds a new account with a fresh id and selects it; returns its row.
    int addAccount();
    /// Removes the selected account.
    void removeSelected();
    /// Selects account `row` (commits the edits of the previous one).
    void select(int row);
    /// The editor of the selected account (tests fill it).
    AccountEditor* editor() const { return m_editor; }
    /// Private key files generated while the dialog is open (AccountEditor::keyGenerated).
    const QStringList& generatedKeys() const { return m_generated; }
    /// Deletes the generated private key files that no account of `kept` uses (after OK: keys
    /// generated and replaced again; after Cancel: all of them, as their passphrases are not stored).
    void discardUnusedGeneratedKeys(const Settings& kept);

private:
    void commit();

    QListWidget* m_list;
    AccountEditor* m_editor;
    QList<AccountSettings> m_accounts;
    int m_current = -1;
    QStringList m_generated;
};

} // namespace iax::ui
