#include "ui/contacts_dialog.h"

#include "ui/contact_editor.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

/// How many skipped cards/rows an import lists in the window (the rest are counted).
constexpr int kProblemsShown = 5;

QString numbersText(const phone::Contact& c)
{
    QStringList numbers;
    for (const phone::ContactNumber& n : c.numbers)
        numbers << (n.type.isEmpty() ? n.number : QStringLiteral("%1 (%2)").arg(n.number, n.type));
    return numbers.join(QStringLiteral(", "));
}

} // namespace

ContactsDialog::ContactsDialog(ContactBook* book, std::function<QList<AccountSettings>()> accounts, QWidget* parent)
    : QDialog(parent)
    , m_book(book)
    , m_accounts(std::move(accounts))
{
    setWindowTitle(tr("Contacts"));
    setObjectName(QStringLiteral("contactsDialog"));
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("contactsSearch"));
    m_search->setPlaceholderText(tr("Search name or number"));
    m_search->setAccessibleName(tr("Search contacts"));
    m_search->setClearButtonEnabled(true);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("contactsList"));
    m_list->setAccessibleName(tr("Contacts"));
    m_list->setAlternatingRowColors(true);
    auto* add = new QPushButton(tr("&Add…"));
    add->setObjectName(QStringLiteral("addContact"));
    m_edit = new QPushButton(tr("&Edit…"));
    m_edit->setObjectName(QStringLiteral("editContact"));
    m_delete = new QPushButton(tr("&Delete"));
    m_delete->setObjectName(QStringLiteral("deleteContact"));
    auto* importButton = new QPushButton(tr("&Import…"));
    importButton->setObjectName(QStringLiteral("importContacts"));
    importButton->setToolTip(tr("Adds the contacts of a vCard (3.0 or 4.0) or CSV file."));
    auto* exportButton = new QPushButton(tr("E&xport…"));
    exportButton->setObjectName(QStringLiteral("exportContacts"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("contactsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText); // names and file contents are never markup
    m_status->hide();

    auto* side = new QVBoxLayout;
    for (QPushButton* b : { add, m_edit, m_delete })
        side->addWidget(b);
    side->addSpacing(12);
    side->addWidget(importButton);
    side->addWidget(exportButton);
    side->addStretch(1);
    auto* middle = new QHBoxLayout;
    middle->addWidget(m_list, 1);
    middle->addLayout(side);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* root = new QVBoxLayout(this);
    root->addWidget(m_search);
    root->addLayout(middle, 1);
    root->addWidget(m_status);
    root->addWidget(close);
    resize(560, 440);

    connect(m_search, &QLineEdit::textChanged, this, &ContactsDialog::refresh);
    connect(add, &QPushButton::clicked, this, &ContactsDialog::addContact);
    connect(m_edit, &QPushButton::clicked, this, &ContactsDialog::editSelected);
    connect(m_delete, &QPushButton::clicked, this, &ContactsDialog::deleteSelected);
    connect(importButton, &QPushButton::clicked, this, &ContactsDialog::chooseImport);
    connect(exportButton, &QPushButton::clicked, this, &ContactsDialog::chooseExport);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_edit->setEnabled(row >= 0);
        m_delete->setEnabled(row >= 0);
    });
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem*) {
        const phone::Contact* c = m_book->contact(selectedId());
        if (c && !c->numbers.isEmpty())
            Q_EMIT callRequested(phone::contactDialText(c->name, c->numbers.first().number));
    });
    connect(m_book, &ContactBook::changed, this, &ContactsDialog::refresh);
    refresh();
    if (!m_book->loadError().isEmpty())
        say(m_book->loadError(), true);
}

void ContactsDialog::refresh()
{
    const QString keep = selectedId();
    const QString needle = m_search->text();
    m_list->clear();
    for (const phone::Contact& c : m_book->contacts()) {
        bool match = phone::searchMatches(c.name, needle);
        for (const phone::ContactNumber& n : c.numbers)
            match = match || phone::searchMatches(n.number, needle);
        if (!match)
            continue;
        QString text = c.name;
        if (!c.numbers.isEmpty())
            text += QStringLiteral(" \u2014 ") + numbersText(c);
        if (c.alwaysEncrypted)
            text += QStringLiteral("  ") + tr("[always encrypted]");
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, c.id);
        if (!c.note.isEmpty())
            item->setToolTip(c.note);
        if (c.id == keep)
            m_list->setCurrentItem(item);
    }
    m_edit->setEnabled(m_list->currentRow() >= 0);
    m_delete->setEnabled(m_list->currentRow() >= 0);
}

