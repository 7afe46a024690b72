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

private:
    void commit();

    QListWidget* m_list;
    AccountEditor* m_editor;
    QList<AccountSettings> m_accounts;
    int m_current = -1;
};

} // namespace iax::ui
