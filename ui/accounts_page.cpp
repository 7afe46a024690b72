#include "ui/accounts_page.h"

#include "ui/account_editor.h"
#include "ui/icons.h"

#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QUuid>
#include <QVBoxLayout>

#include <algorithm>

namespace iax::ui {

AccountsPage::AccountsPage(QWidget* parent)
    : SettingsPage(parent)
    , m_list(new QListWidget)
    , m_editor(new AccountEditor)
{
    m_list->setObjectName(QStringLiteral("accountList"));
    m_list->setAccessibleName(tr("Accounts"));
    m_list->setMaximumWidth(150);
    // A long account name elides (its whole name is in the editor) instead of scrolling.
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    auto* add = new QPushButton(tr("Add"));
    auto* remove = new QPushButton(tr("Remove"));
    add->setObjectName(QStringLiteral("addAccount"));
    remove->setObjectName(QStringLiteral("removeAccount"));
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    left->addLayout(buttons);
    auto* scroll = new QScrollArea;
    scroll->setAccessibleName(tr("Account settings"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the form wraps long rows instead
    scroll->setWidget(m_editor);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left);
    layout->addWidget(scroll, 1);

    connect(add, &QPushButton::clicked, this, &AccountsPage::addAccount);
    connect(remove, &QPushButton::clicked, this, &AccountsPage::removeSelected);
    connect(m_list, &QListWidget::currentRowChanged, this, &AccountsPage::select);
    connect(m_editor, &AccountEditor::keyGenerated, this, [this](const QString& path) { m_generated << path; });
    // The generated key goes into the form of the account shown: no switching meanwhile.
    connect(m_editor, &AccountEditor::keyGenerationRunning, this, [this, add, remove](bool running) {
        m_list->setEnabled(!running);
        add->setEnabled(!running);
        remove->setEnabled(!running);
    });
    connect(m_editor, &AccountEditor::nameEdited, this, [this](const QString& name) {
        if (auto* item = m_list->item(m_current))
            item->setText(name);
    });
}

QString AccountsPage::title() const
{
    return tr("Accounts");
}

QIcon AccountsPage::icon() const
{
    return Icons::icon(QStringLiteral("phone"));
}

void AccountsPage::load(const Settings& settings)
{
    m_accounts = settings.accounts;
    m_current = -1;
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const auto& a : m_accounts)
        m_list->addItem(a.name);
    m_editor->setEnabled(!m_accounts.isEmpty());
    if (!m_accounts.isEmpty()) {
        m_list->setCurrentRow(0);
        select(0);
    }
}

void AccountsPage::commit()
{
    if (m_current >= 0 && m_current < m_accounts.size())
        m_editor->save(m_accounts[m_current]);
}

void AccountsPage::select(int row)
{
    if (row == m_current)
        return;
    commit();
    m_current = row;
    if (row >= 0 && row < m_accounts.size()) {
        m_editor->load(m_accounts[row]);
        if (m_list->currentRow() != row) {
            const QSignalBlocker block(m_list);
            m_list->setCurrentRow(row);
        }
    }
    m_editor->setEnabled(row >= 0);
}

void AccountsPage::save(Settings& settings)
{
    commit();
    settings.accounts = m_accounts;
}

int AccountsPage::addAccount()
{
    commit();
    AccountSettings a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.name = tr("New account");
    m_accounts.append(a);
    m_list->addItem(a.name);
    const int row = int(m_accounts.size()) - 1;
    m_current = -1;
    select(row);
    return row;
}

void AccountsPage::discardUnusedGeneratedKeys(const Settings& kept)
{
    for (const QString& path : std::as_const(m_generated)) {
        const bool used = std::any_of(kept.accounts.begin(), kept.accounts.end(),
            [&](const AccountSettings& a) { return a.privateKeyFile == path; });
        if (!used)
            QFile::remove(path);
    }
    m_generated.clear();
}

void AccountsPage::removeSelected()
{
    const int row = m_current;
    if (row < 0 || row >= m_accounts.size())
        return;
    m_accounts.removeAt(row);
    m_current = -1;
    {
        const QSignalBlocker block(m_list);
        delete m_list->takeItem(row);
    }
    select(m_accounts.isEmpty() ? -1 : std::min(row, int(m_accounts.size()) - 1));
}

} // namespace iax::ui