QString ContactsDialog::selectedId() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

QStringList ContactsDialog::listedIds() const
{
    QStringList ids;
    for (int row = 0; row < m_list->count(); ++row)
        ids << m_list->item(row)->data(Qt::UserRole).toString();
    return ids;
}

void ContactsDialog::setSearch(const QString& text)
{
    m_search->setText(text);
}

void ContactsDialog::addContact()
{
    edit(phone::Contact {});
}

void ContactsDialog::editSelected()
{
    if (const phone::Contact* c = m_book->contact(selectedId()))
        edit(*c);
}

void ContactsDialog::edit(const phone::Contact& contact)
{
    ContactEditor editor(contact, m_accounts(), this);
    if (editor.exec() != QDialog::Accepted)
        return;
    QString error;
    if (contact.id.isEmpty())
        m_book->add(editor.contact(), &error);
    else
        m_book->update(editor.contact(), &error);
    say(error, !error.isEmpty());
}

void ContactsDialog::deleteSelected()
{
    const phone::Contact* c = m_book->contact(selectedId());
    if (!c)
        return;
    if (QMessageBox::question(this, tr("Delete contact"), tr("Delete %1?").arg(c->name)) != QMessageBox::Yes)
        return;
    QString error;
    m_book->remove(c->id, &error);
    say(error, !error.isEmpty());
}

phone::ContactsImport ContactsDialog::importFrom(const QString& path)
{
    const phone::ContactsImport r = m_book->importFile(path);
    if (!r.error.isEmpty()) {
        say(r.error, true);
        return r;
    }
    QString text = tr("%n contact(s) added", nullptr, r.added);
    if (r.merged > 0)
        text += tr(", %n updated with new numbers", nullptr, r.merged);
    text += QLatin1Char('.');
    if (!r.problems.isEmpty()) {
        text += QLatin1Char(' ') + tr("%n skipped or ignored:", nullptr, int(r.problems.size()));
        for (qsizetype i = 0; i < std::min<qsizetype>(r.problems.size(), kProblemsShown); ++i)
            text += QStringLiteral("\n• ") + r.problems[i];
        if (r.problems.size() > kProblemsShown)
            text += QStringLiteral("\n• ") + tr("and %n more", nullptr, int(r.problems.size() - kProblemsShown));
    }
    say(text, !r.problems.isEmpty());
    return r;
}

bool ContactsDialog::exportTo(const QString& path, ContactsFormat format)
{
    QString error;
    const bool ok = m_book->exportFile(path, format, &error);
    say(ok ? tr("%n contact(s) exported to %1.", nullptr, int(m_book->contacts().size())).arg(path) : error, !ok);
    return ok;
}

void ContactsDialog::chooseImport()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import contacts"), QString(), tr("Contacts (*.vcf *.vcard *.csv);;All files (*)"));
    if (!path.isEmpty())
        importFrom(path);
}

void ContactsDialog::chooseExport()
{
    const QString vcard4 = tr("vCard 4.0 (*.vcf)");
    const QString vcard3 = tr("vCard 3.0 (*.vcf)");
    const QString csv = tr("CSV (*.csv)");
    QString filter = vcard4;
    QString path = QFileDialog::getSaveFileName(this, tr("Export contacts"), QStringLiteral("contacts.vcf"),
        QStringList { vcard4, vcard3, csv }.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    const ContactsFormat format = filter == csv ? ContactsFormat::Csv
        : filter == vcard3                      ? ContactsFormat::VCard3
                                                : ContactsFormat::VCard4;
    exportTo(path, format);
}

void ContactsDialog::say(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_status->setStyleSheet(problem ? QStringLiteral("QLabel { color: #8a1c1c; }") : QString());
}

QString ContactsDialog::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void addContactsAction(QMainWindow* window, std::function<void()> open)
{
    const QList<QAction*> menus = window->menuBar()->actions();
    QMenu* phoneMenu
        = menus.isEmpty() ? window->menuBar()->addMenu(ContactsDialog::tr("&Phone")) : menus.first()->menu();
    if (!phoneMenu)
        return;
    auto* action = new QAction(ContactsDialog::tr("&Contacts…"), phoneMenu);
    action->setObjectName(QStringLiteral("contactsAction"));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    QObject::connect(action, &QAction::triggered, window, std::move(open));
    QAction* before = nullptr;
    for (QAction* a : phoneMenu->actions()) {
        if (a->isSeparator()) {
            before = a;
            break;
        }
    }
    phoneMenu->insertAction(before, action);
}

} // namespace iax::ui
